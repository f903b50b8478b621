"""The license text matcher, tested on texts from the licensedcode-data package (never pasted).

Like licensee's tests: every license text is mutated in ways that must not
change the answer (rewrapped, Markdown, title removed, copyright added, curly
quotes, CRLF) and in ways that must (random words or a restriction inserted,
half of it cut away).
"""

from __future__ import annotations

import os
import random
import re
import textwrap
from pathlib import Path
from typing import Callable, Iterator

import pytest

from license_scan.settings import TEXT_CACHE_ENV
from license_scan import limits
from license_scan.detect.text import TextMatch, identify_text
from license_scan.detect.text import cache
from license_scan.detect.text import reference as ref_mod
from license_scan.detect.text.normalize import words
from license_scan.ruleset import Ruleset, build_ruleset, load_ruleset

# (licensedcode key, SPDX id or None when a rule names the key as its reference)
CASES = [
    ("mit", "MIT"),
    ("apache-2.0", "Apache-2.0"),
    ("bsd-new", "BSD-3-Clause"),
    ("gpl-3.0", "GPL-3.0-only"),
    ("cc-by-4.0", "CC-BY-4.0"),
    ("cc-by-nc-4.0", "CC-BY-NC-4.0"),
    ("cc-by-sa-4.0", "CC-BY-SA-4.0"),
    ("cc0-1.0", "CC0-1.0"),
    ("mpl-2.0", "MPL-2.0"),
    ("bigscience-open-rail-m", None),
    ("bigscience-rail-1.0", None),
    ("bigcode-open-rail-m-v1", None),
    ("stable-diffusion-2022-08-22", None),
    ("llama-2-license-2023", None),
]
RESTRICTION = "You may not use the Work or any Derivative for commercial purposes or to train other models."


@pytest.fixture(scope="module", autouse=True)
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the index once per module into a private cache dir, not the user's."""
    path = tmp_path_factory.mktemp("license-scan-cache")
    old = os.environ.get(TEXT_CACHE_ENV)
    os.environ[TEXT_CACHE_ENV] = str(path)
    yield path
    if old is None:
        os.environ.pop(TEXT_CACHE_ENV, None)
    else:
        os.environ[TEXT_CACHE_ENV] = old


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset()


def expected_rule(ruleset: Ruleset, key: str, spdx: str | None) -> str:
    if spdx:
        rule = ruleset.by_spdx(spdx)
        assert rule is not None, spdx
        return rule.id
    for rule in ruleset.rules:
        if rule.match.reference == f"licensedcode:{key}":
            return rule.id
    pytest.skip(f"no rule names licensedcode:{key} as its reference")


# --- mutations -----------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def rewrap(text: str) -> str:
    # as an editor or `fmt` rewraps: at spaces, never inside a word or URL
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width=40, break_long_words=False, break_on_hyphens=False)
                       for p in paragraphs(text))


def markdownify(text: str) -> str:
    out = []
    for i, p in enumerate(paragraphs(text)):
        flat = " ".join(p.split())
        if i == 0:
            out.append("# " + flat)
        elif re.match(r"^(\(?[0-9a-z]{1,3}[.)]|[0-9]+\.)\s", flat):
            out.append("* " + flat)
        elif i % 5 == 2:
            out.append("> " + flat)
        else:
            head, _, tail = flat.partition(" ")
            out.append(f"**{head}** {tail}")
    return "\n\n".join(out) + "\n"


def drop_title(text: str) -> str:
    lines = text.strip().splitlines()
    if len(lines[0].split()) <= 10:
        lines = lines[1:]
    return "\n".join(lines)


def add_copyright(text: str) -> str:
    return "Copyright (c) 2024 Example Models Ltd. All rights reserved.\n\n" + text


def curly_quotes(text: str) -> str:
    flip = iter(range(10**6))
    text = re.sub('"', lambda _m: "\u201c" if next(flip) % 2 == 0 else "\u201d", text)
    return text.replace("'", "\u2019")


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


SAME: dict[str, Callable[[str], str]] = {
    "plain": lambda t: t,
    "rewrapped": rewrap,
    "markdown": markdownify,
    "title-removed": drop_title,
    "copyright-added": add_copyright,
    "curly-quotes": curly_quotes,
    "crlf": crlf,
}


