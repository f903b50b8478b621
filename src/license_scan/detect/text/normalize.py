"""Turn a license text into comparable words, remembering where each came from.

Follows the SPDX License List Matching Guidelines closely enough that the
same license, however it was typed, yields the same words:

- case, whitespace, line breaks and punctuation do not matter: only words are
  kept (so quotes, dashes, bullets, `**bold**`, `# headings`, `> quotes` and
  table pipes vanish); a hyphenated or line-end-hyphenated word is joined
  (`non-commercial` = `noncommercial`, `distri-\\nbution` = `distribution`, and
  `no- charge`, which is how a renderer joins `no-\\ncharge`);
  apostrophes vanish (`Licensor's` = `Licensors`);
- varietal spellings are folded (`licence` = `license`, `organisation` =
  `organization`, `https` = `http`, `copyright owner` = `copyright holder`);
- list item markers (`1.`, `(a)`, `iv)`, `*`, `•`), Markdown link targets and
  code fences, HTML tags, comments, `<script>` / `<style>` blocks and
  template placeholders (`[yyyy]`, `<name of author>`) are dropped; HTML
  character references (`&lt;`, `&amp;`, `&#39;`, `&copy;`) are decoded first,
  so a license rendered as Markdown or HTML reads as the plain text does;
- copyright notices and "all rights reserved" are kept but flagged as
  boilerplate: the reference matcher skips them (the guidelines say to ignore
  them), the phrase matcher still sees them (a title can share a line with a
  copyright notice).

Every word keeps its character offsets in the original text, so a match can
always be reported as a span of what the user gave us.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import cast

from license_scan.detect.text.markup import blank_markup, decode_entities
from license_scan.limits import PHRASE_WORDS_CACHED

# CJK scripts have no spaces between words: each character is a word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_APOSTROPHES = "'\u2019\u2018`\u00b4"
_ALNUM = rf"[^\W_{_CJK}]"
_JOIN = rf"(?:[{_APOSTROPHES}.]|[{_DASHES}](?:[ \t]*\r?\n[ \t>#*]*|[ \t]+)?)"
# A word, as a group: `split` gives separators and words in turn, in C (no match object per word).
# The common branch first: the two cannot both match at one place, and trying CJK first costs ~10%.
_WORD_SPLIT = re.compile(rf"({_ALNUM}+(?:{_JOIN}{_ALNUM}+)*|[{_CJK}])")
_STRIP_INSIDE = re.compile(rf"[{_APOSTROPHES}{_DASHES}\s>#*]+")

_ENUM = r"(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxlcIVXLC]{1,5})"
# Line-start patterns are written as "\n..." and run over "\n" + text (`_at_line_starts`): a pattern
# that begins with a literal is searched for in C, where `(?m)^` is tried at every character.
_LINE_MARKER = re.compile(
    rf"\n[ \t>|*_]*(?:[*+\u2022\u00b7\u25e6\u2023\u25aa\u25cf\u25a0\u25a1\u25cb\u25ba{_DASHES}]+|"
    rf"\(?{_ENUM}[.)]|\({_ENUM}\))(?=\s)"
)
_INLINE_MARKER = re.compile(rf"\({_ENUM}\)(?=\s)")

# Boilerplate the guidelines tell us to ignore. A notice with a symbol or a year is one wherever
# it stands (rewrapping moves it); "Copyright Some Org" without either only at a line start.
# (These three run on the lowered text: case-insensitive matching is several times slower.)
_STRONG_NOTICE = re.compile(
    r"copyright[*_]*\s*(?:\(c\)|\u00a9|&copy;)|\u00a9|\(c\)(?=\s*\d)|copyright[*_]*(?=\s+(?:\d{4}|\[(?![^\]\n]*\]\()|<))"
)
_WEAK_NOTICE = re.compile(r"\n[ \t#*/>;|\-]*(?:portions\s+)?copyright\b")  # see _LINE_MARKER
# A notice ends at its sentence's end ("Inc." and the like are not one), after a <url>, at
# the end of its line, or after MAX_NOTICE_WORDS words.
_NOTICE_END = re.compile(
    r"(?:(?<!\binc)(?<!\bltd)(?<!\bco)(?<!\bcorp)(?<!\bllc)\.|\])(?=\s+[\"\u201c(*_]*[A-Z])|>", re.IGNORECASE
)
MAX_NOTICE_WORDS = 16
MAX_CONTINUED_WORDS = 6  # a notice's words on the next line ("Foundation, Inc.") after a rewrap
_HOLDER = re.compile(
    r"\b(?:\d{4}|inc|ltd|llc|corp|corporation|gmbh|affiliates|contributors|authors|foundation)\b", re.IGNORECASE
)
_PROSE = re.compile(
    r"\b(?:notice|license|licence|permission|shall|must|rights|law|warranty|warranties|liable)\b", re.IGNORECASE
)
_NOT_A_HOLDER = re.compile(r"[\s*_]*(?:holders?|owners?|notices?|and|or|law|the|of|is|in|to)\b", re.IGNORECASE)
MAX_HOLDER_WORDS = 12  # a "Copyright Some Org" line longer than this is prose, not a notice
HOLDER_NAME_SHARE = 0.7  # share of capitalised words (or years) in a "Copyright Some Org" line
_JOINERS = frozenset({"and", "&", "of", "the", "for", "de", "von"})
_RESERVED = re.compile(r"all\s+rights\s+reserved\.?")
_RESERVED_ANY_CASE = re.compile(_RESERVED.pattern, re.IGNORECASE)

# SPDX "equivalent words" (guideline 8.1.1) plus the obvious http/https pair.
_EQUIVALENT = {
    "acknowledgement": "acknowledgment", "analogue": "analog", "analyse": "analyze",
    "artefact": "artifact", "artefacts": "artifacts", "authorisation": "authorization",
    "authorised": "authorized", "calibre": "caliber", "cancelled": "canceled",
    "capitalisations": "capitalizations", "catalogue": "catalog", "categorise": "categorize",
    "centre": "center", "emphasised": "emphasized", "favour": "favor", "favourite": "favorite",
    "fulfil": "fulfill", "fulfilment": "fulfillment", "initialise": "initialize",
    "judgement": "judgment", "labelling": "labeling", "labour": "labor", "maximise": "maximize",
    "modelled": "modeled", "modelling": "modeling", "offence": "offense", "optimise": "optimize",
    "organisation": "organization", "organisations": "organizations", "organise": "organize",
    "practise": "practice", "programme": "program", "realise": "realize", "recognise": "recognize",
    "signalling": "signaling", "utilisation": "utilization", "whilst": "while", "wilful": "willful",
    "https": "http",
}


@dataclass(frozen=True)
class Words:
    """The words of a text: normalised strings, offsets, and which are boilerplate."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    boiler: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.words)

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in the original text."""
        return bisect.bisect_right(self._newlines, offset - 1) + 1 if offset > 0 else 1

    @cached_property
    def boiler_at(self) -> list[int]:
        """The indices of the boilerplate words, ascending."""
        return [i for i, b in enumerate(self.boiler) if b]

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]


_FOLDED: dict[str, str] = {}
MAX_FOLD_MEMO = 200_000  # distinct raw words remembered across texts


def fold(word: str) -> str:
    """Normalise one raw word: case, joiners, varietal spelling."""
    got = _FOLDED.get(word)
    if got is not None:
        return got
    folded = word.lower()
    if not folded.isalnum():
        folded = _STRIP_INSIDE.sub("", folded)
    if folded.startswith("licenc"):
        folded = "licens" + folded[6:]
    elif folded.startswith("sublicenc"):
        folded = "sublicens" + folded[9:]
    folded = _EQUIVALENT.get(folded, folded)
    if len(_FOLDED) < MAX_FOLD_MEMO:
        _FOLDED[word] = folded
    return folded


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * (m.end() - m.start()), text)


def _at_line_starts(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Spans in `text` of a "\n..." pattern matched at line starts (the text's start is one)."""
    return [(m.start(), m.end() - 1) for m in pattern.finditer("\n" + text)]


