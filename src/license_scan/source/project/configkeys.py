"""Which keys of a training recipe or configuration name a model or dataset the run loads.

Read from the configuration formats of the trainers people use: TRL / alignment-handbook recipes
(`model_name_or_path`, `dataset_name`, `dataset_mixer: {org/ds: 0.5}`, `dataset_mixture: {datasets:
[{id: ...}]}`), axolotl (`base_model`, `datasets: [{path: ...}]`), LLaMA-Factory
(`model_name_or_path`, `adapter_name_or_path`; its `dataset:` values are names in its own
`dataset_info.json`, not Hub ids, and are never read; that file's `hf_hub_url` is), torchtune
(`path` / `repo_id` / `source` under `checkpointer`, `tokenizer`, `model`, `dataset`) and plain
Hydra configs (`model: {name: ...}`). What a run produces (`hub_model_id`, `output_dir`,
`push_to_hub_model_id`, `export_*`, ...) is an output: nothing under such a key is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan.source.project.refs import RefKind

Path = tuple[str | int, ...]

# keys whose value is a repo id wherever they appear; legacy ids (`gpt2`) accepted
MODEL_KEYS = frozenset({
    "model_name_or_path", "pretrained_model_name_or_path", "base_model", "base_model_name_or_path",
    "tokenizer_name", "tokenizer_name_or_path", "model_id", "base_model_config", "tokenizer_config",
    "teacher_model_name_or_path", "ref_model_name_or_path", "reward_model_name_or_path", "reward_model_path",
    "adapter_name_or_path", "lora_model_dir", "pretrained_model_name", "model_repo_id",
})
DATASET_KEYS = frozenset({"dataset_name", "dataset_id", "hf_hub_url", "eval_dataset_name", "train_dataset_name",
                          "dataset_repo_id"})
MIXER_KEYS = frozenset({"dataset_mixer", "dataset_mix", "datasets_mixer"})  # {repo id: weight}
# keys that name a repo only inside a model / dataset section, only as org/name
SECTION_KEYS = frozenset({"path", "repo_id", "source", "id", "name", "name_or_path", "model_id", "pretrained",
                          "hf_hub_url", "dataset_id"})
MODEL_SECTIONS = re.compile(r"(^|_)(model|models|checkpointer|tokenizer|teacher|policy|actor|critic|reward|"
                            r"ref|base|llm|encoder|backbone)($|_)")
DATASET_SECTIONS = re.compile(r"(^|_)(dataset|datasets|data|train|eval|test|validation)($|_)")
LOOSE_MODEL_KEYS = frozenset({"model", "tokenizer", "teacher_model", "ref_model", "reward_model", "model_name",
                              "policy_model", "judge_model", "draft_model"})  # a string here: org/name only
OUTPUT_KEYS = re.compile(r"^(hub_model_id|hub_dataset_id|hub_repo_id|hub_model_revision|hub_strategy|hub_private_repo|"
                         r"push_to_hub.*|push_.*|output.*|.*_output_dir|export.*|save.*|upload.*|logging_dir|"
                         r"run_name|dataset_prepared_path|resume_from_checkpoint|wandb.*|mlflow.*)$")
# LLaMA-Factory marks its configs with these keys; its `dataset` values are names, not repos
LLAMA_FACTORY_MARKS = frozenset({"stage", "finetuning_type", "template"})


@dataclass(frozen=True)
class KeyRule:
    kind: RefKind
    legacy: bool  # single-segment ids accepted
    interpolation_finding: bool  # a `${...}` value here is a finding


def display(path: Path) -> str:
    """`datasets[].path`, `model.name`, `dataset_mixer`."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def is_output(path: Path) -> bool:
    return any(isinstance(p, str) and OUTPUT_KEYS.match(p.lower()) for p in path)


def rule_for(path: Path, *, llama_factory: bool, mixer_key: bool = False) -> KeyRule | None:
    """What a string at `path` names (`mixer_key`: the string is a key of the mapping at `path`)."""
    if is_output(path):
        return None
    keys = [p.lower() for p in path if isinstance(p, str)]
    if not keys:
        return None
    key, above = keys[-1], keys[:-1]
    if mixer_key:
        if key in MIXER_KEYS or (key == "datasets" and not above):
            return KeyRule("dataset", False, False)
        return None
    if key in MODEL_KEYS:
        return KeyRule("model", True, True)
    if key in DATASET_KEYS:
        return KeyRule("dataset", not key == "hf_hub_url", True)
    if key in ("dataset", "eval_dataset", "datasets", "train_datasets", "test_datasets", "eval_datasets"):
        return None if llama_factory else KeyRule("dataset", False, False)
    if key in SECTION_KEYS and above:
        if any(DATASET_SECTIONS.search(k) for k in above) and key != "name":
            return KeyRule("dataset", False, False)
        if any(MODEL_SECTIONS.search(k) for k in above):
            return KeyRule("model", False, False)
    if key in LOOSE_MODEL_KEYS:
        return KeyRule("model", False, False)
    return None
