"""A model's data component: the AND of the datasets it names, each judged from its own Hub repo.

`join_components` is the AND of several components with where each part came
from kept as "inherited" evidence; a derivative's parents combine the same way
(graph/inherit.py). Any part whose terms are unknown makes the whole unknown:
one unreadable dataset is enough to leave the training data's terms open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from license_scan.classify.category import expression_category, join_and
from license_scan.model import Component, Evidence, Finding, FindingSource, LicenseInfo, Obligation
from license_scan.ruleset import Ruleset

INHERITED_SCORE = 1.0  # a parent's resolved license is as certain as the parent's own verdict
NOT_ON_HUB = "not a Hub dataset id (org/name)"


@dataclass(frozen=True)
class Part:
    """One component that joins another: a parent's weights, a dataset's data, a code repo's code."""

    origin: str  # node id the terms come from
    component: Component | None  # None: nothing could be judged
    reason: str | None = None  # why the terms are unknown, when they are
    relation: str = "dataset"
    binds_derivative: bool = False  # a weights parent: its derivative-binding terms say so


def _inherited(ob: Obligation, name: str, part: Part, binding_kinds: Sequence[str]) -> Obligation:
    params = dict(ob.params)
    first_hop = not ob.source.startswith("inherited:")
    if first_hop:
        params["inherited_via"] = f"{part.relation} of {part.origin}"
    if part.binds_derivative and ob.kind in binding_kinds:
        params["binds_derivatives"] = True
    source = f"inherited:{part.origin}" if first_hop else ob.source
    return Obligation(ob.kind, name, ob.text, ob.license, source, params)


def join_components(name: str, own: Component | None, parts: Sequence[Part], ruleset: Ruleset,
                    binding_kinds: Sequence[str] = ()) -> Component | None:
    """`own AND part1 AND part2 …`; NOASSERTION / unknown when any side is unknown."""
    if not parts:
        return own
    evidence = list(own.evidence) if own else []
    infos: dict[str, LicenseInfo] = {lic.id: lic for lic in own.licenses} if own else {}
    obligations = list(own.obligations) if own else []
    seen = {(o.kind, o.license, o.text) for o in obligations}
    unknown = own is not None and own.category == "unknown"
    for part in parts:
        comp = part.component
        label = f"{part.relation} of {part.origin}"
        if comp is None or comp.category == "unknown":
            unknown = True
            why = part.reason or ("no license evidence" if comp is None else "its license is unknown")
            evidence.append(Evidence("inherited", None, 0.0, path=part.origin, value=f"{label}: unknown ({why})"))
        for lic in comp.licenses if comp else ():
            evidence.append(Evidence("inherited", _rule_id(ruleset, lic.id), INHERITED_SCORE, path=part.origin,
                                     value=f"{label}: {lic.id}", modified=lic.modified))
            prior = infos.get(lic.id)
            if prior is None or (lic.modified and not prior.modified):
                infos[lic.id] = lic
        for ob in comp.obligations if comp else ():
            if (ob.kind, ob.license, ob.text) not in seen:
                seen.add((ob.kind, ob.license, ob.text))
                obligations.append(_inherited(ob, name, part, binding_kinds))
    if unknown or not infos:
        expression, category = "NOASSERTION", "unknown"
    else:
        expression = join_and(infos)
        category = expression_category(expression, lambda key: infos[key].category if key in infos else "unknown")
    return Component(expression, category, tuple(infos.values()), tuple(evidence), tuple(obligations))


def data_component(own: Component | None, datasets: Sequence[Part], not_on_hub: Sequence[str], ruleset: Ruleset,
                   *, repo: str | None) -> tuple[Component | None, tuple[Finding, ...]]:
    """Own data evidence (LICENSE-DATA, card prose) AND every dataset named; None when none is named."""
    findings = tuple(
        Finding("warning", "dataset-not-on-hub",
                f"{repo}: dataset '{name}' is {NOT_ON_HUB}, so it cannot be looked up; its terms are unknown. "
                "Name it by its Hub id in the card's `datasets:` to have it checked.",
                FindingSource(repo, "README.md", None))
        for name in not_on_hub)
    parts = [*datasets, *(Part(name, None, NOT_ON_HUB) for name in not_on_hub)]
    return join_components("data", own, parts, ruleset), findings


def _rule_id(ruleset: Ruleset, license_id: str) -> str | None:
    rule = ruleset.by_license_id(license_id)
    return rule.id if rule else None
