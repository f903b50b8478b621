"""Front matter in the shapes real cards have."""

import pytest

from license_scan.source.card import parse_card


def test_plain_front_matter_and_body():
    card = parse_card("---\nlicense: mit\n---\n# Title\ntext\n")
    assert card.metadata == {"license": "mit"}
    assert card.body.startswith("# Title")
    assert card.body_line == 4
    assert card.findings == ()


def test_crlf_bom_and_blank_line_before_closing_fence():
    card = parse_card("\ufeff---\r\nlicense: pddl\r\n\r\n---\r\nbody\r\n")
    assert card.metadata == {"license": "pddl"}
    assert card.body.strip() == "body"


def test_horizontal_rule_later_in_body_is_not_front_matter():
    card = parse_card("---\nlicense: apache-2.0\n---\n# M\n\n---\n\nmore: text\n---\n")
    assert card.metadata == {"license": "apache-2.0"}
    assert "more: text" in card.body


def test_no_front_matter():
    card = parse_card("# Just a readme\nlicense: mit\n")
    assert card.metadata is None
    assert card.findings == ()


def test_malformed_yaml_is_a_finding_with_a_line_not_a_crash():
    card = parse_card("---\nlicense: mit\ntags: [a, b\nlanguage: en\n---\nbody\n", repo="o/m")
    assert card.metadata == {"license": "mit"}  # the license line is still evidence, read line by line
    assert [f.code for f in card.findings] == ["front-matter-invalid"]
    assert "read line by line" in card.findings[0].message
    assert card.findings[0].source.repo == "o/m"
    assert card.findings[0].source.line >= 2
    assert card.body == "body\n"


def test_unclosed_front_matter():
    card = parse_card("---\nlicense: mit\nno end\n")
    assert card.metadata == {"license": "mit"}
    assert card.findings[0].code == "front-matter-invalid"
    assert card.body.startswith("---\nlicense: mit")  # the whole text stays body text for prose


def test_front_matter_that_is_not_a_mapping():
    card = parse_card("---\n- a\n- b\n---\nbody")
    assert card.metadata is None
    assert card.findings[0].code == "front-matter-invalid"


def test_yaml_is_loaded_safely():
    card = parse_card("---\nlicense: !!python/object/apply:os.system ['echo pwned']\n---\n")
    assert card.findings[0].code == "front-matter-invalid"
    assert card.metadata is not None and all(isinstance(v, str) for v in card.metadata.values())  # text, never objects


@pytest.mark.parametrize("text, metadata", [
    ("---\nLicense: MIT\nx: : y\n---\n", {"License": "MIT"}),
    ("---\nlicenses:\n  - cc-by-nc-sa\n  - mit\nx: [\n---\n", {"licenses": ["cc-by-nc-sa", "mit"]}),
    ("---\nlicense: 'apache-2.0'\nlicense_name: foo\nbase_model: org/base\nbad: {\n---\n",
     {"license": "apache-2.0", "license_name": "foo", "base_model": "org/base"}),
    ("---\ntags: [a\n---\n", None),  # nothing to read line by line
])
def test_license_lines_are_read_from_front_matter_that_does_not_parse(text, metadata):
    card = parse_card(text)
    assert card.metadata == metadata and card.findings[0].code == "front-matter-invalid"


def test_blank_lines_before_the_front_matter():
    card = parse_card("\n\n---\nlicense: mit\n---\nbody\n")
    assert card.metadata == {"license": "mit"} and card.body == "body\n"
    assert [f.code for f in card.findings] == ["front-matter-misplaced"]
    assert card.key_lines == {"license": 4}


def test_folded_block_scalar_and_flow_lists():
    card = parse_card("---\nlicense: other\nlicense_link: >-\n  https://huggingface.co/Qwen/Qwen1.5-7B/blob/main/LICENSE\n"
                      "tags: [a, b]\n---\n")
    assert card.metadata["license_link"] == "https://huggingface.co/Qwen/Qwen1.5-7B/blob/main/LICENSE"
    assert card.metadata["tags"] == ["a", "b"]


def test_empty_front_matter():
    card = parse_card("---\n---\nbody")
    assert card.metadata == {}
