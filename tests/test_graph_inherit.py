"""graph.inherit: effective weights terms through the tree, inherited obligations, laundering findings."""

from __future__ import annotations

import pytest

from license_scan.errors import NotFoundError
from license_scan.limits import DEFAULT_DEPTH
from license_scan.model import TargetResult
from license_scan.report.jsonout import render_json
from license_scan.scan import ScanOptions, run_scan
from schema_check import assert_valid_report
from snapshots import snapshot


def hub_scan(target: str) -> dict:
    report = run_scan([target], ScanOptions(depth=DEFAULT_DEPTH))
    return assert_valid_report(render_json(report))["results"][0]


def errors(result: dict) -> list[tuple[str, str]]:
    return [(f["code"], f["message"]) for f in result["findings"] if f["severity"] == "error"]


# --- the fixtures on the test Hub (expressions, categories and finding codes: their expected.yaml) --

def test_llama2_finetune_tagged_apache_is_laundering(hub_env):
    result = hub_scan("graph-ft/llama2-apache")
    weights = result["components"]["weights"]
    inherited = [e for e in weights["evidence"] if e["source"] == "inherited"]
    assert [(e["rule"], e["path"], e["value"]) for e in inherited] == [
        ("llama2", "graph-meta/llama-2-7b", "finetune of graph-meta/llama-2-7b: LicenseRef-llama2")]
    assert errors(result) == [("license-laundering",
        "graph-ft/llama2-apache declares Apache-2.0 (osi-approved), less restrictive than the terms it inherits: "
        "graph-ft/llama2-apache ← finetune ← graph-meta/llama-2-7b (LicenseRef-llama2, custom-restricted); "
        "the inherited terms still apply")]
    (finding,) = [f for f in result["findings"] if f["code"] == "license-laundering"]
    assert finding["source"] == {"repo": "graph-ft/llama2-apache", "path": "README.md", "line": None}


def test_merge_of_nc_and_mit_tagged_mit_names_the_nc_parent(hub_env):
    result = hub_scan("graph-merge/nc-mit-merge")
    weights = result["components"]["weights"]
    assert errors(result) == [("license-laundering",
        "graph-merge/nc-mit-merge declares MIT (osi-approved), less restrictive than the terms it inherits: "
        "graph-merge/nc-mit-merge ← merge ← graph-mix/nc-model (CC-BY-NC-4.0, custom-restricted); "
        "the inherited terms still apply")]
    kinds = {(o["kind"], o["source"]) for o in weights["obligations"]}
    assert ("non-commercial", "inherited:graph-mix/nc-model") in kinds


def test_finetune_keeping_the_base_license_lists_obligations_once(hub_env):
    result = hub_scan("graph-ft/llama2-chat")
    weights = result["components"]["weights"]
    keys = [(o["kind"], o["text"]) for o in weights["obligations"]]
    assert len(keys) == len(set(keys)) and keys
    assert {o["source"] for o in weights["obligations"]} == {"rule:llama2"}  # own copy wins over the inherited one


def test_adapter_without_a_license_inherits_the_chain(hub_env):
    result = hub_scan("graph-adapter/llama2-lora")
    weights = result["components"]["weights"]
    assert {e["source"] for e in weights["evidence"]} == {"inherited"}
    assert {o["source"] for o in weights["obligations"]} == {"inherited:graph-ft/llama2-chat"}
    assert all(o["params"].get("inherited_via") == "adapter of graph-ft/llama2-chat" for o in weights["obligations"])
    nodes = {n["id"]: n["components"]["weights"] for n in result["dependencies"]["nodes"]}
    assert nodes["graph-adapter/llama2-lora"] == weights  # every node carries its effective terms, evidence and all


def test_llama_31_naming_and_notice_bind_the_derivative(hub_env):
    result = hub_scan("graph-broken/gated-child")
    weights = result["components"]["weights"]
    by_kind = {o["kind"]: o for o in weights["obligations"]}
    for kind in ("naming", "display-notice"):
        assert by_kind[kind]["source"] == "inherited:graph-gated/llama3-base"
        assert by_kind[kind]["params"]["binds_derivatives"] is True
    assert "binds_derivatives" not in by_kind["governing-law"]["params"]


def test_rail_diamond_keeps_use_restrictions_once(hub_env):
    result = hub_scan("graph-diamond/merged")
    kinds = [o["kind"] for o in result["components"]["weights"]["obligations"]]
    assert kinds.count("use-restrictions") == 1 and kinds.count("pass-on-terms") == 1


def test_missing_base_says_why_the_weights_are_unknown(hub_env):
    result = hub_scan("graph-broken/orphan")
    weights = result["components"]["weights"]
    unknown = [e for e in weights["evidence"] if e["source"] == "inherited"]
    assert unknown[0]["rule"] is None and unknown[0]["value"].startswith(
        "finetune of graph-broken/does-not-exist: unknown (missing: repository not found")


# --- combinations, on in-memory snapshots ----------------------------------------------------

