"""Read a model folder on disk (no network): list its files and load them on request."""

from __future__ import annotations

import os
from pathlib import Path

from license_scan import limits
from license_scan.errors import NotFoundError
from license_scan.model import Finding, FindingSource
from license_scan.source.builder import Listing, RepoReader, build_snapshot
from license_scan.source.git import git_head
from license_scan.source.reading import read_repo_file
from license_scan.source.snapshot import RepoFile, Snapshot
from license_scan.source.turns import CPU_TURN
from license_scan.target import Target

SKIP_DIRS = frozenset({".git", ".hg", ".svn"})  # version control data, never part of the model


class DiskReader(RepoReader):
    """A folder: its files in a stable order (capped), its git HEAD as the revision."""

    def __init__(self, target: Target) -> None:
        self.root = Path(target.repo_id)
        if not self.root.is_dir():
            raise NotFoundError(target.raw, "folder does not exist or is not a directory")
        files, complete = list_files(self.root)
        findings = []
        where = FindingSource(target.repo_id, None)
        if not complete:
            findings.append(Finding("warning", "listing-truncated",
                                    f"{target.repo_id}: the folder holds more than {limits.MAX_LOCAL_FILES} files; "
                                    f"only the first {limits.MAX_LOCAL_FILES} (in path order) were examined", where))
        if target.revision:
            findings.append(Finding("warning", "revision-ignored",
                                    f"{target.repo_id}: --revision {target.revision} is ignored for a local folder; "
                                    "the files as they are on disk were read", where))
        self._listing = Listing(kind="local", repo_id=target.repo_id, revision=git_head(self.root),
                                files=tuple(files), findings=tuple(findings))

    @property
    def listing(self) -> Listing:
        return self._listing

    def load_file(self, path: str, max_bytes: int, *, truncate: bool = False) -> RepoFile:
        return read_repo_file(self.root / path, path, max_text_bytes=max_bytes, truncate=truncate)


def read_local(target: Target) -> Snapshot:
    with CPU_TURN:  # reading a folder on disk is CPU work (listing, hashing): one thread at a time
        return build_snapshot(target, DiskReader(target))


def list_files(root: Path) -> tuple[list[str], bool]:
    """Relative '/'-separated paths in a stable order, VCS folders skipped, capped; False when cut."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")  # not pathlib: this runs for every folder
        for name in sorted(filenames):
            if len(out) >= limits.MAX_LOCAL_FILES:
                return sorted(out), False
            out.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return sorted(out), True
