"""Markup around license words: HTML and Markdown as code hosts render license files.

Why a module of its own: a license reformatted is the same license. Character
references (`&lt;`, `&amp;`, `&#x27;`, `&copy;`) are decoded, with a map back
to the offsets of the text given; HTML tags, comments (but for the words of one
that states terms: hidden, they are still in the file) and `<script>` /
`<style>` blocks, Markdown link targets and code fence lines, and template
placeholders (`[yyyy]`, `<name of author>`) are blanked, keeping the length,
so every word keeps its offsets.
"""

from __future__ import annotations

import html
import re

# Parts of a text that carry no words of the license: blanked before tokenising.
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
# Any HTML tag (`<a id="x">`, `<p class=...>`, `</div>`, `<br/>`), a comment, a doctype, and the
# content of blocks that hold no license words.
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(?:\s+[^<>]*?)?\s*/?>|<![a-zA-Z][^<>]*>", re.DOTALL)
# A comment is blanked too, unless what it says states terms: a hidden "research use only" is still in the file.
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_HTML_BLOCK = re.compile(r"<(script|style)\b[^<>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# A Markdown code fence line (its info string, "```text", is not a word of the license).
_FENCE = re.compile(r"(?m)^[ \t>]*(?:`{3,}|~{3,})[^\n`]*$")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Template placeholders ("[yyyy] [name of copyright owner]", "<name of author>"): what fills them varies.
# A `[...]` or `<...>` placeholder may be rewrapped over a few lines, never across a blank line.
# Brackets holding words that state terms ("[non-commercial use only]") are text, not a placeholder.
_PLACEHOLDER = re.compile(
    r"\[(?=[^\[\]]{1,120}\])[^\[\]\n]+(?:\n[^\[\]\n]+){0,3}\](?!\()"
    r"|<(?=[^<>]{1,160}>)[^<>\s]+(?:(?:[ \t]+|[ \t]*\r?\n[ \t]*)[^<>\s]+)+>"
)
MAX_PLACEHOLDER_WORDS = 9  # "[name of software, version number, and release date]"; longer is a sentence
_TERM_WORDS = re.compile(
    r"\b(?:not|no|only|never|commercial|noncommercial|non-commercial|prohibit\w*|forbid\w*|restrict\w*|must|shall|"
    r"research|evaluation|academic|military|fee|fees|royalt\w*|revenue|paid|sell\w*)\b",
    re.IGNORECASE,
)


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * (m.end() - m.start()), text)


def _placeholder(m: re.Match[str]) -> str:
    """Blank a template placeholder; keep brackets that hold a sentence or words that state terms."""
    inside = m.group()[1:-1]
    if _TERM_WORDS.search(inside) or (m.group()[0] == "[" and len(inside.split()) > MAX_PLACEHOLDER_WORDS):
        return m.group()
    return " " * (m.end() - m.start())


def _comment(m: re.Match[str]) -> str:
    inner = m.group(1)
    if _TERM_WORDS.search(inner):
        return "    " + inner + "   "
    return " " * (m.end() - m.start())


def decode_entities(text: str) -> tuple[str, list[int] | None]:
    """`text` with HTML character references decoded, and where each character came from
    (None when nothing was decoded: offsets are the text's own)."""
    if "&" not in text or _ENTITY.search(text) is None:
        return text, None
    out: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(text):
        decoded = html.unescape(m.group())
        if decoded == m.group():
            continue
        out.append(text[pos:m.start()])
        origin.extend(range(pos, m.start()))
        out.append(decoded)
        origin.extend([m.start()] * len(decoded))
        pos = m.end()
    out.append(text[pos:])
    origin.extend(range(pos, len(text) + 1))  # one past the end too: where an end offset maps
    return "".join(out), origin


def blank_markup(text: str) -> str:
    """`text` with markup and placeholders blanked (same length)."""
    masked = text
    if "](" in masked:
        masked = _blank(masked, _LINK_TARGET)
    if "<" in masked:
        if "<!--" in masked:
            masked = _HTML_COMMENT.sub(_comment, masked)
        masked = _blank(_blank(masked, _HTML_BLOCK), _HTML_TAG)
    if "```" in masked or "~~~" in masked:
        masked = _blank(masked, _FENCE)
    if "[" in masked or "<" in masked:
        masked = _PLACEHOLDER.sub(_placeholder, masked)
    return masked
