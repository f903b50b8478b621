"""Every module the package imports at run time comes from a declared dependency."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "license_scan"


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("license_scan", "__future__")}


def _distribution_of(module: str) -> str:
    found = md.packages_distributions().get(module)
    if found:
        return found[0]
    for dist in md.distributions():  # data-only packages list no top_level.txt: look at their files
        if any(str(f).split("/")[0] == module for f in dist.files or ()):
            return dist.metadata["Name"]
    raise AssertionError(f"no installed distribution provides '{module}'")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    declared_names = {_norm(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in declared}
    imported = _imported_top_levels()
    assert "huggingface_hub" in imported and "yaml" in imported, "the import scan found too little"
    missing = {m: _distribution_of(m) for m in imported if _norm(_distribution_of(m)) not in declared_names}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
