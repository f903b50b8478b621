"""Issue 8 item 10: parts inside a repo carry their own terms. The JSON files a pipeline's parts
are saved with name the repo each came from; a Hub repo named there is a `component` dependency
whose weights terms bind the pipeline; local paths and the repo itself are not dependencies."""

from __future__ import annotations

import json

import pytest

from license_scan import limits
from license_scan.graph.relations import Ref, component_repo, references
from license_scan.scan import ScanOptions, run_scan
from license_scan.source.components import component_refs, refs_in
from license_scan.source.snapshot import ComponentRef
from snapshots import front_matter, snapshot

CARD = front_matter({"license": "mit"})


def snap_with(files: dict[str, dict], *, config: dict | None = None, extra: tuple[str, ...] = (),
              repo: str = "org/pipe"):
    texts = {path: json.dumps(data) for path, data in files.items()}
    texts.update({p: "" for p in extra})
    return snapshot(CARD, repo=repo, extra=texts, config=config)


# --- parsing: source/components.py -------------------------------------------------------------

def test_refs_in_each_file_kind():
    assert refs_in("text_encoder/config.json", {"_name_or_path": "openai/clip-vit-large-patch14"}) == [
        ComponentRef("text_encoder", "text_encoder/config.json", "_name_or_path", "openai/clip-vit-large-patch14")]
    assert refs_in("tokenizer_config.json", {"name_or_path": " org/tok "}) == [
        ComponentRef("", "tokenizer_config.json", "name_or_path", "org/tok")]
    index = {"_class_name": "P", "_name_or_path": "org/pipe-src", "unet": ["org/custom-unet", "UNet"],
             "vae": ["diffusers", "AutoencoderKL"], "scheduler": [None, None], "_diffusers_version": "0.27"}
    assert refs_in("model_index.json", index) == [
        ComponentRef("", "model_index.json", "_name_or_path", "org/pipe-src"),
        ComponentRef("unet", "model_index.json", "unet", "org/custom-unet")]
    assert refs_in("vae/config.json", {"_name_or_path": ""}) == []
    assert refs_in("vae/config.json", {"_name_or_path": 3}) == []


def test_component_refs_once_per_file_and_value():
    found = component_refs([("a/config.json", {"_name_or_path": "o/x", "name_or_path": "o/x"}),
                            ("b/config.json", {"_name_or_path": "o/x"}), ("c/config.json", None)])
    assert [(r.path, r.named_as) for r in found] == [("a/config.json", "o/x"), ("b/config.json", "o/x")]


def test_builder_reads_the_parts_files_and_carries_the_refs():
    snap = snap_with({
        "model_index.json": {"_class_name": "P", "text_encoder": ["transformers", "CLIPTextModel"]},
        "text_encoder/config.json": {"_name_or_path": "org/encoder"},
        "tokenizer/tokenizer_config.json": {"name_or_path": "org/tok"},
        "tokenizer_config.json": {"name_or_path": "org/root-tok"},
        "scheduler/scheduler_config.json": {"_name_or_path": "org/never-read"},
    }, config={"_name_or_path": "/home/me/out"})
    assert [f.path for f in snap.component_files] == [
        "model_index.json", "tokenizer_config.json", "text_encoder/config.json", "tokenizer/tokenizer_config.json"]
    assert [(r.path, r.named_as) for r in snap.component_refs] == [
        ("config.json", "/home/me/out"), ("tokenizer_config.json", "org/root-tok"),
        ("text_encoder/config.json", "org/encoder"), ("tokenizer/tokenizer_config.json", "org/tok")]


@pytest.mark.parametrize("over", [False, True])
def test_the_parts_file_cap_is_an_incomplete_finding(monkeypatch, over):
    monkeypatch.setattr(limits, "MAX_COMPONENT_FILES", 2 if over else 3)
    snap = snap_with({f"p{i}/config.json": {"_name_or_path": f"org/p{i}"} for i in range(3)})
    codes = [f.code for f in snap.findings]
    assert ("references-truncated" in codes) is over
    assert len(snap.component_refs) == (2 if over else 3)
    if over:
        assert "p2/config.json" in snap.findings[0].message


def test_invalid_parts_file_is_reported():
    snap = snapshot(CARD, extra={"vae/config.json": "[1, 2"})
    assert [f.code for f in snap.findings] == ["component-file-invalid"] and snap.component_refs == ()


def test_a_dataset_reads_no_parts_files():
    snap = snapshot(front_matter({"license": "mit"}), kind="dataset",
                    extra={"sub/config.json": json.dumps({"_name_or_path": "org/x"})})
    assert snap.component_files == () and snap.component_refs == ()


