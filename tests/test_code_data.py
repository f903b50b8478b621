"""classify.code and classify.data: the code and data components, on their own and through the tree.

What a scan of each fixture repo gives (expressions, categories, nodes, finding codes) is in its expected.yaml
(tests/test_fixture_expectations.py); the Hub tests here check evidence, messages and request counts.
"""

from __future__ import annotations

from dataclasses import replace

from license_scan import limits
from license_scan.detect.headers import header_evidence
from license_scan.detect.text.reference import reference_text
from license_scan.limits import DEFAULT_DEPTH
from license_scan.report.jsonout import render_json
from license_scan.ruleset import load_ruleset
from license_scan.classify.snapshot import classify_snapshot
from license_scan.scan import ScanOptions, run_scan
from license_scan.source.local import read_local
from license_scan.target import parse_target
from schema_check import assert_valid_report
from snapshots import repo_file, snapshot

SHA = "b033e461f37a8edbf01d84141549febd45d654bc"  # graph-code/modeling-hub


def hub_scan(target: str, depth: int = DEFAULT_DEPTH) -> dict:
    report = run_scan([target], ScanOptions(depth=depth))
    return assert_valid_report(render_json(report))["results"][0]


def findings(result: dict, code: str) -> list[dict]:
    return [f for f in result["findings"] if f["code"] == code]


def code_of(snap):
    components, found = _parts(classify_snapshot(snap, load_ruleset()))
    return components.code, [f for f in found if f.code in ("no-code", "code-license-assumed", "code-license-missing",
                                                             "auto-map-file-missing", "license-conflict")]


# --- code: headers, statements, fall-backs ---------------------------------------------------

def test_headers_give_the_code_license_at_a_cost_of_two_requests_per_file(hub_env):
    result = hub_scan("graph-code/modeling-hub", depth=0)
    code = result["components"]["code"]
    assert [(e["source"], e["path"], e["rule"], e["span"]["start_line"]) for e in code["evidence"]] == [
        ("file", "configuration_x.py", "Apache-2.0", 3), ("file", "modeling_x.py", "BSD-3-Clause", 2)]
    assert all(len(e["sha256"]) == 64 for e in code["evidence"])
    base = f"/graph-code/modeling-hub/resolve/{SHA}/"
    assert hub_env.server.requests == [("GET", "/api/models/graph-code/modeling-hub")] + [
        (m, base + p) for p in ("README.md", "config.json", "configuration_x.py", "modeling_x.py") for m in ("HEAD", "GET")]


def test_code_in_another_repo_is_inherited(hub_env):
    result = hub_scan("graph-code/remote-user")
    code = result["components"]["code"]
    assert {(e["source"], e["path"]) for e in code["evidence"]} == {("inherited", "graph-code/modeling-hub")}
    (note,) = findings(result, "no-code")
    assert note["message"] == ("graph-code/remote-user ships no source code; config.json uses code from "
                               "graph-code/modeling-hub (followed as a dependency); no code component")
    nodes = {n["id"]: n for n in result["dependencies"]["nodes"]}
    assert nodes["graph-code/remote-user"]["components"]["code"] == code


def test_code_without_a_header_takes_the_card_license(hub_env):
    result = hub_scan("graph-code/no-header", depth=0)
    (note,) = findings(result, "code-license-assumed")
    assert "(README.md) is taken to cover it" in note["message"]


def test_code_and_no_license_is_unknown(hub_env):
    result = hub_scan("graph-code/bare", depth=0)
    code = result["components"]["code"]
    assert code["evidence"][0]["path"] == "run.py" and code["evidence"][0]["rule"] is None
    (missing,) = findings(result, "code-license-missing")
    assert "ships 1 source file(s) (run.py)" in missing["message"]


def test_no_code_is_no_component():
    code, found = code_of(snapshot("---\nlicense: mit\n---\n"))
    assert code is None
    assert [(f.code, f.severity, f.message) for f in found] == [
        ("no-code", "info", "org/model ships no source code; no code component")]


def test_a_code_statement_without_code_is_kept_as_stated():
    code, found = code_of(snapshot("---\nlicense: llama3.1\n---\nThe code is released under the MIT license.\n"))
    assert code is not None and code.expression == "MIT"
    assert [f.code for f in found] == ["no-code"] and "reported as stated" in found[0].message


def test_a_license_file_beside_the_code_covers_it(tmp_path):
    root = tmp_path / "model"
    (root / "src").mkdir(parents=True)
    (root / "README.md").write_text("---\nlicense: other\n---\n# A model\n")
    (root / "src" / "LICENSE").write_text(reference_text("mit"))  # the whole text: a first sentence is partial
    (root / "src" / "train.py").write_text("print('no header')\n")
    code, found = code_of(read_local(parse_target(str(root))))
    assert code is not None and code.expression == "MIT"
    assert [f.code for f in found] == ["code-license-assumed"] and "(src/LICENSE)" in found[0].message


def test_auto_map_module_missing_is_reported():
    snap = snapshot("---\nlicense: mit\n---\n", config={"auto_map": {"AutoModel": "modeling_gone.M"}})
    _, found = code_of(snap)
    assert [f.code for f in found] == ["auto-map-file-missing", "no-code"]


