"""graph.relations: what one snapshot references (pure; no server)."""

from __future__ import annotations

import pytest

from license_scan import limits
from license_scan.graph.relations import Ref, references
from license_scan.hubref import repo_id_of
from license_scan.source.automap import auto_map_refs, local_code_paths
from snapshots import front_matter, snapshot


def refs_of(metadata: dict, *, files: tuple[str, ...] = (), tags: tuple[str, ...] = (), config: dict | None = None,
            kind: str = "model"):
    snap = snapshot(front_matter(metadata), kind=kind, extra={f: "" for f in files}, tags=tags, config=config)
    return references(snap)


def codes(found) -> list[str]:
    return [f.code for f in found.findings]


# --- base models and the relation ----------------------------------------------------------

def test_base_model_string_declared_relation():
    found = refs_of({"base_model": "meta-llama/Llama-2-7b", "base_model_relation": "quantized"})
    assert found.refs == (Ref("model", "meta-llama/Llama-2-7b", "quantized", "meta-llama/Llama-2-7b"),)
    assert found.relation == "quantized" and found.relation_inferred_from is None
    assert codes(found) == []


def test_base_model_list_urls_and_duplicates():
    found = refs_of({"base_model": ["org/a", "https://huggingface.co/org/b", "hf://org/A", "models/org/c"],
                     "base_model_relation": "merge"})
    assert [(r.repo_id, r.relation) for r in found.refs] == [("org/a", "merge"), ("org/b", "merge"), ("org/c", "merge")]


def test_invalid_base_model_is_a_finding_not_a_ref():
    found = refs_of({"base_model": ["not a repo id", "https://example.com/org/x", "org/ok"]})
    assert [r.repo_id for r in found.refs] == ["org/ok"]
    assert codes(found).count("reference-invalid") == 2


def test_invalid_relation_is_reported_and_inferred():
    found = refs_of({"base_model": "org/a", "base_model_relation": "distilled"})
    assert found.relation == "finetune"
    (finding,) = found.findings
    assert finding.code == "relation-invalid" and finding.severity == "warning"
    assert "'distilled'" in finding.message and "read as finetune" in finding.message


@pytest.mark.parametrize("metadata, files, tags, config, relation, why", [
    ({}, (), ("base_model:quantized:org/a",), None, "quantized", "Hub tag base_model:quantized:org/a"),
    ({"library_name": "peft"}, (), (), None, "adapter", "library_name: peft"),
    ({}, ("adapter_config.json",), (), None, "adapter", "file adapter_config.json"),
    ({}, (), ("gguf",), None, "quantized", "tag gguf"),
    ({"tags": ["GPTQ"]}, (), (), None, "quantized", "tag gptq"),
    ({}, ("model.Q4_K_M.gguf",), (), None, "quantized", "file model.Q4_K_M.gguf"),
    ({}, (), (), {"quantization_config": {"bits": 4}}, "quantized", "config.json quantization_config"),
    ({}, ("mergekit_config.yml",), (), None, "merge", "file mergekit_config.yml"),
    ({}, (), ("mergekit",), None, "merge", "tag mergekit"),
    ({}, (), (), None, "finetune", "nothing says otherwise"),
])
def test_relation_inferred_when_absent(metadata, files, tags, config, relation, why):
    found = refs_of({"base_model": "org/a", **metadata}, files=files, tags=tags, config=config)
    assert (found.relation, found.relation_inferred_from) == (relation, why)
    (finding,) = found.findings
    assert (finding.code, finding.severity) == ("relation-inferred", "info")
    assert finding.message.endswith(f"read as {relation} ({why})")


def test_several_bases_without_relation_are_a_merge():
    found = refs_of({"base_model": ["org/a", "org/b"]})
    assert found.relation == "merge" and found.relation_inferred_from == "2 base models"
    assert {r.relation for r in found.refs} == {"merge"}


def test_no_base_model_no_relation_no_finding():
    found = refs_of({"license": "mit"}, tags=("gguf",))
    assert found.refs == () and found.relation is None and found.findings == ()


# --- datasets ------------------------------------------------------------------------------

