"""The AND / OR combination rule of DESIGN.md over the category order model.CATEGORIES defines."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable

from license_expression import AND, OR, LicenseSymbol, Licensing

from license_scan.limits import PARSED_EXPRESSIONS_KEPT
from license_scan.model import CATEGORIES, Category

# model.CATEGORIES runs from least to most restrictive: AND takes the maximum, OR the minimum.
_RANK = {name: i for i, name in enumerate(CATEGORIES)}

_LICENSING = Licensing()


def rank(category: Category) -> int:
    return _RANK[category]


def most_restrictive(categories: Iterable[Category]) -> Category:
    cats = list(categories)
    return max(cats, key=rank) if cats else "unknown"


def least_restrictive(categories: Iterable[Category]) -> Category:
    cats = list(categories)
    return min(cats, key=rank) if cats else "unknown"


def expression_category(expression: str, category_of: Callable[[str], Category]) -> Category:
    """Category of an SPDX expression: AND → most restrictive, OR → least restrictive."""
    if not expression or expression.strip().upper() in ("NOASSERTION", "NONE"):
        return "unknown"
    return _walk(_parse(expression), category_of)


@lru_cache(maxsize=PARSED_EXPRESSIONS_KEPT)
def _parse(expression: str) -> object:
    """An estate repeats a few hundred expressions; parsing one costs more than classifying a card."""
    return _LICENSING.parse(expression)


def _walk(node: object, category_of: Callable[[str], Category]) -> Category:
    if isinstance(node, AND):
        return most_restrictive(_walk(a, category_of) for a in node.args)
    if isinstance(node, OR):
        return least_restrictive(_walk(a, category_of) for a in node.args)
    if isinstance(node, LicenseSymbol):
        return category_of(node.key)
    # WITH exceptions: the license part decides
    license_symbol = getattr(node, "license_symbol", None)
    if license_symbol is not None:
        return category_of(license_symbol.key)
    return "unknown"


def join_and(ids: Iterable[str]) -> str:
    """An AND expression of distinct ids, in first-seen order; OR sub-expressions are parenthesised."""
    parts = list(dict.fromkeys(ids))
    if not parts:
        return "NOASSERTION"
    if len(parts) == 1:
        return parts[0]
    return " AND ".join(f"({p})" if " OR " in p else p for p in parts)
