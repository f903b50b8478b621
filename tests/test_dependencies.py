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


# Heavy or optional packages live in extras; each may be imported by the one module that needs it only.
EXTRA_IMPORTERS = {"distributed": {"audit/executor.py"}, "pyarrow": {"report/audit_parquet.py"}}


def _names(requirements: list[str]) -> set[str]:
    return {_norm(re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0]) for d in requirements}


def test_every_imported_package_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared_names = _names(project["dependencies"])
    extras = {name: _names(reqs) for name, reqs in project["optional-dependencies"].items() if name != "test"}
    imported = _imported_top_levels()
    assert "huggingface_hub" in imported and "yaml" in imported, "the import scan found too little"
    optional = {m for m in imported if m in EXTRA_IMPORTERS and any(_norm(_distribution_of(m)) in names
                                                                     or _norm(m) in names for names in extras.values())}
    missing = {m: _distribution_of(m) for m in imported - optional if _norm(_distribution_of(m)) not in declared_names}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_optional_packages_are_imported_by_one_module_each():
    for module, allowed in EXTRA_IMPORTERS.items():
        importers = set()
        for path in SRC.rglob("*.py"):
            tree = ast.parse(path.read_text(), str(path))
            for node in ast.walk(tree):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
                if any(n.split(".")[0] == module for n in names):
                    importers.add(path.relative_to(SRC).as_posix())
        assert importers == allowed, f"{module} imported by {importers}, allowed only in {allowed}"
