"""The Report as the Markdown and HTML summaries show it: verdicts first, then what you must do,
findings, the dependency tree and the evidence. Plain data for the templates; every string that
came from a card or a repo stays a plain string here and is escaped by the template environment.
"""

from __future__ import annotations

import re
from typing import Any

from license_scan.model import COMPONENT_NAMES, Component, Edge, Evidence, Node, Obligation, Report, TargetResult
from license_scan.policy.exit import is_complete
from license_scan.report.jsonout import counts_by_category
from license_scan.report.verdicts import meaning, param_words, verdict
from license_scan.ruleset import load_ruleset

SHORT_SHA = 12
VALUE_CHARS = 160
# Characters that change how text is shown, not what it says: controls, bidi overrides and isolates.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SEVERITY_MARK = {"error": "✖ error", "warning": "⚠ warning", "info": "ℹ info"}
ANSWER_MARK = {"allowed": "✔", "conditions": "◐", "review": "⚠", "unknown": "?", "denied": "✖", "none": "–"}
EXIT_WORDS = {0: "pass", 1: "policy violation", 2: "usage error", 3: "incomplete"}


def clean(value: Any) -> str:
    """A value as one line of text: invisible and control characters out, whitespace collapsed."""
    return " ".join(_INVISIBLE.sub("\ufffd", str(value)).split())


