"""Card metadata in every shape found in the wild → weights verdict."""

import pytest
from snapshots import snapshot

from license_scan.classify.snapshot import classify_snapshot
from license_scan.ruleset import load_ruleset


def weights(card: str, **kw):
    components, findings = _parts(classify_snapshot(snapshot(card, **kw), load_ruleset()))
    return components.weights, [f.code for f in findings]


def fm(body: str) -> str:
    return f"---\n{body}\n---\n# Model\n"


@pytest.mark.parametrize("value, category, expression", [
    ("apache-2.0", "osi-approved", "Apache-2.0"),
    ("MIT", "osi-approved", "MIT"),
    ("PDDL", "permissive-weights", "PDDL-1.0"),
    ("cc-by-4.0", "permissive-weights", "CC-BY-4.0"),
    ("creativeml-openrail-m", "rail-style", "LicenseRef-creativeml-openrail-m"),
    ("llama3.1", "custom-restricted", "LicenseRef-llama3.1"),
    ("cc-by-nc-4.0", "custom-restricted", "CC-BY-NC-4.0"),
    ("gemma", "custom-restricted", "LicenseRef-gemma"),
])
def test_license_string_any_case(value, category, expression):
    w, codes = weights(fm(f"license: {value}"))
    assert (w.category, w.expression) == (category, expression)
    assert w.licenses[0].hub_id == value.lower()
    assert w.evidence[0].source == "front-matter"
    assert "license-unrecognised" not in codes


def test_license_list_is_and_with_a_finding():
    w, codes = weights(fm("license:\n  - mit\n  - cc-by-nc-4.0"))
    assert w.expression == "MIT AND CC-BY-NC-4.0"
    assert w.category == "custom-restricted"
    assert "license-list" in codes


def test_other_resolved_through_license_name():
    w, codes = weights(fm("license: other\nlicense_name: tongyi-qianwen\nlicense_link: LICENSE"))
    assert w.category == "custom-restricted"
    assert "qwen" in w.expression.lower() or "tongyi" in w.expression.lower()
    assert w.evidence[0].value == "license_name: tongyi-qianwen"


def test_other_resolved_through_a_known_license_link_url():
    w, _ = weights(fm("license: other\nlicense_link: https://www.llama.com/llama3_1/license/"))
    assert w.expression == "LicenseRef-llama3.1"


def test_other_without_name_is_unknown():
    w, codes = weights(fm("license: other"))
    assert w.category == "unknown"
    assert w.expression == "NOASSERTION"


def test_other_with_unknown_name_is_unknown_with_a_finding():
    w, codes = weights(fm("license: other\nlicense_name: my-very-own-license"))
    assert w.category == "unknown"
    assert "license-name-unrecognised" in codes


def mit_text() -> str:
    """MIT's text from the licensedcode-data package (no license text is kept in this repository)."""
    from license_scan.detect.text import reference

    return "MIT License\n\nCopyright (c) 2025 Example\n\n" + reference.reference_text("mit")


@pytest.mark.parametrize("link", ["LICENSE", "./LICENSE", "https://huggingface.co/org/model/blob/main/LICENSE"])
def test_an_unknown_name_linked_to_a_file_of_the_repo_is_that_files_label(link):
    # the name labels the terms the linked file holds: the file decides
    w, codes = weights(fm(f"license: other\nlicense_name: example-terms\nlicense_link: {link}"),
                       files={"LICENSE": mit_text()})
    assert (w.expression, w.category) == ("MIT", "osi-approved")
    assert "license-name-unrecognised" in codes  # still said, with the file it rests on


def test_an_unknown_name_linked_to_a_file_that_is_not_there_stays_unknown():
    w, codes = weights(fm("license: other\nlicense_name: example-terms\nlicense_link: LICENSE"))
    assert w.category == "unknown"
    assert "license-name-unrecognised" in codes


@pytest.mark.parametrize("link", ["https://example.com/terms", "https://huggingface.co/other/repo/blob/main/LICENSE"])
def test_an_unknown_name_linked_elsewhere_is_unknown_whatever_the_repo_holds(link):
    w, _ = weights(fm(f"license: other\nlicense_name: example-terms\nlicense_link: {link}"),
                   files={"LICENSE": mit_text()})
    assert w.category == "unknown"  # the name's terms are elsewhere: the repo's own MIT file does not say them


def test_license_only_in_tags():
    w, _ = weights(fm("tags:\n  - text-generation\n  - license:mit"))
    assert w.expression == "MIT"
    assert w.evidence[0].source == "tags"