def _blank_line_markers(text: str) -> str:
    # each match starts with the newline before its line (see _LINE_MARKER): that newline is kept
    return _LINE_MARKER.sub(lambda m: "\n" + " " * (m.end() - m.start() - 1), "\n" + text)[1:]


def _blank_inline_markers(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "("):
            return m.group()
        return " " * (m.end() - s)

    return _INLINE_MARKER.sub(repl, text)


def _notice_tail(text: str, start: int) -> str:
    """The rest of a notice that starts at `start`: to its end, maybe one line further."""
    eol = text.find("\n", start)
    tail = text[start:eol if eol >= 0 else len(text)]
    stop = _NOTICE_END.search(tail)
    if stop:
        return _at_most(tail[: stop.end()], MAX_NOTICE_WORDS)
    if eol >= 0:  # a rewrapped notice: "... Free Software\nFoundation, Inc. <https://fsf.org/>"
        nxt = text.find("\n", eol + 1)
        line = text[eol:nxt if nxt >= 0 else len(text)]
        stop = _NOTICE_END.search(line)
        more = line[: stop.end()] if stop else line
        plain = _RESERVED_ANY_CASE.sub("", more)
        after = text.find("\n", nxt + 1) if nxt >= 0 else -1
        ends_paragraph = nxt < 0 or not text[nxt + 1:after if after >= 0 else len(text)].strip()
        if (len(plain.split()) <= MAX_CONTINUED_WORDS and not _PROSE.search(plain)
                and (_HOLDER.search(plain) or ">" in plain or (ends_paragraph and _looks_like_names(plain)))):
            tail += more
    return _at_most(tail, MAX_NOTICE_WORDS)


