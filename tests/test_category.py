"""The five categories and the AND / OR combination rule of DESIGN.md."""

import pytest

from license_scan.classify.category import expression_category, join_and, least_restrictive, most_restrictive
from license_scan.model import CATEGORIES

CATS = {
    "MIT": "osi-approved",
    "CC-BY-4.0": "permissive-weights",
    "LicenseRef-openrail-m": "rail-style",
    "LicenseRef-llama2": "custom-restricted",
    "LicenseRef-mystery": "unknown",
}


def cat(expr: str) -> str:
    return expression_category(expr, lambda key: CATS[key])


def test_order_is_the_design_order():
    assert CATEGORIES == ("osi-approved", "permissive-weights", "rail-style", "custom-restricted", "unknown")


@pytest.mark.parametrize("expr, expected", [
    ("MIT", "osi-approved"),
    ("MIT AND CC-BY-4.0", "permissive-weights"),
    ("MIT AND LicenseRef-openrail-m", "rail-style"),
    ("CC-BY-4.0 AND LicenseRef-llama2", "custom-restricted"),
    ("LicenseRef-llama2 AND LicenseRef-mystery", "unknown"),
    ("MIT OR LicenseRef-llama2", "osi-approved"),
    ("LicenseRef-openrail-m OR LicenseRef-llama2", "rail-style"),
    ("LicenseRef-mystery OR CC-BY-4.0", "permissive-weights"),
    ("(MIT OR LicenseRef-llama2) AND LicenseRef-openrail-m", "rail-style"),
    ("(MIT AND LicenseRef-llama2) OR CC-BY-4.0", "permissive-weights"),
    ("NOASSERTION", "unknown"),
])
def test_combination(expr, expected):
    assert cat(expr) == expected


def test_most_and_least_restrictive_of_nothing_is_unknown():
    assert most_restrictive([]) == "unknown"
    assert least_restrictive([]) == "unknown"


def test_join_and_dedupes_and_keeps_order():
    assert join_and(["MIT", "Apache-2.0", "MIT"]) == "MIT AND Apache-2.0"
    assert join_and([]) == "NOASSERTION"
    assert join_and(["MIT OR GPL-2.0-only", "X"]) == "(MIT OR GPL-2.0-only) AND X"
