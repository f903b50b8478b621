"""Our own small metadata cache, next to the Hugging Face file cache.

The Hub file cache keeps file bytes but not what `model_info` said (file list,
card data, gating, commit SHA), and offline mode needs all of it. One JSON per
(endpoint, kind, repo, commit) plus one ref file per requested revision name:

    <HF hub cache>/license-scan/<endpoint>/<kind>s--<org>--<name>/
        refs/<quoted revision>      -> commit sha
        info/<sha>.json             -> RepoMeta

Writes go through `fileio.atomic_write`, so a concurrent reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote, urlparse

from license_scan.fileio import atomic_write

CACHE_DIR_NAME = "license-scan"
FORMAT = 1  # bump when RepoMeta changes shape; older files are then ignored
_SHA = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class RepoMeta:
    """What one info request told us about a repo at one commit."""

    repo_id: str  # canonical id the Hub answered with (differs from the request after a rename)
    sha: str | None
    files: tuple[str, ...]
    card_data: Mapping[str, Any] | None = None
    gated: str | None = None
    tags: tuple[str, ...] = ()
    # files that could not be read for a lasting reason ("gated", "not-found"), so offline reads agree
    unreadable: Mapping[str, str] = field(default_factory=dict)


def metadata_root(hub_cache: str | os.PathLike[str]) -> Path:
    return Path(hub_cache) / CACHE_DIR_NAME


def _repo_dir(hub_cache: str | os.PathLike[str], endpoint: str, kind: str, repo_id: str) -> Path:
    url = urlparse(endpoint)
    host = re.sub(r"[^A-Za-z0-9._-]", "_", (url.netloc + url.path).strip("/")) or "default"
    return metadata_root(hub_cache) / host / f"{kind}s--{repo_id.replace('/', '--')}"


def save(hub_cache: str | os.PathLike[str], endpoint: str, kind: str, repo_id: str,
         revision: str, meta: RepoMeta) -> None:
    """Record `meta` for its commit and point `revision` (branch, tag or sha) at it. Best effort."""
    if not meta.sha:
        return
    folder = _repo_dir(hub_cache, endpoint, kind, repo_id)
    payload = {"format": FORMAT, **asdict(meta)}
    try:
        atomic_write(folder / "info" / f"{meta.sha}.json", json.dumps(payload, sort_keys=True, indent=1))
        if revision != meta.sha:
            atomic_write(folder / "refs" / quote(revision, safe=""), meta.sha)
    except OSError:
        pass  # a read-only cache only costs the offline mode


def load(hub_cache: str | os.PathLike[str], endpoint: str, kind: str, repo_id: str,
         revision: str) -> RepoMeta | None:
    """The cached metadata for a revision name or sha; None when never fetched (or unreadable)."""
    folder = _repo_dir(hub_cache, endpoint, kind, repo_id)
    sha = revision if _SHA.match(revision) else _read(folder / "refs" / quote(revision, safe=""))
    if not sha or not _SHA.match(sha.strip()):
        return None
    text = _read(folder / "info" / f"{sha.strip()}.json")
    if text is None:
        return None
    try:
        data = json.loads(text)
        if data.pop("format", None) != FORMAT:
            return None
        return RepoMeta(
            repo_id=data["repo_id"], sha=data["sha"], files=tuple(data["files"]),
            card_data=data.get("card_data"), gated=data.get("gated"), tags=tuple(data.get("tags") or ()),
            unreadable=dict(data.get("unreadable") or {}),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


