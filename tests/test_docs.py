"""Documentation that is part of the contract stays true: finding codes, the README's commands."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "license_scan"


def _emitted_codes() -> set[str]:
    codes = set()
    pattern = re.compile(r"Finding\(\s*[^,()]+,\s*\"([a-z][a-z0-9-]*)\"", re.S)
    for path in SRC.rglob("*.py"):
        codes.update(pattern.findall(path.read_text()))
    for path in SRC.rglob("*.py"):  # codes held in named constants
        codes.update(re.findall(r"^[A-Z_]*CODE[A-Z_]* = \"([a-z][a-z0-9-]*)\"", path.read_text(), re.M))
    return codes


def test_every_finding_code_is_documented():
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", (ROOT / "docs" / "findings.md").read_text(), re.M))
    emitted = _emitted_codes()
    assert emitted, "the scan for Finding(...) found nothing: the pattern is stale"
    assert emitted <= documented, f"undocumented finding codes: {sorted(emitted - documented)}"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = ci.strip().splitlines()[-1]
    assert command in readme, "the README's test command and .ci/run differ"


def test_incomplete_findings_are_marked_in_the_docs():
    from license_scan.model import INCOMPLETE_FINDINGS

    rows = re.findall(r"^\| `([a-z0-9-]+)` \| [^|]+ \| (yes)? *\|", (ROOT / "docs" / "findings.md").read_text(), re.M)
    assert rows, "the findings table has no incomplete column"
    assert {code for code, mark in rows if mark} == set(INCOMPLETE_FINDINGS)
