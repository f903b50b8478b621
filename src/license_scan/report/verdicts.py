"""Plain-words verdicts for one component: may it be used commercially, redistributed, modified?

Read from the component's expression, categories and obligation kinds through
templates/meaning.yaml (what each kind means, as data). Nothing here names a
license or a kind; nothing is classified again. Unknown terms never answer
more permissively than "unknown — treat as not allowed".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from license_expression import AND, OR, ExpressionError, LicenseSymbol, Licensing

from license_scan.fileio import load_yaml
from license_scan.model import Component, ComponentName, LicenseInfo, Obligation

_LICENSING = Licensing()
NO_ASSERTION = ("NOASSERTION", "NONE", "")


@lru_cache(maxsize=1)
def meaning() -> Mapping[str, Any]:
    """templates/meaning.yaml: answers, baselines, questions, groups and labels of obligation kinds."""
    data = load_yaml((resources.files("license_scan.report") / "templates" / "meaning.yaml").read_bytes())
    assert isinstance(data, dict)
    return data


def _rank(answer: str) -> int:
    return list(meaning()["answers"]).index(answer)


@dataclass(frozen=True)
class Answer:
    question: str  # "may be used commercially"
    answer: str  # allowed | conditions | review | unknown | denied (meaning.yaml answers)
    words: str  # "yes, with conditions"
    because: tuple[str, ...]  # "CC-BY-NC-4.0 (non-commercial use only, via datasets/x/y)"


@dataclass(frozen=True)
class Verdict:
    component: ComponentName
    noun: str  # "the training data"
    expression: str | None
    category: str | None
    answer: str  # the least permissive of the answers, or the absent component's answer
    words: str  # for an absent component, what the verdict says instead
    answers: tuple[Answer, ...] = ()


def _via(obligations: list[Obligation]) -> str:
    repos = sorted({o.source.split(":", 1)[1] for o in obligations if o.source.startswith("inherited:")})
    return f", via {', '.join(repos)}" if repos else ""


def _license_answer(lic: LicenseInfo, obligations: list[Obligation], kinds: Mapping[str, str]) -> tuple[str, str]:
    """One license's answer to one question, and why."""
    m = meaning()
    mine = [o for o in obligations if o.license == lic.id]
    if lic.category == "unknown":
        return "unknown", f"{lic.id} (terms not identified)"
    answer = m["baseline" if mine else "without_obligations"][lic.category]
    reasons: list[str] = []
    for o in mine:
        said = kinds.get(o.kind)
        if said is None:
            continue
        if _rank(said) > _rank(answer):
            answer, reasons = said, []
        if said == answer:
            label = m["labels"].get(o.kind, o.kind)
            if label not in reasons:
                reasons.append(label)
    if lic.modified and _rank(m["modified"]) > _rank(answer):
        answer, reasons = m["modified"], ["the license text was modified"]
    if not reasons:  # the category decided
        unlisted = "" if mine or answer == "allowed" else " the rule set does not break down"
        reasons = [f"{lic.category} terms{unlisted}"]
    return answer, f"{lic.id} ({', '.join(reasons)}{_via(mine)})"


def _walk(node: object, c: Component, kinds: Mapping[str, str]) -> tuple[str, list[str]]:
    """AND: the most restrictive part; OR: the least restrictive alternative (as categories combine)."""
    if isinstance(node, (AND, OR)):
        parts = [_walk(a, c, kinds) for a in node.args]
        pick = max if isinstance(node, AND) else min
        answer = pick((p[0] for p in parts), key=_rank)
        return answer, [r for a, rs in parts if a == answer for r in rs]
    symbol = getattr(node, "license_symbol", None) or node
    key = symbol.key if isinstance(symbol, LicenseSymbol) else str(symbol)
    lic = next((l for l in c.licenses if l.id == key), None)
    if lic is None:
        return "unknown", [f"{key} (terms not identified)"]
    answer, why = _license_answer(lic, list(c.obligations), kinds)
    return answer, [why]


def _answer(c: Component, question: Mapping[str, Any]) -> Answer:
    kinds: Mapping[str, str] = question.get("kinds") or {}
    tree: object = None
    if c.expression.strip().upper() not in NO_ASSERTION:
        try:
            tree = _LICENSING.parse(c.expression, validate=False, strict=False)
        except (ExpressionError, TypeError, ValueError):
            tree = None
    if tree is None:
        answer, because = "unknown", [f"{c.expression or 'no expression'} (the terms could not be read or identified)"]
    else:
        answer, because = _walk(tree, c, kinds)
    if c.category == "unknown" and _rank(answer) < _rank("unknown"):
        answer, because = "unknown", [f"{c.expression} (part of the terms could not be read or identified)"]
    return Answer(question["label"], answer, meaning()["answers"][answer], tuple(dict.fromkeys(because)))


def verdict(name: ComponentName, c: Component | None, *, dataset: bool = False) -> Verdict:
    m = meaning()
    if c is None:
        absent = (m["absent_for_dataset"] if dataset and name in m["absent_for_dataset"] else m["absent"])[name]
        return Verdict(name, m["nouns"][name], None, None, absent["answer"], absent["words"])
    answers = tuple(_answer(c, q) for q in m["questions"])
    worst = max((a.answer for a in answers), key=_rank)
    return Verdict(name, m["nouns"][name], c.expression, c.category, worst, m["answers"][worst], answers)


def param_words(params: Mapping[str, Any]) -> list[str]:
    """An obligation's parameters in plain words, in the order meaning.yaml lists them."""
    out = []
    for key, template in meaning()["params"].items():
        value = params.get(key)
        if value is None or value is False:
            continue
        if isinstance(value, bool):
            out.append(template)
            continue
        if isinstance(value, int):
            text = f"{value:,}"
        elif isinstance(value, (list, tuple)):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        out.append(template.format(value=text))
    return out
