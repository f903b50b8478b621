"""Hand-made cases: a license file in which no known license text is found, but which states its own
restrictions ("for non-commercial use only", a Commons Clause in other words), reads as custom-restricted,
each restriction quoted; one that states none, or only lifts them, stays unknown terms; part of an open
license stays unknown even where its words say "noncommercial"; part of a restrictive license reads its
restrictions. Every text here is ours, or a reference text from the licensedcode-data package cut at run time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from snapshots import front_matter, snapshot
from test_text_matcher import paragraphs

from license_scan.classify.snapshot import classify_snapshot
from license_scan.cli.main import cli
from license_scan.detect.files import file_evidence
from license_scan.detect.text import reference as ref_mod
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.snapshot import RepoFile

pytestmark = pytest.mark.usefixtures("fresh_text_cache")

NC, RO, UR = "stated-non-commercial", "stated-research-only", "stated-use-restriction"

# (text, the rules its restrictions are evidence of)
RESTRICTING = {
    "bespoke non-commercial": (("Acme Model License\n\nYou may use, copy and modify the Model for non-commercial "
                               "purposes. Any other use needs our written consent.\n"), {NC}),
    "notice then a Commons Clause in other words": (
        ("Copyright 2025 Example Ltd.\n\nThis project is offered on Apache 2.0 terms together with the Commons "
        "Clause below.\n\nCommons Clause: the rights above do not let you sell the software or a service whose "
        "value comes from it.\n"), {UR}),
    "research only": (("Weights License\n\nThe weights may be used for academic research only; "
                      "redistribution is not permitted.\n"), {RO}),
    "commercial license needed": (("Free for personal projects. Companies must obtain a commercial license "
                                  "before using it in a product.\n"), {UR}),
    "two restrictions": (("Example Terms\n\n1. Use for research purposes only.\n2. No commercial use of the "
                         "outputs.\n"), {RO, NC}),
    "markdown with CRLF": ("# Custom License\r\n\r\n**Non-commercial use only.** Ask us for anything else.\r\n",
                           {NC}),
    "chinese": ("模型许可\n\n本模型仅供研究使用，不可商用。\n", {RO, NC}),
    "restricting notice": ("Copyright 2024 Example Ltd. For non-commercial use only.\n", {NC}),
    "restricting pointer": ("Licensed under the Example License; research use only.\n", {RO}),
}

# States terms, but no restriction of its own: unknown terms, as before.
NOT_RESTRICTING = {
    "lifted": "Example Model Terms\n\nYou may use the model for commercial and non-commercial purposes, provided "
              "that you credit Example Ltd.\n",
    "not limited": "Example Terms\n\nUse is not limited to research; anything is allowed if you credit us.\n",
    "own permissive terms": "Anyone may use these weights for any purpose provided that they credit Example Ltd.\n",
    "use policy": "# Acceptable Use Policy\n\nYou agree not to use the Model to generate spam or to harm people.\n",
}


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset()


def _evidence(ruleset: Ruleset, body: str, path: str = "LICENSE"):
    got = file_evidence(RepoFile(path, "0" * 64, body), ruleset, repo="org/m", default_component="weights")
    return got.of("weights"), got.findings


@pytest.mark.parametrize("name", sorted(RESTRICTING))
def test_a_file_stating_its_own_restrictions_is_evidence_of_them(ruleset: Ruleset, name: str) -> None:
    body, rules = RESTRICTING[name]
    evs, findings = _evidence(ruleset, body)
    assert {ev.rule for ev in evs} == rules
    for ev in evs:
        assert ev.source == "file" and ev.sha256 == "0" * 64 and ev.path == "LICENSE"
        assert ev.value and ev.value.startswith("states: ")
        assert ev.span is not None and body[ev.span.start:ev.span.end].strip()  # the phrase, in the file
    (finding,) = [f for f in findings if f.code == "license-file-restricted"]
    assert finding.severity == "warning" and finding.source and finding.source.path == "LICENSE"
    assert "read it yourself" in finding.message
    assert not [f for f in findings if f.code == "license-file-unidentified"]


@pytest.mark.parametrize("name", sorted(NOT_RESTRICTING))
def test_a_file_stating_no_restriction_stays_unknown_terms(ruleset: Ruleset, name: str) -> None:
    evs, findings = _evidence(ruleset, NOT_RESTRICTING[name])
    (ev,) = evs
    assert ev.rule is None and not ev.no_terms
    assert not [f for f in findings if f.code == "license-file-restricted"]


def _head(key: str, share: float) -> str:
    paras = paragraphs(ref_mod.reference_text(key).strip())
    return "\n\n".join(paras[: max(1, int(len(paras) * share))])


def test_part_of_an_open_license_saying_noncommercial_stays_unknown(ruleset: Ruleset) -> None:
    # a reworded GPL may say "noncommercial" in its own fair-use wording: that cannot be told from an added term
    body = _head("gpl-3.0", 0.3) + "\n\nCopying for noncommercial purposes or study is a fair use.\n"
    evs, findings = _evidence(ruleset, body)
    assert evs and all(ev.rule is None for ev in evs)
    assert "license-partial" in {f.code for f in findings}
    assert "license-file-restricted" not in {f.code for f in findings}


def test_part_of_a_restrictive_license_reads_its_restrictions(ruleset: Ruleset) -> None:
    body = _head("cc-by-nc-4.0", 0.5)
    evs, findings = _evidence(ruleset, body)
    assert NC in {ev.rule for ev in evs} and all(ev.rule for ev in evs)
    (finding,) = [f for f in findings if f.code == "license-file-restricted"]
    assert "CC-BY-NC-4.0" in finding.message  # the license it is part of is named


def test_part_of_an_open_license_under_a_restricting_title_reads_its_restrictions(ruleset: Ruleset) -> None:
    grant = paragraphs(ref_mod.reference_text("mit").strip())[0]  # MIT's grant, nothing after it
    body = f"Acme Non-Commercial License\n\n{grant}\n\nCommercial use is prohibited.\n"
    evs, findings = _evidence(ruleset, body)
    assert NC in {ev.rule for ev in evs} and all(ev.rule for ev in evs)
    assert "MIT" in next(f.message for f in findings if f.code == "license-file-restricted")
    # the same words under MIT's own title: part of an open license, still unknown
    evs, findings = _evidence(ruleset, f"MIT License\n\n{grant}\n\nCommercial use is prohibited.\n")
    assert [ev.rule for ev in evs] == [None] and "license-partial" in {f.code for f in findings}


def test_a_whole_known_license_is_still_that_license(ruleset: Ruleset) -> None:
    evs, findings = _evidence(ruleset, ref_mod.reference_text("cc-by-nc-4.0"))
    assert [ev.rule for ev in evs] == ["CC-BY-NC-4.0"]
    assert "license-file-restricted" not in {f.code for f in findings}


# --- through classification: the component's verdict -------------------------------------------

def _weights(card_license: str | None, license_text: str):
    card = front_matter({"license": card_license}) if card_license else "# model\n"
    return classify_snapshot(snapshot(card, files={"LICENSE": license_text}), load_ruleset())


def test_license_other_resolved_by_a_restricting_file() -> None:
    result = _weights("other", RESTRICTING["bespoke non-commercial"][0])
    w = result.components.weights
    assert (w.category, w.expression) == ("custom-restricted", "LicenseRef-stated-non-commercial")
    assert "non-commercial" in {o.kind for o in w.obligations}
    codes = {f.code for f in result.findings}
    assert "license-file-restricted" in codes and "license-placeholder-unresolved" not in codes


def test_a_permissive_tag_and_a_restricting_file_join_by_and() -> None:
    w = _weights("apache-2.0", RESTRICTING["notice then a Commons Clause in other words"][0]).components.weights
    assert w.category == "custom-restricted"
    assert w.expression == "Apache-2.0 AND LicenseRef-stated-use-restriction"


def test_a_file_that_lifts_restrictions_leaves_the_component_unknown() -> None:
    w = _weights("mit", NOT_RESTRICTING["lifted"]).components.weights
    assert w.category == "unknown"


def test_a_license_file_in_another_script_is_never_ignored() -> None:
    # it used to read as "states no terms" (no English word of permission in it) and left Apache-2.0 alone
    w = _weights("apache-2.0", RESTRICTING["chinese"][0]).components.weights
    assert w.category == "custom-restricted"
    assert w.expression == "Apache-2.0 AND LicenseRef-stated-research-only AND LicenseRef-stated-non-commercial"
    w = _weights("apache-2.0", "Разрешается только некоммерческое использование.\n").components.weights
    assert w.category == "unknown"  # terms nothing can read: unknown, never nothing


def test_a_letter_whose_lower_case_is_longer_keeps_offsets_right(ruleset: Ruleset) -> None:
    # "İ" lower-cases to two characters; every offset still points into the text (this used to raise)
    body = "LİSANS İZİNLERİ\n\nİİİ. Bu model non-commercial use only.\n"
    evs, _ = _evidence(ruleset, body)
    (ev,) = evs
    assert ev.rule == NC and ev.span and body[ev.span.start:ev.span.end].lower() == "non-commercial use"
    card = classify_snapshot(snapshot("# Model İİİİ\n\nKullanım İÇİN: non-commercial use only.\n"), load_ruleset())
    assert card.components.weights.category == "custom-restricted"


def test_the_json_report_quotes_the_restriction(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(front_matter({"license": "other"}))
    (tmp_path / "LICENSE").write_text(RESTRICTING["commercial license needed"][0])
    out = CliRunner().invoke(cli, ["scan", str(tmp_path), "--format", "json", "--depth", "0"],
                             catch_exceptions=False)
    report = json.loads(out.output)
    (result,) = report["results"]
    weights = result["components"]["weights"]
    assert weights["category"] == "custom-restricted"
    (ev,) = [e for e in weights["evidence"] if e["source"] == "file"]
    assert ev["rule"] == UR and "obtain a commercial license" in ev["value"]
    assert any(f["code"] == "license-file-restricted" for f in result["findings"])


def test_hand_made_counts(accuracy_report: Callable[[str], None]) -> None:
    report = (f"\n[hand-made restricting files] states restrictions {len(RESTRICTING) + 1}, states none "
              f"{len(NOT_RESTRICTING) + 1}, whole license 1 (each a test above; all must pass)")
    print(report)
    accuracy_report(report)


@pytest.mark.parametrize(("files", "category", "finding"), [
    ({"LICENSE": "Copyright 2024 Acme. All rights reserved.\n"}, "custom-restricted", True),  # no license granted
    ({"LICENSE": "Proprietary and confidential. Copyright 2024 Acme.\n"}, "custom-restricted", False),  # its title
    # a notice above a license, or pointing to one, and a NOTICE file's credits reserve nothing of the repo
    ({"LICENSE": "Copyright 2024 Acme. All rights reserved.\nLicensed under the Apache License, Version 2.0.\n"},
     "osi-approved", False),
    ({"NOTICE": "Acme Toolkit\nCopyright 2024 Acme. All rights reserved.\n"}, "osi-approved", False),
])
def test_a_license_file_that_only_reserves_every_right(files: dict, category: str, finding: bool) -> None:
    result = classify_snapshot(snapshot(front_matter({"license": "apache-2.0"}), files=files), load_ruleset())
    assert result.components.weights.category == category
    assert ("license-file-restricted" in {f.code for f in result.findings}) == finding
