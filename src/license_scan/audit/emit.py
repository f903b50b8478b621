"""An audit's records: each repo's verdict as `scan` would report it, emitted once its whole tree is final."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from license_scan.audit.estate import Estate, EstateNode
from license_scan.graph.walk import Key
from license_scan.model import AuditRecord, Finding, FindingSource
from license_scan.ruleset import Ruleset

Emit = Callable[[AuditRecord], None]


def record(estate: Estate, key: Key, node: EstateNode, ruleset: Ruleset, depth: int) -> AuditRecord:
    assert node.listed is not None
    result = estate.result(key, ruleset, depth)
    if node.tier == 1 and node.reason:  # wanted its files and could not read them: the verdict is the metadata's
        result = replace(result, findings=(*result.findings, Finding(
            "warning", "audit-files-not-read", f"{node.listed.repo_id}: its verdict rests on files ({node.reason}), "
            "which this audit did not read; the verdict shown is the metadata's", FindingSource(node.listed.repo_id, None))))
    return AuditRecord(result, node.tier, node.reason, node.listed.last_modified)


class Reporter:
    """Reports each audited repo once every repo of its tree has its final verdict, in listing order among
    those ready at the same time; repos an interrupted run already reported (--resume) are skipped."""

    def __init__(self, estate: Estate, roots: list[Key], done: frozenset[tuple[str, str, str | None]], depth: int,
                 ruleset: Ruleset, emit: Emit, stats: Any) -> None:
        self.estate, self.roots, self.finished, self.depth, self.ruleset, self.emit, self.stats = \
            estate, roots, done, depth, ruleset, emit, stats
        self.waiting: dict[Key, set[Key]] = {}
        self.waiters: dict[Key, list[Key]] = {}

    def plan(self, wanted: set[Key]) -> None:
        ready = []
        for root in self.roots:
            node = self.estate.nodes[root]
            assert node.listed is not None
            if (node.listed.kind, node.listed.repo_id.lower(), node.listed.sha) in self.finished:
                self.stats.resumed += 1
                continue
            waits = set(self.estate.ancestors([root], self.depth)) & wanted
            if not waits:
                ready.append(root)
                continue
            self.waiting[root] = waits
            for key in waits:
                self.waiters.setdefault(key, []).append(root)
        for root in ready:
            self._emit(root)

    def done(self, key: Key) -> None:
        for root in self.waiters.pop(key, []):
            waits = self.waiting[root]
            waits.discard(key)
            if not waits:
                del self.waiting[root]
                self._emit(root)

    def _emit(self, key: Key) -> None:
        self.emit(record(self.estate, key, self.estate.nodes[key], self.ruleset, self.depth))
