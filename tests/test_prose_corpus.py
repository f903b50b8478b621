"""The prose detector alone over the real cards in ../shared/corpus (skipped when absent).

manifest-2.json: what the card's prose must give per component (licenses, stated restrictions,
unidentified license names as `None`). manifest.json and manifest-2.json: prose never reads a
license less restrictive than the expected category unless the card's own metadata already
declares one that permissive (the laundering cases).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from snapshots import snapshot

from license_scan.classify.category import rank
from license_scan.detect.prose import detect_prose
from license_scan.ruleset import load_ruleset

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
NC, RO, UR = "stated-non-commercial", "stated-research-only", "stated-use-restriction"

# file → {component: the rules prose must find (None: a license it names that the rule set does not know)}
EXPECTED: dict[str, dict[str, set[str | None]]] = {
    "cards/024-tulu-2-dpo-70b-ai2-impact-lr.md": {"weights": {"ai2-impact-license-low-risk"}},
    "cards/025-xtts-v2-coqui-public-model-license.md": {"weights": {"coqui-public-model-license"}},
    "cards/026-skywork-13b-base-license-name-placeholder.md": {"weights": {None}},
    "cards/027-animagine-xl-3.0-faipl-1.0-sd.md": {"weights": {"faipl-1.0-sd"}},  # not "Fair" (an OSI license)
    "cards/028-minicpm-llama3-v-2.5-license-section-per-component.md": {"code": {"Apache-2.0"}, "weights": {None}},
    "cards/029-longcite-llama3.1-8b-license-section-link-only.md": {"weights": {"llama3.1"}},
    "cards/030-m3e-large-noncommercial-chinese-prose.md": {"weights": {NC, RO}},
    "cards/031-wizardcoder-33b-v1.1-license-table-column.md": {"weights": {None}},  # its own row: MSFTResearch
    "cards/032-decilm-6b-license-list-llama2-other.md": {"weights": {"llama2"}},
    "cards/033-flan-t5-large-grammar-synthesis-license-list-nc-sa-apache.md": {"data": {"CC-BY-NC-SA-4.0"}},
    "cards/034-jujohotaru-lora-license-list-mit-openrail.md": {"weights": {"MIT"}},  # MIT OR OpenRAIL-M
    "cards/035-nous-hermes-llama2-13b-mit-single-item-list.md": {},
    "cards/036-medical-llama3-8b-apache-on-llama3-base.md": {"weights": {"Apache-2.0"}},
    "cards/037-gemma-2-9b-it-simpo-mit-tag-gemma-prose.md": {"weights": {"gemma"}},
    "cards/038-starling-lm-7b-alpha-apache-tag-noncommercial-prose.md": {"weights": {"Apache-2.0", UR, NC}, "data": {NC}},
    "cards/039-i2vgen-xl-mit-tag-research-noncommercial-prose.md": {"weights": {NC}},
    "cards/040-musev-openrail-tag-model-noncommercial-prose.md": {"code": {"MIT"}, "weights": {NC, RO}, "data": {NC, RO}},
    "cards/041-solar-10.7b-v1.0-apache-nc-refers-to-instruct-variant.md": {},  # the NC list item is another model's
    "cards/042-stsb-xlm-r-greek-yaml-tabs-invalid.md": {},
    "cards/043-llama2-codecherrypop-unclosed-front-matter.md": {},
    "cards/044-roberta-toxicity-classifier-licenses-key-misspelt.md": {"weights": {"CC-BY-NC-SA-4.0"}},
}


def _cards(name: str) -> list[dict]:
    manifest = CORPUS / name
    if not manifest.exists():
        return []
    return [e for e in json.loads(manifest.read_text(encoding="utf-8")) if e["kind"] == "card"]


def _prose(entry: dict):
    text = (CORPUS / entry["file"]).read_text(encoding="utf-8")
    repo = (entry.get("source") or {}).get("repo") or "org/" + Path(entry["file"]).stem
    snap = snapshot(text, repo=repo)
    return snap, detect_prose(snap, load_ruleset())


@pytest.mark.skipif(not _cards("manifest-2.json"), reason="../shared/corpus is absent")
def test_prose_reads_the_manifest_2_cards(accuracy_report):
    cards = {e["file"]: e for e in _cards("manifest-2.json")}
    assert set(EXPECTED) <= set(cards)
    wrong = []
    for file, expected in EXPECTED.items():
        _, detected = _prose(cards[file])
        got = {c: {ev.rule for ev in evs} for c, evs in detected.evidence.items() if evs}
        if got != expected:
            wrong.append(f"{file}: expected {expected}, got {got}")
    accuracy_report(f"prose on manifest-2 cards: {len(EXPECTED) - len(wrong)} of {len(EXPECTED)} read right")
    assert not wrong, "\n".join(wrong)


@pytest.mark.skipif(not _cards("manifest.json"), reason="../shared/corpus is absent")
@pytest.mark.parametrize("manifest", ["manifest.json", "manifest-2.json"])
def test_prose_never_reads_a_card_more_permissively_than_its_own_terms(manifest):
    ruleset = load_ruleset()
    wrong = []
    for entry in _cards(manifest):
        snap, detected = _prose(entry)
        want = [entry["expected"]["category"], *entry["expected"].get("accept", [])]
        floor = min(rank(c) for c in want)
        declared = snap.metadata.get("license") if isinstance(snap.metadata, dict) else None
        declared_rank = min((rank(r.category) for v in ([declared] if isinstance(declared, str) else declared or [])
                             if (r := ruleset.by_name(str(v)))), default=None)
        for ev in detected.of("weights"):
            if ev.rule is None:
                continue
            r = rank(ruleset.get(ev.rule).category)
            if r < floor and (declared_rank is None or r < declared_rank):
                wrong.append(f"{entry['file']}: prose reads {ev.rule} from {ev.value!r}")
    assert not wrong, "\n".join(wrong)
