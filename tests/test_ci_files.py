"""The CI entry points at the repository root: the pre-commit hook (.pre-commit-hooks.yaml) and the GitHub
Actions composite action (action.yml) parse and carry the keys their schemas require (checked by hand:
neither schema ships in a package)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_pre_commit_hook():
    hooks = _load(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    for key in ("id", "name", "entry", "language"):  # pre-commit's required keys
        assert isinstance(hook.get(key), str) and hook[key], key
    assert hook["id"] == "license-scan-check" and hook["entry"] == "license-scan check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in ("train.py", "nb/eval.ipynb", "conf/a.yaml", "b.yml", "c.json", "pyproject.toml",
                 "license-scan-models.txt", "sub/.license-scan-models.txt"):
        assert pattern.search(path), path
    for path in ("README.md", "model.safetensors", "notes.txt", "main.pyc"):
        assert not pattern.search(path), path


def test_github_action():
    action = _load("action.yml")
    for key in ("name", "description", "inputs", "runs"):
        assert action.get(key), key
    inputs = action["inputs"]
    assert set(inputs) == {"path", "policy", "args", "python-version", "sarif-file", "upload-sarif"}
    assert all(isinstance(i.get("description"), str) and i["description"] for i in inputs.values())
    assert (inputs["path"]["default"], inputs["sarif-file"]["default"], inputs["upload-sarif"]["default"]) == (
        ".", "license-scan.sarif", "true")
    runs = action["runs"]
    assert runs["using"] == "composite"
    steps = runs["steps"]
    for step in steps:
        assert ("run" in step) != ("uses" in step), step  # one or the other
        if "run" in step:
            assert step.get("shell") == "bash", step  # composite run steps must name their shell
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python@v5", "actions/cache@v4", "github/codeql-action/upload-sarif@v3"]
    install, check, fail = (s for s in steps if "run" in s)
    assert "pip install" in install["run"] and install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == "~/.cache/huggingface"
    assert "license-scan.yaml" in cache["with"]["key"] and "license-scan-models.txt" in cache["with"]["key"]
    assert 'license-scan check "$CHECK_PATH"' in check["run"] and '--format sarif -o "$SARIF_FILE"' in check["run"]
    assert "set +e" in check["run"] and "exit-code=$code" in check["run"]  # the exit code is kept, not raised
    # inputs reach the shell through the environment, never pasted into the script
    assert "${{" not in check["run"] and "${{" not in fail["run"] and "${{" not in install["run"]
    upload = steps[steps.index(check) + 1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif")
    assert upload["if"].startswith("always()") and "inputs.upload-sarif == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert steps[-1] is fail and fail["env"]["CHECK_EXIT"] == "${{ steps.check.outputs.exit-code }}"
    assert check["id"] == "check" and "exit" in fail["run"]