def _short(value: str | None, limit: int = VALUE_CHARS) -> str:
    text = clean(value or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rule_ids(license_id: str) -> set[str]:
    rule = load_ruleset().by_license_id(license_id)
    ids = {license_id, license_id.removeprefix("LicenseRef-")}
    return ids | ({rule.id} if rule else set())


def _where(ev: Evidence) -> str:
    where = ev.path or ev.source
    return f"{where}:{ev.span.start_line}" if ev.span is not None else where


def _own_evidence(node: Node | None) -> list[tuple[str, Evidence]]:
    if node is None:
        return []
    return [(name, ev) for name in COMPONENT_NAMES if (c := getattr(node.components, name))
            for ev in c.evidence if ev.source != "inherited"]


def _files_for(node: Node | None, license_id: str) -> list[str]:
    """Where a repo states a license: the evidence paths (file:line) naming it."""
    ids = _rule_ids(license_id)
    hits = [f"{_where(ev)} ({ev.source})" for _, ev in _own_evidence(node)
            if ev.rule in ids or (ev.expression and license_id in ev.expression.split())]
    return list(dict.fromkeys(hits))


def _must_do(r: TargetResult, nodes: dict[str, Node], root: Node | None) -> list[dict[str, Any]]:
    """Obligations of every component, de-duplicated by (kind, text), each traced to license, repo, file."""
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for name in COMPONENT_NAMES:
        c: Component | None = getattr(r.components, name)
        for o in c.obligations if c else ():
            item = items.setdefault((o.kind, clean(o.text)), {
                "kind": o.kind, "label": meaning()["labels"].get(o.kind, o.kind), "text": clean(o.text),
                "components": [], "traces": [], "_seen": set()})
            if name not in item["components"]:
                item["components"].append(name)
            _trace(item, o, r, nodes, root)
    groups = []
    for group in meaning()["groups"]:
        members = [i for (kind, _), i in items.items() if kind in group["kinds"]]
        members.sort(key=lambda i: group["kinds"].index(i["kind"]))
        for i in members:
            i.pop("_seen", None)
        if members:
            groups.append({"title": group["title"], "entries": members})
    return groups


def _trace(item: dict[str, Any], o: Obligation, r: TargetResult, nodes: dict[str, Node], root: Node | None) -> None:
    repo = o.source.split(":", 1)[1] if o.source.startswith("inherited:") else (root.id if root else r.repo_id)
    key = (o.license, repo)
    if key in item["_seen"]:
        return
    item["_seen"].add(key)
    node = nodes.get(repo or "")
    item["traces"].append({
        "license": o.license, "repo": repo or r.target, "files": _files_for(node, o.license),
        "params": param_words(o.params), "via": clean(o.params.get("inherited_via") or ""),
    })


STATUS_MARK = {"met": "✔ met", "unmet": "✖ unmet", "user": "yours to meet"}


def obligation_where(o: Obligation) -> str:
    """Where an obligation was seen met (`file:line`, a found value), or what was looked for and where."""
    ev = o.evidence
    place = "" if ev is None or ev.path is None else ev.path + (f":{ev.line}" if ev.line else "")
    if o.status == "met":
        return " ".join(x for x in (place, f"({_short(ev.value, 80)})" if ev and ev.value else "") if x)
    if o.status == "unmet":
        found = f" (found: {_short(ev.value, 80)})" if ev and ev.value else ""
        return f"missing: {o.looked_for or 'any trace'}{found}" + (f"; belongs in {place}" if place else "")
    return ""


def _checks(r: TargetResult) -> list[dict[str, Any]]:
    """The target's obligations per component, met / unmet / yours to meet, each once."""
    out: list[dict[str, Any]] = []
    for name in COMPONENT_NAMES:
        c: Component | None = getattr(r.components, name)
        rows = list({(o.kind, o.license, o.status, obligation_where(o)): o
                     for o in (c.obligations if c else ()) if o.status}.values())
        if not rows:
            continue
        counts = {s: sum(1 for o in rows if o.status == s) for s in STATUS_MARK}
        out.append({"component": name, "met": counts["met"], "unmet": counts["unmet"], "user": counts["user"],
                    "rows": [{"kind": o.kind, "license": o.license, "status": o.status,
                              "mark": STATUS_MARK[o.status or "user"], "where": clean(obligation_where(o))}
                             for o in sorted(rows, key=lambda o: list(STATUS_MARK).index(o.status or "user"))]})
    return out


def _tree(r: TargetResult) -> list[dict[str, Any]]:
    """The dependency tree as nested entries; a node reached again is named, not expanded again."""
    deps = r.dependencies
    if not deps.nodes:
        return []
    nodes = {n.id: n for n in deps.nodes}
    children: dict[str, list[Edge]] = {}
    for e in deps.edges:
        children.setdefault(e.source, []).append(e)
    drawn: set[str] = set()

    def entry(node: Node, relation: str | None, path: tuple[str, ...]) -> dict[str, Any]:
        again = "cycle" if node.id in path else "see above" if node.id in drawn else ""
        drawn.add(node.id)
        c = node.components
        part = c.code if relation == "code" else c.data if node.kind == "dataset" else c.weights
        return {
            "relation": relation, "id": node.id, "kind": node.kind, "status": node.status, "again": again,
            "revision": (node.revision or "")[:SHORT_SHA], "category": part.category if part else "-",
            "expression": part.expression if part else "", "declared": node.declared,
            "children": [] if again else [entry(nodes[e.target], e.relation, (*path, node.id))
                                          for e in children.get(node.id, []) if e.target in nodes],
        }

    return [entry(deps.nodes[0], None, ())]


def _evidence_rows(r: TargetResult) -> list[dict[str, Any]]:
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for node in r.dependencies.nodes:
        for name, ev in _own_evidence(node):
            key = (node.id, ev.source, _where(ev), ev.rule, ev.expression, ev.sha256, ev.value)
            row = rows.setdefault(key, {
                "repo": node.id, "commit": node.revision or "", "components": [], "source": ev.source,
                "file": _where(ev), "sha256": ev.sha256 or "", "score": f"{ev.score:.2f}",
                "rule": ev.expression or ev.rule or ("no terms" if ev.no_terms else "not identified"),
                "value": _short(ev.value), "modified": ev.modified})
            if name not in row["components"]:
                row["components"].append(name)
    return list(rows.values())


def _card(node: Node | None) -> dict[str, Any] | None:
    card = node.card if node else None
    if card is None:
        return None
    facts = [("task", card.task), ("library", card.library), ("languages", ", ".join(card.languages)),
             ("tags", ", ".join(card.tags)), ("base models", ", ".join(card.base_models)),
             ("datasets", ", ".join(card.datasets))]
    return {"facts": [(k, _short(v)) for k, v in facts if v],
            "intended_use": _short(card.intended_use, 600), "limitations": _short(card.limitations, 600)}


def _rows(entries: list[dict[str, Any]], depth: int) -> list[tuple[int, dict[str, Any]]]:
    """The tree flattened in drawing order, each entry with its depth."""
    return [row for e in entries for row in [(depth, e), *_rows(e["children"], depth + 1)]]


def _target(r: TargetResult) -> dict[str, Any]:
    tree = _tree(r)
    nodes = {n.id: n for n in r.dependencies.nodes}
    root = r.dependencies.nodes[0] if r.dependencies.nodes else None
    findings = [{"severity": f.severity, "mark": SEVERITY_MARK[f.severity], "code": f.code,
                 "message": clean(f.message),
                 "where": " ".join(clean(x) for x in (f.source.repo, f.source.path) if x) if f.source else ""}
                for f in r.findings]
    return {
        "target": r.target, "kind": r.kind, "repo_id": r.repo_id or r.target, "revision": r.revision or "",
        "requested_revision": r.requested_revision, "complete": is_complete(r),
        "error": None if r.error is None else {"type": r.error.type, "message": clean(r.error.message)},
        "verdicts": [verdict(name, getattr(r.components, name), dataset=r.kind == "dataset")
                     for name in ("weights", "code", "data")],
        "must_do": _must_do(r, nodes, root), "checks": _checks(r), "findings": findings, "tree": tree, "tree_rows": _rows(tree, 0),
        "evidence": _evidence_rows(r), "card": _card(root),
        "files": [{"repo": n.id, "path": f.path, "role": f.role, "sha256": f.sha256 or "",
                   "unreadable": f.unreadable or ""} for n in r.dependencies.nodes for f in n.files],
    }


def build_view(report: Report) -> dict[str, Any]:
    counts = {k: v for k, v in counts_by_category(report).items() if v}
    return {
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "ruleset": {"version": report.ruleset.version, "digest": report.ruleset.digest},
        "generated_at": report.generated_at, "exit_code": report.exit_code,
        "exit_words": EXIT_WORDS.get(report.exit_code, str(report.exit_code)),
        "complete": all(is_complete(r) for r in report.results), "counts": counts,
        "targets": [_target(r) for r in report.results],
        "answer_mark": ANSWER_MARK, "questions": [q["label"] for q in meaning()["questions"]],
    }
