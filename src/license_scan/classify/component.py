"""Resolve one component's evidence into an expression, a category and obligations.

Front matter, tags and license files are strong evidence; card prose counts
only when nothing stronger names a license, or when it names something more
restrictive (then it joins the expression: the most restrictive reading wins).
Placeholders (`other`, `unknown`, `cc`) give way to any concrete license.
"""

from __future__ import annotations

from dataclasses import dataclass

from license_scan.classify.category import expression_category, join_and, rank
from license_scan.model import Category, Component, ComponentName, Evidence, Finding, FindingSource, LicenseInfo, Obligation
from license_scan.ruleset import PLACED_BY_FALLBACK, Rule, Ruleset

STRONG_SOURCES = ("front-matter", "tags", "file")
PLACEHOLDER_FAMILY = "unresolved"
MODIFIED_CATEGORY: Category = "custom-restricted"  # DESIGN.md: added terms make a known license custom-restricted


@dataclass(frozen=True)
class Resolved:
    component: Component | None
    findings: tuple[Finding, ...]


def _effective(rule: Rule, ruleset: Ruleset) -> Rule:
    """An acceptable use policy identifies the license it belongs to."""
    seen = set()
    while rule.part_of and rule.id not in seen:
        seen.add(rule.id)
        rule = ruleset.get(rule.part_of)
    return rule


def _is_placeholder(rule: Rule) -> bool:
    return rule.family == PLACEHOLDER_FAMILY or rule.category == "unknown"


def _describe(ev: Evidence) -> str:
    where = ev.path or ev.source
    return f"{where} ({ev.source}{': ' + ev.value if ev.value else ''})"


def resolve_component(name: ComponentName, evidence: tuple[Evidence, ...], ruleset: Ruleset, *, repo: str | None) -> Resolved:
    """Build the component; None when there is no evidence at all for it."""
    if not evidence:
        return Resolved(None, ())
    findings: list[Finding] = []
    identified = [(ev, _effective(ruleset.get(ev.rule), ruleset)) for ev in evidence if ev.rule]
    concrete = [(ev, r) for ev, r in identified if not _is_placeholder(r)]
    strong = [(ev, r) for ev, r in concrete if ev.source in STRONG_SOURCES or ev.source == "inherited"]
    prose = [(ev, r) for ev, r in concrete if ev.source == "prose"]
    chosen = list(strong)
    if prose:
        if not strong:
            chosen = prose
        else:
            worst_strong = max(rank(_category(ev, r)) for ev, r in strong)
            for ev, r in prose:
                if rank(_category(ev, r)) > worst_strong and all(r.id != s.id for _, s in strong):
                    chosen.append((ev, r))
    _conflicts(name, chosen, repo, findings)

    infos: dict[str, LicenseInfo] = {}
    obligations: list[Obligation] = []
    for ev, rule in chosen:
        info = LicenseInfo(rule.license_id, rule.hub_id, rule.name, _category(ev, rule), ev.modified)
        prior = infos.get(rule.license_id)
        if prior is None or (info.modified and not prior.modified):
            infos[rule.license_id] = info
        if prior is None:
            obligations.extend(_obligations(rule, name))
            if rule.placed_by == PLACED_BY_FALLBACK:
                findings.append(Finding(
                    "warning", "spdx-unplaced",
                    f"{rule.license_id} is neither OSI-approved nor FSF-libre and no rule places it; "
                    "treated as custom-restricted until a rule says otherwise",
                    FindingSource(repo, ev.path, None)))
    if not infos:
        # Nothing concrete: the expression is NOASSERTION, but the declared placeholder (`other`,
        # `unknown`, `cc`) stays visible so a reader sees what the author wrote.
        placeholders = {r.license_id: LicenseInfo(r.license_id, r.hub_id, r.name, "unknown")
                        for _, r in identified if _is_placeholder(r)}
        return Resolved(Component("NOASSERTION", "unknown", tuple(placeholders.values()), tuple(evidence), ()),
                        tuple(findings))
    expression = join_and(infos)
    category = expression_category(expression, lambda key: infos[key].category if key in infos else "unknown")
    return Resolved(
        Component(expression, category, tuple(infos.values()), tuple(evidence), tuple(obligations)),
        tuple(findings),
    )


def _category(ev: Evidence, rule: Rule) -> Category:
    if ev.modified and rank(rule.category) < rank(MODIFIED_CATEGORY):
        return MODIFIED_CATEGORY
    return rule.category


def _obligations(rule: Rule, component: ComponentName) -> list[Obligation]:
    return [
        Obligation(kind=ob.kind, component=component, text=ob.text, license=rule.license_id,
                   source=f"rule:{rule.id}", params=dict(ob.params))
        for ob in rule.obligations
        if ob.component in (component, "any")
    ]


def _conflicts(name: str, chosen: list[tuple[Evidence, Rule]], repo: str | None, findings: list[Finding]) -> None:
    """Sources that name different licenses for one component: say which, by source."""
    by_source: dict[str, tuple[Evidence, Rule]] = {}
    for ev, rule in chosen:
        if ev.source == "inherited":
            continue
        by_source.setdefault(f"{ev.source}:{ev.path}:{rule.id}", (ev, rule))
    rules = {rule.id for _, rule in by_source.values()}
    declared = {rule.id for ev, rule in by_source.values() if ev.source in ("front-matter", "tags")}
    if len(rules) < 2 or len(declared) == len(rules):
        return  # one license, or only the card's own list (already reported as license-list)
    parts = sorted({f"{_describe(ev)} says {rule.license_id}" for ev, rule in by_source.values()})
    findings.append(Finding(
        "warning", "license-conflict",
        f"{name}: sources disagree: {'; '.join(parts)}; the most restrictive reading applies",
        FindingSource(repo, None, None)))
