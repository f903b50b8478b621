"""Recipe and configuration files, list file and notebooks: each shape -> exactly these references."""

from __future__ import annotations

import json
import textwrap

import pytest

from license_scan.source.project.configs import config_refs
from license_scan.source.project.listfile import list_refs
from license_scan.source.project.notebook import code_cells, notebook_refs


def _never_local(value: str) -> bool:
    return False


def cfg(name: str, text: str) -> tuple[set[str], list[str]]:
    out = config_refs(textwrap.dedent(text).lstrip("\n").encode(), name, _never_local)
    return ({f"{h.kind} {h.repo_id} {h.location.line}" for h in out.hits},
            sorted(f"{f.code} {f.source.line}" if f.source and f.source.line else f.code for f in out.findings))


YAML_CASES = {
    "trl recipe": ("""
        model_name_or_path: org/base
        model_revision: main
        dataset_name: org/data
        hub_model_id: org/out
        output_dir: data/out
        push_to_hub: true
        """, {"model org/base 1", "dataset org/data 3"}, []),
    "alignment-handbook mixer": ("""
        model_name_or_path: org/base
        dataset_mixer:
          org/chat-a: 0.5
          org/chat-b: 1.0
        dataset_splits: [train_sft]
        """, {"model org/base 1", "dataset org/chat-a 3", "dataset org/chat-b 4"}, []),
    "trl dataset_mixture": ("""
        dataset_mixture:
          datasets:
            - id: org/d1
              split: train
            - id: org/d2
        """, {"dataset org/d1 3", "dataset org/d2 5"}, []),
    "axolotl": ("""
        base_model: org/base
        tokenizer_type: LlamaTokenizer
        datasets:
          - path: org/alpaca
            type: alpaca
            name: subset
          - path: ./local.jsonl
        dataset_prepared_path: prepared
        hub_model_id: org/out
        """, {"model org/base 1", "dataset org/alpaca 4"}, []),
    "llama-factory dataset names are not ids": ("""
        model_name_or_path: org/base
        stage: sft
        finetuning_type: lora
        dataset: alpaca_en_demo,org/looks-like-id
        eval_dataset: org/eval
        template: llama3
        export_hub_model_id: org/export
        """, {"model org/base 1"}, []),
    "a dataset key outside llama-factory": ("""
        model: org/m
        dataset: org/d
        """, {"model org/m 1", "dataset org/d 2"}, []),
    "torchtune": ("""
        output_dir: /tmp/out
        tokenizer:
          _component_: torchtune.models.llama3.llama3_tokenizer
          path: /tmp/model/tokenizer.model
        checkpointer:
          _component_: torchtune.training.FullModelHFCheckpointer
          checkpoint_dir: /tmp/model
          repo_id: org/tt
          output_dir: ${output_dir}
        dataset:
          _component_: torchtune.datasets.instruct_dataset
          source: org/instruct
        """, {"model org/tt 8", "dataset org/instruct 12"}, []),
    "hydra": ("""
        defaults:
          - _self_
        model:
          _target_: transformers.AutoModelForCausalLM.from_pretrained
          pretrained_model_name_or_path: org/hydra
        data:
          dataset_name: org/hd
        """, {"model org/hydra 5", "dataset org/hd 7"}, []),
    "interpolations are findings": ("""
        model_name_or_path: ${oc.env:MODEL}
        tokenizer_name: "{{ tokenizer }}"
        model:
          name: ${base}
        """, set(), ["ref-unresolved 1", "ref-unresolved 2"]),
    "legacy ids only under named keys": ("""
        model_name_or_path: gpt2
        model: gpt2
        tokenizer: bert
        """, {"model gpt2 1"}, []),
    "non-strings and nulls": ("""
        model_name_or_path: null
        tokenizer_name: 12
        base_model: true
        """, set(), []),
    "outputs at any depth": ("""
        push:
          repo_id: org/pushed
        upload_to: {model_id: org/up}
        training:
          output_dir: org/out
        """, set(), []),
    "multi-document and anchors": ("""
        base: &b org/base
        model_name_or_path: *b
        ---
        dataset_name: org/d
        """, {"model org/base 1", "dataset org/d 4"}, []),
    "custom tags are not fixed values": ("""
        model_name_or_path: !env MODEL_PATH
        dataset_name: org/d
        """, {"dataset org/d 2"}, ["ref-unresolved 1"]),
    "broken yaml": ("model_name_or_path: [unclosed\n", set(), ["ref-file-unparsable"]),
}


@pytest.mark.parametrize("name", list(YAML_CASES))
def test_yaml_shape(name: str):
    text, refs, findings = YAML_CASES[name]
    assert cfg("r.yaml", text) == (refs, sorted(findings))


def test_yaml_column_is_the_value():
    out = config_refs(b"  \nbase_model:   org/base\n", "a.yml", _never_local)
    assert [(h.location.line, h.location.column, h.location.how) for h in out.hits] == [(2, 15, "config key base_model")]