def test_datasets_hub_ids_and_names_that_are_not():
    found = refs_of({"datasets": ["org/d1", "datasets/org/d2", "https://huggingface.co/datasets/org/d3",
                                  "ChEMBL", "audiofolder", "common crawl", "org/D1"]})
    assert [(r.kind, r.repo_id, r.relation) for r in found.refs] == [
        ("dataset", "org/d1", "dataset"), ("dataset", "org/d2", "dataset"), ("dataset", "org/d3", "dataset")]
    assert found.unresolvable_datasets == ("ChEMBL", "audiofolder", "common crawl")
    assert found.datasets_named[0] == "org/d1" and len(found.datasets_named) == 7


def test_datasets_as_a_string():
    assert refs_of({"datasets": "org/only"}).refs == (Ref("dataset", "org/only", "dataset", "org/only"),)


def test_a_dataset_references_nothing():
    found = refs_of({"base_model": "org/a", "datasets": ["org/b"]}, kind="dataset")
    assert found.refs == () and found.unresolvable_datasets == ()


def test_references_capped_at_the_limit():
    at_cap = refs_of({"datasets": [f"org/d{i}" for i in range(limits.MAX_REFS_PER_NODE)]})
    assert len(at_cap.refs) == limits.MAX_REFS_PER_NODE and codes(at_cap) == []
    over = refs_of({"datasets": [f"org/d{i}" for i in range(limits.MAX_REFS_PER_NODE + 1)]})
    assert len(over.refs) == limits.MAX_REFS_PER_NODE and codes(over) == ["references-truncated"]


# --- code named by auto_map ------------------------------------------------------------------

AUTO_MAP = {"auto_map": {
    "AutoConfig": "configuration_x.XConfig",
    "AutoModel": "org/code-repo--modeling_x.XModel",
    "AutoModelForCausalLM": "org/code-repo--modeling_x.XForCausalLM",
    "AutoTokenizer": ["tokenization_x.XTokenizer", None],
    "Broken": "no_class_here",
}}


def test_auto_map_entries():
    found = auto_map_refs(AUTO_MAP)
    assert [(r.repo_id, r.module_path, r.class_name) for r in found] == [
        (None, "configuration_x.py", "XConfig"), ("org/code-repo", "modeling_x.py", "XModel"),
        ("org/code-repo", "modeling_x.py", "XForCausalLM"), (None, "tokenization_x.py", "XTokenizer")]
    assert local_code_paths(found) == ["configuration_x.py", "tokenization_x.py"]
    assert auto_map_refs(None) == () and auto_map_refs({"auto_map": "nonsense"}) == ()


def test_cross_repo_code_becomes_one_code_dependency():
    found = refs_of({}, config=AUTO_MAP)
    assert found.refs == (Ref("model", "org/code-repo", "code", "org/code-repo--modeling_x.XModel"),)


def test_invalid_code_repo_is_reported():
    found = refs_of({}, config={"auto_map": {"AutoModel": "not a repo--modeling.M"}})
    assert found.refs == () and codes(found) == ["reference-invalid"]


def code_read(files: list[str], config: dict | None) -> list[str]:
    return [f.path for f in snapshot("# card\n", extra={f: "" for f in files}, config=config).code_files]


def test_code_files_read_auto_map_first_then_top_level_python_first(monkeypatch):
    files = ["a.py", "b.js", "c.py", "pkg/deep.py", "pkg/k.cu", "tokenization_x.py", "configuration_x.py"]
    chosen = code_read(files, AUTO_MAP)
    assert chosen == ["configuration_x.py", "tokenization_x.py", "a.py", "c.py", "b.js", "pkg/deep.py", "pkg/k.cu"]
    monkeypatch.setattr(limits, "MAX_CODE_FILES_READ", 4)
    assert code_read(files, AUTO_MAP) == chosen[:4]
    assert code_read(["pkg/deep.py"], None) == ["pkg/deep.py"]
    assert code_read(["nb.ipynb"], None) == []  # a notebook is JSON: no header to read
    assert code_read([], None) == []


@pytest.mark.parametrize("value, kind, expected", [
    ("org/name", "model", "org/name"),
    ("https://hf.co/org/name/tree/main", "model", "org/name"),
    ("https://huggingface.co/datasets/org/name", "dataset", "org/name"),
    ("single", "model", None),
    ("org/na--me", "model", None),
    ("org/name/extra", "model", None),
    ("https://github.com/org/name", "model", None),
])
def test_repo_id_of(value, kind, expected):
    assert repo_id_of(value, kind) == expected
