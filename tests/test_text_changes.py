"""Hand-made cases: modified, partial, exceptions, variants, and files that state no terms.

Every license text comes from the licensedcode-data package at run time;
what these tests add or change is a sentence of our own, written here.
"""

from __future__ import annotations

import re
from typing import Callable

import pytest
from test_text_matcher import paragraphs

from license_scan.detect.files import file_evidence
from license_scan.detect.text import TextMatch, identify_text
from license_scan.detect.text import reference as ref_mod
from license_scan.detect.text.noterms import states_terms
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.snapshot import RepoFile

pytestmark = pytest.mark.usefixtures("fresh_text_cache")  # the index built from cold, once per module


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset()


def text(key: str) -> str:
    return ref_mod.reference_text(key).strip()


def between(body: str, sentence: str) -> str:
    paras = paragraphs(body)
    k = len(paras) // 2
    return "\n\n".join([*paras[:k], sentence, *paras[k:]])


# --- modified: terms added before, inside or after, or edited -----------------------------------

ADDED = {
    "commons clause after": lambda t: t + "\n\n\"Commons Clause\" License Condition v1.0\n\nThe grant of rights "
    "under the License does not include the right to Sell the Software.\n",
    "non-commercial before": lambda t: "For non-commercial use only.\n\n" + t,
    "fee after": lambda t: t + "\n\nCompanies using the Software in production must pay a yearly license fee.\n",
    "field of use inside": lambda t: between(t, "The Software may be used for medical imaging research purposes only."),
    "employee count after": lambda t: t + "\n\nOrganisations with more than 500 employees need a separate agreement.\n",
    "military inside": lambda t: between(t, "The Software must not be used for military purposes."),
    "evaluation after": lambda t: t + "\n\nThis copy is provided for evaluation purposes only.\n",
    "weights note after": lambda t: t + "\n\nThe model weights are released separately under a research license.\n",
    "revenue share far below": lambda t: t + "\n\n---\n\n## Commercial terms\n\n" + "Some words about the project. " * 40
    + "\n\nAbove 50,000 EUR of revenue, 5% of revenue is owed to the author.\n",
    "no model training after": lambda t: t + "\n\nYou may not use the Software to train machine learning models.\n",
    # terms in another language: a cue word of it, or a line in a script the cues cannot read
    "chinese before": lambda t: "本软件仅供学术研究使用，不得用于商业目的。\n\n" + t,
    "chinese short after": lambda t: t + "\n\n禁止商用。\n",
    "russian after": lambda t: t + "\n\nИспользование в коммерческих целях запрещено.\n",
    "arabic after": lambda t: t + "\n\nيُسمح باستخدام هذا البرنامج لأغراض البحث فقط.\n",
    "german after": lambda t: t + "\n\nDie kommerzielle Nutzung ist untersagt.\n",
    "french after": lambda t: t + "\n\nToute utilisation commerciale est interdite.\n",
    # hidden from a reader or from the cue words
    "homoglyphs after": lambda t: t + "\n\nN\u043en-c\u043emm\u0435rcial us\u0435 \u043enly.\n",  # Cyrillic о, е
    "html comment after": lambda t: t + "\n\n<!-- The Software may be used for research purposes only. -->\n",
    "run on from the last sentence": lambda t: t.rstrip().rstrip(".") + ", except for any commercial use.\n",
}
LICENSES = [("mit", "MIT"), ("apache-2.0", "Apache-2.0"), ("bsd-new", "BSD-3-Clause"), ("cc-by-4.0", "CC-BY-4.0"),
            ("bsd-simplified", "BSD-2-Clause")]


@pytest.mark.parametrize("change", sorted(ADDED))
@pytest.mark.parametrize(("key", "rule_id"), LICENSES, ids=[k for k, _ in LICENSES])
def test_added_terms_make_it_modified_with_a_line(ruleset: Ruleset, key: str, rule_id: str, change: str) -> None:
    found = identify_text(ADDED[change](text(key)), ruleset)
    assert not any(m.rule_id == rule_id and not m.modified for m in found), found
    m = next(m for m in found if m.rule_id == rule_id)
    assert m.modified and not m.partial and m.difference
    assert re.search(r"line \d+: added", m.difference), m.difference


