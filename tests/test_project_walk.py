"""What the reference finder reads and skips: .gitignore rules, virtual environments, excludes, caps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from license_scan import limits
from license_scan.source.project import find_references
from license_scan.source.project.refs import group_hits, hub_id, Hit, RefLocation
from license_scan.source.project.walk import walk_project

LOAD = 'AutoModel.from_pretrained("org/{}")\n'


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def walked(root: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    return list(walk_project(root, exclude).files)


def test_only_code_config_notebooks_and_the_root_list_file_are_read(tmp_path):
    tree(tmp_path, {"a.py": "", "b.ipynb": "{}", "c.yaml": "", "d.yml": "", "e.json": "{}", "f.toml": "",
                    "g.md": "", "h.txt": "", "license-scan-models.txt": "", "sub/license-scan-models.txt": "",
                    ".license-scan-models.txt": "", "package-lock.json": "{}", "x.pyc": ""})
    assert walked(tmp_path) == [".license-scan-models.txt", "a.py", "b.ipynb", "c.yaml", "d.yml", "e.json",
                                "f.toml", "license-scan-models.txt"]


@pytest.mark.parametrize("ignore,files,kept", [
    ("*.local.py\n", ["a.py", "b.local.py", "s/c.local.py"], ["a.py"]),
    ("build/\n", ["build/a.py", "s/build/b.py", "build.py"], ["build.py"]),
    ("/top.py\n", ["top.py", "s/top.py"], ["s/top.py"]),
    ("*.py\n!keep.py\n", ["a.py", "keep.py", "s/keep.py"], ["keep.py", "s/keep.py"]),
    ("s/**/gen_*.py\n", ["s/gen_a.py", "s/x/gen_b.py", "gen_c.py"], ["gen_c.py"]),
    ("# comment\n\n\\#hash.py\n", ["#hash.py", "a.py"], ["a.py"]),
    ("out\n", ["out/a.py", "s/out/b.py", "out.py"], ["out.py"]),
])
def test_root_gitignore(tmp_path, ignore, files, kept):
    tree(tmp_path, {".gitignore": ignore, **{f: "" for f in files}})
    assert walked(tmp_path) == sorted(kept)


def test_nested_gitignore_applies_below_its_folder_and_overrides(tmp_path):
    tree(tmp_path, {".gitignore": "*.gen.py\n", "a.gen.py": "", "s/.gitignore": "!keep.gen.py\nlocal.py\n",
                    "s/keep.gen.py": "", "s/other.gen.py": "", "s/local.py": "", "local.py": "", "t/keep.gen.py": ""})
    assert walked(tmp_path) == ["local.py", "s/keep.gen.py"]


def test_a_file_under_an_ignored_folder_cannot_be_re_included(tmp_path):
    tree(tmp_path, {".gitignore": "data/\n!data/keep.py\n", "data/keep.py": ""})
    assert walked(tmp_path) == []


def test_git_info_exclude(tmp_path):
    tree(tmp_path, {".git/info/exclude": "secret.py\n", "secret.py": "", "a.py": ""})
    assert walked(tmp_path) == ["a.py"]


@pytest.mark.parametrize("layout", [
    {"myenv/pyvenv.cfg": "home = /usr/bin\n", "myenv/lib/m.py": ""},
    {"env/bin/activate": "", "env/m.py": ""},
    {"winenv/Scripts/activate": "", "winenv/m.py": ""},
    {"conda/conda-meta/history": "", "conda/m.py": ""},
    {".venv/m.py": ""}, {"venv/m.py": ""},
    {"node_modules/p/m.py": ""}, {"x/site-packages/m.py": ""}, {"x/__pycache__/m.py": ""},
    {".git/hooks/m.py": ""}, {".ipynb_checkpoints/m.ipynb": "{}"}, {".tox/py/m.py": ""},
])
def test_environments_and_tool_folders_are_skipped(tmp_path, layout):
    tree(tmp_path, {**layout, "app.py": ""})
    assert walked(tmp_path) == ["app.py"]


def test_a_folder_named_env_without_activate_is_read(tmp_path):
    tree(tmp_path, {"env/settings.py": ""})
    assert walked(tmp_path) == ["env/settings.py"]


def test_exclude_patterns_use_gitignore_syntax(tmp_path):
    tree(tmp_path, {"tests/a.py": "", "src/b.py": "", "src/c_test.py": "", "nb/x.ipynb": "{}", "top.py": ""})
    assert walked(tmp_path, ("tests/", "*_test.py", "*.ipynb", "/top.py")) == ["src/b.py"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symbolic_links_are_not_followed(tmp_path):
    outside = tree(tmp_path / "outside", {"m.py": LOAD.format("outside")})
    root = tree(tmp_path / "root", {"a.py": ""})
    (root / "linked_dir").symlink_to(outside, target_is_directory=True)
    (root / "linked.py").symlink_to(outside / "m.py")
    assert walked(root) == ["a.py"]


def test_the_file_cap_is_a_finding(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PROJECT_FILES", 3)
    tree(tmp_path, {f"m{i}.py": LOAD.format(i) for i in range(4)})
    scan = find_references(tmp_path)
    assert scan.files_read == 3 and len(scan.references) == 3
    assert [f.code for f in scan.findings] == ["ref-files-capped"]
    monkeypatch.setattr(limits, "MAX_PROJECT_FILES", 4)
    assert find_references(tmp_path).findings == ()


def test_the_size_cap_is_a_finding(tmp_path, monkeypatch):
    tree(tmp_path, {"big.py": LOAD.format("big") + "#" * 100, "small.py": LOAD.format("small")})
    monkeypatch.setattr(limits, "MAX_PROJECT_FILE_BYTES", len(LOAD.format("small")))
    scan = find_references(tmp_path)
    assert [r.repo_id for r in scan.references] == ["org/small"]
    assert [(f.code, f.source.path if f.source else None) for f in scan.findings] == [("ref-file-too-large", "big.py")]


def test_a_non_utf8_python_file_is_a_finding(tmp_path):
    (tmp_path / "latin.py").write_bytes(b"x = '\xe9'\n")
    assert [f.code for f in find_references(tmp_path).findings] == ["ref-file-unparsable"]


def test_values_naming_existing_local_folders_are_not_references(tmp_path):
    tree(tmp_path, {"models/bert/config.json": "{}", "app/run.py": LOAD.format("x").replace("org/x", "models/bert")
                    + LOAD.format("y").replace("org/y", "outputs") + LOAD.format("z")})
    (tmp_path / "app" / "outputs").mkdir()
    assert [r.repo_id for r in find_references(tmp_path).references] == ["org/z"]


def test_references_are_grouped_once_per_repo_and_kind(tmp_path):
    tree(tmp_path, {"a.py": LOAD.format("m") + 'load_dataset("org/m")\n', "b.py": LOAD.format("M").replace("org/M", "ORG/M"),
                    "c.yaml": "base_model: org/m\n"})
    scan = find_references(tmp_path)
    assert [(r.kind, r.repo_id, [(loc.file, loc.line) for loc in r.locations]) for r in scan.references] == [
        ("dataset", "org/m", [("a.py", 2)]),
        ("model", "org/m", [("a.py", 1), ("b.py", 1), ("c.yaml", 1)]),
    ]


@pytest.mark.parametrize("value,legacy,answer", [
    ("org/name", True, ("org/name", None)), ("meta-llama/Llama-3.1-8B", True, ("meta-llama/Llama-3.1-8B", None)),
    ("gpt2", True, ("gpt2", None)), ("gpt2", False, None), ("t5-small", True, ("t5-small", None)),
    ("datasets/org/d", True, ("org/d", "dataset")), ("hf://datasets/org/d/train/x.parquet", True, ("org/d", "dataset")),
    ("hf://org/m@v1/config.json", True, ("org/m", None)), ("hf-hub:org/vit", True, ("org/vit", None)),
    ("https://huggingface.co/datasets/org/d", True, ("org/d", "dataset")),
    ("https://huggingface.co/org/m/tree/main", True, ("org/m", None)),
    ("https://example.com/org/m", True, None), ("org/name/sub", True, None), ("./org/name", True, None),
    ("/abs/x", True, None), ("model.safetensors", True, None), ("org/data.json", True, None), ("auto", True, None),
    ("none", True, None), ("org--x/y", True, None), (" org/x", True, None), ("two words", True, None),
    ("12345", True, None), ("", True, None), ("org/../x", True, None),
])
def test_what_a_hub_id_looks_like(value, legacy, answer):
    assert hub_id(value, legacy=legacy) == answer


def test_a_reference_is_resolved_when_any_location_fixes_it():
    fixed = RefLocation("a.py", 1, 1, "x", True)
    default = RefLocation("b.py", 1, 1, "x", False)
    (ref,) = group_hits([Hit("org/m", "model", default), Hit("org/m", "model", fixed)])
    assert ref.resolved and ref.locations == (fixed, default)
    (only_default,) = group_hits([Hit("org/m", "model", default)])
    assert not only_default.resolved
