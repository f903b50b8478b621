"""A scanned tree → the TargetResult every reporter reads; a target that could not be read → its error result."""

from __future__ import annotations

from license_scan.graph.inherit import Effective
from license_scan.graph.walk import Tree, Visit
from license_scan.model import (
    Components, Dependencies, Edge, ErrorInfo, ErrorType, FileRecord, FileRole, Node, TargetKind, TargetResult,
)
from license_scan.source.snapshot import RepoFile, Snapshot

# A dependency's own info findings (no code, no datasets named) would repeat for every node;
# only these, which describe the tree itself, are kept for dependencies.
DEPENDENCY_INFO_CODES = ("relation-inferred", "repo-renamed")


def tree_result(raw: str, root: Snapshot, tree: Tree, terms: Effective) -> TargetResult:
    nodes = tuple(_node(v, terms.components.get(k, Components())) for k, v in tree.visits.items())
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


def _node(visit: Visit, effective: Components) -> Node:
    snap = visit.snapshot
    if snap is None or visit.classified is None:
        return Node(visit.node_id, visit.kind, None, visit.status, effective)
    own = visit.classified.components
    main = own.data if snap.kind == "dataset" else own.weights
    return Node(visit.node_id, visit.kind, snap.revision, visit.status, effective,
                declared=main.expression if main else None, files=file_records(snap), card=snap.facts)


def file_records(snap: Snapshot) -> tuple[FileRecord, ...]:
    """Every file the verdict rests on, in a stable order, with its digest; license texts kept."""
    groups: tuple[tuple[FileRole, tuple[RepoFile | None, ...]], ...] = (
        ("card", (snap.card,)), ("license", snap.license_files), ("config", (snap.config_file,)),
        ("code", snap.code_files), ("component", snap.component_files),
    )
    out: dict[str, FileRecord] = {}
    for role, files in groups:
        for f in files:
            if f is not None and f.path not in out:
                out[f.path] = FileRecord(f.path, role, f.sha256, f.size, f.unreadable_reason,
                                         f.text if role == "license" else None)
    return tuple(out.values())


def failed_result(raw: str, kind: TargetKind, repo_id: str | None, revision: str | None, type_: ErrorType,
                  message: str) -> TargetResult:
    """The result of a target that could not be read: an error, no components, still in order."""
    return TargetResult(raw, kind, repo_id if kind != "local" else None, None, revision, Components(),
                        Dependencies(), (), ErrorInfo(type_, message))