def test_license_only_in_hub_api_tags():
    w, _ = weights(fm("language: en"), tags=("license:apache-2.0", "region:us"))
    assert w.expression == "Apache-2.0"


def test_no_license_at_all_is_unknown_with_a_finding():
    w, codes = weights(fm("language: en"))
    assert w is None or w.category == "unknown"
    assert "license-missing" in codes


def test_unknown_hub_value():
    w, codes = weights(fm("license: unknown"))
    assert w.category == "unknown"


@pytest.mark.parametrize("value", ["apache2.0", "Apache 2.0", "apache_2.0", "Apache-2.0"])
def test_spellings_of_a_known_license_resolve(value):
    w, codes = weights(fm(f"license: {value}"))
    assert w.expression == "Apache-2.0"


def test_misspelt_identifier_is_unknown_with_a_suggestion():
    w, codes = weights(fm("license: apache-2.1"))
    assert w.category == "unknown"
    assert "license-unrecognised" in codes
    _, findings = _parts(classify_snapshot(snapshot(fm("license: apache-2.1")), load_ruleset()))
    assert "did you mean 'apache-2.0'" in [f for f in findings if f.code == "license-unrecognised"][0].message


def test_malformed_front_matter_falls_back_to_hub_card_data():
    card = "---\nlicense: mit\ntags: [a\n---\nbody"
    w, codes = weights(card, card_data={"license": "mit"})
    assert "front-matter-invalid" in codes
    assert w.expression == "MIT"


def test_malformed_front_matter_without_card_data():
    w, codes = weights("---\nlicense: [mit\n---\nbody")
    assert "front-matter-invalid" in codes
    assert w.expression == "MIT"  # the license line is still evidence


@pytest.mark.parametrize("key", ["License", "licence", "licenses", "LICENSE", "Licences"])
def test_misspelt_license_keys_are_read_with_a_finding(key):
    w, codes = weights(f"---\n{key}: cc-by-nc-4.0\n---\n")
    assert w.expression == "CC-BY-NC-4.0" and "license-key-misspelt" in codes


def test_misspelt_license_name_key():
    w, codes = weights("---\nlicense: other\nlicense-name: llama3.1\n---\n")
    assert w.expression == "LicenseRef-llama3.1" and "license-key-misspelt" in codes


def test_a_misspelt_key_beside_the_right_one_still_counts():
    w, codes = weights("---\nlicense: mit\nlicence: cc-by-nc-4.0\n---\n")
    assert w.expression == "MIT AND CC-BY-NC-4.0" and w.category == "custom-restricted"
    assert "license-key-misspelt" in codes


def test_no_license_anywhere_is_unknown_never_null():
    w, codes = weights("---\ntags: [x]\n---\n# A model\n")
    assert (w.expression, w.category) == ("NOASSERTION", "unknown") and "license-missing" in codes


def test_a_dataset_without_a_license_has_unknown_data():
    components, findings = _parts(classify_snapshot(snapshot("# data\n", kind="dataset"), load_ruleset()))
    assert components.data.category == "unknown" and components.weights is None
    assert "license-missing" in [f.code for f in findings]


def test_gated_repo_classified_from_card_data_with_a_warning():
    snap = snapshot(None, card_data={"license": "llama3.1"}, gated="manual",
                    unreadable={"LICENSE": "gated", "USE_POLICY.md": "gated"})
    components, findings = _parts(classify_snapshot(snap, load_ruleset()))
    # card data says Llama 3.1; the unread LICENSE and USE_POLICY.md join as unknown terms
    assert components.weights.expression == "NOASSERTION" and components.weights.category == "unknown"
    assert [lic.id for lic in components.weights.licenses] == ["LicenseRef-llama3.1"]
    gated = [f for f in findings if f.code == "gated-files-unreadable"]
    assert len(gated) == 1 and gated[0].severity == "warning"
    for needle in ("README.md", "LICENSE", "USE_POLICY.md", "HF_TOKEN", "accept"):
        assert needle.lower() in gated[0].message.lower()


def test_obligations_come_from_the_rule():
    w, _ = weights(fm("license: llama3.1"))
    kinds = {o.kind for o in w.obligations}
    assert {"display-notice", "naming", "user-threshold"} <= kinds
    threshold = [o for o in w.obligations if o.kind == "user-threshold"][0]
    assert threshold.params["monthly_active_users"] == 700_000_000
    assert all(o.component == "weights" and o.license == "LicenseRef-llama3.1" for o in w.obligations)


