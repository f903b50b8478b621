"""The per-repo work of an audit, as pure functions of their inputs that pickle.

They run wherever the executor puts them (this process, local worker processes, a Dask worker on another
machine), so they take plain data and a rule set digest, never a client or an open file: a worker loads
the rule set it has installed once and refuses to work when its digest is not the audit's (a worker with
another license-scan version would give other verdicts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from license_scan.audit.tiers import files_needed
from license_scan.classify.snapshot import Classified, classify_snapshot
from license_scan.errors import UsageError
from license_scan.graph.relations import references
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


@dataclass(frozen=True)
class Tier1:
    """What tier 1 hands back for one listed repo: small, so a remote worker's answer costs little to send."""

    refs: tuple[tuple[str, str], ...]  # (kind, repo id as written) of every repo it references
    reason: str | None  # why its verdict rests on files (tiers.files_needed), None when the metadata decides
    classified: Classified | None = None  # kept only when the run shares memory with the worker (in-process)


def classify_metadata(listed: Listed, ruleset: Ruleset) -> tuple[Snapshot, Classified]:
    """A repo's own verdict from its listing alone."""
    snapshot = metadata_snapshot(listed)
    classified = classify_snapshot(snapshot, ruleset)
    if "README.md" in listed.files:
        kept = tuple(f for f in classified.findings if f.code not in NOT_READ_AT_TIER_1)
        if len(kept) != len(classified.findings):
            classified = Classified(classified.components, kept, classified.same_as_base)
    return snapshot, classified


def tier1(batch: Sequence[Listed], digest: str, ruleset: Ruleset | None = None, keep: bool = False) -> list[Tier1]:
    """Tier 1 over a batch: what each repo references, and whether its files must be read. The verdict itself is
    kept only with `keep` (in-process); a worker elsewhere recomputes it when it assembles the repo's result,
    which costs less than sending it back and forth."""
    rules = worker_ruleset(digest, ruleset)
    out = []
    for listed in batch:
        snapshot, classified = classify_metadata(listed, rules)
        refs = tuple((r.kind, r.repo_id) for r in references(snapshot).refs)
        out.append(Tier1(refs, files_needed(listed, classified), classified if keep else None))
    return out


def classify_read(batch: Sequence[Snapshot], digest: str, ruleset: Ruleset | None = None) -> list[Classified]:
    """Tier 2: each repo's own verdict from the files read, exactly as `scan` classifies it."""
    rules = worker_ruleset(digest, ruleset)
    return [classify_snapshot(snapshot, rules) for snapshot in batch]
