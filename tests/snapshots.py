"""Build in-memory snapshots for the pure stages (detect, classify, report)."""

from __future__ import annotations

import hashlib

from license_scan.source.snapshot import RepoFile, Snapshot

SHA = "0123456789abcdef0123456789abcdef01234567"


def repo_file(path: str, text: str | None, reason: str | None = None) -> RepoFile:
    digest = hashlib.sha256(text.encode()).hexdigest() if text is not None else None
    return RepoFile(path, digest, text, len(text.encode()) if text else None, reason)


def snapshot(card: str | None, *, repo: str = "org/model", kind: str = "model", files: dict[str, str] | None = None,
             card_data: dict | None = None, tags: tuple[str, ...] = (), gated: str | None = None,
             unreadable: dict[str, str] | None = None) -> Snapshot:
    license_files = [repo_file(p, t) for p, t in (files or {}).items()]
    license_files += [repo_file(p, None, reason) for p, reason in (unreadable or {}).items()]
    card_file = None
    if card is not None:
        card_file = repo_file("README.md", card)
    elif gated:
        card_file = repo_file("README.md", None, "gated")
    names = ("README.md",) if card_file else ()
    return Snapshot(
        target=repo, kind=kind, repo_id=repo, revision=SHA, requested_revision=None,
        files=names + tuple(f.path for f in license_files), card=card_file, card_data=card_data,
        license_files=tuple(license_files), tags=tags, gated=gated,
    )
