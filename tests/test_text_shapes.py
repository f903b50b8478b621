"""Reformatting never changes an answer: every reference text the matcher indexes, in four shapes.

Each licensedcode-data text the index holds (fetched at run time, never
pasted) is rendered as code hosts and editors render license files —
Markdown with HTML entities, autolinks, `<a id>` anchors, `[links](#x)`,
emphasis, setext headings and numbered lists; an HTML page (head, style,
comment, tags, entities); CRLF; rewrapped at other widths — and must read
exactly as the plain text does: same licenses (or the same set of
indistinguishable ones), never `modified`, never `partial` where the plain
text is not. The plain text must read as itself, except the few texts listed
below with the reason. Cost: about 15 s for ~680 texts x 5 readings.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from typing import Callable

import pytest

from license_scan.detect.text import TextMatch, identify_text
from license_scan.detect.text import cache
from license_scan.detect.text import reference as ref_mod
from license_scan.ruleset import Ruleset, load_ruleset

# Plain texts that do not read as themselves, and why (each is a fact about the data, not a shape).
NOT_ITSELF = {
    # fewer than MIN_TEXT_WORDS words: a notice, never matched on its own (too easy to find by chance)
    "fsf-unlimited": "short", "fsfap-no-warranty-disclaimer": "short", "magaz": "short",
    "markus-kuhn-license": "short", "ssh-keyscan": "short", "sunpro": "short", "tpdl": "short",
    "ulem": "short", "unixcrypt": "short", "zeeff": "short",
    # a compilation of other licenses' texts: read as those parts
    "net-snmp": "compilation", "openssl-ssleay": "compilation", "loop": "compilation of NTP-style notices",
}
# Shaped texts whose answer differs from the plain one, and why.
KNOWN_SHAPE = {
    ("libgd-2018", "markdown"): "a list of 'Portions copyright' notices: where each notice ends moves",
    ("libgd-2018", "html"): "a list of 'Portions copyright' notices: where each notice ends moves",
    ("python-2.0.1", "markdown"): "Python-2.0 plus a 0BSD part: read as those two once reflowed",
    ("python-2.0.1", "html"): "Python-2.0 plus a 0BSD part: read as those two once reflowed",
    ("python-2.0.1", "rewrapped"): "Python-2.0 plus a 0BSD part: read as those two once reflowed",
    ("wtfpl-2.0", "markdown"): "60 words, half of them its title twice: joined lines lose the alignment",
    ("polyform-noncommercial-1.0.0", "rewrapped"): "a URL broken at a hyphen by the rewrap itself",
    ("polyform-small-business-1.0.0", "rewrapped"): "a URL broken at a hyphen by the rewrap itself",
}


pytestmark = pytest.mark.usefixtures("fresh_text_cache")  # the index built from cold, once per module


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return load_ruleset()


# --- shapes ---------------------------------------------------------------------------------


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def _escape(text: str) -> str:
    """HTML-escape, leaving character references the text already holds alone."""
    return (re.sub(r"&(?!#?[A-Za-z0-9]+;)", "&amp;", text)
            .replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


_URL = re.compile(r"(?<![<(\w])(https?://[^\s&()\"']+[^\s&()\"'.,;:])")
_ITEM = re.compile(r"^(\(?[0-9]{1,3}[.)]|\(?[a-z][.)])\s+(.*)$")


def markdown(text: str) -> str:
    """As a code host's Markdown: entities, autolinks, anchors, links, emphasis, headings, lists."""
    out = []
    for i, p in enumerate(paragraphs(text)):
        flat = " ".join(p.split())
        esc = _URL.sub(r"<\1>", _escape(flat))
        if i == 0 and len(flat.split()) <= 12:
            out.append(esc + "\n" + "=" * max(3, len(esc)))
            continue
        item = _ITEM.match(esc)
        if item:
            out.append(f'<a id="s{i}"></a>\n1. {item.group(2)}')
        elif i % 7 == 3:
            out.append(f"## {esc}" if len(flat.split()) <= 8 else f"> {esc}")
        else:
            head, _, tail = esc.partition(" ")
            ws = tail.split(" ")
            if len(ws) > 4 and re.fullmatch(r"[A-Za-z]+", ws[2]):
                ws[2] = f"[{ws[2]}](#def-{i})"
            out.append(f"**{head}** {' '.join(ws)}" if head.isalpha() else esc)
    return "\n\n".join(out) + "\n"


