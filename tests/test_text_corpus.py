"""Accuracy of the text matcher on the real license texts of ../shared/corpus.

Each text's first match is mapped to a Hub id (the rule's `hub_id`, through
`part_of` for a use policy, "other" when there is none) and a category (the
rule's; a modified text with added terms is custom-restricted and a partial
one unknown, as DESIGN.md says). An expected Hub id of `other` is judged by
category alone; `expected.accept` lists other defensible categories. The
texts are also run rewrapped, as Markdown, without their title line and with
a copyright line added: real files come in all of these shapes.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pytest

from license_scan.detect.text import TextMatch, identify_text
from license_scan.model import CATEGORIES
from license_scan.ruleset import Ruleset, load_ruleset
from test_text_matcher import add_copyright, drop_title, markdownify, rewrap

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
MIN_ACCURACY = 0.95
# most restrictive last, as DESIGN.md orders them
_RESTRICTIVENESS = ("osi-approved", "permissive-weights", "rail-style", "custom-restricted", "unknown")
VARIANTS: dict[str, Callable[[str], str]] = {
    "rewrapped": rewrap,
    "markdown": markdownify,
    "title-removed": drop_title,
    "copyright-added": add_copyright,
}


pytestmark = pytest.mark.usefixtures("fresh_text_cache")  # the index built from cold, once per module


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    manifest = CORPUS / "manifest.json"
    if not manifest.exists():
        pytest.skip("../shared/corpus is not here")
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    out = []
    for e in entries:
        if e["kind"] != "license":
            continue
        out.append({**e, "text": (CORPUS / e["file"]).read_text(encoding="utf-8")})
    assert out, "the manifest lists no license texts"
    return out


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset()


def verdict(ruleset: Ruleset, matches: list[TextMatch]) -> tuple[str, str]:
    """(Hub id, category) the caller would derive from the first match."""
    if not matches:
        return "unknown", "unknown"
    m = matches[0]
    rule = ruleset.get(m.rule_id)
    if rule.part_of:
        rule = ruleset.get(rule.part_of)
    hub = (rule.hub_id or "other").lower()
    category = rule.category
    if m.partial:
        return hub, "unknown"
    if m.modified and _RESTRICTIVENESS.index(category) < _RESTRICTIVENESS.index("custom-restricted"):
        category = "custom-restricted"
    return hub, category


def judge(entry: dict[str, Any], got: tuple[str, str]) -> tuple[bool, bool]:
    expected = entry["expected"]
    want_license = expected["license"].lower()
    categories = {expected["category"], *expected.get("accept", ())}
    license_ok = want_license == "other" or got[0] == want_license
    return license_ok, got[1] in categories


def confusion_table(rows: list[tuple[str, str]]) -> str:
    counts = Counter(rows)
    cats = list(CATEGORIES)
    head = "expected \\ got".ljust(20) + "".join(c[:12].rjust(13) for c in cats)
    lines = [head]
    for want in cats:
        lines.append(want.ljust(20) + "".join(str(counts.get((want, got), "")).rjust(13) for got in cats))
    return "\n".join(lines)


def run(corpus: list[dict[str, Any]], ruleset: Ruleset, mutate: Callable[[str], str], label: str,
        report_to: Callable[[str], None]) -> None:
    results = []
    failures = []
    for entry in corpus:
        matches = identify_text(mutate(entry["text"]), ruleset, path=entry["source"].get("path"))
        got = verdict(ruleset, matches)
        license_ok, category_ok = judge(entry, got)
        results.append((entry["expected"]["category"], got[1], license_ok, category_ok))
        if not (license_ok and category_ok):
            want = f"{entry['expected']['license']}/{entry['expected']['category']}"
            found = [(m.rule_id, m.modified, m.partial) for m in matches]
            failures.append(f"  {entry['file']}: expected {want}, got {got[0]}/{got[1]} from {found}")
    n = len(results)
    license_acc = sum(r[2] for r in results) / n
    category_acc = sum(r[3] for r in results) / n
    report = (f"\n[license texts, {label}] {n} texts: Hub id {license_acc:.1%}, category {category_acc:.1%}\n"
              + confusion_table([(r[0], r[1]) for r in results]) + ("\n" + "\n".join(failures) if failures else ""))
    print(report)
    report_to(report)
    assert license_acc >= MIN_ACCURACY, report
    assert category_acc >= MIN_ACCURACY, report


def test_corpus_texts_as_they_are(corpus: list[dict[str, Any]], ruleset: Ruleset,
                                  accuracy_report: Callable[[str], None]) -> None:
    run(corpus, ruleset, lambda t: t, "as is", accuracy_report)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_corpus_texts_in_other_shapes(corpus: list[dict[str, Any]], ruleset: Ruleset, variant: str,
                                      accuracy_report: Callable[[str], None]) -> None:
    run(corpus, ruleset, VARIANTS[variant], variant, accuracy_report)


def test_concatenated_file_comes_back_in_text_order(corpus: list[dict[str, Any]], ruleset: Ruleset) -> None:
    entry = next(e for e in corpus if "concatenated" in e["file"])
    found = identify_text(entry["text"], ruleset)
    assert [m.span.start for m in found] == sorted(m.span.start for m in found)
    assert len(found) >= 2 and not any(m.modified or m.partial for m in found)
