"""The harder real license files of ../shared/corpus/manifest-2.json, read as a LICENSE file is.

Licenses with added restrictions, Markdown / HTML / CRLF copies, exceptions,
dual licenses, vendor texts, truncated texts. Each file goes through
`file_evidence` (the matcher, plus what files.py makes of a file with no
license text); the verdict is the AND of its evidence: a rule's category (a
modified one at least custom-restricted), unknown for unidentified or partial
terms; evidence of a file that states no terms is left out. The one thing
that must never happen is a false-permissive answer: a category less
restrictive than the expected one and not in `expected.accept`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
from test_text_corpus import confusion_table, judge

from license_scan.detect.files import file_evidence
from license_scan.model import CATEGORIES, Evidence
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.snapshot import RepoFile

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
MIN_CATEGORY_ACCURACY = 1.0


pytestmark = pytest.mark.usefixtures("fresh_text_cache")  # the index built from cold, once per module


@pytest.fixture(scope="module")
def hard() -> list[dict[str, Any]]:
    manifest = CORPUS / "manifest-2.json"
    if not manifest.exists():
        pytest.skip("../shared/corpus/manifest-2.json is not here")
    entries = [e for e in json.loads(manifest.read_text(encoding="utf-8")) if e["kind"] == "license"]
    assert entries, "manifest-2 lists no license texts"
    return [{**e, "text": (CORPUS / e["file"]).read_text(encoding="utf-8", errors="replace")} for e in entries]


def file_verdict(ruleset: Ruleset, evidence: tuple[Evidence, ...]) -> tuple[str, str]:
    """(Hub id, category) of a LICENSE file's evidence, joined by AND."""
    hub, worst = "unknown", -1
    for ev in evidence:
        if ev.rule is None and ev.no_terms:
            continue
        if ev.rule is None:
            category = "unknown"
        else:
            rule = ruleset.get(ev.rule)
            if rule.part_of:
                rule = ruleset.get(rule.part_of)
            if hub == "unknown":
                hub = (rule.hub_id or "other").lower()
            category = rule.category
            if ev.modified and CATEGORIES.index(category) < CATEGORIES.index("custom-restricted"):
                category = "custom-restricted"
        worst = max(worst, CATEGORIES.index(category))
    return hub, CATEGORIES[worst] if worst >= 0 else "unknown"


def test_hard_license_files(hard: list[dict[str, Any]], accuracy_report: Callable[[str], None]) -> None:
    ruleset = load_ruleset()
    rows, misses, permissive = [], [], []
    for entry in hard:
        found = file_evidence(RepoFile("LICENSE", "0" * 64, entry["text"]), ruleset, repo="org/m",
                              default_component="weights")
        evidence = tuple(ev for name in found.evidence for ev in found.of(name))
        got = file_verdict(ruleset, evidence)
        license_ok, category_ok = judge(entry, got)
        expected = entry["expected"]
        rows.append((expected["category"], got[1], license_ok, category_ok))
        if category_ok:
            continue
        line = (f"  {entry['file']}: expected {expected['license']}/{expected['category']}"
                f" (accept {expected.get('accept', [])}), got {got[0]}/{got[1]}")
        misses.append(line)
        if CATEGORIES.index(got[1]) < CATEGORIES.index(expected["category"]):
            permissive.append(line)
    n = len(rows)
    category_acc = sum(r[3] for r in rows) / n
    license_acc = sum(r[2] for r in rows) / n
    report = (f"\n[hard license files, manifest-2] {n} files: category {category_acc:.1%}, Hub id {license_acc:.1%},"
              f" false-permissive {len(permissive)}\n" + confusion_table([(r[0], r[1]) for r in rows])
              + ("\n" + "\n".join(misses) if misses else ""))
    print(report)
    accuracy_report(report)
    assert not permissive, report
    assert category_acc >= MIN_CATEGORY_ACCURACY, report
