"""A scanned tree → the TargetResult every reporter reads; a target that could not be read → its error result."""

from __future__ import annotations

from license_scan.graph.inherit import Effective
from license_scan.graph.walk import Tree
from license_scan.model import (
    Components, Dependencies, Edge, ErrorInfo, ErrorType, Node, TargetKind, TargetResult,
)
from license_scan.source.snapshot import Snapshot

# A dependency's own info findings (no code, no datasets named) would repeat for every node;
# only these, which describe the tree itself, are kept for dependencies.
DEPENDENCY_INFO_CODES = ("relation-inferred", "repo-renamed")


def tree_result(raw: str, root: Snapshot, tree: Tree, terms: Effective) -> TargetResult:
    nodes = tuple(Node(v.node_id, v.kind, v.snapshot.revision if v.snapshot else None, v.status,
                       terms.components.get(k, Components())) for k, v in tree.visits.items())
    edges = tuple(Edge(tree.visits[l.source].node_id, tree.visits[l.target].node_id, l.relation) for l in tree.links)
    findings = [f for k, v in tree.visits.items() if v.classified
                for f in (*v.classified.findings, *(v.refs.findings if v.refs else ()))
                if k == tree.root or f.severity != "info" or f.code in DEPENDENCY_INFO_CODES]
    findings += [*tree.findings, *terms.findings]
    return TargetResult(
        target=raw, kind=root.kind, repo_id=root.repo_id, revision=root.revision,
        requested_revision=root.requested_revision, components=terms.components[tree.root],
        dependencies=Dependencies(nodes=nodes, edges=edges), findings=tuple(dict.fromkeys(findings)), error=None,
    )


def failed_result(raw: str, kind: TargetKind, repo_id: str | None, revision: str | None, type_: ErrorType,
                  message: str) -> TargetResult:
    """The result of a target that could not be read: an error, no components, still in order."""
    return TargetResult(raw, kind, repo_id if kind != "local" else None, None, revision, Components(),
                        Dependencies(), (), ErrorInfo(type_, message))
