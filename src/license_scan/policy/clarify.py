"""`clarify`: the team states a repo component's terms where the scanner could not tell (cargo-deny's model).

A clarification replaces one repo's own verdict for one component, and only
while every file it names still has the sha256 it names. It is applied when
each repo is classified (`apply_clarify`, which `scan.py` runs for every repo
of the tree), before inheritance: so a clarified dependency changes the
effective terms of everything that inherits from it, and a clarified target
still carries what it inherits. `clarify_findings` then says, per result,
which clarifications applied and which no longer do and why.
"""

from __future__ import annotations

from dataclasses import replace

from license_scan.classify.category import expression_category
from license_scan.classify.snapshot import Classified
from license_scan.graph.assemble import file_records
from license_scan.graph.walk import node_id
from license_scan.model import (
    Category, Component, Evidence, FileRecord, Finding, FindingSource, LicenseInfo, Node, Obligation, TargetResult,
)
from license_scan.policy.spec import CLARIFIED_CODE, CLARIFY_STALE_CODE, Clarification, Policy
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

CLARIFY_MARK = "clarified by policy"  # the value of the evidence a clarification adds starts so
CUSTOM_CATEGORY: Category = "custom-restricted"  # a LicenseRef of the team's own: bespoke terms


def stale_reason(clar: Clarification, files: tuple[FileRecord, ...]) -> str | None:
    """None when every named file was read with the named hash; else why the clarification no longer applies."""
    by_path = {f.path: f for f in files}
    problems = []
    for path, digest in clar.files.items():
        record = by_path.get(path)
        if record is None:
            problems.append(f"{path} was not read (not in the repo at this revision, or not a license-like file)")
        elif record.sha256 is None:
            problems.append(f"{path} could not be read ({record.unreadable or 'unreadable'})")
        elif record.sha256.lower() != digest:
            problems.append(f"{path} changed: sha256 {record.sha256[:12]}…, the clarification names {digest[:12]}…")
    return "; ".join(problems) or None


def _matches(clar: Clarification, repo: str) -> bool:
    return clar.target.lower() == repo.lower()


def clarified_component(clar: Clarification, original: Component | None, ruleset: Ruleset) -> Component:
    """The component the clarification states: its licenses, category and the rule set's obligations."""
    infos: dict[str, LicenseInfo] = {}
    obligations: list[Obligation] = []
    for symbol in sorted(set(clar.expression.replace("(", " ").replace(")", " ").split()) - {"AND", "OR", "WITH"},
                         key=clar.expression.find):
        rule = ruleset.by_license_id(symbol)
        if rule is None:
            if symbol.startswith("LicenseRef-"):
                infos[symbol] = LicenseInfo(symbol, None, symbol, CUSTOM_CATEGORY)
            continue  # an exception id after WITH
        infos[symbol] = LicenseInfo(rule.license_id, rule.hub_id, rule.name, rule.category)
        obligations += [Obligation(ob.kind, clar.component, ob.text, rule.license_id, f"rule:{rule.id}",
                                   dict(ob.params)) for ob in rule.obligations if ob.component in (clar.component, "any")]
    category = expression_category(clar.expression, lambda key: infos[key].category if key in infos else "unknown")
    before = original.expression if original is not None else "nothing"
    first = next((r.id for r in map(ruleset.by_license_id, infos) if r is not None), None)
    evidence = tuple(
        Evidence("file", first, 1.0, path=path, sha256=digest, expression=clar.expression,
                 value=f"{CLARIFY_MARK} ({clar.where}): {clar.reason}; the scanner read {before}")
        for path, digest in clar.files.items())
    return Component(clar.expression, category, tuple(infos.values()),
                     evidence + (original.evidence if original else ()), tuple(obligations))


def apply_clarify(policy: Policy, snapshot: Snapshot, classified: Classified, ruleset: Ruleset) -> Classified:
    """A repo's own classification with the policy's clarifications for it applied (those still valid)."""
    if snapshot.repo_id is None:
        return classified
    repo = node_id(snapshot.kind, snapshot.repo_id)
    todo = [c for c in policy.clarify if _matches(c, repo)]
    if not todo:
        return classified
    records = file_records(snapshot)
    components = classified.components
    for clar in todo:
        if stale_reason(clar, records) is None:
            original = getattr(components, clar.component)
            components = replace(components, **{clar.component: clarified_component(clar, original, ruleset)})
    return replace(classified, components=components)


def clarify_findings(policy: Policy, result: TargetResult) -> list[Finding]:
    """Per clarification whose repo is in this result's tree: applied (info) or no longer applying (warning)."""
    out: list[Finding] = []
    for clar in policy.clarify:
        node = next((n for n in result.dependencies.nodes if _matches(clar, n.id)), None)
        if node is None:
            continue
        why = stale_reason(clar, node.files) if node.status in ("ok", "gated") else f"the repo was not read ({node.status})"
        source = FindingSource(node.id, next(iter(clar.files)), None)
        if why is None and not _applied(node, clar):
            why = "its files match, but this run did not apply it (the scan classified without the policy)"
        if why is None:
            out.append(Finding("info", CLARIFIED_CODE,
                               f"{node.id} {clar.component}: {clar.expression} as {clar.rule} states "
                               f"({clar.reason}), in place of the scanner's verdict; it rests on "
                               f"{', '.join(clar.files)} with the named sha256 and stops applying when they change",
                               source))
        else:
            out.append(Finding("warning", CLARIFY_STALE_CODE,
                               f"{node.id} {clar.component}: {clar.rule} ({clar.expression}) no longer applies: "
                               f"{why}; the scanner's verdict stands, check the terms again and update the "
                               "clarification", source))
    return out


def _applied(node: Node, clar: Clarification) -> bool:
    comp = getattr(node.components, clar.component)
    return comp is not None and any((e.value or "").startswith(f"{CLARIFY_MARK} ({clar.where})") for e in comp.evidence)
