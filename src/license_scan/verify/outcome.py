"""What `license-scan verify` found: per repo and file, per re-scanned target; and its exit code.

Three answers everywhere: `holds` (the evidence is as the report recorded it), `changed` (it is
not: other bytes, a commit that no longer resolves, other terms at a moving revision) and
`unreadable` (it could not be checked now, or was never read at scan time). The exit code is 1
when anything changed, else 3 when anything could not be checked, else 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal, Mapping, get_args

from license_scan.model import Finding

Status = Literal["holds", "changed", "unreadable"]
STATUSES: tuple[Status, ...] = get_args(Status)
Change = Literal["changed", "new", "gone", "now-read", "unreadable"]

EXIT_HOLDS = 0
EXIT_CHANGED = 1
EXIT_UNREADABLE = 3
SHORT = 12  # characters of a SHA shown to a person


def short(sha: str | None) -> str:
    return sha[:SHORT] if sha else "-"


@dataclass(frozen=True)
class FileCheck:
    path: str
    role: str
    recorded: str | None  # sha256 the report records; None when the scan could not read the file
    found: str | None  # sha256 of the bytes read now; None when not read now
    status: Status
    detail: str


@dataclass(frozen=True)
class RepoCheck:
    """One repo of the report, re-read at the commit the report records."""

    id: str
    kind: str
    revision: str | None
    commit: Status  # holds: the commit resolves (a folder: its checkout is still there); changed: it does not
    detail: str
    files: tuple[FileCheck, ...] = ()

    @property
    def status(self) -> Status:
        return worst([self.commit, *(f.status for f in self.files)])


@dataclass(frozen=True)
class Difference:
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TermsChange:
    """One repo of a re-scanned tree whose terms differ from the report (or that could not be read)."""

    id: str
    change: Change
    old_revision: str | None
    new_revision: str | None
    declared: Difference | None  # its own terms, when they differ
    components: tuple[tuple[str, Difference], ...]  # effective terms that differ, by component
    files_changed: tuple[str, ...]  # paths whose digest differs, read now only, or recorded only

    @property
    def status(self) -> Status:
        return "unreadable" if self.change == "unreadable" else "changed"


@dataclass(frozen=True)
class TermsCheck:
    """One target re-scanned at its moving revision's current head, compared with the report."""

    target: str  # as the report names it
    revision: str  # the moving revision: a branch or tag, `main` when none was asked, `disk` for a folder
    old_revision: str | None
    new_revision: str | None
    status: Status
    detail: str
    components: tuple[tuple[str, Difference], ...]  # the target's effective terms that differ
    repos: tuple[TermsChange, ...]


@dataclass(frozen=True)
class Verification:
    report_path: str
    report: Mapping[str, Any]  # the validated JSON report (its tool, rule set, time, depth)
    tool_version: str
    ruleset_version: str
    ruleset_digest: str
    checked_at: str
    offline: bool
    depth: int
    repos: tuple[RepoCheck, ...]
    terms: tuple[TermsCheck, ...]
    findings: tuple[Finding, ...]

    @property
    def exit_code(self) -> int:
        return exit_code([*(r.status for r in self.repos), *(f.status for r in self.repos for f in r.files),
                          *(t.status for t in self.terms)])


def exit_code(statuses: Iterable[Status]) -> int:
    seen = set(statuses)
    if "changed" in seen:
        return EXIT_CHANGED
    return EXIT_UNREADABLE if "unreadable" in seen else EXIT_HOLDS


_BY_EXIT: dict[int, Status] = {EXIT_CHANGED: "changed", EXIT_UNREADABLE: "unreadable", EXIT_HOLDS: "holds"}


def worst(statuses: Iterable[Status]) -> Status:
    """changed, else unreadable, else holds (the order the exit code follows)."""
    return _BY_EXIT[exit_code(statuses)]


def _difference(label: str, old: str | None, new: str | None) -> str:
    return f"{label} {old or 'none'} → {new or 'none'}"


def terms_summary(change: TermsChange) -> str:
    """`declared A → B; weights A → B; files changed: LICENSE` for one TermsChange."""
    parts = []
    if change.declared is not None:
        parts.append(_difference("declared", change.declared.old, change.declared.new))
    parts += [_difference(name, d.old, d.new) for name, d in change.components]
    if change.old_revision != change.new_revision:
        parts.append(f"commit {short(change.old_revision)} → {short(change.new_revision)}")
    if change.files_changed:
        parts.append("files changed: " + ", ".join(change.files_changed))
    return "; ".join(parts)


_CHANGE_WORDS: Mapping[str, str] = {
    "changed": "terms changed", "new": "new in the tree", "gone": "no longer in the tree",
    "now-read": "read now, not at scan time", "unreadable": "could not be read now",
}


def change_words(change: TermsChange) -> str:
    return _CHANGE_WORDS[change.change]
