"""--format spdx-json / spdx-tv: SPDX 2.3 documents that spdx-tools validates and reads back
unchanged, that meet the NTIA minimum elements, and that say what the report says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from ntia_conformance_checker.ntia_checker import NTIAChecker
from spdx_tools.spdx.model import Document, RelationshipType, SpdxNoAssertion
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from license_scan.cli.main import cli
from license_scan.model import Report
from license_scan.report.spdx2 import render_spdx_json, render_spdx_tv
from license_scan.report.spdx2_doc import build_document
from spdx2_support import APACHE, EVIDENCE, LOCAL, scan, synthetic_report

LLAMA31_URL = "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE"


def written(report: Report, tmp_path: Path) -> tuple[Document, Document, Document]:
    """The built document, and what spdx-tools reads back from the JSON and the tag-value files."""
    (tmp_path / "doc.spdx.json").write_text(render_spdx_json(report))
    (tmp_path / "doc.spdx").write_text(render_spdx_tv(report))
    return build_document(report), parse_file(str(tmp_path / "doc.spdx.json")), parse_file(str(tmp_path / "doc.spdx"))


def assert_valid_and_round_trips(report: Report, tmp_path: Path) -> Document:
    built, from_json, from_tv = written(report, tmp_path)
    assert [m.validation_message for m in validate_full_spdx_document(built)] == []
    assert [m.validation_message for m in validate_full_spdx_document(from_json)] == []
    assert [m.validation_message for m in validate_full_spdx_document(from_tv)] == []
    assert from_json == built
    assert from_tv == built
    return built


def ntia(path: Path) -> NTIAChecker:
    return NTIAChecker(str(path), validate=True, compliance="ntia", sbom_spec="spdx2")


def package(doc: Document, name: str):
    (found,) = [p for p in doc.packages if p.name == name]
    return found


@pytest.mark.parametrize("targets", [(EVIDENCE,), (APACHE,), (LOCAL,), (EVIDENCE, APACHE, LOCAL)],
                         ids=["evidence", "apache", "local", "all"])
def test_valid_round_trip_and_deterministic(hub_env, tmp_path, targets):
    report = scan(*targets)
    assert_valid_and_round_trips(report, tmp_path)
    again = scan(*targets)  # a second scan, warm cache: the same bytes
    assert render_spdx_json(again) == render_spdx_json(report)
    assert render_spdx_tv(again) == render_spdx_tv(report)


def test_ntia_minimum_elements_for_hub_trees(hub_env, tmp_path):
    report = scan(EVIDENCE, APACHE)
    (tmp_path / "d.json").write_text(render_spdx_json(report))
    (tmp_path / "d.spdx").write_text(render_spdx_tv(report))
    for name in ("d.json", "d.spdx"):
        checker = ntia(tmp_path / name)
        assert checker.compliant, checker.output_json()
        assert checker.get_total_number_components() == 9  # 7 repositories + 2 training-data parts
        assert not checker.floating_component_ids  # every package is reached from the document


def test_ntia_local_folder_has_no_supplier_and_says_so(hub_env, tmp_path):
    """A local folder has no Hub namespace: its supplier is NOASSERTION, the one NTIA gap, stated in its comment."""
    report = scan(LOCAL)
    (tmp_path / "d.json").write_text(render_spdx_json(report))
    checker = ntia(tmp_path / "d.json")
    assert sorted(n for n, _ in checker.components_without_suppliers) == [LOCAL, f"{LOCAL}#code"]
    assert not checker.components_without_versions and not checker.components_without_names
    assert checker.doc_author and checker.doc_timestamp and checker.dependency_relationships
    doc = build_document(report)
    assert "no supplier is known" in package(doc, LOCAL).comment


def test_evidence_tree_content(hub_env, tmp_path):
    report = scan(EVIDENCE)
    doc = assert_valid_and_round_trips(report, tmp_path)
    target = package(doc, EVIDENCE)
    rev = report.results[0].revision
    assert target.version == rev and target.supplier.name == "evidence"
    assert target.download_location == f"https://huggingface.co/evidence/chat-ft/tree/{rev}"
    assert [r.locator for r in target.external_references] == [f"pkg:huggingface/evidence/chat-ft@{rev}"]
    assert str(target.license_declared) == "LicenseRef-llama2"
    assert str(target.license_concluded) == "LicenseRef-llama2 AND LicenseRef-llama3.1"
    assert "incomplete" in target.comment and "graph-gated/llama3-base" in target.comment
    assert target.attribution_texts == ["Llama 2 is licensed under the LLAMA 2 Community License,\n"
                                        "Copyright (c) Meta Platforms, Inc. All Rights Reserved.\n"]
    assert str(package(doc, f"{EVIDENCE}#data").license_concluded) == "CC-BY-NC-4.0"
    # the gated base: what it declares (Hub metadata), nothing concluded, and why
    gated = package(doc, "graph-gated/llama3-base")
    assert str(gated.license_declared) == "LicenseRef-llama3.1"
    assert gated.license_concluded == SpdxNoAssertion()
    assert "NOT READ (gated" in gated.comment
    dataset = package(doc, "datasets/graph-data/nc-set")
    assert dataset.download_location.startswith("https://huggingface.co/datasets/graph-data/nc-set/tree/")
    assert dataset.external_references[0].locator.endswith("?repository_url=https://huggingface.co/datasets")
    assert str(dataset.license_concluded) == "CC-BY-NC-4.0"
    # the tree
    ids = {p.spdx_id: p.name for p in doc.packages}
    rels = {(ids.get(r.spdx_element_id, r.spdx_element_id), r.relationship_type.name, ids[r.related_spdx_element_id])
            : r.comment for r in doc.relationships}
    assert ("SPDXRef-DOCUMENT", "DESCRIBES", EVIDENCE) in rels
    assert rels[(EVIDENCE, "DESCENDANT_OF", "graph-ft/llama2-chat")].startswith("merge:")
    assert rels[(EVIDENCE, "DESCENDANT_OF", "graph-gated/llama3-base")].startswith("merge:")
    assert rels[("graph-ft/llama2-chat", "DESCENDANT_OF", "graph-meta/llama-2-7b")].startswith("finetune:")
    assert rels[(EVIDENCE, "GENERATED_FROM", "datasets/graph-data/nc-set")].startswith("dataset:")
    assert (EVIDENCE, "DEPENDS_ON", "graph-gated/llama3-base") in rels  # license inheritance, for NTIA
    # files the verdict rests on: annotations with their SHA-256, never a File with an invented SHA1
    assert doc.files == []
    notes = [a.annotation_comment for a in doc.annotations if a.spdx_id == target.spdx_id]
    sha = next(f.sha256 for f in report.results[0].dependencies.nodes[0].files if f.path == "NOTICE")
    assert f"Evidence file NOTICE (role license, 113 bytes), SHA256 {sha}" in notes
    assert any("could not be read: gated" in a.annotation_comment for a in doc.annotations
               if a.spdx_id == gated.spdx_id)
    # every LicenseRef has its text: the LICENSE file read for Llama 2, a statement with the URL for Llama 3.1
    refs = {e.license_id: e for e in doc.extracted_licensing_info}
    assert set(refs) == {"LicenseRef-llama2", "LicenseRef-llama3.1"}
    assert refs["LicenseRef-llama2"].extracted_text.startswith("LLAMA 2 COMMUNITY LICENSE AGREEMENT")
    assert "file LICENSE of graph-meta/llama-2-7b" in refs["LicenseRef-llama2"].comment
    assert refs["LicenseRef-llama3.1"].license_name == "Llama 3.1 Community License Agreement"
    assert LLAMA31_URL in refs["LicenseRef-llama3.1"].extracted_text
    assert "not available" in refs["LicenseRef-llama3.1"].extracted_text


def test_hostile_card_markup_never_reaches_the_document(hub_env):
    report = scan(EVIDENCE)
    for text in (render_spdx_json(report), render_spdx_tv(report)):
        for hostile in ("<script", "javascript:", "onerror"):
            assert hostile not in text


def test_namespace_and_ids_come_from_the_inputs(hub_env):
    from dataclasses import replace

    report = scan(APACHE)
    doc = build_document(report)
    assert doc.creation_info.document_namespace.startswith("https://license-scan.dev/spdx/")
    assert doc.creation_info.created.isoformat() == "2026-01-02T00:00:00"
    assert [c.name for c in doc.creation_info.creators] == ["license-scan-0.1.0"]
    later = replace(report, generated_at="2027-05-05T00:00:00Z")
    assert build_document(later).creation_info.document_namespace == doc.creation_info.document_namespace
    other_rules = replace(report, ruleset=replace(report.ruleset, digest="sha256:" + "0" * 64))
    assert build_document(other_rules).creation_info.document_namespace != doc.creation_info.document_namespace
    moved = replace(report, results=(replace(report.results[0], dependencies=replace(
        report.results[0].dependencies, nodes=(replace(report.results[0].dependencies.nodes[0], revision="f" * 40),))),))
    assert build_document(moved).creation_info.document_namespace != doc.creation_info.document_namespace
    assert build_document(moved).packages[0].spdx_id != doc.packages[0].spdx_id


def test_synthetic_shapes(tmp_path):
    """OR, WITH (listed and unlisted exceptions), forbidden id characters, unknown terms, every relation kind,
    an unread dataset and an unreadable target: still valid, round-tripped, and honest."""
    report = synthetic_report()
    doc = assert_valid_and_round_trips(report, tmp_path)
    quant = package(doc, "org/quant")
    assert str(quant.license_concluded) == "(MIT OR Apache-2.0 WITH LLVM-exception) AND LicenseRef-odd-id-x"
    assert str(package(doc, "org/base#code").license_concluded) == "GPL-2.0-only AND LicenseRef-Not-A-Listed-exception"
    refs = {e.license_id: e for e in doc.extracted_licensing_info}
    assert "license-scan license id: LicenseRef-odd_id+x" in refs["LicenseRef-odd-id-x"].comment
    assert "LicenseRef-odd_id+x -> LicenseRef-odd-id-x" in doc.creation_info.document_comment
    assert all(e.extracted_text.strip() for e in doc.extracted_licensing_info)
    assert package(doc, "org/unknown").license_concluded == SpdxNoAssertion()
    data = package(doc, "datasets/org/data")
    assert data.license_concluded == SpdxNoAssertion() and data.license_declared == SpdxNoAssertion()
    assert "depth limit" in data.comment and data.version is None and "no version is given" in data.comment
    gone = package(doc, "org/gone")
    assert "could not be read (not-found" in gone.comment and gone.license_concluded == SpdxNoAssertion()
    kinds = {r.relationship_type for r in doc.relationships}
    assert {RelationshipType.VARIANT_OF, RelationshipType.DEPENDS_ON, RelationshipType.GENERATED_FROM,
            RelationshipType.DESCENDANT_OF, RelationshipType.DESCRIBES} <= kinds
    described = [r.related_spdx_element_id for r in doc.relationships
                 if r.relationship_type == RelationshipType.DESCRIBES]
    assert described == [quant.spdx_id, gone.spdx_id]
    assert any("could not be read: too large" in a.annotation_comment for a in doc.annotations)
    (tmp_path / "s.json").write_text(render_spdx_json(report))
    checker = ntia(tmp_path / "s.json")  # the gaps NTIA finds are exactly the versions no scan could know
    assert sorted(n for n, _ in checker.components_without_versions) == ["datasets/org/data", "org/gone"]
    assert not checker.components_without_suppliers and not checker.floating_component_ids


def test_cli_formats(hub_env, tmp_path):
    out = tmp_path / "evidence.spdx.json"
    result = CliRunner().invoke(cli, ["scan", APACHE, "--format", "spdx-json", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["spdxVersion"] == "SPDX-2.3"
    result = CliRunner().invoke(cli, ["scan", APACHE, "--format", "spdx-tv"], catch_exceptions=False)
    assert result.stdout.startswith("## Document Information\nSPDXVersion: SPDX-2.3\n")


def test_control_characters_in_a_notice_file_stay_out(tmp_path):
    doc = build_document(synthetic_report())
    assert package(doc, "org/quant").attribution_texts == [
        "Odd notice[31m red\n", "Hi&lt;/text>\nPackageLicenseConcluded: MIT\n"]  # no field injected in tag-value