def insert_middle(text: str, insertion: str) -> str:
    paras = paragraphs(text)
    k = len(paras) // 2
    return "\n\n".join([*paras[:k], insertion, *paras[k:]])


def random_words(n: int, seed: int) -> str:
    rng = random.Random(seed)
    letters = "bcdfghjklmnpqrstvwz"
    vowels = "aeiou"
    return " ".join(
        "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4))) for _ in range(n)
    )


def first_half(text: str) -> str:
    ws = words(text)
    cut = ws.ends[len(ws) // 2]
    return text[:cut]


def only(matches: list[TextMatch]) -> TextMatch:
    assert len(matches) == 1, matches
    return matches[0]


# --- a license, as is and mutated -------------------------------------------------------------


@pytest.mark.parametrize("mutation", sorted(SAME))
@pytest.mark.parametrize(("key", "spdx"), CASES, ids=[c[0] for c in CASES])
def test_identified_after_harmless_changes(ruleset: Ruleset, key: str, spdx: str | None, mutation: str) -> None:
    rule_id = expected_rule(ruleset, key, spdx)
    text = SAME[mutation](ref_mod.reference_text(key))
    m = only(identify_text(text, ruleset))
    assert (m.rule_id, m.modified, m.partial) == (rule_id, False, False), m
    assert m.method == "reference"
    assert m.score >= limits.MIN_TEXT_SCORE
    assert m.difference is None


@pytest.mark.parametrize(("key", "spdx"), CASES, ids=[c[0] for c in CASES])
def test_random_words_inserted_is_modified(ruleset: Ruleset, key: str, spdx: str | None) -> None:
    rule_id = expected_rule(ruleset, key, spdx)
    noise = random_words(75, seed=len(key))
    matches = identify_text(insert_middle(ref_mod.reference_text(key), noise), ruleset)
    assert not any(m.rule_id == rule_id and not m.modified for m in matches), matches
    m = only(matches)
    assert (m.rule_id, m.modified) == (rule_id, True)
    assert m.difference and noise.split()[0] in m.difference
    assert len(m.difference) <= limits.MAX_DIFF_QUOTE_CHARS


@pytest.mark.parametrize(("key", "spdx"), CASES, ids=[c[0] for c in CASES])
def test_restriction_inserted_is_modified_and_quoted(ruleset: Ruleset, key: str, spdx: str | None) -> None:
    rule_id = expected_rule(ruleset, key, spdx)
    m = only(identify_text(insert_middle(ref_mod.reference_text(key), RESTRICTION), ruleset))
    assert (m.rule_id, m.modified, m.partial) == (rule_id, True, False), m
    assert m.difference is not None and "commercial purposes" in m.difference


@pytest.mark.parametrize(("key", "spdx"), CASES, ids=[c[0] for c in CASES])
def test_half_a_license_is_partial(ruleset: Ruleset, key: str, spdx: str | None) -> None:
    rule_id = expected_rule(ruleset, key, spdx)
    matches = identify_text(first_half(ref_mod.reference_text(key)), ruleset)
    assert not any(m.rule_id == rule_id and not m.partial for m in matches), matches
    assert any(m.rule_id == rule_id and m.partial for m in matches), matches


def test_restriction_prepended_to_a_license_is_a_modification(ruleset: Ruleset) -> None:
    text = "Non-commercial use only. Commercial use is prohibited.\n\n" + ref_mod.reference_text("mit")
    m = only(identify_text(text, ruleset))
    assert (m.rule_id, m.modified) == ("MIT", True)
    assert m.difference and "Commercial use is prohibited" in m.difference


def test_a_preamble_about_provenance_is_not_a_modification(ruleset: Ruleset) -> None:
    text = (
        "MIT License\n\nCopyright (c) 2022 Someone\n\nThis software is derived from a fork of another project.\n"
        "Please see the individual source files for authorship.\n\n" + ref_mod.reference_text("mit")
    )
    m = only(identify_text(text, ruleset))
    assert (m.rule_id, m.modified, m.partial) == ("MIT", False, False)


# --- siblings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mutation", sorted(SAME))
@pytest.mark.parametrize("key", ["cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0", "cc-by-sa-4.0"])
def test_cc_variants_never_come_out_as_cc_by(ruleset: Ruleset, key: str, mutation: str) -> None:
    text = SAME[mutation](ref_mod.reference_text(key))
    for variant in (text, insert_middle(text, random_words(75, seed=7)), first_half(text)):
        assert all(m.rule_id != "CC-BY-4.0" for m in identify_text(variant, ruleset))


@pytest.mark.parametrize("key", ["bigscience-open-rail-m", "bigscience-rail-1.0", "bigcode-open-rail-m-v1",
                                 "stable-diffusion-2022-08-22"])
def test_rail_licenses_built_from_apache_text_are_not_apache(ruleset: Ruleset, key: str) -> None:
    text = ref_mod.reference_text(key)
    for variant in (text, drop_title(text), rewrap(text), insert_middle(text, RESTRICTION)):
        assert all(m.rule_id != "Apache-2.0" for m in identify_text(variant, ruleset))


def test_mit_inside_a_modified_mit_is_not_plain_mit(ruleset: Ruleset) -> None:
    paras = paragraphs(ref_mod.reference_text("mit"))
    clause = ("Any person obtaining a copy of the Software must not disable or circumvent the safety "
              "filters in the Software.")
    m = only(identify_text("\n\n".join([paras[0], clause, *paras[1:]]), ruleset))
    assert (m.rule_id, m.modified) == ("MIT", True)
    assert m.difference and "safety filters" in m.difference


# --- where licenses are ---------------------------------------------------------------------


def test_two_licenses_concatenated_come_back_in_order(ruleset: Ruleset) -> None:
    mit, apache = ref_mod.reference_text("mit").strip(), ref_mod.reference_text("apache-2.0").strip()
    text = mit + "\n\n----------------------------------------\n\n" + apache
    found = identify_text(text, ruleset)
    assert [(m.rule_id, m.modified) for m in found] == [("MIT", False), ("Apache-2.0", False)]
    assert found[0].span.end <= found[1].span.start
    assert found[0].span.start_line == 1 and found[1].span.end_line >= text.count("\n") - 5


def test_the_same_license_twice_is_found_twice(ruleset: Ruleset) -> None:
    mit = ref_mod.reference_text("mit")
    found = identify_text("Part one\n\n" + mit + "\n\nPart two\n\n" + mit, ruleset)
    assert [m.rule_id for m in found] == ["MIT", "MIT"]


def test_license_embedded_in_a_readme_is_found_with_its_span(ruleset: Ruleset) -> None:
    body = ref_mod.reference_text("bsd-new").strip()
    before = ("# My model\n\nA small model for tagging pictures of birds.\n\n## Usage\n\nRun `python tag.py`.\n\n"
              "## License\n\n")
    after = "\n\n## Citation\n\nPlease cite our paper if you use this model in your research.\n"
    text = before + body + after
    m = only(identify_text(text, ruleset))
    assert (m.rule_id, m.modified, m.partial) == ("BSD-3-Clause", False, False)
    assert m.span.start <= text.index(body) + 20
    assert m.span.end >= text.index(body) + len(body) - 20
    assert m.span.end <= len(before) + len(body)
    assert before.count("\n") + 1 <= m.span.start_line <= before.count("\n") + 3


def test_random_prose_is_nothing(ruleset: Ruleset) -> None:
    prose = (
        "The quick brown fox jumps over the lazy dog. This model was trained on pictures of birds taken "
        "in the summer of 2023 and tags them by species. It works best on daylight photographs. "
    ) * 20
    assert identify_text(prose, ruleset) == []
    assert identify_text(random_words(400, seed=1), ruleset) == []
    assert identify_text("", ruleset) == []


def test_a_url_pointer_is_nothing(ruleset: Ruleset) -> None:
    pointer = "https://github.com/meta-llama/llama-models/blob/main/README.md#llama-models-1\n"
    assert identify_text(pointer, ruleset) == []
    assert identify_text("See https://www.apache.org/licenses/LICENSE-2.0\n", ruleset) == []


# --- titles and phrases: a small rule set of our own -------------------------------------------

_RULE = """\
id: {id}
name: {name}
category: custom-restricted
match:
  titles: [{title}]
  phrases: [{phrases}]
  min_phrases: 2
  exclude: [{exclude}]
"""


@pytest.fixture(scope="module")
def family() -> Ruleset:
    """Two sibling licenses sharing phrases, the way Llama 3.1 and 3.3 do."""
    files = {
        "licenses/a.yaml": _RULE.format(id="zeta-1", name="Zeta 1", title="ZETA 1 COMMUNITY LICENSE",
                                        phrases="'Zeta 1 Release Date: May 1, 2031', Built with Zeta, "
                                                "one billion monthly active users",
                                        exclude="Zeta 2 Release Date").encode(),
        "licenses/b.yaml": _RULE.format(id="zeta-2", name="Zeta 2", title="ZETA 2 COMMUNITY LICENSE",
                                        phrases="'Zeta 2 Release Date: June 2, 2032', Built with Zeta, "
                                                "one billion monthly active users",
                                        exclude="").encode(),
    }
    return build_ruleset(files, b"version: test\n", b"other: anything else\n")


_ZETA_BODY = (
    "\n\nThese terms govern the Zeta Materials. If you distribute them, display Built with Zeta on your "
    "product page.\n\nIf your products had more than one billion monthly active users you must request a "
    "license.\n\nEverything else is provided as is.\n"
)


def test_a_heading_title_wins_over_a_siblings_shared_phrases(family: Ruleset) -> None:
    text = "**ZETA 2 COMMUNITY LICENSE**\n\nZeta 2 Release Date: June 2, 2032" + _ZETA_BODY
    m = only(identify_text(text, family))
    assert (m.rule_id, m.method) == ("zeta-2", "title")
    assert m.span.start == 0 and m.span.end == len(text.rstrip())


def test_shared_phrases_alone_are_no_answer(family: Ruleset) -> None:
    assert identify_text("Our own license" + _ZETA_BODY, family) == []


def test_a_title_mentioned_in_prose_is_not_the_license(family: Ruleset) -> None:
    assert identify_text("This model is released under the ZETA 1 COMMUNITY LICENSE; see the link.", family) == []


def test_own_phrases_match_without_a_title(family: Ruleset) -> None:
    m = only(identify_text("Zeta 1 Release Date: May 1, 2031" + _ZETA_BODY, family))
    assert (m.rule_id, m.method) == ("zeta-1", "phrases")


def test_an_exclude_phrase_vetoes(family: Ruleset) -> None:
    text = "ZETA 1 COMMUNITY LICENSE\n\nZeta 2 Release Date: June 2, 2032" + _ZETA_BODY
    assert all(m.rule_id != "zeta-1" for m in identify_text(text, family))


def test_license_and_its_policy_concatenated(family: Ruleset) -> None:
    first = "ZETA 1 COMMUNITY LICENSE\n\nZeta 1 Release Date: May 1, 2031" + _ZETA_BODY
    second = "\nZETA 2 COMMUNITY LICENSE\n\nZeta 2 Release Date: June 2, 2032" + _ZETA_BODY
    found = identify_text(first + second, family)
    assert [m.rule_id for m in found] == ["zeta-1", "zeta-2"]
    assert found[0].span.end <= found[1].span.start


# --- the index cache ------------------------------------------------------------------------


def test_index_is_cached_on_disk_and_reloaded(ruleset: Ruleset, _cache_dir: Path) -> None:
    cache.clear_memory()  # another test module may have loaded it from its own cache dir
    cache.load_index(ruleset)
    path = cache.cache_path(ruleset)
    assert path.parent == _cache_dir and path.exists()
    assert not list(_cache_dir.glob("*.incomplete"))
    cache.clear_memory()
    index = cache.load_index(ruleset)
    assert index.source == "cache"
    assert only(identify_text(ref_mod.reference_text("mit"), ruleset)).rule_id == "MIT"


def test_a_corrupt_cache_is_rebuilt(ruleset: Ruleset) -> None:
    cache.clear_memory()
    cache.load_index(ruleset)
    path = cache.cache_path(ruleset)
    path.write_bytes(b"not a pickle")
    cache.clear_memory()
    assert cache.load_index(ruleset).source == "built"
    cache.clear_memory()
    assert cache.load_index(ruleset).source == "cache"


def test_an_unwritable_cache_dir_falls_back_to_memory(ruleset: Ruleset, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(TEXT_CACHE_ENV, str(blocker / "cache"))
    cache.clear_memory()
    try:
        index = cache.load_index(ruleset)
        assert index.source == "built" and index.refs
        assert only(identify_text(ref_mod.reference_text("mit"), ruleset)).rule_id == "MIT"
    finally:
        cache.clear_memory()
