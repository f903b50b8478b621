"""The JSON contract (`--format json`, described in docs/report-json.md), validated by report/schema/."""

from __future__ import annotations

from collections import Counter
from typing import Any

from license_scan.model import (
    CATEGORIES, INCOMPLETE_FINDINGS, Component, Components, Dependencies, Evidence, Finding, Obligation, Report,
    TargetResult,
)
from license_scan.policy.exit import is_complete
from license_scan.report.pretty import dumps_pretty

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://license-scan.dev/schema/report-1.0.json"


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "source": ev.source, "path": ev.path, "sha256": ev.sha256, "rule": ev.rule, "score": ev.score,
        "span": None if ev.span is None else {
            "start": ev.span.start, "end": ev.span.end, "start_line": ev.span.start_line, "end_line": ev.span.end_line,
        },
        "value": ev.value, "modified": ev.modified, "expression": ev.expression, "no_terms": ev.no_terms,
    }


def component_dict(c: Component | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "expression": c.expression,
        "category": c.category,
        "licenses": [
            {"id": l.id, "hub_id": l.hub_id, "name": l.name, "category": l.category, "modified": l.modified}
            for l in c.licenses
        ],
        "evidence": [_evidence(e) for e in c.evidence],
        "obligations": [
            {"kind": o.kind, "component": o.component, "text": o.text, "params": dict(o.params),
             "license": o.license, "source": o.source, **_obligation_status(o)}
            for o in c.obligations
        ],
    }


def _obligation_status(o: Obligation) -> dict[str, Any]:
    """`status` (met / unmet / user), `looked_for` and `evidence` once the obligation was checked."""
    if o.status is None:
        return {}
    ev = o.evidence
    return {"status": o.status, "looked_for": o.looked_for,
            "evidence": None if ev is None else {"path": ev.path, "line": ev.line, "value": ev.value}}


def components_dict(c: Components) -> dict[str, Any]:
    return {"code": component_dict(c.code), "weights": component_dict(c.weights), "data": component_dict(c.data)}


def finding_dict(f: Finding) -> dict[str, Any]:
    src = None if f.source is None else {"repo": f.source.repo, "path": f.source.path, "line": f.source.line}
    return {"severity": f.severity, "code": f.code, "message": f.message, "source": src}


def _dependencies(d: Dependencies) -> dict[str, Any]:
    return {
        "nodes": [
            {"id": n.id, "kind": n.kind, "revision": n.revision, "status": n.status,
             "components": components_dict(n.components), "declared": n.declared,
             "files": [{"path": f.path, "role": f.role, "sha256": f.sha256, "size": f.size,
                        "unreadable": f.unreadable, "text": f.text} for f in n.files],
             "card": None if n.card is None else {
                 "task": n.card.task, "library": n.card.library, "languages": list(n.card.languages),
                 "tags": list(n.card.tags), "base_models": list(n.card.base_models),
                 "datasets": list(n.card.datasets), "limitations": n.card.limitations,
                 "intended_use": n.card.intended_use}}
            for n in d.nodes
        ],
        "edges": [{"from": e.source, "to": e.target, "relation": e.relation} for e in d.edges],
    }


def result_dict(r: TargetResult) -> dict[str, Any]:
    return {
        "target": r.target, "kind": r.kind, "repo_id": r.repo_id, "revision": r.revision,
        "requested_revision": r.requested_revision, "complete": is_complete(r),
        "components": components_dict(r.components), "dependencies": _dependencies(r.dependencies),
        "findings": [finding_dict(f) for f in r.findings],
        "error": None if r.error is None else {"type": r.error.type, "message": r.error.message},
    }


def counts_by_category(report: Report) -> dict[str, int]:
    """Nodes per weights (or data, for datasets) category across all results' trees."""
    counts: Counter[str] = Counter({c: 0 for c in CATEGORIES})
    for r in report.results:
        for node in r.dependencies.nodes:
            main = node.components.data if node.kind == "dataset" else node.components.weights
            counts[main.category if main else "unknown"] += 1
    return dict(counts)


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "ruleset": {"version": report.ruleset.version, "digest": report.ruleset.digest},
        "generated_at": report.generated_at,
        "summary": {
            "complete": all(is_complete(r) for r in report.results)
            and not any(f.code in INCOMPLETE_FINDINGS for f in report.findings),
            "exit_code": report.exit_code,
            "targets": len(report.results),
            "errors": sum(1 for r in report.results if r.error),
            "counts_by_category": counts_by_category(report),
            **({} if report.depth is None else {"depth": report.depth}),
        },
        "results": [result_dict(r) for r in report.results],
        "references": [
            {"target": ref.target, "kind": ref.kind, "named_as": ref.named_as,
             "locations": [{"path": loc.path, "line": loc.line, "column": loc.column, "how": loc.how}
                           for loc in ref.locations]}
            for ref in report.references
        ],
        "findings": [finding_dict(f) for f in report.findings],
    }


def render_json(report: Report) -> str:
    return dumps_pretty(report_dict(report)) + "\n"  # json.dumps(..., indent=2, ensure_ascii=False), faster
