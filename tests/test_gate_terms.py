"""The terms a gated repo's access form states (`extra_gated_*` card metadata) are weak evidence: a
form that makes users promise non-commercial or research use joins a permissive declaration; a form
that only asks for contact details says nothing; a license text in the prompt is identified."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from snapshots import front_matter, snapshot

from license_scan.classify.snapshot import classify_snapshot
from license_scan.cli.main import cli
from license_scan.detect.gate import gate_texts
from license_scan.detect.text import reference
from license_scan.ruleset import load_ruleset

NC, RO = "LicenseRef-stated-non-commercial", "LicenseRef-stated-research-only"


def _weights(metadata: dict, **kw):
    result = classify_snapshot(snapshot(front_matter(metadata), **kw), load_ruleset())
    return result.components.weights, {f.code for f in result.findings}


RESTRICTING_FORMS = {
    "checkbox label": ({"extra_gated_fields": {"Name": "text", "I agree to use this model for non-commercial use "
                                               "ONLY": "checkbox"}}, NC),
    "checkbox in the list shape": ({"extra_gated_fields": [{"label": "I will use it for research purposes only",
                                                            "type": "checkbox"}]}, RO),
    "prompt": ({"extra_gated_prompt": "By requesting access you agree to use the model for research purposes "
                                      "only and not to redistribute it."}, RO),
    "heading": ({"extra_gated_heading": "Access for academic use only"}, RO),
    "description": ({"extra_gated_description": "Commercial use is prohibited."}, NC),
    "prompt in Chinese": ({"extra_gated_prompt": "申请访问即表示您同意本模型仅供研究使用。"}, RO),
}


@pytest.mark.parametrize("name", sorted(RESTRICTING_FORMS))
def test_a_form_that_restricts_use_joins_a_permissive_license(name: str) -> None:
    form, restriction = RESTRICTING_FORMS[name]
    w, codes = _weights({"license": "apache-2.0", **form})
    assert w.category == "custom-restricted"
    assert w.expression == f"Apache-2.0 AND {restriction}"
    (ev,) = [e for e in w.evidence if e.source == "prose"]
    assert ev.value and ev.value.split(":", 1)[0] in form  # named by the form's key
    assert "license-conflict" in codes  # the card and its form disagree: said


def test_a_form_that_only_asks_who_you_are_says_nothing() -> None:
    w, _ = _weights({"license": "apache-2.0", "extra_gated_prompt": "You agree to share your contact information.",
                     "extra_gated_fields": {"Company": "text", "Country": "country", "I agree to the terms": "checkbox"}})
    assert (w.category, w.expression) == ("osi-approved", "Apache-2.0")


def test_a_form_that_lifts_a_restriction_says_nothing() -> None:
    w, _ = _weights({"license": "mit", "extra_gated_fields": {
        "I understand the model is not limited to research use": "checkbox"}})
    assert w.category == "osi-approved"


def test_a_license_text_in_the_prompt_is_identified() -> None:
    prompt = "CC BY-NC 4.0\n\n" + reference.reference_text("cc-by-nc-4.0")
    w, _ = _weights({"license": "apache-2.0", "extra_gated_prompt": prompt})
    assert w.category == "custom-restricted"
    assert "CC-BY-NC-4.0" in w.expression


def test_a_form_alone_decides_when_nothing_else_names_terms() -> None:
    w, codes = _weights({"extra_gated_fields": {"I will not use this model for commercial purposes": "checkbox"}})
    assert (w.category, w.expression) == ("custom-restricted", NC)
    assert "license-from-prose" in codes


@pytest.mark.parametrize("fields", [None, 3, "text", ["not a mapping"], {"": "checkbox"}, [{"label": 7}]])
def test_odd_shapes_of_the_form_are_no_error(fields) -> None:
    assert gate_texts({"extra_gated_fields": fields, "extra_gated_prompt": 12}) == []


def test_a_gated_repo_read_with_its_token_is_custom_restricted(hub_env, monkeypatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_test_gated_ok")
    result = CliRunner().invoke(cli, ["scan", "acme/gated-form", "--format", "json", "--depth", "0"],
                                catch_exceptions=False)
    (scanned,) = json.loads(result.stdout)["results"]
    weights = scanned["components"]["weights"]
    assert (weights["expression"], weights["category"]) == (f"Apache-2.0 AND {NC}", "custom-restricted")
    assert result.exit_code == 0
