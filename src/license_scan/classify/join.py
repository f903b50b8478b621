"""The AND of several components, keeping where each part came from as "inherited" evidence.

Used for every component that gathers terms from elsewhere: a derivative's
weights from its parents, a model's code from code repos it runs, a model's
data from its datasets. Any part whose terms are unknown makes the whole
unknown: one unreadable parent or dataset is enough to leave the terms open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from license_scan.classify.category import expression_category, join_and
from license_scan.model import Category, Component, ComponentName, Evidence, LicenseInfo, Obligation, Relation
from license_scan.ruleset import Ruleset

INHERITED_SCORE = 1.0  # a parent's resolved license is as certain as the parent's own verdict


@dataclass(frozen=True)
class Part:
    """One component that joins another: a parent's weights, a dataset's data, a code repo's code."""

    origin: str  # node id the terms come from
    component: Component | None  # None: nothing could be judged
    reason: str | None = None  # why the terms are unknown, when they are
    relation: Relation = "dataset"
    binds_derivative: bool = False  # a weights parent: its derivative-binding terms say so


def _inherited(ob: Obligation, name: ComponentName, part: Part, binding_kinds: Sequence[str]) -> Obligation:
    params = dict(ob.params)
    first_hop = not ob.source.startswith("inherited:")
    if first_hop:
        params["inherited_via"] = f"{part.relation} of {part.origin}"
    if part.binds_derivative and ob.kind in binding_kinds:
        params["binds_derivatives"] = True
    source = f"inherited:{part.origin}" if first_hop else ob.source
    return Obligation(ob.kind, name, ob.text, ob.license, source, params)


def join_components(name: ComponentName, own: Component | None, parts: Sequence[Part], ruleset: Ruleset,
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
    category: Category
    if unknown or not infos:
        expression, category = "NOASSERTION", "unknown"
    else:
        expression = join_and(infos)
        category = expression_category(expression, lambda key: infos[key].category if key in infos else "unknown")
    return Component(expression, category, tuple(infos.values()), tuple(evidence), tuple(obligations))


def _rule_id(ruleset: Ruleset, license_id: str) -> str | None:
    rule = ruleset.by_license_id(license_id)
    return rule.id if rule else None
