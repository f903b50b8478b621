"""License statements in card prose, and what happens when sources disagree."""

from pathlib import Path

import pytest

from license_scan.detect.text.reference import reference_text
from license_scan.detect.prose import prose_statements, says_same_as_base
from license_scan.ruleset import load_ruleset
from license_scan.classify.snapshot import classify_snapshot
from snapshots import snapshot



def package_text(key: str) -> str:
    """A reference license text from the licensedcode-data package (never pasted into the repo)."""
    return reference_text(key).strip() + "\n"


def statements(body: str):
    found = prose_statements(body, load_ruleset(), path="README.md", line_offset=10, default="weights")
    return [(s.component, s.evidence.rule) for s in found]


@pytest.mark.parametrize("sentence, expected", [
    ("This model is released under the Apache 2.0 license.", ("weights", "Apache-2.0")),
    ("Weights are licensed under the Llama 3.1 Community License Agreement.", ("weights", "llama3.1")),
    ("Licensed under the Creative Commons Attribution 4.0 license.", ("weights", "CC-BY-4.0")),
    ("The code is licensed under the MIT License.", ("code", "MIT")),
    ("The training data is available under CC-BY-NC-4.0.", ("data", "CC-BY-NC-4.0")),
    ("This model is distributed under the terms of the CreativeML OpenRAIL-M license.",
     ("weights", "creativeml-openrail-m")),
    ("## License\n\ncc-by-sa-4.0\n", ("weights", "CC-BY-SA-4.0")),
])
def test_statements(sentence, expected):
    assert statements(sentence) == [expected]


@pytest.mark.parametrize("sentence", [
    "Unlike other models, which are licensed under a custom license, ours is free.",
    "We evaluated it under the usual conditions.",
    "See the license for details.",
])
def test_no_statement(sentence):
    assert statements(sentence) == []


def test_statement_span_points_at_the_line():
    found = prose_statements("intro\n\nThis model is released under the MIT license.\n", load_ruleset(),
                             path="README.md", line_offset=5, default="weights")
    assert found[0].evidence.span.start_line == 7
    assert found[0].evidence.source == "prose" and found[0].evidence.score < 0.9


def test_same_license_as_base():
    assert says_same_as_base("This adapter uses the same license as the base model.")
    assert not says_same_as_base("This adapter is MIT.")


def classify(card, files=None):
    components, findings = _parts(classify_snapshot(snapshot(card, files=files), load_ruleset()))
    return components, findings


def test_prose_alone_decides_when_nothing_stronger():
    components, _ = classify("# M\nThis model is released under the CC-BY-NC-4.0 license.\n")
    assert components.weights.expression == "CC-BY-NC-4.0"
    assert components.weights.evidence[0].source == "prose"


def test_front_matter_outranks_a_less_restrictive_prose_statement():
    components, findings = classify("---\nlicense: cc-by-nc-4.0\n---\nThis model is released under the MIT license.\n")
    assert components.weights.expression == "CC-BY-NC-4.0"
    assert not [f for f in findings if f.code == "license-conflict"]


def test_more_restrictive_prose_joins_the_expression_with_a_conflict():
    components, findings = classify("---\nlicense: mit\n---\nThis model is released under the CC-BY-NC-4.0 license.\n")
    assert components.weights.expression == "MIT AND CC-BY-NC-4.0"
    assert components.weights.category == "custom-restricted"
    conflict = [f for f in findings if f.code == "license-conflict"]
    assert conflict and "README.md (front-matter" in conflict[0].message and "prose" in conflict[0].message


def test_card_says_mit_license_file_is_llama2():
    components, findings = classify("---\nlicense: mit\n---\n# M\n", files={"LICENSE": package_text("llama-2-license-2023")})
    w = components.weights
    assert w.category == "custom-restricted"
    assert set(w.expression.split(" AND ")) == {"MIT", "LicenseRef-llama2"}
    conflict = [f for f in findings if f.code == "license-conflict"]
    assert conflict, [f.code for f in findings]
    assert "LICENSE (file)" in conflict[0].message and "front-matter" in conflict[0].message
    files = [e for e in w.evidence if e.source == "file"]
    assert files[0].sha256 and files[0].rule == "llama2" and files[0].span.start_line >= 1


def test_agreeing_card_and_file_make_one_license():
    components, findings = classify("---\nlicense: apache-2.0\n---\n", files={"LICENSE": package_text("apache-2.0")})
    assert components.weights.expression == "Apache-2.0"
    assert components.weights.category == "osi-approved"
    assert not [f for f in findings if f.code in ("license-conflict", "license-modified")]


def test_code_license_file_goes_to_code():
    components, _ = classify("---\nlicense: llama2\n---\n", files={"LICENSE-CODE": package_text("mit")})
    assert components.code.expression == "MIT"
    assert components.weights.expression == "LicenseRef-llama2"


def test_unrecognised_license_file_is_evidence_not_a_guess():
    components, findings = classify("# M\n", files={"LICENSE": "You may do whatever the moon allows.\n"})
    assert components.weights.category == "unknown"
    ev = [e for e in components.weights.evidence if e.source == "file"][0]
    assert ev.rule is None and len(ev.sha256) == 64
    assert "license-file-unidentified" in [f.code for f in findings]


def test_modified_license_is_flagged_and_restricted():
    text = package_text("mit").replace(
        "The above copyright notice",
        "The Software shall not be used for any commercial purpose whatsoever. The above copyright notice")
    components, findings = classify("---\nlicense: mit\n---\n", files={"LICENSE": text})
    w = components.weights
    assert w.category == "custom-restricted"
    assert any(lic.modified for lic in w.licenses)
    modified = [f for f in findings if f.code == "license-modified"]
    assert modified and "commercial" in modified[0].message


def test_notice_statement_is_prose_evidence_from_that_file():
    components, _ = classify("# M\n", files={"NOTICE": "Llama 3.1 is licensed under the Llama 3.1 Community License.\n"})
    w = components.weights
    assert w.expression == "LicenseRef-llama3.1"
    prose = [e for e in w.evidence if e.source == "prose"]
    assert prose and prose[0].path == "NOTICE"


def test_license_text_embedded_in_the_card_is_file_evidence():
    card = "---\ntags: [demo]\n---\n# My model\n\nSome words about the model.\n\n## License\n\n" + package_text("mit")
    components, findings = classify(card)
    w = components.weights
    assert w.expression == "MIT"
    ev = [e for e in w.evidence if e.source == "file"][0]
    assert ev.path == "README.md" and ev.span.start_line >= 9
    assert "license-file-unidentified" not in [f.code for f in findings]


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "licenses").exists(), reason="../shared/corpus is absent")
def test_license_section_of_a_real_readme_is_found():
    readme = (CORPUS / "licenses" / "039-baichuan2-readme-license-section.txt").read_text(encoding="utf-8")
    components, _ = classify(readme)
    assert components.weights.category == "custom-restricted"
    assert any(e.source == "file" and e.path == "README.md" and e.rule for e in components.weights.evidence)


def _parts(classified):
    return classified.components, classified.findings
