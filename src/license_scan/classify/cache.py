"""Verdicts kept across runs: one repo's own classification, keyed by everything it is computed from.

A verdict is a pure function of the repo's commit, the files read (path, SHA-256, or why not
read), its card metadata and tags, the caps, the rule set digest and the tool version; the key
hashes all of them, so a gated repo read with and without a token, or a file capped differently, never share
an entry. Local folders are never cached (their files change without a commit). Entries are
written atomically (a run killed half-way leaves no entry a later run would read); an entry that
cannot be read is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Callable

from license_scan import __version__, limits
from license_scan.classify.snapshot import Classified
from license_scan.fileio import atomic_write
from license_scan.ruleset import Ruleset
from license_scan.settings import hub_settings
from license_scan.source.snapshot import Snapshot

CACHE_FORMAT = 1  # bump when Classified changes shape
FOLDER = ("license-scan", "verdicts")  # beside the Hub cache, like our metadata cache


def verdict_key(snapshot: Snapshot, ruleset: Ruleset) -> str | None:
    """The cache key, or None when the verdict must not be cached (a local folder, no commit)."""
    if snapshot.kind == "local" or not snapshot.revision:
        return None
    files = [(f.path, f.sha256, f.unreadable_reason, f.size)
             for f in (snapshot.card, *snapshot.license_files, snapshot.config_file, *snapshot.code_files,
                       *snapshot.component_files) if f is not None]
    payload = json.dumps({
        "format": CACHE_FORMAT, "tool": __version__, "ruleset": ruleset.digest, "kind": snapshot.kind,
        "repo": snapshot.repo_id, "revision": snapshot.revision, "files": files, "listing": list(snapshot.files),
        "card_data": snapshot.card_data, "tags": list(snapshot.tags), "gated": snapshot.gated,
        "findings": [(f.code, f.message) for f in snapshot.findings],
        "limits": {k: v for k, v in vars(limits).items() if k.isupper()},  # caps change what is read and found
    }, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def cached(compute: Callable[[Snapshot], Classified], ruleset: Ruleset,
           root: Path | None = None) -> Callable[[Snapshot], Classified]:
    """`compute`, answered from the cache when the same inputs were classified before."""
    folder: Path | None = None

    def classify(snapshot: Snapshot) -> Classified:
        nonlocal folder
        key = verdict_key(snapshot, ruleset)
        if key is None:
            return compute(snapshot)
        if folder is None:  # found on the first verdict kept: a run of local folders never reads the Hub's settings
            folder = (root or Path(hub_settings().cache_dir)).joinpath(*FOLDER)
        path = folder / key[:2] / f"{key}.pickle"
        try:
            found = pickle.loads(path.read_bytes())
            if isinstance(found, Classified):
                return found
        except Exception:  # absent, unreadable, truncated or from another layout: recompute
            pass
        result = compute(snapshot)
        try:
            atomic_write(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only cache only costs speed
        return result

    return classify
