"""The commit a local folder is at, read from .git without running git."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from license_scan import limits

_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")


def git_head(folder: Path) -> str | None:
    """Commit SHA checked out in the git work tree holding `folder`, read from .git without running git."""
    for candidate in _upwards(folder):
        dot_git = os.path.join(candidate, ".git")
        if os.path.exists(dot_git):
            git_dir = _git_dir(Path(dot_git))
            return _resolve_head(git_dir) if git_dir else None
    return None


def _upwards(folder: Path) -> Iterator[str]:
    """`folder`, then every folder above it once resolved (`Path.resolve().parents`, in strings: this runs for
    every folder scanned, and most are in no work tree, so every level up to / is tried)."""
    yield os.fspath(folder)
    path = os.path.realpath(folder)
    while (parent := os.path.dirname(path)) != path:
        yield parent
        path = parent


def _git_dir(dot_git: Path) -> Path | None:
    if dot_git.is_dir():
        return dot_git
    try:  # worktrees and submodules: ".git" is a file "gitdir: <path>"
        text = dot_git.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    path = Path(text[len("gitdir:"):].strip())
    return path if path.is_absolute() else (dot_git.parent / path).resolve()


def _resolve_head(git_dir: Path) -> str | None:
    common = git_dir
    try:
        commondir = (git_dir / "commondir").read_text(encoding="utf-8").strip()
        common = (git_dir / commondir).resolve()
    except OSError:
        pass
    try:
        value = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    for _ in range(limits.MAX_GIT_REF_HOPS):
        if _SHA.match(value):
            return value
        if not value.startswith("ref:"):
            return None
        ref = value[len("ref:"):].strip()
        value = _read_ref(git_dir, common, ref) or ""
        if not value:
            return None  # unborn branch: no commit yet
    return None


def _read_ref(git_dir: Path, common: Path, ref: str) -> str | None:
    if ".." in ref.split("/"):
        return None
    for base in (git_dir, common):
        try:
            return (base / ref).read_text(encoding="utf-8").strip()
        except OSError:
            continue
    try:
        packed = (common / "packed-refs").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in packed.splitlines():
        if line and not line.startswith(("#", "^")):
            sha, _, name = line.partition(" ")
            if name.strip() == ref:
                return sha.strip()
    return None
