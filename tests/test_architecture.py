"""The pipeline's shape holds: no stage imports a later one; modules stay small.

source → detect → classify → graph → policy → report → scan → check → verify → audit → cli, over a
shared bottom (model, errors, limits, settings, hubref, fileio, lazyre, target,
ruleset) that imports no stage. docs/architecture.md describes the same order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "license_scan"
STAGES = ("source", "detect", "classify", "graph", "policy", "report", "scan", "check", "verify", "audit", "cli")
BOTTOM = ("model", "errors", "limits", "settings", "hubref", "fileio", "lazyre", "target", "ruleset", "__init__",
          "__main__")
MAX_MODULE_LINES = 300


def _stage(module: str) -> int:
    """0 for the shared bottom, 1.. for the stages in data-flow order."""
    head = module.split(".")[1] if module.startswith("license_scan.") else module
    if head in BOTTOM or not ((SRC / head).is_dir() or (SRC / f"{head}.py").exists()):
        return 0  # the shared bottom, or a name the package itself exports (TOOL_NAME, __version__)
    return STAGES.index(head) + 1


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


def _name(path: Path) -> str:
    return "license_scan." + ".".join(path.relative_to(SRC).with_suffix("").parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_imports_a_later_stage(path):
    me = _name(path)
    if me == "license_scan.__main__":
        return  # the entry point runs the CLI
    problems = []
    for node in ast.walk(ast.parse(path.read_text())):
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("license_scan"):
            targets = [node.module] if node.module != "license_scan" else [f"license_scan.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.startswith("license_scan.")]
        for target in targets:
            if target != "license_scan" and _stage(target) > _stage(me):
                problems.append(f"{me} imports {target}")
    assert not problems


def test_every_package_is_a_known_stage_or_bottom_module():
    for path in SRC.iterdir():
        if path.name.startswith((".", "_")) or path.name in ("rules", "py.typed"):
            continue
        assert path.stem in STAGES or path.stem in BOTTOM, f"{path.name}: add it to the stage order and to docs/architecture.md"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_over_the_size_limit(path):
    assert len(path.read_text().splitlines()) <= MAX_MODULE_LINES
