"""The precedence examples of docs/policy.md are the test cases: this reads the table and runs each row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from license_scan.classify.category import expression_category
from license_scan.model import Component, LicenseInfo
from license_scan.policy.judge import judge_component
from license_scan.policy.load import parse_policy
from license_scan.ruleset import load_ruleset

DOC = Path(__file__).resolve().parents[1] / "docs" / "policy.md"
ROW = re.compile(r"^\| (\d+) \| `([^`]*)` \| `([^`]*)` \| (pass|review|fail) \| `([^`]*)` \|$", re.M)
ROWS = ROW.findall(DOC.read_text(encoding="utf-8"))


def component(cell: str) -> Component:
    """`mit AND cc-by-nc-4.0`, `modified apache-2.0`, `NOASSERTION`, `NOASSERTION [llama3.1]`."""
    ruleset = load_ruleset()
    infos: dict[str, LicenseInfo] = {}
    if cell.startswith("NOASSERTION"):
        for name in re.findall(r"[\w.+-]+", cell[len("NOASSERTION"):]):
            rule = ruleset.by_name(name)
            infos[rule.license_id] = LicenseInfo(rule.license_id, rule.hub_id, rule.name, "unknown")
        return Component("NOASSERTION", "unknown", tuple(infos.values()), ())
    out, modified = [], False
    for token in cell.split():
        if token == "modified":
            modified = True
        elif token in ("AND", "OR"):
            out.append(token)
        else:
            rule = ruleset.by_name(token)
            category = "custom-restricted" if modified else rule.category
            infos[rule.license_id] = LicenseInfo(rule.license_id, rule.hub_id, rule.name, category, modified)
            out.append(rule.license_id)
            modified = False
    expression = " ".join(out)
    return Component(expression, expression_category(expression, lambda k: infos[k].category),
                     tuple(infos.values()), ())


def test_the_table_is_there():
    assert len(ROWS) >= 26
    assert [int(r[0]) for r in ROWS] == list(range(1, len(ROWS) + 1))
    assert {r[3] for r in ROWS} == {"pass", "review", "fail"}


@pytest.mark.parametrize("number, policy, cell, verdict, decided_by", ROWS, ids=[f"row{r[0]}" for r in ROWS])
def test_precedence_example(number, policy, cell, verdict, decided_by):
    judged = judge_component(parse_policy(policy, "policy.yaml", load_ruleset()), component(cell))
    assert judged.verdict == verdict, judged.reasons
    assert any(decided_by in reason for reason in judged.reasons), judged.reasons
    said = " ".join(judged.reasons)
    assert "policy.yaml line 1" in said or "(policy.yaml)" in said or "(default policy)" in said  # what decided