EDITED_MIT = {
    "grant narrowed": ("to any person obtaining", "to any academic institution obtaining", "academic institution"),
    "without restriction replaced": ("without restriction", "subject to the conditions below", "subject to"),
    "sell struck": ("sublicense, and/or sell", "and/or sublicense", "sell"),
    "modify struck": ("use, copy, modify, merge", "use, copy, merge", "modify"),
    "free of charge made a fee (at the edge)": ("free of charge", "subject to payment of a fee", "fee"),
    "without restriction made with": ("without restriction", "with restriction", "without"),
}


@pytest.mark.parametrize("edit", sorted(EDITED_MIT))
def test_edited_grant_is_modified(ruleset: Ruleset, edit: str) -> None:
    old, new, quoted = EDITED_MIT[edit]
    body = text("mit")
    assert old in body
    found = identify_text(body.replace(old, new), ruleset)
    assert [(m.rule_id, m.modified) for m in found] == [("MIT", True)], found
    assert quoted in (found[0].difference or "") and "line " in (found[0].difference or "")


OTHER_SCRIPT_NOISE = {
    "title": lambda t: "# MIT 许可证\n\n" + t,
    "copyright holder": lambda t: "Copyright (c) 2025 北京示例科技有限公司\n\n" + t,
    "cyrillic copyright holder": lambda t: "Copyright 2025 ООО Пример\n\n" + t,
    "comments that state nothing": lambda t: "<!-- markdownlint-disable MD013 -->\n" + t + "\n<!-- generated -->\n",
    "weights under the same license": lambda t: t + "\n\nThe model weights are released under the same license.\n",
}


@pytest.mark.parametrize("shape", sorted(OTHER_SCRIPT_NOISE))
def test_a_title_notice_or_comment_that_states_nothing_is_no_change(ruleset: Ruleset, shape: str) -> None:
    found = identify_text(OTHER_SCRIPT_NOISE[shape](text("mit")), ruleset)
    assert [(m.rule_id, m.modified) for m in found] == [("MIT", False)], found


def test_template_variables_are_not_modifications(ruleset: Ruleset) -> None:
    body = text("bsd-new").replace("the copyright holder", "Example Models GmbH", 1)
    filled = "BSD 3-Clause License\n\nCopyright (c) 2019-2031, Jane Q. Example and others\n\n" + body
    assert [(m.rule_id, m.modified) for m in identify_text(filled, ruleset)] == [("BSD-3-Clause", False)]


def test_a_phrase_identified_license_with_added_terms_is_not_the_plain_license(ruleset: Ruleset) -> None:
    """A title heading a text that is not the rule's text does not vouch for it."""
    head = "MIT License\n\n" + paragraphs(text("mit"))[0]
    found = identify_text(head + "\n\nYou may not use the Software for commercial purposes.\n", ruleset)
    assert not any(m.rule_id == "MIT" and not (m.modified or m.partial) for m in found), found


