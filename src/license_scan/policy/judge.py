"""One component against the policy's allow / deny / review rules (docs/policy.md, "Precedence").

Each license of the component's expression is judged on its own, first rule
that names it winning:

1. a denied license (`deny.licenses`; a modified copy too);
2. an `unknown` license never passes unless `allow.categories` names `unknown`;
3. an allowed or reviewed license (`allow.licenses`, `review.licenses`), never for a modified copy;
4. a denied, allowed or reviewed category;
5. what nothing names: fails when the policy has an allow section, passes when it has none.

The expression then combines them: `AND` takes the worst (fail, then review,
then pass), `OR` the best (you may choose the alternative the policy allows).
A component whose category is `unknown` never passes unless `unknown` is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from license_expression import AND, OR, ExpressionError, LicenseSymbol, Licensing

from license_scan.model import Component, LicenseInfo
from license_scan.policy.spec import Policy

Verdict = Literal["pass", "review", "fail"]
_ORDER: dict[Verdict, int] = {"pass": 0, "review": 1, "fail": 2}
_LICENSING = Licensing()
NO_TERMS = ("NOASSERTION", "NONE", "")


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reasons: tuple[str, ...]  # what decided, each naming the policy rule: "X: deny.licenses: x (file line 3)"


def judge_license(policy: Policy, lic: LicenseInfo) -> Judgement:
    """One license, by the precedence above."""
    label = f"{lic.id}{' (modified)' if lic.modified else ''} [{lic.category}]"
    named = policy.licenses.get(lic.id)
    if named is not None and named.action == "deny":
        return Judgement("fail", (f"{label}: {named.rule}",))
    if lic.category == "unknown":
        return _unknown(policy, label)
    note = ""
    if named is not None and lic.modified:
        note = f" ({named.rule} does not cover a modified copy)"
    elif named is not None:
        return Judgement("pass" if named.action == "allow" else "review", (f"{label}: {named.rule}",))
    cat = policy.categories.get(lic.category)
    if cat is not None:
        verdict: Verdict = {"allow": "pass", "deny": "fail", "review": "review"}[cat.action]  # type: ignore[assignment]
        return Judgement(verdict, (f"{label}: {cat.rule}{note}",))
    return _unnamed(policy, label + note)


def _unknown(policy: Policy, label: str) -> Judgement:
    cat = policy.categories.get("unknown")
    if cat is not None and cat.action == "allow":
        return Judgement("pass", (f"{label}: {cat.rule}",))
    if cat is not None:
        return Judgement("fail", (f"{label}: {cat.rule}",))
    return Judgement("fail", (f"{label}: unknown terms never pass unless allow.categories names unknown "
                              f"({policy.source})",))


def _unnamed(policy: Policy, label: str) -> Judgement:
    if policy.allow_section is not None:
        return Judgement("fail", (f"{label}: no rule names it, and what the allow section "
                                  f"({policy.allow_section}) does not name fails",))
    return Judgement("pass", (f"{label}: no rule names it, and the policy has no allow section "
                              f"({policy.source}): what deny does not name passes",))


def judge_component(policy: Policy, comp: Component) -> Judgement:
    """The component's verdict: its expression's licenses judged one by one and combined."""
    infos = {lic.id: lic for lic in comp.licenses}
    tree = None
    if comp.expression.strip().upper() not in NO_TERMS:
        try:
            tree = _LICENSING.parse(comp.expression, validate=False)
        except ExpressionError:
            tree = None
    in_tree = set() if tree is None else {s.key for s in _LICENSING.license_symbols(tree, decompose=True)}
    # A denied license anywhere in the component fails it, unless the expression offers an alternative (OR).
    denied = [judge_license(policy, lic) for lic in comp.licenses
              if lic.id not in in_tree and (n := policy.licenses.get(lic.id)) is not None and n.action == "deny"]
    if denied:
        return _worst(denied)
    if tree is None:
        return _unknown(policy, f"{comp.expression or 'NOASSERTION'} [unknown]")
    judged = _walk(policy, tree, infos)
    if comp.category == "unknown" and judged.verdict != "fail":  # the component as a whole is unknown
        unknown = _unknown(policy, f"{comp.expression} [unknown]")
        if unknown.verdict == "fail":
            return unknown
    return judged


def _walk(policy: Policy, node: object, infos: dict[str, LicenseInfo]) -> Judgement:
    if isinstance(node, AND):
        return _worst([_walk(policy, a, infos) for a in node.args])
    if isinstance(node, OR):
        return _best([_walk(policy, a, infos) for a in node.args])
    symbol = node if isinstance(node, LicenseSymbol) else getattr(node, "license_symbol", None)
    key = getattr(symbol, "key", str(node))  # WITH: the license part decides
    lic = infos.get(key) or LicenseInfo(key, None, key, "unknown")
    return judge_license(policy, lic)


def _worst(parts: list[Judgement]) -> Judgement:
    verdict = max((p.verdict for p in parts), key=_ORDER.__getitem__)
    return Judgement(verdict, tuple(r for p in parts if p.verdict == verdict for r in p.reasons))


def _best(parts: list[Judgement]) -> Judgement:
    verdict = min((p.verdict for p in parts), key=_ORDER.__getitem__)
    return Judgement(verdict, next(p.reasons for p in parts if p.verdict == verdict))
