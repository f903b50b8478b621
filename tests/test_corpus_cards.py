"""Accuracy over the real model cards in ../shared/corpus (skipped when absent).

The weights category must be the expected one (or one in expected.accept) and
the Hub id must match where it is not `other`, for at least 95% of the cards.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from license_scan.model import CATEGORIES
from license_scan.ruleset import load_ruleset
from license_scan.classify.snapshot import classify_snapshot
from snapshots import snapshot

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
REQUIRED_ACCURACY = 0.95


def _cards() -> list[dict]:
    manifest = CORPUS / "manifest.json"
    if not manifest.exists():
        return []
    return [e for e in json.loads(manifest.read_text()) if e["kind"] == "card"]


def _verdict(entry: dict) -> tuple[str, str | None]:
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    components, _ = _parts(classify_snapshot(snapshot(text, repo=entry["file"]), load_ruleset()))
    weights = components.weights
    if weights is None:
        return "unknown", None
    hub_ids = [lic.hub_id for lic in weights.licenses]
    return weights.category, (hub_ids[0] if len(hub_ids) == 1 else None)


def confusion_table(rows: list[tuple[str, str]]) -> str:
    counts = Counter(rows)
    head = "expected \\ got".ljust(20) + "".join(c[:12].rjust(14) for c in CATEGORIES)
    lines = [head]
    for exp in CATEGORIES:
        lines.append(exp.ljust(20) + "".join(str(counts[(exp, got)]).rjust(14) for got in CATEGORIES))
    return "\n".join(lines)


@pytest.mark.skipif(not _cards(), reason="../shared/corpus is absent")
def test_card_accuracy(accuracy_report):
    cards = _cards()
    rows, failures = [], []
    for entry in cards:
        exp = entry["expected"]
        category, hub_id = _verdict(entry)
        rows.append((exp["category"], category))
        ok_category = category == exp["category"] or category in exp.get("accept", [])
        want_id = exp.get("license")
        ok_id = want_id in (None, "other") or hub_id == want_id.lower() or (
            category != exp["category"] and category in exp.get("accept", []))
        if not (ok_category and ok_id):
            failures.append(f"{entry['file']}: expected {want_id}/{exp['category']}, got {hub_id}/{category}")
    accuracy = 1 - len(failures) / len(cards)
    accuracy_report("\n".join([
        f"model cards: weights category (and Hub id) right for {accuracy:.1%} of {len(cards)}",
        confusion_table(rows), *(f"MISS {line}" for line in failures)]))
    assert accuracy >= REQUIRED_ACCURACY, failures


def _parts(classified):
    return classified.components, classified.findings
