"""`--format spdx3-json`: SPDX 3.0.1 JSON-LD, validated against the official schema, read back with the
bindings that wrote it, and checked for what the schema cannot see (tests/spdx3_check.py)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from evidence_reports import LOCAL_EXAMPLE, scan
from license_scan.cli.main import cli
from license_scan.report.spdx3 import render_spdx3
from spdx3_check import NO_ASSERTION, check_spdx3


def _graph(data):
    by_id = {o["spdxId"]: o for o in data["@graph"] if "spdxId" in o}
    pkgs = {o["name"]: o for o in by_id.values() if o["type"].endswith("Package")}
    return by_id, pkgs


def _rels(by_id, pkg, rtype):
    return [r for r in by_id.values() if r["type"] == "Relationship" and r["from"] == pkg["spdxId"]
            and r["relationshipType"] == rtype]


def _expr(by_id, rel):
    target = rel["to"][0]
    return "NOASSERTION" if target == NO_ASSERTION else by_id[target]["simplelicensing_licenseExpression"]


@pytest.fixture
def chat(hub_env):
    report = scan("evidence/chat-ft")
    text = render_spdx3(report)
    data, objects = check_spdx3(text)
    return report, text, data, objects


def test_chat_ft_profiles_licenses_and_lineage(chat):
    report, _, data, _ = chat
    by_id, pkgs = _graph(data)
    model = pkgs["evidence/chat-ft"]
    assert model["type"] == "ai_AIPackage" and model["software_primaryPurpose"] == "model"
    assert model["ai_typeOfModel"] == ["text-generation"]
    assert model["ai_domain"] == ["natural language processing"]
    assert model["ai_limitation"].startswith("May produce wrong answers")
    assert "<i>internal</i>" in model["ai_informationAboutApplication"]  # as written: JSON carries it inert
    assert "graph-data/nc-set" in model["ai_informationAboutTraining"]
    assert model["software_packageUrl"] == f"pkg:huggingface/evidence/chat-ft@{report.results[0].revision}"
    # declared: the repo's own terms; concluded: what it inherits too
    assert _expr(by_id, _rels(by_id, model, "hasDeclaredLicense")[0]) == "LicenseRef-llama2"
    assert _expr(by_id, _rels(by_id, model, "hasConcludedLicense")[0]) == "LicenseRef-llama2 AND LicenseRef-llama3.1"
    # lineage: merge -> descendantOf, the gated base incomplete; the dataset trainedOn
    desc = {by_id[r["to"][0]]["name"]: r for r in _rels(by_id, model, "descendantOf")}
    assert set(desc) == {"graph-ft/llama2-chat", "graph-gated/llama3-base"}
    assert desc["graph-gated/llama3-base"].get("completeness") == "incomplete"
    assert "completeness" not in desc["graph-ft/llama2-chat"]
    assert [by_id[r["to"][0]]["name"] for r in _rels(by_id, model, "trainedOn")] == ["datasets/graph-data/nc-set"]
    assert [by_id[r["to"][0]]["name"] for r in _rels(by_id, pkgs["graph-ft/llama2-chat"], "descendantOf")] == \
        ["graph-meta/llama-2-7b"]
    nc = pkgs["datasets/graph-data/nc-set"]
    assert nc["type"] == "dataset_DatasetPackage" and nc["dataset_datasetType"] == ["noAssertion"]
    assert _expr(by_id, _rels(by_id, nc, "hasConcludedLicense")[0]) == "CC-BY-NC-4.0"


def test_custom_licenses_text_from_files_else_a_statement(chat):
    report, _, data, _ = chat
    by_id, _ = _graph(data)
    customs = {o["spdxId"].rsplit("/", 1)[1]: o for o in by_id.values() if o["type"] == "expandedlicensing_CustomLicense"}
    assert set(customs) == {"LicenseRef-llama2", "LicenseRef-llama3.1"}  # listed licenses are never defined
    base = next(n for n in report.results[0].dependencies.nodes if n.id == "graph-meta/llama-2-7b")
    license_file = next(f for f in base.files if f.path == "LICENSE")
    assert customs["LicenseRef-llama2"]["simplelicensing_licenseText"] == license_file.text
    assert license_file.sha256 in customs["LicenseRef-llama2"]["comment"]
    statement = customs["LicenseRef-llama3.1"]["simplelicensing_licenseText"]  # the gated repo's text was never read
    assert "not read" in statement and "Llama 3.1 Community License Agreement" in statement
    assert customs["LicenseRef-llama3.1"]["expandedlicensing_seeAlso"][0].startswith("https://")


def test_files_carry_their_sha256_and_unread_ones_are_incomplete(chat):
    report, _, data, _ = chat
    by_id, pkgs = _graph(data)
    for node in report.results[0].dependencies.nodes:
        (rel,) = _rels(by_id, pkgs[node.id], "hasEvidence")
        files = {by_id[t]["name"]: by_id[t] for t in rel["to"]}
        assert set(files) == {f.path for f in node.files}
        for f in node.files:
            hashes = files[f.path].get("verifiedUsing", [])
            assert hashes == ([{"type": "Hash", "algorithm": "sha256", "hashValue": f.sha256}] if f.sha256 else [])
        assert (rel.get("completeness") == "incomplete") == any(f.sha256 is None for f in node.files)
    assert any(f.unreadable == "gated" for n in report.results[0].dependencies.nodes for f in n.files)


def test_findings_and_obligations_are_annotations(chat):
    report, _, data, _ = chat
    by_id, pkgs = _graph(data)
    notes = [(by_id[a["subject"]]["name"], a["annotationType"], a["statement"])
             for a in by_id.values() if a["type"] == "Annotation"]
    assert ("graph-gated/llama3-base", "review") in {(s, t) for s, t, st in notes if "gated-files-unreadable" in st}
    obligations = [st for s, t, st in notes if t == "other"]
    assert any("non-commercial" in st for st in obligations)
    comps = report.results[0].components
    assert len(obligations) == len({(o.kind, o.component, o.text, o.license, o.source)
                                    for c in (comps.weights, comps.data) for o in c.obligations})
    doc = next(o for o in data["@graph"] if o["type"] == "SpdxDocument")
    assert "incomplete" in doc["comment"] and doc["rootElement"] == [pkgs["evidence/chat-ft"]["spdxId"]]


def test_read_back_with_the_bindings(chat):
    from spdx_python_model.bindings import v3_0_1 as m

    _, _, _, objects = chat
    models = {p.name: p for p in objects.foreach_type(m.ai_AIPackage)}
    assert set(models) == {"evidence/chat-ft", "graph-ft/llama2-chat", "graph-gated/llama3-base",
                           "graph-meta/llama-2-7b"}
    datasets = {p.name for p in objects.foreach_type(m.dataset_DatasetPackage)}
    assert datasets == {"datasets/graph-data/nc-set", "datasets/graph-data/cc-by-set"}
    trained = [r for r in objects.foreach_type(m.Relationship) if r.relationshipType == m.RelationshipType.trainedOn]
    assert {(r.from_.name, r.to[0].name) for r in trained} == {
        ("evidence/chat-ft", "datasets/graph-data/nc-set"), ("graph-ft/llama2-chat", "datasets/graph-data/cc-by-set")}
    (doc,) = objects.foreach_type(m.SpdxDocument)
    assert doc.creationInfo.created == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert [t.name for t in doc.creationInfo.createdUsing] == ["license-scan 0.1.0"]


def test_deterministic_and_ids_derived_from_the_inputs(hub_env, chat):
    _, text, data, _ = chat
    assert render_spdx3(scan("evidence/chat-ft")) == text  # warm cache, same report: same bytes
    later = render_spdx3(scan("evidence/chat-ft", now=datetime(2026, 2, 1, tzinfo=timezone.utc)))
    assert later != text and json.loads(later)["@graph"][0]["created"] == "2026-02-01T00:00:00Z"
    assert "uuid" not in text.lower()


def test_quantized_base_has_the_variant(hub_env):
    data, _ = check_spdx3(render_spdx3(scan("graph-quant/llama2-chat-gguf")))
    by_id, pkgs = _graph(data)
    (rel,) = _rels(by_id, pkgs["graph-ft/llama2-chat"], "hasVariant")
    assert by_id[rel["to"][0]]["name"] == "graph-quant/llama2-chat-gguf"
    assert not _rels(by_id, pkgs["graph-quant/llama2-chat-gguf"], "descendantOf")


def test_local_folder_code_is_its_own_package(hub_env):
    data, _ = check_spdx3(render_spdx3(scan(LOCAL_EXAMPLE)))
    by_id, pkgs = _graph(data)
    model = next(p for n, p in pkgs.items() if n.endswith("llama-chat-finetune"))
    code = next(p for n, p in pkgs.items() if n.endswith("(code)"))
    assert [r["to"] for r in _rels(by_id, model, "contains")] == [[code["spdxId"]]]
    assert _expr(by_id, _rels(by_id, code, "hasConcludedLicense")[0]) == "MIT"
    assert _expr(by_id, _rels(by_id, model, "hasConcludedLicense")[0]) == "LicenseRef-llama3.1"
    assert "purl" not in json.dumps(model) and "software_packageUrl" not in model  # not a Hub model
    code_files = {by_id[t]["name"] for r in _rels(by_id, code, "hasEvidence") for t in r["to"]}
    assert code_files == {"train.py"}


def test_unknown_terms_are_no_assertion_never_omitted(hub_env):
    report = scan("acme/apache-model", "acme/gated-model", "acme/does-not-exist", depth=0)
    data, _ = check_spdx3(render_spdx3(report))
    by_id, pkgs = _graph(data)
    assert _expr(by_id, _rels(by_id, pkgs["acme/apache-model"], "hasConcludedLicense")[0]) == "Apache-2.0"
    assert "expandedlicensing_CustomLicense" not in {o["type"] for o in data["@graph"]
                                                     if "Apache" in o.get("name", "")}
    gated = _rels(by_id, pkgs["acme/gated-model"], "hasConcludedLicense")[0]
    assert gated["to"] == [NO_ASSERTION] and "unknown" in gated["comment"]
    base = pkgs["meta-llama/Llama-3.1-8B"]  # depth 0: listed, not read
    for rtype in ("hasDeclaredLicense", "hasConcludedLicense"):
        assert _rels(by_id, base, rtype)[0]["to"] == [NO_ASSERTION]
    assert _rels(by_id, pkgs["acme/gated-model"], "descendantOf")[0]["completeness"] == "incomplete"
    missing = pkgs["acme/does-not-exist"]
    assert "not-found" in missing["comment"]
    assert _rels(by_id, missing, "hasConcludedLicense")[0]["to"] == [NO_ASSERTION]
    doc = next(o for o in data["@graph"] if o["type"] == "SpdxDocument")
    assert len(doc["rootElement"]) == 3


def test_cli_format(hub_env):
    result = CliRunner().invoke(cli, ["scan", "evidence/chat-ft", "--depth", "5", "--format", "spdx3-json"],
                                catch_exceptions=False)
    assert result.exit_code == 3  # the gated base: incomplete, whatever the format
    check_spdx3(result.stdout)