def test_dataset_license_is_its_data_component():
    snap = snapshot(fm("license: cc-by-4.0"), kind="dataset", repo="org/data")
    components, _ = _parts(classify_snapshot(snap, load_ruleset()))
    assert components.data.expression == "CC-BY-4.0"
    assert components.weights is None


def test_other_with_an_unknown_external_link_is_unknown_and_says_it_was_not_fetched():
    w, codes = weights(fm("license: other\nlicense_link: https://example.com/our-terms.html"))
    assert w.category == "unknown"
    assert "license-link-unresolved" in codes


def test_link_into_the_repo_itself_is_left_to_the_file_reader():
    card = fm("license: other\nlicense_link: https://huggingface.co/org/model/blob/main/LICENSE")
    _, codes = weights(card)
    assert "license-link-unresolved" not in codes


def _parts(classified):
    return classified.components, classified.findings


@pytest.mark.parametrize("value, expression, category", [
    ("apache-2.0 OR mit", "Apache-2.0 OR MIT", "osi-approved"),
    ("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception", "osi-approved"),
    ("gpl-2.0 with classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0", "osi-approved"),
    ("mit OR cc-by-nc-4.0", "MIT OR CC-BY-NC-4.0", "osi-approved"),  # the licensee may choose MIT
    ("(mit OR apache-2.0) AND cc-by-nc-4.0", "(MIT OR Apache-2.0) AND CC-BY-NC-4.0", "custom-restricted"),
])
def test_spdx_expressions_in_the_license_field(value, expression, category):
    w, codes = weights(f"---\nlicense: {value}\n---\n")
    assert (w.expression, w.category) == (expression, category)
    assert "license-unrecognised" not in codes


def test_an_unknown_symbol_in_an_and_expression_is_unknown_terms():
    w, codes = weights("---\nlicense: mit AND acme-internal\n---\n")
    assert w.category == "unknown" and "license-unrecognised" in codes
    assert {lic.id for lic in w.licenses} == {"MIT", "acme-internal"}


def test_an_expression_that_does_not_parse_is_unrecognised():
    w, codes = weights("---\nlicense: mit OR\n---\n")
    assert w.category == "unknown" and "license-unrecognised" in codes


# --- an exception may take rights away; a license_name beside a concrete license is read too ----------

@pytest.mark.parametrize("value, category, in_expression", [
    ("Apache-2.0 WITH LLVM-exception", "osi-approved", "Apache-2.0 WITH LLVM-exception"),  # an SPDX exception
    ("Apache-2.0 WITH Foo-exception", "unknown", None),  # an exception nobody knows: unknown terms
    ("Apache-2.0 with Commons Clause", "custom-restricted", "LicenseRef-stated-use-restriction"),
    ("MIT WITH non-commercial-use-only", "custom-restricted", "LicenseRef-stated-non-commercial"),
])
def test_an_exception_is_terms_of_its_own(value, category, in_expression):
    w, codes = weights(fm(f"license: {value}"))
    assert w.category == category
    if in_expression:
        assert in_expression in w.expression
    assert ("license-unrecognised" in codes) == (category != "osi-approved")


def test_an_exception_in_a_source_header_is_terms_too():
    from license_scan.detect.headers import spdx_evidence
    from license_scan.ruleset import load_ruleset

    evidence, problems = spdx_evidence("Apache-2.0 WITH Commons-Clause", load_ruleset())
    assert [ev.rule for ev in evidence] == ["Apache-2.0", "stated-use-restriction"] and problems
    evidence, _ = spdx_evidence("MIT WITH Acme-extra-terms", load_ruleset())
    assert [ev.rule for ev in evidence] == ["MIT", None]  # unknown terms


@pytest.mark.parametrize("name, category, code", [
    ("llama3", "custom-restricted", "license-name-differs"),  # names other, known terms: both apply
    ("Apache License 2.0", "osi-approved", None),  # the same license in other words
    ("acme-modified-apache", "unknown", "license-name-unrecognised"),  # terms nobody knows
])
def test_a_license_name_beside_a_concrete_license_is_read(name, category, code):
    w, codes = weights(fm(f"license: apache-2.0\nlicense_name: {name}"))
    assert w.category == category
    if code:
        assert code in codes
    else:
        assert not {"license-name-differs", "license-name-unrecognised"} & set(codes)
