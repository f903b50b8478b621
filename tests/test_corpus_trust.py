"""The whole pipeline over every real item of the corpus beside the repository (skipped when absent).

Each license text is scanned as the LICENSE of a repo whose card declares
nothing; each card as the README of its real repo id. The weights category
must be the expected one or one in `expected.accept`; the bar that matters is
ZERO false-permissive answers (a category less restrictive than every
acceptable one), over both manifests.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from snapshots import snapshot

from license_scan.classify.category import rank
from license_scan.classify.snapshot import classify_snapshot
from license_scan.model import CATEGORIES
from license_scan.ruleset import load_ruleset

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
MANIFESTS = ("manifest.json", "manifest-2.json")
MIN_ACCURACY = {"manifest.json": 1.0, "manifest-2.json": 0.95}


def _entries(name: str) -> list[dict]:
    path = CORPUS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def _category(entry: dict, ruleset) -> str:
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8", errors="replace")
    if entry["kind"] == "license":
        snap = snapshot("# A model\n", files={"LICENSE": text})
    else:
        snap = snapshot(text, repo=(entry.get("source") or {}).get("repo") or "org/" + Path(entry["file"]).stem)
    weights = classify_snapshot(snap, ruleset).components.weights
    return weights.category if weights is not None else "null"


def _table(rows: list[tuple[str, str]]) -> str:
    counts = Counter(rows)
    lines = ["expected \\ got".ljust(20) + "".join(c[:12].rjust(14) for c in (*CATEGORIES, "null"))]
    for exp in CATEGORIES:
        lines.append(exp.ljust(20) + "".join(str(counts[(exp, got)]).rjust(14) for got in (*CATEGORIES, "null")))
    return "\n".join(lines)


@pytest.mark.parametrize("manifest", MANIFESTS)
def test_no_false_permissive_answer_over_the_corpus(manifest, accuracy_report):
    entries = _entries(manifest)
    if not entries:
        pytest.skip(f"../shared/corpus/{manifest} is absent")
    ruleset = load_ruleset()
    rows, wrong, permissive = [], [], []
    for entry in entries:
        expected = entry["expected"]
        acceptable = [expected["category"], *expected.get("accept", [])]
        got = _category(entry, ruleset)
        rows.append((expected["category"], got))
        if got not in acceptable:
            wrong.append(f"{entry['file']}: expected {acceptable}, got {got}")
            if got == "null" or all(rank(got) < rank(a) for a in acceptable):  # type: ignore[arg-type]
                permissive.append(wrong[-1])
    right = len(entries) - len(wrong)
    accuracy_report(f"[trust, {manifest}] {len(entries)} items: {right} right ({right / len(entries):.1%}), "
                    f"{len(permissive)} false-permissive\n" + _table(rows) +
                    "".join(f"\n  {w}" for w in wrong))
    assert not permissive, "false-permissive answers:\n" + "\n".join(permissive)
    assert right / len(entries) >= MIN_ACCURACY[manifest], "\n".join(wrong)
