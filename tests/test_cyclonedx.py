"""`--format cyclonedx-json`: a CycloneDX 1.6 ML-BOM, validated with cyclonedx-python-lib's strict JSON
validator, modelCard / data / compositions (added to the library's JSON) included."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from evidence_reports import LOCAL_EXAMPLE, scan
from license_scan.cli.main import cli
from license_scan.report.cyclonedx import render_cyclonedx


def check_cdx(text: str) -> dict:
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text, all_errors=True)
    assert errors is None, [str(e)[:300] for e in errors][:5]
    data = json.loads(text)
    refs = [c["bom-ref"] for c in _all_components(data)]
    assert len(refs) == len(set(refs)), "duplicate bom-refs"
    top = {c["bom-ref"] for c in _top(data)}
    for dep in data.get("dependencies", []):
        assert dep["ref"] in top and set(dep.get("dependsOn", [])) <= top
    for c in _all_components(data):
        for ds in c.get("modelCard", {}).get("modelParameters", {}).get("datasets", []):
            assert ds["ref"] in top
    return data


def _top(data):
    meta = data["metadata"].get("component")
    return ([meta] if meta else []) + data.get("components", [])


def _all_components(data):
    stack = list(_top(data))
    while stack:
        c = stack.pop()
        yield c
        stack.extend(c.get("components", []))
        stack.extend(c.get("pedigree", {}).get("ancestors", []))


def _props(c, name):
    return [p["value"] for p in c.get("properties", []) if p["name"] == f"license-scan:{name}"]


def _by_id(data):
    return {_props(c, "id")[0]: c for c in _top(data) if _props(c, "id")}


@pytest.fixture
def chat(hub_env):
    report = scan("evidence/chat-ft")
    text = render_cyclonedx(report)
    return report, text, check_cdx(text)


def test_chat_ft_ml_bom(chat):
    report, _, data = chat
    comps = _by_id(data)
    model = data["metadata"]["component"]
    assert model is comps["evidence/chat-ft"] or model["bom-ref"] == "evidence/chat-ft"
    assert model["type"] == "machine-learning-model" and (model["group"], model["name"]) == ("evidence", "chat-ft")
    assert model["purl"] == f"pkg:huggingface/evidence/chat-ft@{report.results[0].revision}"
    # concluded on the component, declared as evidence (the library allows one expression per list)
    assert model["licenses"] == [{"acknowledgement": "concluded",
                                  "expression": "LicenseRef-llama2 AND LicenseRef-llama3.1"}]
    assert model["evidence"]["licenses"] == [{"acknowledgement": "declared", "expression": "LicenseRef-llama2"}]
    ancestors = {a["name"]: _props(a, "relation") for a in model["pedigree"]["ancestors"]}
    assert ancestors == {"llama2-chat": ["merge"], "llama3-base": ["merge"]}
    card = model["modelCard"]
    assert card["modelParameters"] == {"task": "text-generation", "datasets": [{"ref": "datasets/graph-data/nc-set"}]}
    assert card["considerations"]["technicalLimitations"][0].startswith("May produce wrong answers")
    assert "<i>internal</i>" in card["considerations"]["useCases"][0]
    nc = comps["datasets/graph-data/nc-set"]
    assert nc["type"] == "data" and nc["licenses"][0]["expression"] == "CC-BY-NC-4.0"
    assert nc["data"] == [{"type": "dataset", "name": "datasets/graph-data/nc-set"}]
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in data["dependencies"]}
    assert deps["evidence/chat-ft"] == {"graph-ft/llama2-chat", "graph-gated/llama3-base", "datasets/graph-data/nc-set"}
    assert deps["graph-ft/llama2-chat"] == {"graph-meta/llama-2-7b", "datasets/graph-data/cc-by-set"}
    assert data["compositions"] == [{"aggregate": "incomplete", "dependencies": ["evidence/chat-ft"]},
                                    {"aggregate": "unknown", "dependencies": ["graph-gated/llama3-base"]}]
    assert _props(data["metadata"], "complete") == ["false"] and _props(data["metadata"], "exit-code") == ["3"]


def test_files_and_their_hashes(chat):
    report, _, data = chat
    comps = _by_id(data)
    for node in report.results[0].dependencies.nodes:
        files = {f["name"]: f for f in comps[node.id].get("components", []) if f["type"] == "file"}
        assert set(files) == {f.path for f in node.files}
        for f in node.files:
            assert files[f.path].get("hashes", []) == ([{"alg": "SHA-256", "content": f.sha256}] if f.sha256 else [])
            assert _props(files[f.path], "unreadable") == ([f.unreadable] if f.unreadable else [])
    gated = comps["graph-gated/llama3-base"]
    assert _props(gated, "status") == ["gated"]
    assert any("gated-files-unreadable" in v for v in _props(gated, "finding"))
    obligations = _props(data["metadata"]["component"], "obligation")
    assert any("non-commercial" in o for o in obligations) and any("Built with Llama" in o for o in obligations)


def test_reproducible(hub_env, chat):
    _, text, data = chat
    assert render_cyclonedx(scan("evidence/chat-ft")) == text
    later = json.loads(render_cyclonedx(scan("evidence/chat-ft", now=datetime(2026, 2, 1, tzinfo=timezone.utc))))
    assert later["serialNumber"] != data["serialNumber"] and later["metadata"]["timestamp"].startswith("2026-02-01")
    assert data["metadata"]["timestamp"] == "2026-01-02T03:04:05+00:00"


def test_the_validator_sees_the_added_model_card(chat):
    _, text, _ = chat
    broken = json.loads(text)
    broken["metadata"]["component"]["modelCard"]["considerations"]["technicalLimitations"] = "not a list"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(broken)) is not None


def test_unknown_terms_stay_visible(hub_env):
    data = check_cdx(render_cyclonedx(scan("acme/apache-model", "acme/gated-model", "acme/does-not-exist", depth=0)))
    assert "component" not in data["metadata"]  # several targets: no single subject
    comps = _by_id(data)
    assert comps["acme/apache-model"]["licenses"][0]["expression"] == "Apache-2.0"
    for repo in ("acme/gated-model", "meta-llama/Llama-3.1-8B"):
        assert comps[repo]["licenses"] == [{"license": {"acknowledgement": "concluded", "name": "NOASSERTION"}}]
        assert _props(comps[repo], "terms-unknown") == ["true"]
    assert comps["meta-llama/Llama-3.1-8B"]["evidence"]["licenses"][0]["license"]["name"] == "NOASSERTION"
    missing = next(c for c in data["components"] if c["bom-ref"].startswith("error:2:"))
    assert missing["licenses"][0]["license"]["name"] == "NOASSERTION" and "not-found" in _props(missing, "error")[0]


def test_local_folder_and_quantized(hub_env):
    data = check_cdx(render_cyclonedx(scan(LOCAL_EXAMPLE)))
    model = data["metadata"]["component"]
    assert "purl" not in model and model["name"] == "llama-chat-finetune"
    (code,) = [c for c in model["components"] if c["type"] == "library"]
    assert code["licenses"][0]["expression"] == "MIT" and [f["name"] for f in code["components"]] == ["train.py"]
    assert model["licenses"][0]["expression"] == "LicenseRef-llama3.1"
    quant = check_cdx(render_cyclonedx(scan("graph-quant/llama2-chat-gguf")))["metadata"]["component"]
    assert [(a["name"], _props(a, "relation")) for a in quant["pedigree"]["ancestors"]] == [("llama2-chat", ["quantized"])]


def test_cli_format(hub_env):
    result = CliRunner().invoke(cli, ["scan", "evidence/chat-ft", "--depth", "5", "--format", "cyclonedx-json"],
                                catch_exceptions=False)
    assert result.exit_code == 3
    check_cdx(result.stdout)
