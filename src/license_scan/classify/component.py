"""Resolve one component's evidence into an expression, a category and obligations.

Front matter, tags and license files are strong evidence; card prose counts
only when nothing stronger names a license, or when it names something more
restrictive (then it joins the expression: the most restrictive reading wins),
and a verdict resting on prose alone says so.

What could not be read or identified is never dropped: evidence without a rule
(an unidentified or unreadable license file, a `license:` value or
`license_name` no rule knows, a partial text) is unknown terms and joins the
component by the AND rule, so the component is `unknown`. A placeholder
(`other`, `unknown`, `cc`) says "the terms are elsewhere": an identified
license file the card does not already declare resolves it; nothing else does.
A file that states no terms (`Evidence.no_terms`) is recorded and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from license_expression import ExpressionError, LicenseSymbol, Licensing

from license_scan.classify.category import expression_category, join_and, rank
from license_scan.model import (
    Category,
    Component,
    ComponentName,
    Evidence,
    Finding,
    FindingSource,
    LicenseInfo,
    Obligation,
)
from license_scan.ruleset import PLACED_BY_FALLBACK, Rule, Ruleset

STRONG_SOURCES = ("front-matter", "tags", "file", "inherited")
DECLARED_SOURCES = ("front-matter", "tags")
PLACEHOLDER_FAMILY = "unresolved"
MODIFIED_CATEGORY: Category = "custom-restricted"  # added terms make a known license custom-restricted
_LICENSING = Licensing()


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


def _choose(evidence: tuple[Evidence, ...], ruleset: Ruleset) -> tuple[list[tuple[Evidence, Rule]], bool]:
    """The concrete licenses that decide, and whether they rest on prose alone."""
    identified = [(ev, _effective(ruleset.get(ev.rule), ruleset)) for ev in evidence if ev.rule]
    concrete = [(ev, r) for ev, r in identified if not _is_placeholder(r)]
    strong = [(ev, r) for ev, r in concrete if ev.source in STRONG_SOURCES]
    prose = [(ev, r) for ev, r in concrete if ev.source == "prose"]
    if not strong:
        return prose, bool(prose)
    chosen = list(strong)
    worst_strong = max(rank(_category(ev, r)) for ev, r in strong)
    for ev, r in prose:
        if rank(_category(ev, r)) > worst_strong and all(r.id != s.id for _, s in strong):
            chosen.append((ev, r))
    return chosen, False


def _unknown_terms(evidence: tuple[Evidence, ...], chosen: list[tuple[Evidence, Rule]],
                   ruleset: Ruleset) -> list[Evidence]:
    """Evidence of terms that could not be identified, and placeholders nothing resolved."""
    unknown = [ev for ev in evidence if ev.rule is None and not ev.no_terms]  # prose naming unknown terms too
    declared = {r.id for ev, r in chosen if ev.source in DECLARED_SOURCES}
    resolved = any(ev.source == "file" and r.id not in declared for ev, r in chosen)
    for ev in evidence:
        if ev.rule and not resolved and _is_placeholder(_effective(ruleset.get(ev.rule), ruleset)):
            unknown.append(ev)
    return unknown


def resolve_component(name: ComponentName, evidence: tuple[Evidence, ...], ruleset: Ruleset, *,
                      repo: str | None) -> Resolved:
    """Build the component; None when there is no evidence at all for it."""
    if not evidence:
        return Resolved(None, ())
    findings: list[Finding] = []
    chosen, prose_only = _choose(evidence, ruleset)
    _conflicts(name, chosen, repo, findings)
    unknown = _unknown_terms(evidence, chosen, ruleset)

    infos: dict[str, LicenseInfo] = {}
    terms: list[str] = []
    obligations: list[Obligation] = []
    for ev, rule in chosen:
        term, stated = _stated(ev, rule, ruleset)
        terms.append(term)
        for lic_rule, lic_id in ((ruleset.by_license_id(i), i) for i in stated):
            info = (LicenseInfo(lic_rule.license_id, lic_rule.hub_id, lic_rule.name, _category(ev, lic_rule),
                                ev.modified) if lic_rule else LicenseInfo(lic_id, None, lic_id, "unknown"))
            prior = infos.get(info.id)
            if prior is None or (info.modified and not prior.modified):
                infos[info.id] = info
            if prior is None and lic_rule is not None:
                obligations.extend(_obligations(lic_rule, name))
                if lic_rule.placed_by == PLACED_BY_FALLBACK:
                    findings.append(Finding(
                        "warning", "spdx-unplaced",
                        f"{lic_rule.license_id} is neither OSI-approved nor FSF-libre and no rule places it; "
                        "treated as custom-restricted until a rule says otherwise",
                        FindingSource(repo, ev.path, None)))
    if unknown:
        for ev in unknown:  # the declared placeholder (`other`, `unknown`, `cc`) stays visible
            held = ruleset.get(ev.rule) if ev.rule else None
            if held is not None and held.license_id not in infos:
                infos[held.license_id] = LicenseInfo(held.license_id, held.hub_id, held.name, "unknown")
        if all(ev.rule for ev in unknown):  # other unknown terms already carry their own finding
            findings.extend(_placeholder_findings(name, unknown, ruleset, repo))
        return Resolved(Component("NOASSERTION", "unknown", tuple(infos.values()), tuple(evidence),
                                  tuple(obligations)), tuple(findings))
    if not terms:
        return Resolved(Component("NOASSERTION", "unknown", (), tuple(evidence), ()), tuple(findings))
    if prose_only:
        sentences = "; ".join(sorted({f"{ev.path}:{ev.span.start_line if ev.span else '?'}" for ev, _ in chosen}))
        findings.append(Finding("warning", "license-from-prose",
                                f"{name}: the license rests on card prose alone ({sentences}); no metadata or "
                                "license file states it", FindingSource(repo, chosen[0][0].path, None)))
    expression = join_and(terms)
    category = expression_category(expression, lambda key: infos[key].category if key in infos else "unknown")
    return Resolved(Component(expression, category, tuple(infos.values()), tuple(evidence), tuple(obligations)),
                    tuple(findings))


def _stated(ev: Evidence, rule: Rule, ruleset: Ruleset) -> tuple[str, list[str]]:
    """The term a piece of evidence adds to the expression, and the license ids in it.

    Plain evidence states its rule's license; evidence with a stated expression (`MIT OR
    Apache-2.0`, `Apache-2.0 WITH LLVM-exception`, already in the rule set's ids: the detectors
    write it so) keeps it whole, its licenses being every symbol but the exceptions.
    """
    if not ev.expression:
        return rule.license_id, [rule.license_id]
    try:
        parsed = _LICENSING.parse(ev.expression)
    except ExpressionError:
        return rule.license_id, [rule.license_id]
    ids: list[str] = []
    for symbol in _LICENSING.license_symbols(parsed, decompose=False):
        license_symbol = getattr(symbol, "license_symbol", symbol)  # `X WITH Y`: X
        if isinstance(license_symbol, LicenseSymbol):
            ids.append(license_symbol.key)
    return (ev.expression, list(dict.fromkeys(ids))) if ids else (rule.license_id, [rule.license_id])


def _placeholder_findings(name: str, unknown: list[Evidence], ruleset: Ruleset, repo: str | None) -> list[Finding]:
    """A placeholder nothing resolved says so."""
    out = []
    for ev in unknown:
        rule = ruleset.get(ev.rule) if ev.rule else None
        if rule is not None:
            out.append(Finding("warning", "license-placeholder-unresolved",
                               f"{ev.path or 'README.md'}: license '{rule.hub_id or rule.license_id}' says the "
                               f"terms are elsewhere, but no license_name, license_link or license file names "
                               f"them; the {name} terms are unknown", FindingSource(repo, ev.path, None)))
    return out


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
    declared = {rule.id for ev, rule in by_source.values() if ev.source in DECLARED_SOURCES}
    places = {(ev.source, ev.path) for ev, _ in by_source.values()}
    if len(rules) < 2 or len(declared) == len(rules) or len(places) == 1:
        # one license; the card's own list (already reported as license-list); or one file or one card's
        # prose naming several (two restrictions it states, two texts it holds): a list, not a disagreement
        return
    parts = sorted({f"{_describe(ev)} says {rule.license_id}" for ev, rule in by_source.values()})
    findings.append(Finding(
        "warning", "license-conflict",
        f"{name}: sources disagree: {'; '.join(parts)}; the most restrictive reading applies",
        FindingSource(repo, None, None)))
