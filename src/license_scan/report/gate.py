"""What the CI outputs of `check` say: every failing or warned finding of a result, placed where the
codebase names the result's target, with the dependency chain that carries the terms and how to fix
or except it (templates/help.yaml). Read by `sarif.py` and by the pull-request section of the
Markdown report (`gate_view.py`); nothing is judged again here, the findings are the verdict.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from license_scan.fileio import load_yaml
from license_scan.model import COMPONENT_NAMES, Edge, Node, Report, Severity, TargetResult

# A target the report holds no terms for (not found, gated, network, offline): never a pass.
TARGET_UNREADABLE_CODE = "target-unreadable"
GATE_SEVERITIES: tuple[Severity, ...] = ("error", "warning")  # info findings are not reported to CI
MAX_CHAINS = 4  # per finding


@lru_cache(maxsize=1)
def help_data() -> Mapping[str, Any]:
    """templates/help.yaml: `generic` and `codes`, each `{short, help}`."""
    data = load_yaml((resources.files("license_scan.report") / "templates" / "help.yaml").read_bytes())
    assert isinstance(data, dict) and isinstance(data.get("codes"), dict)
    return data


def rule_help(code: str) -> tuple[str, str]:
    """(short description, how to fix or except) for a finding code; the generic text for any other."""
    entry = help_data()["codes"].get(code) or help_data()["generic"]
    return str(entry["short"]), " ".join(str(entry["help"]).split())


@dataclass(frozen=True)
class Place:
    """Where the codebase names a target (or where a codebase finding is)."""

    path: str
    line: int
    column: int | None
    how: str
    named_as: str


@dataclass(frozen=True)
class GateFinding:
    target: str  # the result's target ("" for a finding about the codebase itself)
    repo: str  # the repo id it was read as (the target when it was not read)
    severity: Severity
    code: str
    message: str
    where: str  # where in a Hub repo the finding comes from ("org/x README.md:3"), or ""
    chains: tuple[str, ...]  # the dependency paths that carry the terms the message names
    places: tuple[Place, ...]  # where the codebase names the target; empty: nowhere (a plain scan)


def _places(report: Report) -> dict[str, tuple[Place, ...]]:
    """Every location naming each target, de-duplicated and in path, line, column order."""
    found: dict[str, dict[tuple[str, int, int], Place]] = {}
    for ref in report.references:
        for loc in ref.locations:
            key = (loc.path, loc.line, loc.column or 0)
            found.setdefault(ref.target, {}).setdefault(key, Place(loc.path, loc.line, loc.column, loc.how,
                                                                   ref.named_as))
    return {target: tuple(p for _, p in sorted(places.items())) for target, places in found.items()}


def _license_ids(node: Node | TargetResult) -> set[str]:
    return {lic.id for name in COMPONENT_NAMES if (c := getattr(node.components, name)) for lic in c.licenses}


def _mentions(text: str, license_id: str) -> int:
    """Where `text` names the license id as a whole token (LicenseRef-llama3 is not in LicenseRef-llama3.1)."""
    match = re.search(rf"(?<![\w.+-]){re.escape(license_id)}(?![\w+-]|\.\w)", text)
    return match.start() if match else -1


def chains(result: TargetResult, message: str) -> tuple[str, ...]:
    """For each license the message names: the path from the target to the repo that states it and
    passes it on, as the findings write chains (`a ← merge ← b ← finetune ← c (LicenseRef-x)`)."""
    deps = result.dependencies
    if not deps.nodes:
        return ()
    nodes = {n.id: n for n in deps.nodes}
    children: dict[str, list[Edge]] = {}
    for e in deps.edges:
        children.setdefault(e.source, []).append(e)
    root = deps.nodes[0].id
    reached: dict[str, Edge | None] = {root: None}  # breadth first: the shortest path to each repo
    queue = deque([root])
    while queue:
        for e in children.get(queue.popleft(), []):
            if e.target in nodes and e.target not in reached:
                reached[e.target] = e
                queue.append(e.target)
    named = sorted((pos, lic) for lic in _license_ids(result) if (pos := _mentions(message, lic)) >= 0)
    out: list[str] = []
    for _, lic in named:
        carriers = {nid for nid, n in nodes.items() if lic in _license_ids(n)}
        for nid in reached:
            declared = nodes[nid].declared or ""
            inherited = any(e.target in carriers for e in children.get(nid, []))
            if _mentions(declared, lic) >= 0 and not inherited:
                out.append(_path(reached, nid, root, lic))
    return tuple(dict.fromkeys(out))[:MAX_CHAINS]


def _path(reached: Mapping[str, Edge | None], nid: str, root: str, lic: str) -> str:
    if nid == root:
        return f"{lic}: stated by {root} itself"
    steps = [nid]
    edge = reached[nid]
    while edge is not None:
        steps[:0] = [edge.source, edge.relation]
        edge = reached[edge.source]
    return f"{lic}: {' ← '.join(steps)}"


def _where(repo: str | None, path: str | None, line: int | None) -> str:
    spot = f"{path}:{line}" if path and line else path or ""
    return " ".join(x for x in (repo, spot) if x)


def gate_findings(report: Report) -> list[GateFinding]:
    """Every error and warning of every result (and a target-unreadable error for a result that could
    not be read, or a reference with no result), placed where the codebase names its target."""
    places = _places(report)
    out: list[GateFinding] = []
    for r in report.results:
        repo = r.repo_id or r.target
        mine = places.get(r.target, ())
        if r.error is not None:
            out.append(GateFinding(r.target, repo, "error", TARGET_UNREADABLE_CODE,
                                   f"{r.target}: not scanned ({r.error.type}): {r.error.message}", "", (), mine))
        for f in r.findings:
            if f.severity not in GATE_SEVERITIES:
                continue
            src = f.source
            if src is not None and src.repo is None and src.path:  # a finding about the codebase's own file
                here: tuple[Place, ...] = (Place(src.path, src.line or 1, None, "", ""),)
                out.append(GateFinding("", repo, f.severity, f.code, f.message, "", (), here))
                continue
            where = "" if src is None or (src.repo == repo and not src.path) else _where(src.repo, src.path, src.line)
            out.append(GateFinding(r.target, repo, f.severity, f.code, f.message, where, chains(r, f.message), mine))
    scanned = {r.target for r in report.results}
    for ref in report.references:
        if ref.target not in scanned:
            scanned.add(ref.target)
            out.append(GateFinding(ref.target, ref.target, "error", TARGET_UNREADABLE_CODE,
                                   f"{ref.target}: not scanned: the report holds no result for it", "", (),
                                   places.get(ref.target, ())))
    return out
