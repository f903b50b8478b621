"""Which files of a codebase are read: a stable walk that skips what is not the project's own code.

Skipped: `.git` and other VCS folders, `node_modules`, `__pycache__`, `site-packages`,
`.ipynb_checkpoints`, tool caches; virtual environments (`.venv`, `venv`, any folder holding a
`pyvenv.cfg`, a folder with `bin/activate` or `Scripts/activate`, a conda env with `conda-meta/`);
whatever `.gitignore` files ignore (the root's and every subfolder's, with git's rules: a deeper
file overrides, a later line overrides, `!` re-includes; `.git/info/exclude` too), matched with
`pathspec`; the caller's `exclude` patterns (gitignore syntax, relative to the root); symbolic
links (never followed out of the tree). Read: `.py`, `.ipynb`, `.yaml` / `.yml`, `.json`, `.toml`,
and the list file at the root. At most `MAX_PROJECT_FILES` files, in path order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pathspec

from license_scan import limits
from license_scan.model import Finding
from license_scan.source.project.configs import CONFIG_SUFFIXES
from license_scan.source.project.listfile import LIST_FILE_NAMES
from license_scan.source.project.refs import CAPPED_CODE, finding
from license_scan.source.project.shell import is_shell_file

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", "site-packages", ".venv", "venv",
                       ".ipynb_checkpoints", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
READ_SUFFIXES = (".py", ".ipynb", *CONFIG_SUFFIXES)
SKIP_FILES = frozenset({"package-lock.json", "npm-shrinkwrap.json"})


@dataclass(frozen=True)
class Walk:
    files: tuple[str, ...]  # relative, '/'-separated, sorted
    findings: tuple[Finding, ...]


def is_venv(folder: Path) -> bool:
    return (folder / "pyvenv.cfg").is_file() or (folder / "conda-meta").is_dir() or \
        (folder / "bin" / "activate").is_file() or (folder / "Scripts" / "activate").is_file()


def _spec(lines: Sequence[str]) -> pathspec.GitIgnoreSpec | None:
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return spec if spec.patterns else None


def _read_ignore(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        return _spec(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return None


class _Ignores:
    """The .gitignore files met on the way down, each with the folder it applies to."""

    def __init__(self, root: Path, exclude: Sequence[str]) -> None:
        self.levels: list[tuple[str, pathspec.GitIgnoreSpec]] = []
        info = _read_ignore(root / ".git" / "info" / "exclude")
        if info:
            self.levels.append(("", info))
        self.exclude = _spec(exclude)

    def ignored(self, rel: str, is_dir: bool) -> bool:
        probe = rel + "/" if is_dir else rel
        if self.exclude is not None and self.exclude.match_file(probe):
            return True
        decision = None
        for base, spec in self.levels:  # outer first: a deeper .gitignore's decision wins
            if base and not rel.startswith(base + "/"):
                continue
            result = spec.check_file(probe[len(base) + 1:] if base else probe)
            if result.include is not None:
                decision = result.include
        return bool(decision)


def walk_project(root: Path, exclude: Sequence[str] = ()) -> Walk:
    ignores = _Ignores(root, exclude)
    files: list[str] = []
    findings: list[Finding] = []
    capped = False
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        gitignore = _read_ignore(here / ".gitignore")
        if gitignore is not None:
            ignores.levels.append((rel_dir, gitignore))
        keep = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name in SKIP_DIRS or (here / name).is_symlink() or is_venv(here / name) \
                    or ignores.ignored(rel, True):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            wanted = name.endswith(READ_SUFFIXES) or is_shell_file(name) or (not rel_dir and name in LIST_FILE_NAMES)
            if not wanted or name in SKIP_FILES or (here / name).is_symlink() or ignores.ignored(rel, False):
                continue
            if len(files) >= limits.MAX_PROJECT_FILES:
                capped = True
                break
            files.append(rel)
        if capped:
            break
    if capped:
        findings.append(finding("warning", CAPPED_CODE, f"more than {limits.MAX_PROJECT_FILES} files to read; the "
                                f"first {limits.MAX_PROJECT_FILES} (in walk order) were read, the rest were not: "
                                "narrow the scan with exclude patterns", None))
    return Walk(tuple(sorted(files)), tuple(findings))
