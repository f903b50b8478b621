"""Plain text for a person at a terminal: verdict first, then where it came from."""

from __future__ import annotations

from license_scan.model import Component, Edge, Evidence, Node, Obligation, Report, TargetResult
from license_scan.report.jsonout import counts_by_category
from license_scan.report.view import obligation_where

SHORT_SHA = 12
_NONE_TEXT = {
    "code": "no code in the repo",
    "weights": "no license evidence",
    "data": "no training data named",
}


MAX_LOCATIONS_SHOWN = 5  # places a reference is named, listed in the text report; the JSON has them all


def _evidence_line(ev: Evidence) -> str:
    unread = bool(ev.value and ev.value.startswith("unreadable"))
    what = ev.expression or ev.rule or ("not read" if unread else "no terms" if ev.no_terms else "unrecognised")
    where = ev.path or ev.source
    parts = [f"{ev.source}: {where}"]
    if ev.span is not None:
        parts[0] += f":{ev.span.start_line}"
    if ev.value:
        parts.append(ev.value if len(ev.value) <= 80 else ev.value[:77] + "...")
    if ev.sha256:
        parts.append(f"sha256 {ev.sha256[:SHORT_SHA]}")
    flag = " (modified)" if ev.modified else ""
    return f"{what}{flag} <- {', '.join(parts)} [score {ev.score:.2f}]"


def _component(name: str, c: Component | None, lines: list[str]) -> None:
    if c is None:
        lines.append(f"  {name:<8} -  {_NONE_TEXT[name]}")
        return
    names = "; ".join(f"{l.name}{' (modified)' if l.modified else ''}" for l in c.licenses) or "no license identified"
    lines.append(f"  {name:<8} {c.category:<18} {c.expression}")
    lines.append(f"  {'':<8} {names}")
    for ev in c.evidence:
        lines.append(f"  {'':<10}{_evidence_line(ev)}")


def _node_category(node: Node, relation: str | None) -> str:
    """The component an edge is about: code for a code edge, data for a dataset, else the weights."""
    c = node.components
    part = c.code if relation == "code" else c.data if node.kind == "dataset" else c.weights
    return part.category if part is not None else "-"


def _tree(r: TargetResult, lines: list[str]) -> None:
    """The dependency tree by indentation; a node reached again is named, not expanded again."""
    deps = r.dependencies
    if len(deps.nodes) < 2:
        return
    nodes = {n.id: n for n in deps.nodes}
    children: dict[str, list[Edge]] = {}
    for e in deps.edges:
        children.setdefault(e.source, []).append(e)
    root = deps.nodes[0]
    lines.append(f"  dependencies: {len(deps.nodes)} nodes, {len(deps.edges)} edges (relation, repo, category, status)")
    lines.append(f"    {root.id}  {_node_category(root, None)}{_status(root)}")
    drawn = {root.id}
    stack: list[tuple[Edge, int, tuple[str, ...]]] = [(e, 1, (root.id,)) for e in reversed(children.get(root.id, []))]
    while stack:
        edge, level, path = stack.pop()
        node = nodes[edge.target]
        again = " (cycle)" if edge.target in path else " (see above)" if edge.target in drawn else ""
        lines.append(f"    {'   ' * level}{edge.relation} {node.id}  {_node_category(node, edge.relation)}"
                     f"{_status(node)}{again}")
        if not again:
            drawn.add(node.id)
            stack.extend((e, level + 1, (*path, node.id)) for e in reversed(children.get(node.id, [])))


def _status(node: Node) -> str:
    return "" if node.status == "ok" else f" [{node.status}]"


STATUS_WORDS = {"met": "met", "unmet": "UNMET", "user": "yours"}


def _obligation(o: Obligation) -> str:
    origin = f", {o.source}" if o.source.startswith("inherited:") else ""
    binding = "; binds derivatives" if o.params.get("binds_derivatives") else ""
    status = f"{STATUS_WORDS[o.status]}: " if o.status else ""
    where = obligation_where(o)
    return f"    - [{o.component}] {status}{o.kind}: {o.text} ({o.license}{origin}{binding})" + \
        (f" -- {where}" if where else "")


def _checked(obligations: list[Obligation]) -> list[str]:
    """One line per component: how many of its obligations are met, unmet, yours to meet."""
    out = []
    for name in ("weights", "code", "data"):
        mine = [o for o in obligations if o.component == name and o.status]
        if mine:
            n = {s: sum(1 for o in mine if o.status == s) for s in STATUS_WORDS}
            out.append(f"    {name}: {n['met']} met, {n['unmet']} unmet, {n['user']} yours to meet")
    return out


def _result(r: TargetResult, lines: list[str]) -> None:
    if r.error is not None:
        lines.append(f"{r.target}: ERROR ({r.error.type}) {r.error.message}")
        return
    rev = r.revision[:SHORT_SHA] if r.revision else "no revision (not a git checkout)"
    lines.append(f"{r.repo_id} ({r.kind}) at {rev}")
    for name in ("weights", "code", "data"):
        _component(name, getattr(r.components, name), lines)
    obligations = [o for name in ("weights", "code", "data") if (c := getattr(r.components, name))
                   for o in c.obligations]
    if obligations:
        lines.append("  obligations:")
        lines.extend(_checked(obligations))
        for o in obligations:
            lines.append(_obligation(o))
    _tree(r, lines)
    if r.findings:
        lines.append("  findings:")
        for f in r.findings:
            lines.append(f"    {f.severity:<7} {f.code}: {f.message}")


def _references(report: Report, lines: list[str]) -> None:
    """`check`: where the codebase names each repo, then what it could not resolve."""
    if not report.references and not report.findings:
        return
    lines.append(f"{len(report.references)} Hub repo(s) named in the code:")
    for ref in report.references:
        where = ", ".join(f"{loc.path}:{loc.line}" for loc in ref.locations[:MAX_LOCATIONS_SHOWN])
        more = f" and {len(ref.locations) - MAX_LOCATIONS_SHOWN} more" if len(ref.locations) > MAX_LOCATIONS_SHOWN else ""
        lines.append(f"  {ref.target}  <- {where}{more}")
    for f in report.findings:
        lines.append(f"  {f.severity:<7} {f.code}: {f.message}")
    lines.append("")


def render_text(report: Report) -> str:
    lines: list[str] = []
    _references(report, lines)
    for r in report.results:
        _result(r, lines)
        lines.append("")
    counts = ", ".join(f"{k} {v}" for k, v in counts_by_category(report).items() if v)
    errors = sum(1 for r in report.results if r.error)
    status = {0: "pass", 1: "policy violation", 3: "incomplete"}.get(report.exit_code, str(report.exit_code))
    nodes = sum(len(r.dependencies.nodes) for r in report.results)
    lines.append(
        f"{len(report.results)} target(s), {errors} error(s); {nodes} node(s): {counts or 'nothing classified'}; "
        f"exit {report.exit_code} ({status}); rule set {report.ruleset.version}"
    )
    return "\n".join(lines) + "\n"