def test_local_folder_reads_code_files_up_to_the_cap(tmp_path):
    root = tmp_path / "model"
    root.mkdir()
    (root / "README.md").write_text("---\nlicense: mit\n---\n")
    (root / "config.json").write_text('{"auto_map": {"AutoModel": "zz_modeling.M"}}')
    (root / "zz_modeling.py").write_text("# SPDX-License-Identifier: Apache-2.0\n")
    for i in range(limits.MAX_CODE_FILES_READ + 2):
        (root / f"a{i}.py").write_text("# SPDX-License-Identifier: MIT\n")
    snap = read_local(parse_target(str(root)))
    assert [f.path for f in snap.code_files] == ["zz_modeling.py"] + sorted(
        f"a{i}.py" for i in range(limits.MAX_CODE_FILES_READ + 2))[: limits.MAX_CODE_FILES_READ - 1]
    code, _ = code_of(snap)
    assert code is not None and code.expression == "Apache-2.0 AND MIT"


def test_header_forms():
    ruleset = load_ruleset()
    c_style = repo_file("x.c", "/* SPDX-License-Identifier: Apache-2.0 OR MIT */\nint x;\n")
    found = header_evidence(c_style, ruleset, repo="org/m")
    evidence, problems = found.of("code"), found.findings
    # an OR stays one statement: the first license as its rule, the whole expression beside it
    assert [(e.rule, e.expression, e.value) for e in evidence] == [
        ("Apache-2.0", "Apache-2.0 OR MIT", "SPDX-License-Identifier: Apache-2.0 OR MIT")] and problems == ()
    unknown = repo_file("y.py", "# SPDX-License-Identifier: LicenseRef-Acme-Internal\n")
    found = header_evidence(unknown, ruleset, repo="org/m")
    evidence, problems = found.of("code"), found.findings
    assert evidence[0].rule is None and [p.code for p in problems] == ["license-unrecognised"]
    late = repo_file("z.py", "\n" * limits.CODE_HEADER_LINES + "# SPDX-License-Identifier: MIT\n")
    found = header_evidence(late, ruleset, repo="org/m")
    # only the header is read; the file is listed as examined, stating no terms
    assert [(e.rule, e.no_terms, e.path) for e in found.of("code")] == [(None, True, "z.py")] and found.findings == ()
    phrase = repo_file("w.py", "# Copyright 2024 A\n# Licensed under the Apache License, Version 2.0\n")
    evidence = header_evidence(phrase, ruleset, repo="org/m").of("code")
    assert [(e.source, e.rule, e.span.start_line if e.span else None) for e in evidence] == [("file", "Apache-2.0", 2)]


# --- data: the datasets a model names --------------------------------------------------------

def test_datasets_with_different_terms_join_with_and(hub_env):
    result = hub_scan("graph-data/clean-model")
    data = result["components"]["data"]
    assert {o["source"] for o in data["obligations"]} == {"inherited:datasets/graph-data/cc-by-set",
                                                         "inherited:datasets/graph-data/nc-set"}
    assert ("non-commercial", "inherited:datasets/graph-data/nc-set") in {(o["kind"], o["source"])
                                                                          for o in data["obligations"]}


def test_mixed_datasets_are_unknown_with_the_reasons(hub_env):
    result = hub_scan("graph-data/mixed-model")
    data = result["components"]["data"]
    assert [(e["path"], e["rule"], e["value"]) for e in data["evidence"]] == [
        ("datasets/graph-data/cc-by-set", "CC-BY-4.0", "dataset of datasets/graph-data/cc-by-set: CC-BY-4.0"),
        ("datasets/graph-data/nc-set", "CC-BY-NC-4.0", "dataset of datasets/graph-data/nc-set: CC-BY-NC-4.0"),
        ("datasets/graph-data/no-such-set", None,
         "dataset of datasets/graph-data/no-such-set: unknown (missing: repository not found on the Hub "
         "(or private: set HF_TOKEN))"),
        ("ChEMBL", None, "dataset of ChEMBL: unknown (not a Hub dataset id (org/name))"),
        ("audiofolder", None, "dataset of audiofolder: unknown (not a Hub dataset id (org/name))")]
    not_on_hub = findings(result, "dataset-not-on-hub")
    assert [f["message"].split("'")[1] for f in not_on_hub] == ["ChEMBL", "audiofolder"]
    (unreadable,) = findings(result, "dependency-unreadable")
    assert unreadable["message"].startswith("graph-data/mixed-model ← dataset ← datasets/graph-data/no-such-set: missing")
    requests = [p for _, p in hub_env.server.requests]
    assert not any("ChEMBL" in p or "audiofolder" in p for p in requests)  # names that are not ids cost nothing


def test_datasets_not_followed_at_depth_zero(hub_env):
    result = hub_scan("graph-data/clean-model", depth=0)
    data = result["components"]["data"]
    assert data["category"] == "unknown"
    assert {e["value"] for e in data["evidence"]} == {
        "dataset of datasets/graph-data/cc-by-set: unknown (not read: beyond --depth or the tree's size cap)",
        "dataset of datasets/graph-data/nc-set: unknown (not read: beyond --depth or the tree's size cap)"}
    assert {(n["id"], n["status"]) for n in result["dependencies"]["nodes"][1:]} == {
        ("datasets/graph-data/cc-by-set", "depth-limit"), ("datasets/graph-data/nc-set", "depth-limit")}


def _parts(classified):
    return classified.components, classified.findings
