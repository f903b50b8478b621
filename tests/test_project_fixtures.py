"""The reference finder over hand-made codebases: fixtures/codebases/<name>/expected.yaml, exactly.

expected.yaml: `references` {"<kind> <repo id>": [file:line | file#cell:line, ...]} is the exact
set the finder must report (each location, none missing, none invented); `unresolved_only` the
references reported only through replaceable defaults; `findings` ["<severity> <code> file:line"]
exactly; `files_read`; `must_not_report` strings written in the fixture (prose, outputs, ignored
files, venvs) that no reported id may equal.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from license_scan.source.project import ProjectScan, RefLocation, find_references

ROOT = Path(__file__).resolve().parents[1]
CODEBASES = ROOT / "fixtures" / "codebases"
KEYS = {"notes", "references", "unresolved_only", "findings", "files_read", "must_not_report"}


def _cases() -> list[Path]:
    return sorted(p.parent for p in CODEBASES.glob("*/expected.yaml"))


def _expected(folder: Path) -> dict:
    data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    assert set(data) <= KEYS and {"notes", "references", "findings"} <= set(data), sorted(data)
    return data


_SCANS: dict[Path, ProjectScan] = {}


def _scan(folder: Path) -> ProjectScan:
    if folder not in _SCANS:
        _SCANS[folder] = find_references(folder, exclude=["/expected.yaml"])  # the test data is not the codebase
    return _SCANS[folder]


def _where(loc: RefLocation) -> str:
    return f"{loc.file}#{loc.cell}:{loc.line}" if loc.cell is not None else f"{loc.file}:{loc.line}"


def _found(scan: ProjectScan) -> dict[str, list[str]]:
    return {f"{r.kind} {r.repo_id}": sorted(_where(loc) for loc in r.locations) for r in scan.references}


def _reference_cases() -> list[tuple[Path, str]]:
    return [(folder, key) for folder in _cases() for key in _expected(folder)["references"]]


def test_there_are_codebase_fixtures():
    assert _cases(), f"no fixtures under {CODEBASES}"


@pytest.mark.parametrize("folder,key", _reference_cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_each_expected_reference_is_found_at_every_location(folder: Path, key: str):
    want = sorted(str(w) for w in _expected(folder)["references"][key])
    got = _found(_scan(folder))
    assert key in got, f"{key} not found; found: {sorted(got)}"
    assert got[key] == want


@pytest.mark.parametrize("folder", _cases(), ids=lambda p: p.name)
def test_no_reference_is_invented(folder: Path):
    got = set(_found(_scan(folder)))
    want = set(_expected(folder)["references"])
    assert got == want, f"invented: {sorted(got - want)}; missing: {sorted(want - got)}"


@pytest.mark.parametrize("folder", _cases(), ids=lambda p: p.name)
def test_findings_and_defaults_are_exactly_the_expected_ones(folder: Path):
    expected, scan = _expected(folder), _scan(folder)
    got = Counter(f"{f.severity} {f.code} {f.source.path}:{f.source.line}" if f.source and f.source.line
                  else f"{f.severity} {f.code} {f.source.path if f.source else ''}" for f in scan.findings)
    assert got == Counter(expected["findings"]), [f.message for f in scan.findings]
    only_defaults = sorted(f"{r.kind} {r.repo_id}" for r in scan.references if not r.resolved)
    assert only_defaults == sorted(expected.get("unresolved_only") or [])
    if "files_read" in expected:
        assert scan.files_read == expected["files_read"]


@pytest.mark.parametrize("folder", _cases(), ids=lambda p: p.name)
def test_traps_are_in_the_fixture_and_never_reported(folder: Path):
    """Each trap is really written in the fixture (a clone that lost an ignored file fails here)."""
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())
    reported = {r.repo_id.lower() for r in _scan(folder).references}
    for trap in _expected(folder).get("must_not_report") or []:
        assert trap in text, f"{trap} is not written anywhere in {folder.name}: the trap is gone"
        assert trap.lower() not in reported


def test_ignored_and_venv_files_of_the_fixture_are_tracked_by_git():
    """The fixture's .gitignore'd files must be in the repository (added with `git add -f`)."""
    folder = CODEBASES / "ml-app"
    for rel in ("scratch/try.py", "settings.local.py", "tools/model.gen.py", "myenv/pyvenv.cfg", "env/bin/activate",
                "node_modules/pkg/config.json", ".ipynb_checkpoints/explore-checkpoint.ipynb"):
        assert (folder / rel).is_file(), f"{rel} is missing from the fixture"