def scan_cards(cards: dict[str, str], target: str) -> TargetResult:
    def fetch(t):
        if t.repo_id not in cards:
            raise NotFoundError(t.raw, "repository not found")
        return snapshot(cards[t.repo_id], repo=t.repo_id, kind=t.kind)

    report = run_scan([target], ScanOptions(depth=DEFAULT_DEPTH), fetch=fetch)
    assert_valid_report(render_json(report))
    return report.results[0]


def card(license: str | None, base: str | list[str] | None = None, body: str = "") -> str:
    lines = [f"license: {license}"] if license else []
    if isinstance(base, list):
        lines += ["base_model:"] + [f"- {b}" for b in base]
    elif base:
        lines.append(f"base_model: {base}")
    return "---\n" + "".join(f"{l}\n" for l in lines) + "---\n" + body


@pytest.mark.parametrize("base, child, code", [
    ("llama2", "apache-2.0", "license-laundering"),
    ("llama3.1", "mit", "license-laundering"),
    ("creativeml-openrail-m", "apache-2.0", "license-laundering"),
    ("cc-by-nc-4.0", "cc-by-4.0", "license-laundering"),
    ("cc-by-sa-4.0", "mit", "license-laundering"),
    ("llama2", "cc-by-nc-4.0", "inherited-conflict"),  # other bespoke terms instead of the base's
    ("creativeml-openrail-m", "cc-by-nc-4.0", "inherited-conflict"),  # drops the use restrictions
    ("cc-by-sa-4.0", "cc-by-4.0", "inherited-conflict"),  # share-alike wants the same license
    ("llama2", "llama2", None),
    ("llama2", "llama3.1", None),  # same family, as restrictive
    ("creativeml-openrail-m", "openrail", None),  # another RAIL license: restrictions carried
    ("mit", "cc-by-nc-4.0", None),  # more restrictive than a permissive base is allowed
    ("apache-2.0", "mit", None),
    ("cc-by-4.0", "cc-by-nc-4.0", None),
])
def test_declared_against_inherited(base, child, code):
    result = scan_cards({"org/base": card(base), "org/child": card(child, "org/base")}, "org/child")
    found = [f for f in result.findings if f.severity == "error"]
    assert [f.code for f in found] == ([code] if code else [])
    if code:
        assert "org/child ← finetune ← org/base (" in found[0].message


def test_chain_names_where_the_terms_come_from():
    cards = {"org/base": card("llama2"), "org/ft1": card("llama2", "org/base"), "org/ft2": card("apache-2.0", "org/ft1")}
    result = scan_cards(cards, "org/ft2")
    (finding,) = [f for f in result.findings if f.severity == "error"]
    assert "org/ft2 ← finetune ← org/ft1 ← finetune ← org/base (LicenseRef-llama2, custom-restricted)" in finding.message
    assert {o.source for o in result.components.weights.obligations if o.license == "LicenseRef-llama2"} == {
        "inherited:org/ft1"}


def test_each_laundering_node_is_reported():
    cards = {"org/base": card("llama2"), "org/ft1": card("mit", "org/base"), "org/ft2": card("mit", "org/ft1")}
    result = scan_cards(cards, "org/ft2")
    sources = [f.source.repo for f in result.findings if f.code == "license-laundering"]
    assert sources == ["org/ft1", "org/ft2"]


def test_merge_inherits_every_parent():
    cards = {"org/a": card("mit"), "org/b": card("apache-2.0"), "org/c": card("cc-by-4.0"),
             "org/m": card(None, ["org/a", "org/b", "org/c"])}
    weights = scan_cards(cards, "org/m").components.weights
    # every parent's terms reach the merge; its own weights come with no license: no permission
    assert (weights.expression, weights.category) == ("NOASSERTION", "unknown")
    assert [lic.id for lic in weights.licenses] == ["MIT", "Apache-2.0", "CC-BY-4.0"]
    assert {o.license for o in weights.obligations} >= {"MIT", "Apache-2.0", "CC-BY-4.0"}


def test_merge_with_its_own_license_inherits_every_parent():
    cards = {"org/a": card("mit"), "org/b": card("apache-2.0"), "org/c": card("cc-by-4.0"),
             "org/m": card("mit", ["org/a", "org/b", "org/c"])}
    weights = scan_cards(cards, "org/m").components.weights
    assert (weights.expression, weights.category) == ("MIT AND Apache-2.0 AND CC-BY-4.0", "permissive-weights")


def test_same_license_as_base_in_prose_defers_to_the_base():
    cards = {"org/base": card("llama3.1"),
             "org/ft": card("unknown", "org/base", "This model has the same license as the base model.\n")}
    weights = scan_cards(cards, "org/ft").components.weights
    assert weights.expression == "LicenseRef-llama3.1"


def test_unknown_own_license_stays_unknown():
    cards = {"org/base": card("mit"), "org/ft": card("unknown", "org/base")}
    weights = scan_cards(cards, "org/ft").components.weights
    assert (weights.expression, weights.category) == ("NOASSERTION", "unknown")


def test_unknown_base_is_not_laundering():
    cards = {"org/base": card(None), "org/ft": card("mit", "org/base")}
    result = scan_cards(cards, "org/ft")
    assert not [f for f in result.findings if f.severity == "error"]
    assert result.components.weights.category == "unknown"
