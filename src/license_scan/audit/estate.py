"""The estate as one graph: every audited repo and every repo it references, each with its own verdict.

A repo's effective terms are computed exactly as `scan` computes them (graph/walk, inherit, obligations,
assemble), over this in-memory graph instead of the network: `walk` is handed a fetch that looks the
repo up here, so inheritance, laundering and conflicts across repos come out as a scan would report them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from license_scan.audit.executor import InlineExecutor
from license_scan.audit.work import classify_metadata
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
from license_scan.source.listed import metadata_snapshot
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target

_INLINE = InlineExecutor()
Reported = tuple[str, str, str | None]  # (kind, lower-cased repo id, commit): a repo's line, as --resume finds it


def reported(kind: str, repo_id: str, commit: str | None) -> Reported:
    return (kind, repo_id.lower(), commit)  # every "fetch" here is a dictionary lookup: no thread needed


@dataclass
class EstateNode:
    listed: Listed | None
    snapshot: Snapshot | None = None  # the files read at tier 2; a tier-1 snapshot is rebuilt from `listed` when used
    classified: Classified | None = None  # its own verdict (None: recomputed where it is needed, from `listed`)
    tier: AuditTier = 1
    reason: str | None = None  # why its files were read, or why they were wanted and not read
    error: TargetError | None = None  # its metadata could not be read (a referenced repo outside the sweep)
    refs: tuple[tuple[str, str], ...] | None = None  # (kind, repo id as written) it references; None: not known yet
    wants_files: str | None = None  # tier 1's answer: why its verdict rests on files
    unread: bool = False  # its files were wanted (tier 2) and not read: its verdict is the metadata's


@dataclass
class Estate:
    nodes: dict[Key, EstateNode] = field(default_factory=dict)
    alias: dict[Key, Key] = field(default_factory=dict)  # a renamed repo's old id -> its node
    built: dict[int, Snapshot] = field(default_factory=dict, repr=False)  # tier-1 snapshots rebuilt for one batch

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

    def snapshot_of(self, node: EstateNode) -> Snapshot | None:
        """The snapshot read at tier 2, else the listing's, rebuilt once per batch (`forget` drops them: kept for
        a whole estate they would cost more memory than rebuilding costs time)."""
        if node.snapshot is not None or node.listed is None:
            return node.snapshot
        built = self.built.get(id(node))
        if built is None:
            built = self.built[id(node)] = metadata_snapshot(node.listed)
        return built

    def forget(self) -> None:
        self.built.clear()

    def refs_of(self, node: EstateNode) -> tuple[tuple[str, str], ...]:
        if node.refs is None:
            snapshot = self.snapshot_of(node)
            node.refs = () if snapshot is None else tuple((r.kind, r.repo_id) for r in references(snapshot).refs)
        return node.refs

    def referenced(self, key: Key) -> list[Key]:
        node = self.get(key)
        return [] if node is None else [key_of(kind, repo) for kind, repo in self.refs_of(node)]

    def missing(self, keys: list[Key]) -> dict[Key, str]:
        """Repos `keys` reference that the estate does not hold yet: key -> repo id as written."""
        out: dict[Key, str] = {}
        for key in keys:
            node = self.get(key)
            for kind, repo in self.refs_of(node) if node is not None else ():
                ref_key = key_of(kind, repo)
                if self.get(ref_key) is None:
                    out.setdefault(ref_key, repo)
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
        snapshot = self.snapshot_of(node)
        assert snapshot is not None
        return snapshot

    def classify(self, snapshot: Snapshot, ruleset: Ruleset) -> Classified:
        node = self.get(key_of(snapshot.kind, snapshot.repo_id or snapshot.target))
        assert node is not None and node.listed is not None
        if node.classified is None:  # a tier-1 verdict sent as its listing: recomputed here
            node.classified = classify_metadata(node.listed, ruleset)[1]
        return node.classified

    def result(self, key: Key, ruleset: Ruleset, depth: int) -> TargetResult:
        """The repo's verdict with its tree, as `scan --depth depth` reports it. Obligations are checked only
        when its files were read: a tier-1 verdict saw no file, so it cannot say whether one is missing."""
        node = self.nodes[key]
        root = self.snapshot_of(node)
        assert root is not None
        tree = walk(root, self.fetch, lambda s: self.classify(s, ruleset), depth=depth, pool=_INLINE)
        terms = effective(tree, ruleset, depth=depth)
        if node.tier == 2:
            terms = check_obligations(tree, terms, ruleset)
        return tree_result(root.target, root, tree, terms)
