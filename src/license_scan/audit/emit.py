"""An audit's records: each repo's verdict as `scan` would report it, emitted once its whole tree is final."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import replace
from typing import Callable, Sequence

from license_scan import __version__, limits
from license_scan.audit.estate import Estate, EstateNode
from license_scan.audit.executor import task_ruleset
from license_scan.audit.work import worker_ruleset
from license_scan.graph.walk import Key
from license_scan.model import AuditRecord, Finding, FindingSource
from license_scan.report.audit_lines import audit_line, dump_line
from license_scan.ruleset import Ruleset

Emit = Callable[[str], None]  # one repo's JSON line (report/audit_lines.py), newline included


def record(estate: Estate, key: Key, node: EstateNode, ruleset: Ruleset, depth: int) -> AuditRecord:
    """The repo's result, with an `audit-files-not-read` warning for itself and for every repo of its tree whose
    files were wanted and not read: the verdict rests on that repo's metadata instead (the line is incomplete)."""
    assert node.listed is not None
    result = estate.result(key, ruleset, depth)
    unread = []
    for k in estate.ancestors([key], depth):
        other = estate.nodes.get(k)
        if other is not None and other.unread and other.listed is not None:
            whose = "its" if k == key else f"{other.listed.repo_id}'s (in its tree)"
            unread.append(Finding("warning", "audit-files-not-read",
                                  f"{node.listed.repo_id}: {whose} verdict rests on files ({other.reason}), which this "
                                  "audit did not read; the metadata's verdict is used", FindingSource(other.listed.repo_id, None)))
    if unread:
        result = replace(result, findings=(*result.findings, *unread))
    return AuditRecord(result, node.tier, node.reason, node.listed.last_modified)


def records(estate: Estate, keys: Sequence[Key], depth: int, digest: str,
            ruleset: Ruleset | None = None) -> list[str]:
    """A batch of repos' JSON lines over the part of the estate their trees reach: the work sent to a worker.
    Lines travel back as text, the smallest thing to pickle."""
    rules = worker_ruleset(digest, ruleset)
    try:
        return [dump_line(audit_line(record(estate, key, estate.nodes[key], rules, depth), digest, __version__))
                for key in keys]
    finally:
        estate.forget()


class Reporter:
    """Reports each audited repo once every repo of its tree has its final verdict, in listing order among
    those ready at the same time; repos an interrupted run already reported (--resume) are skipped.

    Ready repos are assembled in batches on the executor (each batch with the part of the estate its trees
    reach), so the inheritance work spreads over the workers as the classification does."""

    def __init__(self, estate: Estate, trees: dict[Key, list[Key]], depth: int, ruleset: Ruleset, emit: Emit,
                 executor: Executor, in_flight: int) -> None:
        self.estate, self.trees, self.depth, self.ruleset, self.emit = estate, trees, depth, ruleset, emit
        self.executor, self.in_flight = executor, in_flight
        self.given = task_ruleset(executor, ruleset)
        self.waiting: dict[Key, set[Key]] = {}
        self.waiters: dict[Key, list[Key]] = {}
        self.ready: list[Key] = []
        self.queue: list[Future[list[str]]] = []

    def plan(self, wanted: set[Key]) -> None:
        """`trees` holds the repos to report (root -> every repo its tree reaches), in listing order."""
        for root, tree in self.trees.items():
            waits = set(tree) & wanted
            if not waits:
                self._ready(root)
                continue
            self.waiting[root] = waits
            for key in waits:
                self.waiters.setdefault(key, []).append(root)
        self._submit(final=True)  # what is ready now is written now: a killed audit keeps it

    def done(self, key: Key) -> None:
        for root in self.waiters.pop(key, []):
            waits = self.waiting[root]
            waits.discard(key)
            if not waits:
                del self.waiting[root]
                self._ready(root)
        self._submit(final=True)  # tier 2 is paced by the network: each repo is written as soon as it is ready

    def finish(self) -> None:
        self._submit(final=True)
        while self.queue:
            self._deliver()

    def _ready(self, root: Key) -> None:
        self.ready.append(root)
        if len(self.ready) >= limits.AUDIT_BATCH_REPOS:
            self._submit(final=False)

    def _submit(self, *, final: bool) -> None:
        if not self.ready or (not final and len(self.ready) < limits.AUDIT_BATCH_REPOS):
            return
        keys, self.ready = self.ready, []
        part = self.estate if self.given is not None else self._part(keys)  # in-process: nothing to copy
        self.queue.append(self.executor.submit(records, part, keys, self.depth, self.ruleset.digest, self.given))
        while len(self.queue) > self.in_flight or (self.queue and self.queue[0].done()):
            self._deliver()

    def _part(self, keys: list[Key]) -> Estate:
        """The nodes these repos' trees reach; a tier-1 one as its listing and references (the worker recomputes
        its verdict: cheaper than sending it)."""
        reach = {k for root in keys for k in self.trees[root]}
        nodes = {}
        for k in reach:
            node = self.estate.nodes.get(k)
            if node is not None:
                nodes[k] = replace(node, classified=None) if node.tier == 1 and node.listed else node
        return Estate(nodes, {a: k for a, k in self.estate.alias.items() if k in reach})

    def _deliver(self) -> None:
        for line in self.queue.pop(0).result():
            self.emit(line)
