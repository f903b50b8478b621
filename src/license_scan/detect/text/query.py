"""The text being identified, in the forms the matchers need."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress, repeat
from operator import not_

from license_scan.detect.text import align
from license_scan.detect.text.normalize import Words, words
from license_scan.detect.text.reference import TextIndex
from license_scan.model import Span


class Query:
    """One text: all its words (for phrases), and its non-boilerplate words as reference ids."""

    def __init__(self, text: str, index: TextIndex) -> None:
        self.words: Words = words(text)
        boiler = self.words.boiler
        get = index.vocab.get
        all_words = self.words.words
        if any(boiler):
            self.keep = list(compress(range(len(boiler)), map(not_, boiler)))
            self.ids = list(map(get, map(all_words.__getitem__, self.keep), repeat(-1)))
        else:
            self.keep = list(range(len(boiler)))
            self.ids = list(map(get, all_words, repeat(-1)))
        self.grams = align.grams(self.ids)

    def span(self, first: int, last: int) -> Span:
        """Span of the word range first:last (last exclusive) of all words."""
        w = self.words
        start, end = w.starts[first], w.ends[last - 1]
        return Span(start, end, w.line_of(start), w.line_of(end))

    def line_start(self, word: int) -> int:
        """Character offset where the line holding this word starts."""
        return self.words.text.rfind("\n", 0, self.words.starts[word]) + 1


@dataclass(frozen=True)
class TextMatch:
    """One license identified in a text."""

    rule_id: str
    score: float  # 0..1
    span: Span  # the matched region in the original text
    method: str  # reference | phrases | title
    modified: bool = False
    difference: str | None = None  # quoted added/removed words when modified
    partial: bool = False  # only part of the license is present
    # "<license id> WITH <exception id>" when an SPDX exception text goes with the license text
    expression: str | None = None
    # other rules whose reference text fits the same words as well (GFDL-1.3-only and its
    # invariants variants have one text): the words cannot tell them apart
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A possible match before overlapping ones compete."""

    match: TextMatch
    tier: int  # see TIER_*: which kind of evidence wins when candidates overlap
    first: int  # word range in the list of all words
    last: int
    evidence_last: int | None = None  # for titles and phrases: where the evidence ends, before stretching
    matched: int = 0  # for reference texts: words in common (ranks partial matches)
    unexplained: tuple[tuple[int, int], ...] = ()  # for reference texts: changed words inside the region
    own_hits: tuple[tuple[int, int], ...] = ()  # for titles and phrases: where the rule's own evidence is


# Overlapping candidates: the higher tier wins. An unchanged reference text; a heading title; a
# reference text with small changes (still above MIN_TEXT_SCORE); phrases; a reference text with
# larger changes; part of a reference text.
TIER_EXACT, TIER_TITLE, TIER_CLOSE, TIER_PHRASES, TIER_MODIFIED, TIER_PARTIAL = 5, 4, 3, 2, 1, 0
METHOD_REFERENCE, METHOD_PHRASES, METHOD_TITLE = "reference", "phrases", "title"