# --- what is a dependency: graph/relations.py ---------------------------------------------------

# (value, expected Hub id, local)
VALUES = [
    ("openai/clip-vit-large-patch14", "openai/clip-vit-large-patch14", False),
    ("https://huggingface.co/org/name", "org/name", False),
    ("/home/x/ckpt", None, True), ("/home/ckpt", None, True), ("./vae", None, True), ("../models/x", None, True),
    ("~/models/x", None, True), ("C:\\Users\\me\\unet", None, True), ("D:/models/unet", None, True),
    ("vae", None, True),  # a folder of this repo
    ("/root/.cache/huggingface/hub/models--openai--clip-vit-large-patch14/snapshots/abc", "openai/clip-vit-large-patch14",
     False),
    ("gpt2", None, False),  # a legacy id or a name: not org/name, reported
]


@pytest.mark.parametrize("value, expected, local", VALUES)
def test_component_repo(value, expected, local):
    snap = snap_with({}, extra=("vae/diffusion_pytorch_model.safetensors",))
    assert component_repo(value, snap) == (expected, local)


def test_each_hub_origin_is_one_component_ref():
    snap = snap_with({
        "text_encoder/config.json": {"_name_or_path": "org/encoder"},
        "tokenizer/tokenizer_config.json": {"name_or_path": "org/encoder"},
        "unet/config.json": {"_name_or_path": "/home/user/unet"},
        "vae/config.json": {"_name_or_path": "./vae"},
        "model_index.json": {"_name_or_path": "org/pipe"},  # the repo itself
        "safety_checker/config.json": {"_name_or_path": "org/checker"},
    })
    found = references(snap)
    assert found.refs == (Ref("model", "org/checker", "component", "org/checker"),
                          Ref("model", "org/encoder", "component", "org/encoder"))
    assert found.findings == ()


def test_a_base_model_named_again_is_not_a_second_edge_but_code_is():
    snap = snapshot(front_matter({"license": "mit", "base_model": "org/base"}), repo="org/ft",
                    config={"_name_or_path": "org/base", "auto_map": {"AutoModel": "org/code--m.M"}},
                    extra={"tokenizer_config.json": json.dumps({"name_or_path": "org/code"})})
    assert [(r.repo_id, r.relation) for r in references(snap).refs] == [
        ("org/base", "finetune"), ("org/code", "code"), ("org/code", "component")]


def test_a_name_that_is_not_an_id_is_reported():
    snap = snap_with({"tokenizer_config.json": {"name_or_path": "gpt2"}})
    found = references(snap)
    assert found.refs == () and [f.code for f in found.findings] == ["reference-invalid"]
    assert "tokenizer_config.json names 'gpt2'" in found.findings[0].message


# --- inheritance and the Hub fixtures ----------------------------------------------------------

def test_pipeline_with_a_non_commercial_text_encoder(hub_env):
    (result,) = run_scan(["graph-parts/sd-nc-encoder"], ScanOptions(depth=limits.DEFAULT_DEPTH)).results
    weights = result.components.weights
    assert weights is not None and weights.category == "custom-restricted"
    assert [(e.source, e.rule) for e in weights.evidence if e.source == "inherited"] == [("inherited", "CC-BY-NC-4.0")]
    (laundering,) = [f for f in result.findings if f.code == "license-laundering"]
    assert "graph-parts/sd-nc-encoder ← component ← graph-mix/nc-model" in laundering.message
    assert [(e.source, e.target, e.relation) for e in result.dependencies.edges] == [
        ("graph-parts/sd-nc-encoder", "graph-mix/nc-model", "component")]
    assert any(o.kind == "non-commercial" for o in weights.obligations)


def test_local_paths_fetch_nothing(hub_env):
    (result,) = run_scan(["graph-parts/local-paths"], ScanOptions(depth=limits.DEFAULT_DEPTH)).results
    assert result.dependencies.edges == ()
    fetched = {p for _, p in hub_env.server.requests if p.startswith("/api/")}
    assert fetched == {"/api/models/graph-parts/local-paths"}


def test_a_llama_text_encoder_binds_an_apache_pipeline(hub_env):
    (result,) = run_scan(["graph-parts/llama-encoder"], ScanOptions(depth=1)).results
    weights = result.components.weights
    assert weights is not None and weights.expression == "Apache-2.0 AND LicenseRef-llama2"
    assert {o.params.get("inherited_via") for o in weights.obligations if o.source.startswith("inherited:")} == {
        "component of graph-meta/llama-2-7b"}
    assert [(e.target, e.relation) for e in result.dependencies.edges] == [("graph-meta/llama-2-7b", "component")]