def as_html(text: str) -> str:
    """As an HTML page: head with a style block, a comment, tags, entities, <br> line breaks."""
    body = []
    for i, p in enumerate(paragraphs(text)):
        esc = _escape(p).replace("\n", "<br>\n") if i % 3 == 1 else _escape(" ".join(p.split()))
        body.append(f"<h1>{esc}</h1>" if i == 0 and len(p.split()) <= 12 else f'<p class="x">{esc}</p>')
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>License</title>\n'
            "<style>\nbody { font-family: serif; max-width: 40em; }\n</style>\n</head>\n<body>\n"
            "<!-- generated -->\n<div>\n" + "\n".join(body) + "\n</div>\n</body>\n</html>\n")


def crlf(text: str) -> str:
    return "\ufeff" + text.replace("\r\n", "\n").replace("\n", "\r\n")


def rewrap(text: str) -> str:
    """Paragraphs refilled at 33, 79 columns and one line each, in turn (words never broken)."""
    widths = itertools.cycle([33, 79, 10**6])
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width=next(widths), break_long_words=False)
                       for p in paragraphs(text))


SHAPES: dict[str, Callable[[str], str]] = {"markdown": markdown, "html": as_html, "crlf": crlf, "rewrapped": rewrap}


def answer(matches: list[TextMatch]) -> list[tuple[frozenset[str], bool, bool, str | None]]:
    return [(frozenset({m.rule_id, *m.alternatives}), m.modified, m.partial, m.expression) for m in matches]


def same_answer(ruleset: Ruleset, a: list[TextMatch], b: list[TextMatch]) -> bool:
    """The same verdict: licenses the words cannot tell apart (GFDL-1.3-only and its invariants
    variants) may be named in another order, but the category, changes and parts agree."""
    if len(a) != len(b):
        return False
    for (ids_a, *rest_a), (ids_b, *rest_b), x, y in zip(answer(a), answer(b), a, b):
        if rest_a != rest_b or not (ids_a & ids_b):
            return False
        if ruleset.get(x.rule_id).category != ruleset.get(y.rule_id).category:
            return False
    return True


def test_every_indexed_text_reads_the_same_in_every_shape(ruleset: Ruleset,
                                                          accuracy_report: Callable[[str], None]) -> None:
    index = cache.load_index(ruleset)
    failures = []
    itself = shaped = 0
    for ref in index.refs:
        text = ref_mod.reference_text(ref.key)
        plain = identify_text(text, ruleset)
        if ref.rule_id.startswith(ref_mod.EXCEPTION_PREFIX):
            ok = plain == []  # an exception alone names no license
        else:
            ok = (len(plain) == 1 and ref.rule_id in answer(plain)[0][0]
                  and not plain[0].modified and not plain[0].partial)
        if ok:
            itself += 1
        elif ref.key not in NOT_ITSELF:
            failures.append(f"{ref.key} as is: {answer(plain)}")
        for name, shape in SHAPES.items():
            got = identify_text(shape(text), ruleset)
            if same_answer(ruleset, got, plain):
                shaped += 1
            elif (ref.key, name) not in KNOWN_SHAPE:
                failures.append(f"{ref.key} {name}: {[(m.rule_id, m.modified, m.partial, m.difference) for m in got]}"
                                f" (as is: {answer(plain)})")
    n = len(index.refs)
    report = (f"\n[reference texts in 4 shapes] {n} texts: {itself} read as themselves as is; "
              f"{shaped}/{4 * n} shaped readings equal the plain one; "
              f"{len(NOT_ITSELF)} known not-itself, {len(KNOWN_SHAPE)} known shape differences")
    print(report)
    accuracy_report(report)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", ["apache-2.0", "gpl-3.0", "mit", "cc-by-4.0", "bsd-new"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_known_bad_shapes_read_unchanged(ruleset: Ruleset, key: str, shape: str) -> None:
    """Apache-2.0 in Markdown with &lt;…&gt; once read as modified, GPL-3.0 rewrapped as restricted."""
    found = identify_text(SHAPES[shape](ref_mod.reference_text(key)), ruleset)
    assert [(m.modified, m.partial) for m in found] == [(False, False)], found


def test_entities_keep_offsets_in_the_original_text(ruleset: Ruleset) -> None:
    text = markdown(ref_mod.reference_text("apache-2.0"))
    m = identify_text(text, ruleset)[0]
    assert text[m.span.start:m.span.start + 40].lstrip("*= \n").lower().startswith(("apache", "terms"))
    assert m.span.end <= len(text)