def test_json_lines_follow_the_key():
    text = json.dumps({"hub_model_id": "org/m", "nested": {"model_name_or_path": "org/m"},
                       "datasets": ["org/a", "org/b"], "dataset_mixer": {"org/c": 1}}, indent=2)
    refs, findings = cfg("c.json", text)
    assert refs == {"model org/m 4", "dataset org/a 7", "dataset org/b 8", "dataset org/c 11"} and findings == []


def test_llama_factory_dataset_info_names_hub_datasets():
    text = json.dumps({"alpaca_en": {"hf_hub_url": "llamafactory/alpaca_en", "ms_hub_url": "llamafactory/ms"},
                       "local": {"file_name": "local.json"}}, indent=2)
    assert cfg("dataset_info.json", text) == ({"dataset llamafactory/alpaca_en 3"}, [])


def test_toml():
    text = '[tool.train]\nmodel_name_or_path = "org/t"\noutput_dir = "org/o"\n[data]\ndataset_name = \'org/d\'\n'
    assert cfg("train.toml", text) == ({"model org/t 2", "dataset org/d 5"}, [])


def test_broken_json_and_toml_are_findings():
    assert cfg("a.json", "{")[1] == ["ref-file-unparsable"]
    assert cfg("a.toml", "x = ")[1] == ["ref-file-unparsable"]


def test_local_paths_are_not_references():
    out = config_refs(b"model_name_or_path: org/base\n", "r.yaml", lambda value: value == "org/base")
    assert out.hits == ()


# --- list file ----------------------------------------------------------------------------

def test_list_file():
    text = ("# header\n\norg/m   # a comment\ndatasets/org/d\nhf://datasets/org/e\n"
            "https://huggingface.co/org/u\ngpt2\nnot an id\n  org/indented\n")
    out = list_refs(text, "license-scan-models.txt")
    assert {f"{h.kind} {h.repo_id} {h.location.line}:{h.location.column}" for h in out.hits} == {
        "model org/m 3:1", "dataset org/d 4:1", "dataset org/e 5:1", "model org/u 6:1", "model gpt2 7:1",
        "model org/indented 9:3"}
    assert [(f.code, f.source.line) for f in out.findings if f.source] == [("ref-list-invalid", 8)]


def test_list_file_cap(monkeypatch):
    from license_scan import limits
    monkeypatch.setattr(limits, "MAX_LIST_FILE_LINES", 2)
    out = list_refs("org/a\norg/b\norg/c\n", "license-scan-models.txt")
    assert [h.repo_id for h in out.hits] == ["org/a", "org/b"]
    assert [f.code for f in out.findings] == ["ref-file-too-large"]


# --- notebooks ----------------------------------------------------------------------------

def _nb(*cells: tuple[str, str | list[str]]) -> bytes:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [{"cell_type": t, "metadata": {}, "source": s} for t, s in cells]}).encode()


def nb(*cells: tuple[str, str | list[str]]) -> tuple[set[str], list[str]]:
    out = notebook_refs(_nb(*cells), "n.ipynb", _never_local)
    return ({f"{h.kind} {h.repo_id} #{h.location.cell}:{h.location.line}:{h.location.column}" for h in out.hits},
            sorted(f"{f.code} {f.source.line}" for f in out.findings if f.source))


def test_notebook_lines_are_per_cell_and_constants_cross_cells():
    refs, findings = nb(("markdown", "uses org/prose"), ("code", ["M = 'org/a'\n", "x = 1\n"]),
                        ("code", "%load_ext autoreload\n!pip install x\nfiles = !ls\nAutoModel.from_pretrained(M)"))
    assert refs == {"model org/a #2:4:27"} and findings == []


def test_notebook_cell_magics():
    refs, _ = nb(("code", "%%bash\nAutoModel.from_pretrained('org/bash')"),
                 ("code", "%%time\nAutoModel.from_pretrained('org/timed')"), ("code", "AutoModel.from_pretrained?"))
    assert refs == {"model org/timed #1:2:27"}


def test_a_broken_cell_is_skipped_alone():
    refs, findings = nb(("code", "AutoModel.from_pretrained('org/a')"), ("code", "def broken(:\n  pass"),
                        ("code", "load_dataset('org/d')"))
    assert refs == {"model org/a #0:1:27", "dataset org/d #2:1:14"} and findings == ["ref-file-unparsable 1"]


def test_nbformat3_and_broken_notebooks():
    v3 = json.dumps({"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code",
                                                               "input": ["load_dataset('org/d')\n"]}]}]})
    assert code_cells(json.loads(v3)) == [(0, "load_dataset('org/d')\n")]
    out = notebook_refs(b"{not json", "n.ipynb", _never_local)
    assert [f.code for f in out.findings] == ["ref-file-unparsable"]
