"""The estate as one graph: every audited repo and every repo it references, each with its own verdict.

A repo's effective terms are computed exactly as `scan` computes them (graph/walk, inherit, obligations,
assemble), over this in-memory graph instead of the network: `walk` is handed a fetch that looks the
repo up here, so inheritance, laundering and conflicts across repos come out as a scan would report them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from license_scan.audit.executor import InlineExecutor
from license_scan.classify.snapshot import Classified
from license_scan.errors import NotFoundError, TargetError
from license_scan.graph.assemble import tree_result
from license_scan.graph.inherit import effective
from license_scan.graph.obligations import check_obligations
from license_scan.graph.relations import references
from license_scan.graph.walk import Key, key_of, walk
from license_scan.model import AuditTier, TargetResult
from license_scan.ruleset import Ruleset
from license_scan.source.estate import Listed
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target

_INLINE = InlineExecutor()  # every "fetch" here is a dictionary lookup: no thread needed


@dataclass
class EstateNode:
    listed: Listed | None
    snapshot: Snapshot | None = None
    classified: Classified | None = None
    tier: AuditTier = 1
    reason: str | None = None  # why its files were read, or why they were wanted and not read
    error: TargetError | None = None  # its metadata could not be read (a referenced repo outside the sweep)
    refs: list[Key] | None = None  # the repos its snapshot references (computed once; reset when re-read)


@dataclass
class Estate:
    nodes: dict[Key, EstateNode] = field(default_factory=dict)
    alias: dict[Key, Key] = field(default_factory=dict)  # a renamed repo's old id -> its node

    def get(self, key: Key) -> EstateNode | None:
        return self.nodes.get(self.alias.get(key, key))

    def add(self, node: EstateNode, *names: Key) -> Key:
        assert node.listed is not None
        key = key_of(node.listed.kind, node.listed.repo_id)
        self.nodes.setdefault(key, node)
        for name in names:
            if name != key:
                self.alias[name] = key
        return key

    def referenced(self, key: Key) -> list[Key]:
        node = self.get(key)
        if node is None or node.snapshot is None:
            return []
        if node.refs is None:
            node.refs = [key_of(r.kind, r.repo_id) for r in references(node.snapshot).refs]
        return node.refs

    def missing(self, keys: list[Key]) -> dict[Key, str]:
        """Repos `keys` reference that the estate does not hold yet: key -> repo id as written."""
        out: dict[Key, str] = {}
        for key in keys:
            node = self.get(key)
            if node is None or node.snapshot is None:
                continue
            for ref in references(node.snapshot).refs:
                ref_key = key_of(ref.kind, ref.repo_id)
                if self.get(ref_key) is None:
                    out.setdefault(ref_key, ref.repo_id)
        return out

    def ancestors(self, roots: list[Key], depth: int) -> list[Key]:
        """`roots` and every repo they reach within `depth` levels, each once, roots first."""
        seen = dict.fromkeys(self.alias.get(k, k) for k in roots)
        frontier = list(seen)
        for _ in range(depth):
            nxt = []
            for key in frontier:
                for ref in self.referenced(key):
                    ref = self.alias.get(ref, ref)
                    if ref not in seen and ref in self.nodes:
                        seen[ref] = None
                        nxt.append(ref)
            frontier = nxt
        return list(seen)

    def fetch(self, target: Target) -> Snapshot:
        node = self.get(key_of(target.kind, target.repo_id))
        if node is None:
            raise NotFoundError(target.raw, "not in the audit's listing, and not read")
        if node.error is not None:
            raise node.error
        assert node.snapshot is not None
        return node.snapshot

    def classify(self, snapshot: Snapshot) -> Classified:
        node = self.get(key_of(snapshot.kind, snapshot.repo_id or snapshot.target))
        assert node is not None and node.classified is not None
        return node.classified

    def result(self, key: Key, ruleset: Ruleset, depth: int) -> TargetResult:
        """The repo's verdict with its tree, as `scan --depth depth` reports it. Obligations are checked only
        when its files were read: a tier-1 verdict saw no file, so it cannot say whether one is missing."""
        node = self.nodes[key]
        assert node.snapshot is not None
        tree = walk(node.snapshot, self.fetch, self.classify, depth=depth, pool=_INLINE)
        terms = effective(tree, ruleset, depth=depth)
        if node.tier == 2:
            terms = check_obligations(tree, terms, ruleset)
        return tree_result(node.snapshot.target, node.snapshot, tree, terms)
