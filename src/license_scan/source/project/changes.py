"""`check --changed-only BASE`: which lines of a git work tree were added since BASE.

Read with `git diff` (the work tree against BASE, so uncommitted edits count) and `git ls-files`
for files git does not track yet (every line of them is new). A BASE git cannot resolve, or a
folder that is not a git work tree, is a usage error: the check must not silently judge nothing.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from license_scan import limits
from license_scan.errors import UsageError

_FILE = re.compile(r"^\+\+\+ b/(?P<path>.+)$")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,(?P<count>\d+))? @@")


@dataclass(frozen=True)
class Changes:
    added: dict[str, frozenset[int]]  # path relative to the root → added line numbers
    new_files: frozenset[str]  # files added or not tracked yet: every reference in them is new

    def is_new(self, path: str, line: int, *, whole_file: bool = False) -> bool:
        """`whole_file`: the line cannot be placed in the file (a notebook cell): any change to the file counts."""
        if path in self.new_files:
            return True
        lines = self.added.get(path, frozenset())
        return bool(lines) if whole_file else line in lines


def changes_since(root: Path, base: str) -> Changes:
    _git(root, "rev-parse", "--is-inside-work-tree")
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    diff = _git(root, "diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", base, "--", ".")
    added: dict[str, set[int]] = {}
    new_files: set[str] = set()
    path = None
    previous = ""
    for line in diff.splitlines():
        file_match = _FILE.match(line)
        if file_match:
            path = file_match.group("path")
            if previous.startswith("--- /dev/null"):
                new_files.add(path)
        hunk = _HUNK.match(line)
        if hunk and path is not None:
            start, count = int(hunk.group("start")), int(hunk.group("count") or 1)
            added.setdefault(path, set()).update(range(start, start + count))
        previous = line
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    new_files.update(p for p in untracked.splitlines() if p)
    return Changes({p: frozenset(v) for p, v in added.items()}, frozenset(new_files))


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              timeout=limits.GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"{root}: --changed-only needs git ({type(exc).__name__})") from None
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise UsageError(f"{root}: --changed-only {args[-1] if args else ''}: {why}")
    return done.stdout
