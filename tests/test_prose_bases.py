"""A base model named only in a card's text ("a fine-tuned version of [org/x](https://huggingface.co/org/x)")
is followed when the metadata names none; a model the text only mentions is not."""

from __future__ import annotations

import pytest
from snapshots import front_matter, snapshot

from license_scan.graph.prose_bases import bases_in_prose
from license_scan.graph.relations import references

FOLLOWED = {
    "trainer card": ("This model is a fine-tuned version of [meta-llama/Llama-2-7b-hf]"
                     "(https://huggingface.co/meta-llama/Llama-2-7b-hf) on the None dataset.", "meta-llama/Llama-2-7b-hf"),
    "quantizer card": ("- Model creator: [Meta](https://huggingface.co/meta-llama)\n- Original model: [Llama 2 7B]"
                       "(https://huggingface.co/meta-llama/Llama-2-7b-hf)", "meta-llama/Llama-2-7b-hf"),
    "model card template": ("- **Finetuned from model [optional]:** mistralai/Mistral-7B-v0.1", "mistralai/Mistral-7B-v0.1"),
    "quantization in backticks": ("This is a GGUF quantization of `Qwen/Qwen2-7B-Instruct`.", "Qwen/Qwen2-7B-Instruct"),
    "base model label, bare URL": ("Base model: https://huggingface.co/google/gemma-2b", "google/gemma-2b"),
    "distilled from": ("A student distilled from org/teacher-model with KD.", "org/teacher-model"),
}
NOT_FOLLOWED = {
    "a dataset it was tuned on": "Fine-tuned on [tatsu-lab/alpaca](https://huggingface.co/datasets/tatsu-lab/alpaca).",
    "a model it is compared with": "We compare against meta-llama/Llama-2-7b-hf and outperform it.",
    "trained from scratch": "This model was trained from scratch on wikitext.",
    "a link off the Hub": "A fine-tuned version of [x/y](https://github.com/x/y).",
}


@pytest.mark.parametrize("name", sorted(FOLLOWED))
def test_a_base_named_in_the_text_is_found(name: str) -> None:
    text, repo = FOLLOWED[name]
    assert [r for r, _ in bases_in_prose(text)] == [repo]


@pytest.mark.parametrize("name", sorted(NOT_FOLLOWED))
def test_a_repo_only_mentioned_is_no_base(name: str) -> None:
    assert bases_in_prose(NOT_FOLLOWED[name]) == []


def test_metadata_wins_over_the_text() -> None:
    body = "# M\n\nA fine-tuned version of [org/other](https://huggingface.co/org/other).\n"
    refs = references(snapshot(front_matter({"license": "mit", "base_model": "org/declared"}, body)))
    assert [r.repo_id for r in refs.refs] == ["org/declared"]
    assert not [f for f in refs.findings if f.code == "base-model-from-prose"]


def test_without_metadata_the_text_is_followed_with_a_finding_naming_its_line() -> None:
    body = "# M\n\nIntro.\n\nA fine-tuned version of [org/base](https://huggingface.co/org/base).\n"
    card = front_matter({"license": "apache-2.0"}, body)
    refs = references(snapshot(card))
    assert [(r.repo_id, r.relation) for r in refs.refs] == [("org/base", "finetune")]
    (finding,) = [f for f in refs.findings if f.code == "base-model-from-prose"]
    assert finding.source and card.splitlines()[finding.source.line - 1].startswith("A fine-tuned version of")


def test_a_card_naming_itself_is_not_its_own_base() -> None:
    body = "# M\n\nA fine-tuned version of [org/model](https://huggingface.co/org/model).\n"
    assert references(snapshot(front_matter({"license": "mit"}, body), repo="org/model")).refs == ()


# --- a PEFT adapter's adapter_config.json names the model it adapts ---------------------------------------

def _adapter(card_meta: dict, base: str) -> object:
    import json

    return references(snapshot(front_matter(card_meta), extra={
        "adapter_config.json": json.dumps({"base_model_name_or_path": base, "peft_type": "LORA"})}))


def test_an_adapter_config_names_the_base_when_the_card_does_not() -> None:
    refs = _adapter({"license": "apache-2.0", "library_name": "peft"}, "meta-llama/Llama-2-7b-hf")
    assert [(r.repo_id, r.relation) for r in refs.refs] == [("meta-llama/Llama-2-7b-hf", "adapter")]
    assert "base-model-from-adapter-config" in {f.code for f in refs.findings}


def test_the_cards_base_model_wins_over_the_adapter_config() -> None:
    refs = _adapter({"license": "mit", "base_model": "org/declared"}, "org/other")
    assert [r.repo_id for r in refs.refs if r.relation != "component"] == ["org/declared"]
    assert "base-model-from-adapter-config" not in {f.code for f in refs.findings}


def test_a_local_path_in_the_adapter_config_is_no_base() -> None:
    refs = _adapter({"license": "mit"}, "/home/me/checkpoints/llama")
    assert refs.refs == () and "base-model-from-adapter-config" not in {f.code for f in refs.findings}
