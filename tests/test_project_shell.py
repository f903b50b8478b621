"""Shell scripts, Dockerfiles and `.env` files: the ids a command line, a download or a variable names."""

from __future__ import annotations

from pathlib import Path

import pytest

from license_scan.source.project.finder import find_references
from license_scan.source.project.shell import is_shell_file, shell_refs


def run(text: str, name: str = "train.sh") -> tuple[set[str], list[str]]:
    found = shell_refs(text, name, lambda value: value.startswith(("./", "/")) or value == "out/model")
    return ({f"{h.kind} {h.repo_id} {h.location.line} {h.location.resolved}" for h in found.hits},
            [f.code for f in found.findings])


CASES = {
    "options, continued lines": ("python train.py \\\n  --model_name_or_path org/base \\\n  --dataset_name org/ds "
                                 "\\\n  --output_dir out\n",
                                 {"model org/base 2 True", "dataset org/ds 3 True"}, []),
    "option with =, quoted": ('accelerate launch sft.py --model="org/a" --tokenizer \'org/t\'\n',
                              {"model org/a 1 True", "model org/t 1 True"}, []),
    "download": ("huggingface-cli download org/weights --local-dir w\nhf download org/data --repo-type dataset\n",
                 {"model org/weights 1 True", "dataset org/data 2 True"}, []),
    "variables": ("export MODEL_ID=org/m\nBASE_MODEL='org/b'\nDATASET_NAME=org/d\n",
                  {"model org/m 1 False", "model org/b 2 False", "dataset org/d 3 False"},
                  ["ref-default-value"] * 3),
    "dockerfile": ("FROM python:3.11\nENV MODEL_NAME=org/m\nARG HF_MODEL org/n\n"
                   "RUN huggingface-cli download org/w\n",
                   {"model org/m 2 False", "model org/n 3 False", "model org/w 4 True"}, ["ref-default-value"] * 2),
    # --- not references ---------------------------------------------------------------------------
    "variables and paths": ('python train.py --model_name_or_path "$MODEL" --model ./local --tokenizer out/model\n'
                            "MODEL_ID=${MODEL_ID:-}\n", set(), []),
    "comments": ("# python train.py --model_name_or_path org/old\nMODEL=org/a  # MODEL=org/b\n",
                 {"model org/a 2 False"}, ["ref-default-value"]),
    "other options and names": ("python run.py --output_dir org/out --config org/cfg\nOUTPUT=org/x\ngit clone org/repo\n",
                                set(), []),
    "a single name is no id here": ("python train.py --model gpt2\nMODEL=bert-base-uncased\n", set(), []),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_shell_shape(name: str) -> None:
    text, hits, codes = CASES[name]
    assert run(text, "Dockerfile" if name == "dockerfile" else "train.sh") == (hits, codes)


@pytest.mark.parametrize(("name", "read"), [("run.sh", True), ("Dockerfile", True), ("Dockerfile.gpu", True),
                                             ("serve.dockerfile", True), (".env", True), ("prod.env", True),
                                             ("notes.txt", False), ("Makefile", False)])
def test_which_files_are_read(name: str, read: bool) -> None:
    assert is_shell_file(name) == read


def test_a_codebase_with_scripts(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "train.sh").write_text("python train.py --model_name_or_path org/base\n")
    (tmp_path / "Dockerfile").write_text("RUN hf download org/served\n")
    (tmp_path / ".env").write_text("MODEL_ID=org/env\n")
    scan = find_references(tmp_path)
    where = {r.repo_id: (r.locations[0].file, r.locations[0].line, r.locations[0].column) for r in scan.references}
    assert where == {"org/base": ("scripts/train.sh", 1, 38), "org/served": ("Dockerfile", 1, 17),
                     "org/env": (".env", 1, 10)}