def _at_most(tail: str, n: int) -> str:
    cut = re.match(rf"(?:\S+\s+){{{n}}}", tail)
    return tail[: cut.end()] if cut else tail


def _lower_same_length(text: str) -> str:
    """Lower case with the offsets kept (a few characters, like "İ", grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _looks_like_names(line: str) -> bool:
    """"Meta Platforms, Inc." is a holder; "Treaty adopted on December 20, 1996" is prose."""
    ws = [w for w in line.split() if w.strip("*_,.()")]
    named = sum(1 for w in ws if w.strip("*_(")[:1].isupper() or w[:1].isdigit() or w.lower() in _JOINERS)
    return bool(ws) and named >= HOLDER_NAME_SHARE * len(ws)


def _boiler_ranges(text: str, lowered: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    if "reserved" in lowered:
        ranges.extend((m.start(), m.end()) for m in _RESERVED.finditer(lowered))
    if "copyright" not in lowered and "\u00a9" not in text and "(c)" not in lowered:
        return sorted(ranges)
    for m in _STRONG_NOTICE.finditer(lowered):
        ranges.append((m.start(), m.end() + len(_notice_tail(text, m.end()))))
    for start, end in _at_line_starts(_WEAK_NOTICE, lowered):
        eol = text.find("\n", end)
        line = text[end:eol if eol >= 0 else len(text)]
        tail = _notice_tail(text, end)
        if (len(line.split()) <= MAX_HOLDER_WORDS and _HOLDER.search(tail) and not _PROSE.search(line)
                and not _NOT_A_HOLDER.match(line) and _looks_like_names(line)):
            ranges.append((start, end + len(tail)))
    ranges.sort()
    return ranges


def _mask(text: str) -> str:
    """The text with everything that carries no license words blanked (same length)."""
    return _blank_inline_markers(_blank_line_markers(blank_markup(text)))


def words(text: str) -> Words:
    """Tokenise `text` (see the module docstring for what is folded away)."""
    decoded, origin = decode_entities(text)
    lowered = _lower_same_length(_mask(decoded))
    parts = _WORD_SPLIT.split(lowered)  # separator, word, separator, ..., word, separator
    raw = parts[1::2]
    if not raw:
        return Words(text, (), (), (), ())
    offsets = tuple(accumulate(map(len, parts)))  # where each part ends
    starts, ends = offsets[0:-1:2], offsets[1::2]
    known = list(map(_FOLDED.get, raw))  # the common case: every word seen before
    folded = [f if f is not None else fold(w) for f, w in zip(known, raw)] if None in known else cast(list[str], known)
    if "copyright" in folded:  # "copyright owner" is "copyright holder"
        i = folded.index("copyright") + 1  # found by list.index, in C: a text has many words and few of these
        while i < len(folded):
            if folded[i].startswith("owner"):
                folded[i] = "holder" + folded[i][5:]
            try:
                i = folded.index("copyright", i) + 1
            except ValueError:
                break
    boiler_ranges = _boiler_ranges(decoded, _lower_same_length(decoded))
    boiler = [False] * len(folded)
    for lo, hi in boiler_ranges:
        i = bisect.bisect_left(starts, lo)
        while i < len(starts) and starts[i] < hi:
            boiler[i] = True
            i += 1
    if origin is not None:  # offsets in the decoded text -> offsets in the text given
        starts = tuple(origin[s] for s in starts)
        ends = tuple(max(origin[e], origin[e - 1] + 1) for e in ends)
    return Words(text, tuple(folded), starts, ends, tuple(boiler))


@lru_cache(maxsize=PHRASE_WORDS_CACHED)
def phrase_words(phrase: str) -> tuple[str, ...]:
    """A rule's phrase or title as words, folded exactly as texts are (placeholders such as
    `[dev]` and Markdown markers blanked the same way, so a title can match its text). Remembered: the
    same rule phrases are asked for again for every text of a run."""
    return words(phrase).words
