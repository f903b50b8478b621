"""Obligations checked in the repo that must meet them (graph/obligations.py): status, evidence, reports.

The fixture repos under fixtures/hub/models/oblig/ hold one case each (met and unmet); their
expected.yaml checks the findings, these tests the statuses, the evidence and how each format shows them.
"""

from __future__ import annotations

import json

import pytest

from license_scan.report.html import render_html
from license_scan.report.jsonout import render_json
from license_scan.report.markdown import render_markdown
from license_scan.report.text import render_text
from license_scan.scan import ScanOptions, run_scan
from schema_check import assert_valid_report


def scan(target: str) -> dict:
    report = run_scan([target], ScanOptions(depth=3))
    (result,) = assert_valid_report(render_json(report))["results"]
    return result


def statuses(result: dict, component: str = "weights") -> dict[tuple[str, str], tuple[str, dict | None]]:
    return {(o["kind"], o["source"]): (o["status"], o["evidence"])
            for o in result["components"][component]["obligations"]}


def test_mit_without_text_or_copyright_is_unmet(hub_env):
    result = scan("oblig/mit-no-text")
    (status, evidence), = [v for (kind, _), v in statuses(result).items() if kind == "attribution"]
    assert status == "unmet" and evidence["path"] == "LICENSE"
    (finding,) = [f for f in result["findings"] if f["code"] == "obligation-unmet"]
    assert "attribution (MIT, imposed by oblig/mit-no-text)" in finding["message"]
    assert "copyright notice" in finding["message"] and "MIT permission notice" in finding["message"]


def test_mit_with_text_and_copyright_line_is_met_with_file_and_line(hub_env):
    result = scan("oblig/mit-with-text")
    (status, evidence), = [v for (kind, _), v in statuses(result).items() if kind == "attribution"]
    assert status == "met"
    assert evidence == {"path": "README.md", "line": 6, "value": "Copyright (c) 2025 Oblig Fixtures Ltd."}
    no_warranty = [v for (kind, _), v in statuses(result).items() if kind == "no-warranty"]
    assert no_warranty == [("user", None)]  # nothing a repo can show: never marked met


def test_apache_license_and_notice_are_met(hub_env):
    got = statuses(scan("oblig/apache-notice"))
    assert got[("include-license", "rule:Apache-2.0")][0] == "met"
    assert got[("include-license", "rule:Apache-2.0")][1]["path"] == "LICENSE"
    assert got[("attribution", "rule:Apache-2.0")] == ("met", {"path": "NOTICE", "line": 1, "value": None})


@pytest.mark.parametrize("repo, status", [("oblig/apache-drops-notice", "unmet"), ("oblig/apache-keeps-notice", "met")])
def test_a_derivative_carries_its_base_notice(hub_env, repo, status):
    result = scan(repo)
    attribution = [v for (kind, _), v in statuses(result).items() if kind == "attribution"]
    assert attribution and all(s == status for s, _ in attribution)
    if status == "unmet":
        assert any("oblig/apache-notice's NOTICE" in f["message"] for f in result["findings"])
    else:
        assert attribution[0][1]["path"] == "NOTICE" and attribution[0][1]["line"] == 4


def test_llama_derivative_named_and_noticed(hub_env):
    got = {kind: v for (kind, _), v in statuses(scan("oblig/Llama-3.1-oblig-chat")).items()}
    assert got["naming"] == ("met", {"path": None, "line": None, "value": "Llama-3.1-oblig-chat"})
    assert got["display-notice"] == ("met", {"path": "README.md", "line": 8, "value": "Built with Llama"})
    assert got["include-license"][0] == "met"
    assert got["acceptable-use-policy"] == ("user", None) and got["user-threshold"] == ("user", None)


def test_llama_derivative_unnamed_and_unnoticed(hub_env):
    result = scan("oblig/chat-unbranded")
    got = {kind: v[0] for (kind, _), v in statuses(result).items()}
    assert got["naming"] == got["display-notice"] == got["include-license"] == "unmet"
    messages = [f["message"] for f in result["findings"] if f["code"] == "obligation-unmet"]
    assert any('"Built with Llama"' in m and "README.md" in m for m in messages)
    assert any('beginning with "Llama"' in m and "chat-unbranded" in m for m in messages)
    assert all("imposed by oblig/llama31-base" in m for m in messages)


def test_the_licensor_own_model_leaves_display_and_naming_to_the_user(hub_env):
    got = {kind: v[0] for (kind, _), v in statuses(scan("oblig/llama31-base")).items()}
    assert got["naming"] == got["display-notice"] == "user" and got["include-license"] == "met"


@pytest.mark.parametrize("repo, status", [("oblig/credits-data", "met"), ("oblig/uncredited-data", "unmet")])
def test_cc_by_dataset_credited_in_the_card(hub_env, repo, status):
    result = scan(repo)
    got = statuses(result, "data")
    assert got[("attribution", "inherited:datasets/graph-data/cc-by-set")][0] == status
    assert got[("include-license", "inherited:datasets/graph-data/cc-by-set")][0] == "user"  # the data is not shipped
    if status == "met":
        assert got[("attribution", "inherited:datasets/graph-data/cc-by-set")][1]["line"] == 8


def test_every_human_format_shows_met_unmet_and_yours(hub_env):
    report = run_scan(["oblig/chat-unbranded"], ScanOptions(depth=3))
    text = render_text(report)
    assert "weights: 0 met, 3 unmet," in text and "yours to meet" in text
    assert 'UNMET: naming' in text and 'belongs in README.md' in text
    md = render_markdown(report)
    assert "### Obligations checked in the repo" in md and "| weights | 0 | 3 |" in md
    assert "| weights | naming | LicenseRef-llama3.1 | ✖ unmet |" in md
    html = render_html(report)
    assert "Obligations checked in the repo" in html and "✖ unmet" in html and "yours to meet" in html


def test_dependencies_get_statuses_without_findings(hub_env):
    result = scan("oblig/apache-drops-notice")
    base = next(n for n in result["dependencies"]["nodes"] if n["id"] == "oblig/apache-notice")
    assert {o["status"] for o in base["components"]["weights"]["obligations"]} <= {"met", "user"}
    assert all(f["source"]["repo"] == "oblig/apache-drops-notice" for f in result["findings"]
               if f["code"] == "obligation-unmet")
    assert json.dumps(result)  # plain data
