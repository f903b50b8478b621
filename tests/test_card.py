"""Front matter in the shapes real cards have."""

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
    assert card.metadata is None
    assert [f.code for f in card.findings] == ["front-matter-invalid"]
    assert card.findings[0].source.repo == "o/m"
    assert card.findings[0].source.line >= 2
    assert card.body == "body\n"


def test_unclosed_front_matter():
    card = parse_card("---\nlicense: mit\nno end\n")
    assert card.metadata is None
    assert card.findings[0].code == "front-matter-invalid"


def test_front_matter_that_is_not_a_mapping():
    card = parse_card("---\n- a\n- b\n---\nbody")
    assert card.metadata is None
    assert card.findings[0].code == "front-matter-invalid"


def test_yaml_is_loaded_safely():
    card = parse_card("---\nlicense: !!python/object/apply:os.system ['echo pwned']\n---\n")
    assert card.metadata is None
    assert card.findings[0].code == "front-matter-invalid"


def test_folded_block_scalar_and_flow_lists():
    card = parse_card("---\nlicense: other\nlicense_link: >-\n  https://huggingface.co/Qwen/Qwen1.5-7B/blob/main/LICENSE\n"
                      "tags: [a, b]\n---\n")
    assert card.metadata["license_link"] == "https://huggingface.co/Qwen/Qwen1.5-7B/blob/main/LICENSE"
    assert card.metadata["tags"] == ["a", "b"]


def test_empty_front_matter():
    card = parse_card("---\n---\nbody")
    assert card.metadata == {}
