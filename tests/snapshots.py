"""Build in-memory snapshots for the pure stages (detect, classify, graph, report).

They go through the one snapshot builder, with a reader that serves files
from a dict, so a test snapshot is parsed and capped exactly as a real one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import yaml

from license_scan.source.builder import Listing, RepoReader, build_snapshot
from license_scan.source.snapshot import RepoFile, Snapshot
from license_scan.target import Target

SHA = "0123456789abcdef0123456789abcdef01234567"


def repo_file(path: str, text: str | None, reason: str | None = None) -> RepoFile:
    digest = hashlib.sha256(text.encode()).hexdigest() if text is not None else None
    return RepoFile(path, digest, text, len(text.encode()) if text else None, reason)


class MemoryReader(RepoReader):
    """Files from a dict; a file mapped to None is unreadable for the reason in `unreadable`."""

    def __init__(self, listing: Listing, texts: dict[str, str | None], unreadable: dict[str, str]) -> None:
        self._listing, self.texts, self.unreadable = listing, texts, unreadable

    @property
    def listing(self) -> Listing:
        return self._listing

    def load_file(self, path: str, max_bytes: int, *, truncate: bool = False) -> RepoFile:
        text = self.texts.get(path)
        if text is None:
            return RepoFile(path, None, None, None, self.unreadable.get(path, "not-found"))
        data = text.encode()
        if len(data) > max_bytes and not truncate:
            return RepoFile(path, hashlib.sha256(data).hexdigest(), None, len(data), "too-large")
        kept = data[:max_bytes].decode("utf-8", errors="replace")
        return RepoFile(path, hashlib.sha256(data).hexdigest(), kept, len(data))


def front_matter(metadata: dict[str, Any], body: str = "# card\n") -> str:
    return f"---\n{yaml.safe_dump(metadata, sort_keys=False)}---\n{body}"


def snapshot(card: str | None, *, repo: str = "org/model", kind: str = "model", files: dict[str, str] | None = None,
             card_data: dict | None = None, tags: tuple[str, ...] = (), gated: str | None = None,
             unreadable: dict[str, str] | None = None, extra: dict[str, str] | None = None,
             config: dict | None = None) -> Snapshot:
    """A repo holding README.md (`card`), license-like `files`, other `extra` files and config.json."""
    texts: dict[str, str | None] = {}
    reasons = dict(unreadable or {})
    if card is not None:
        texts["README.md"] = card
    elif gated:
        texts["README.md"] = None
        reasons["README.md"] = "gated"
    texts.update(files or {})
    texts.update({path: None for path in reasons if path not in texts})
    texts.update(extra or {})
    if config is not None:
        texts["config.json"] = json.dumps(config)
    listing = Listing(kind=kind, repo_id=repo, revision=SHA, files=tuple(texts), card_data=card_data,  # type: ignore[arg-type]
                      gated=gated, tags=tags, link_repo_ids=(repo,))
    return build_snapshot(Target(repo, kind, repo, None), MemoryReader(listing, texts, reasons))  # type: ignore[arg-type]
