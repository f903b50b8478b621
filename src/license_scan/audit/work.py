"""The per-repo work of an audit, as pure functions of their inputs that pickle.

They run wherever the executor puts them (this process, local worker processes, a Dask worker on another
machine), so they take plain data and a rule set digest, never a client or an open file: a worker loads
the rule set it has installed once and refuses to work when its digest is not the audit's (a worker with
another license-scan version would give other verdicts).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from license_scan.classify.snapshot import Classified, classify_snapshot
from license_scan.errors import UsageError
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.estate import Listed
from license_scan.source.listed import metadata_snapshot
from license_scan.source.snapshot import Snapshot

# A tier-1 snapshot holds no file: "no card" there means "not read", not "absent" (the listing says which).
NOT_READ_AT_TIER_1 = ("card-missing",)


@lru_cache(maxsize=1)
def _installed() -> Ruleset:
    return load_ruleset()


def worker_ruleset(digest: str, given: Ruleset | None = None) -> Ruleset:
    ruleset = given if given is not None and given.digest == digest else _installed()
    if ruleset.digest != digest:
        raise UsageError(f"a worker's rule set ({ruleset.digest[:12]}) is not the audit's ({digest[:12]}): "
                         "install the same license-scan version on every worker")
    return ruleset


def classify_listed(batch: Sequence[Listed], digest: str, ruleset: Ruleset | None = None) -> list[Classified]:
    """Tier 1: each repo's own verdict from its listing alone."""
    rules = worker_ruleset(digest, ruleset)
    out = []
    for listed in batch:
        classified = classify_snapshot(metadata_snapshot(listed), rules)
        if "README.md" in listed.files:
            kept = tuple(f for f in classified.findings if f.code not in NOT_READ_AT_TIER_1)
            if len(kept) != len(classified.findings):
                classified = Classified(classified.components, kept, classified.same_as_base)
        out.append(classified)
    return out


def classify_read(batch: Sequence[Snapshot], digest: str, ruleset: Ruleset | None = None) -> list[Classified]:
    """Tier 2: each repo's own verdict from the files read, exactly as `scan` classifies it."""
    rules = worker_ruleset(digest, ruleset)
    return [classify_snapshot(snapshot, rules) for snapshot in batch]