# --- partial ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "rule_id"), LICENSES, ids=[k for k, _ in LICENSES])
def test_title_and_first_sections_are_partial(ruleset: Ruleset, key: str, rule_id: str) -> None:
    paras = paragraphs(text(key))
    found = identify_text("\n\n".join(paras[: max(1, len(paras) // 4)]), ruleset)
    assert not any(m.rule_id == rule_id and not m.partial for m in found), found


def test_a_grant_without_its_conditions_is_partial(ruleset: Ruleset) -> None:
    grant = "MIT License\n\n" + paragraphs(text("mit"))[0]
    found = identify_text(grant, ruleset)
    assert found and all(m.partial for m in found), found


def test_partial_evidence_is_unknown_terms(ruleset: Ruleset) -> None:
    half = "\n\n".join(paragraphs(text("apache-2.0"))[:20])
    got = file_evidence(RepoFile("LICENSE", "0" * 64, half), ruleset, repo="org/m", default_component="weights")
    evs = got.of("weights")
    assert evs and all(ev.rule is None for ev in evs)
    assert "license-partial" in [f.code for f in got.findings]


# --- exceptions and variants --------------------------------------------------------------------

EXCEPTIONS = [("apache-2.0", "llvm-exception", "Apache-2.0 WITH LLVM-exception"),
              ("gpl-2.0", "classpath-exception-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"),
              ("gpl-3.0", "gcc-exception-3.1", "GPL-3.0-only WITH GCC-exception-3.1"),
              ("apache-2.0", "apple-runtime-library-exception", "Apache-2.0 WITH Swift-exception")]


@pytest.mark.parametrize(("key", "exc", "expression"), EXCEPTIONS, ids=[e for _, _, e in EXCEPTIONS])
@pytest.mark.parametrize("shape", ["plain", "markdown"])
def test_a_license_followed_by_an_exception_is_one_expression(ruleset: Ruleset, key: str, exc: str,
                                                              expression: str, shape: str) -> None:
    body = text(key) + "\n\n---- Exceptions ----\n\n" + text(exc)
    if shape == "markdown":
        body = body.replace("<", "&lt;").replace(">", "&gt;")
    found = identify_text(body, ruleset)
    assert [(m.expression, m.modified, m.partial) for m in found] == [(expression, False, False)], found
    got = file_evidence(RepoFile("LICENSE", "0" * 64, body), ruleset, repo="org/m", default_component="code")
    (ev,) = got.of("code")
    assert ev.expression == expression and ev.rule == found[0].rule_id and not ev.modified


@pytest.mark.parametrize(("key", "rule_id", "not_this"), [
    ("json", "JSON", "MIT"), ("cc-by-3.0", "CC-BY-3.0", "CC-BY-4.0"), ("cc-by-4.0", "CC-BY-4.0", "CC-BY-3.0"),
    ("bsd-3-clause-no-nuclear-warranty", None, "BSD-3-Clause"), ("gpl-2.0-plus", "GPL-2.0-or-later", "GPL-2.0-only"),
])
def test_known_variants_are_named_not_modified(ruleset: Ruleset, key: str, rule_id: str | None, not_this: str) -> None:
    found = identify_text(text(key), ruleset)
    assert len(found) == 1 and not found[0].modified and not found[0].partial, found
    assert found[0].rule_id != not_this
    if rule_id:
        assert rule_id in (found[0].rule_id, *found[0].alternatives)


def test_indistinguishable_texts_are_alternatives_and_the_most_restrictive_is_named(ruleset: Ruleset) -> None:
    (m,) = identify_text(text("gfdl-1.3-no-invariants-only"), ruleset)
    assert m.rule_id.startswith("GFDL-1.3") and not m.modified


# --- files that state no terms --------------------------------------------------------------------

NO_TERMS = {
    "apache notice": "Example Toolkit\nCopyright 2021-2024 The Example Authors\n\nThis product includes software "
                     "developed at The Example Foundation (https://example.org/).\n\nPortions of this software were "
                     "written by Jane Doe.\n",
    "pointer": "This project is licensed under the MIT License, see LICENSE-MIT for the full text.\n",
    "pointer with link": "See [LICENSE](LICENSE) for the terms.\n\nhttps://example.org/license\n",
    "changelog": "# License changes\n\n2023-01-04: moved the license text to LICENSE.md\n2024-02-11: updated the year\n",
    "notice in another script": "Copyright 2024 张三 and Jürgen Čapek\nAuthors: 李四\n",
}
# (files that state restrictions of their own: tests/test_file_restrictions.py)
TERMS = {
    "use policy": "# Acceptable Use Policy\n\nYou agree not to use the Model to generate spam or to harm people.\n",
    "own terms": "Anyone may use these weights for any purpose provided that they credit Example Ltd.\n",
    "terms in a script the word lists cannot read": "Разрешается только некоммерческое использование.\n",
}


@pytest.mark.parametrize("name", sorted(NO_TERMS))
def test_a_file_that_states_no_terms_is_no_terms(ruleset: Ruleset, name: str) -> None:
    assert not states_terms(NO_TERMS[name])
    got = file_evidence(RepoFile("NOTICE", "0" * 64, NO_TERMS[name]), ruleset, repo="org/m",
                        default_component="weights")
    (ev,) = got.of("weights")
    assert ev.rule is None and ev.no_terms
    assert all(f.severity == "info" for f in got.findings)


@pytest.mark.parametrize("name", sorted(TERMS))
def test_a_file_that_states_terms_stays_unknown_terms(ruleset: Ruleset, name: str) -> None:
    assert states_terms(TERMS[name])
    got = file_evidence(RepoFile("LICENSE", "0" * 64, TERMS[name]), ruleset, repo="org/m",
                        default_component="weights")
    (ev,) = got.of("weights")
    assert ev.rule is None and not ev.no_terms


def test_an_spdx_line_in_a_license_file_states_its_expression(ruleset: Ruleset) -> None:
    body = "SPDX-License-Identifier: MIT OR Apache-2.0\n\nSee LICENSE-MIT and LICENSE-APACHE.\n"
    got = file_evidence(RepoFile("LICENSE", "0" * 64, body), ruleset, repo="org/m", default_component="code")
    (ev,) = got.of("code")
    assert (ev.rule, ev.expression) == ("MIT", "MIT OR Apache-2.0")


# --- counts for the README ----------------------------------------------------------------------


def test_hand_made_counts(ruleset: Ruleset, accuracy_report: Callable[[str], None]) -> None:
    modified = len(ADDED) * len(LICENSES) + len(EDITED_MIT) + 1
    unchanged = len(OTHER_SCRIPT_NOISE)
    partial = len(LICENSES) + 2
    report = (f"\n[hand-made text cases] modified {modified} (and {unchanged} not: titles and notices in other scripts, empty comments, weights under the same license), partial {partial}, exceptions {len(EXCEPTIONS) * 2}, "
              f"variants 6, no-terms {len(NO_TERMS)} / terms {len(TERMS) + 1} (each a test above; all must pass)")
    print(report)
    accuracy_report(report)


def _first(found: list[TextMatch]) -> TextMatch:
    return found[0]


@pytest.mark.parametrize(("preface", "expression"), [
    ("This project is dual-licensed under MIT or Apache-2.0, at your option.", "MIT OR Apache-2.0"),
    ("You may choose either of the licenses below.", "MIT OR Apache-2.0"),
    ("This project is dual-licensed.", None),  # no choice offered in so many words: both apply
    ("The code is under MIT; the weights under Apache-2.0.", None),
])
def test_a_choice_between_two_license_texts_is_an_or(ruleset: Ruleset, preface: str, expression: str | None) -> None:
    body = f"{preface}\n\n## MIT\n\n{text('mit')}\n\n## Apache-2.0\n\n{text('apache-2.0')}\n"
    got = file_evidence(RepoFile("LICENSE", "0" * 64, body), ruleset, repo="org/m", default_component="weights")
    evs = got.of("weights")
    if expression:
        assert [(ev.rule, ev.expression) for ev in evs] == [("MIT", expression)]
    else:
        assert [ev.rule for ev in evs] == ["MIT", "Apache-2.0"] and not any(ev.expression for ev in evs)


def test_at_your_option_inside_a_gpl_text_offers_no_choice(ruleset: Ruleset) -> None:
    body = f"{text('gpl-3.0')}\n\n{text('mit')}\n"  # the GPL says "(at your option) any later version" itself
    got = file_evidence(RepoFile("LICENSE", "0" * 64, body), ruleset, repo="org/m", default_component="weights")
    assert not any(ev.expression for ev in got.of("weights"))
