"""An audit's summary, computed from its JSON lines (so a resumed audit, or a file kept from last month,
summarises the same way): counts per category for weights, code and data, the licenses seen, every
laundering chain and inherited conflict, the repos that could not be read, how far each tier reached, the
repos per unmet obligation, and with `--since` what changed since an earlier audit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from license_scan.limits import AUDIT_SUMMARY_LISTED
from license_scan.model import CATEGORIES, INCOMPLETE_FINDINGS

COMPONENTS = ("weights", "code", "data")


@dataclass
class Capped:
    """Up to AUDIT_SUMMARY_LISTED entries, and how many there were in all."""

    items: list[str] = field(default_factory=list)
    total: int = 0
    seen: set[str] = field(default_factory=set, repr=False)

    def add(self, item: str) -> None:
        """Once each: a chain in the tree of several repos is one chain."""
        if item in self.seen:
            return
        self.seen.add(item)
        self.total += 1
        if len(self.items) < AUDIT_SUMMARY_LISTED:
            self.items.append(item)


@dataclass
class Changes:
    """What moved since an earlier audit (`--since`)."""

    since: str
    new: Capped = field(default_factory=Capped)
    gone: Capped = field(default_factory=Capped)
    changed_terms: Capped = field(default_factory=Capped)
    newly_laundered: Capped = field(default_factory=Capped)
    commit_moved: int = 0


@dataclass
class AuditSummary:
    repos: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    categories: dict[str, Counter[str]] = field(default_factory=lambda: {c: Counter() for c in COMPONENTS})
    licenses: Counter[str] = field(default_factory=Counter)  # license id -> repos whose effective terms name it
    tiers: Counter[int] = field(default_factory=Counter)
    incomplete: int = 0
    laundering: Capped = field(default_factory=Capped)
    conflicts: Capped = field(default_factory=Capped)
    unreadable: Capped = field(default_factory=Capped)
    obligations_checked: int = 0  # repos whose obligations were checked (their files read)
    unmet: Counter[str] = field(default_factory=Counter)  # what is missing -> repos missing it
    run: Mapping[str, Any] = field(default_factory=dict)  # the run's own figures (AuditStats), when known
    changes: Changes | None = None

    def categories_table(self) -> list[tuple[str, list[int]]]:
        return [(cat, [self.categories[c][cat] for c in COMPONENTS]) for cat in (*CATEGORIES, "none")]


def counted(count: int, noun: str) -> str:
    """`1 dataset`, `2 datasets`."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def unmet_label(obligation: Mapping[str, Any]) -> str:
    """What an unmet obligation says is missing, in the words of the 2026 study's table."""
    kind, params = obligation.get("kind"), obligation.get("params") or {}
    if kind == "include-license":
        return "license text"
    if kind == "attribution":
        if params.get("notice_file"):
            return "upstream NOTICE"
        if params.get("credit_source"):
            return "dataset credit"
        return "copyright notice"
    return {"display-notice": "display notice", "naming": "name prefix"}.get(str(kind), str(kind))


def add_line(summary: AuditSummary, line: Mapping[str, Any]) -> None:
    repo = str(line.get("repo"))
    summary.repos += 1
    summary.kinds[str(line.get("kind"))] += 1
    summary.tiers[int(line.get("tier") or 1)] += 1
    if not line.get("complete", True):
        summary.incomplete += 1
    if line.get("error"):
        summary.unreadable.add(f"{repo}: {line['error'].get('message')}")
        return
    components = line.get("components") or {}
    seen: set[str] = set()
    checked = False
    missing: set[str] = set()
    for name in COMPONENTS:
        c = components.get(name)
        summary.categories[name][c["category"] if c else "none"] += 1
        for lic in c["licenses"] if c else ():
            seen.add(str(lic.get("id")))
        for o in c["obligations"] if c else ():
            if "status" in o:
                checked = True
            if o.get("status") == "unmet":
                missing.add(unmet_label(o))
    summary.licenses.update(seen)
    summary.obligations_checked += checked
    summary.unmet.update(missing)
    for f in line.get("findings") or ():
        if f.get("code") == "license-laundering":
            summary.laundering.add(str(f.get("message")))
        elif f.get("code") == "inherited-conflict":
            summary.conflicts.add(str(f.get("message")))
        elif f.get("code") in INCOMPLETE_FINDINGS:  # not read, or read in part: the verdict may rest on it
            summary.unreadable.add(str(f.get("message")))


def summarize(lines: Iterable[Mapping[str, Any]], run: Mapping[str, Any] | None = None) -> AuditSummary:
    summary = AuditSummary(run=dict(run or {}))
    for line in lines:
        add_line(summary, line)
    return summary


def _terms(line: Mapping[str, Any]) -> tuple[str | None, ...]:
    components = line.get("components") or {}
    return tuple((components.get(c) or {}).get("expression") for c in COMPONENTS)


def _laundered(line: Mapping[str, Any]) -> bool:
    return any(f.get("code") == "license-laundering" for f in line.get("findings") or ())


def compare(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]], since: str) -> Changes:
    """What changed between two audits' lines: new and gone repos, changed terms, newly laundered chains."""
    old = {(str(l.get("kind")), str(l.get("repo")).lower()): l for l in before}
    changes = Changes(since)
    seen = set()
    for line in after:
        key = (str(line.get("kind")), str(line.get("repo")).lower())
        seen.add(key)
        prior = old.get(key)
        name = str(line.get("repo")) if line.get("kind") != "dataset" else f"datasets/{line.get('repo')}"
        if prior is None:
            changes.new.add(name)
            continue
        changes.commit_moved += prior.get("commit") != line.get("commit")
        if _terms(prior) != _terms(line):
            was = " / ".join(str(t) for t in _terms(prior))
            now = " / ".join(str(t) for t in _terms(line))
            changes.changed_terms.add(f"{name}: {was} → {now} (weights / code / data)")
        if _laundered(line) and not _laundered(prior):
            changes.newly_laundered.add(name)
    for key, prior in old.items():
        if key not in seen:
            changes.gone.add(str(prior.get("repo")) if key[0] != "dataset" else f"datasets/{prior.get('repo')}")
    return changes
