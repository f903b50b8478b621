"""Recognise licenses that have no reference text by their titles and phrases.

Model licenses (Llama, Gemma, Qwen, vendor terms) are not in any license
database; their rules carry short verbatim `titles` and distinctive `phrases`
instead. Why the extra care below: sibling licenses share most phrases
(Llama 3.1 and 3.3 both say "Built with Llama"), a README mentions titles it
does not contain, and one file may hold a license and its use policy.

- A title is a *heading* only where it is (nearly) a line of its own: after
  markup, a copyright notice or a short name, followed by at most
  HEADING_TAIL_WORDS words ("dated July 26, 2023"), and with a license's
  worth of text under it or more evidence of its own. A title in running
  prose, or a link in a README, is a mention and counts as one more phrase.
- Headings of different rules cut the text into sections; a rule is judged
  on the evidence inside one section, so the license and the policy that
  follows it are told apart, and an `exclude` phrase anywhere in that
  section vetoes the rule.
- Without a heading, a rule needs `min_phrases` (and at least MIN_PHRASES)
  phrases of license text; names (its titles, or a phrase that is a title)
  do not count, since a README sentence naming a license is not its text.
- A phrase listed by several rules weighs less (1 / number of rules), and a
  rule is only matched through evidence that is its own: a heading, or at
  least one found title or phrase that no other rule lists.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import compress
from typing import NamedTuple, Sequence

from license_scan.detect.text.normalize import Words, phrase_words
from license_scan.ruleset import Ruleset

HEADING_TAIL_WORDS = 6  # words a heading line may carry after its title (a date, a version)
HEADING_LEAD_WORDS = 2  # capitalised words a heading line may carry before its title (a product name)
TITLE_BODY_WORDS = 100  # a heading with no other evidence needs this much text under it to be a license
TITLE_SCORE = 0.9  # score of a heading title; more found phrases add up to 0.1
PHRASE_SCORE = 0.75  # score of `min_phrases` phrases; more found phrases add up to 0.15
MIN_PHRASES = 2  # without a heading, at least this many phrases of license text (not names) are needed

KIND_TITLE, KIND_PHRASE, KIND_EXCLUDE = "title", "phrase", "exclude"
_MD_HEADING = re.compile(r"^#{1,6}\s", re.MULTILINE)


# Entry and Hit are named tuples: a text has hundreds of hits, made faster as tuples than as frozen dataclasses.
class Entry(NamedTuple):
    rule_id: str
    kind: str
    words: tuple[str, ...]
    weight: float  # 1 / number of rules listing these words as title or phrase
    own: bool  # no other rule lists them


class Hit(NamedTuple):
    entry: Entry
    start: int  # word index
    end: int


@dataclass(frozen=True)
class PhraseMatch:
    rule_id: str
    method: str  # "title" or "phrases"
    score: float
    first: int  # word range of the evidence (from the heading when there is one)
    last: int
    own_hits: tuple[tuple[int, int], ...]  # word ranges of the evidence no other rule lists


class PhraseTable:
    """All titles, phrases and excludes of a rule set, indexed by their first two words."""

    def __init__(self, ruleset: Ruleset) -> None:
        listing: dict[tuple[str, ...], set[str]] = {}
        raw: list[tuple[str, str, tuple[str, ...]]] = []
        text_rules = [r for r in ruleset.rules if not r.match.prose_only]  # card phrases are no license text
        for rule in text_rules:
            m = rule.match
            for kind, items in ((KIND_TITLE, m.titles), (KIND_PHRASE, m.phrases), (KIND_EXCLUDE, m.exclude)):
                for text in items:
                    ws = phrase_words(text)
                    if ws:
                        raw.append((rule.id, kind, ws))
                        if kind != KIND_EXCLUDE:
                            listing.setdefault(ws, set()).add(rule.id)
        self.entries = []
        for rid, kind, ws in raw:
            n = len(listing.get(ws, {rid}))
            self.entries.append(Entry(rid, kind, ws, 1.0 / n, n == 1))
        self.rules = {r.id: r for r in text_rules if r.match.titles or r.match.phrases}
        self.names = frozenset(ws for _rid, kind, ws in raw if kind == KIND_TITLE)
        self.total_weight: dict[str, float] = {}
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for e in self.entries:
            if e.kind != KIND_EXCLUDE and (e.rule_id, e.words) not in seen:
                seen.add((e.rule_id, e.words))
                self.total_weight[e.rule_id] = self.total_weight.get(e.rule_id, 0.0) + e.weight
        self._index: dict[tuple[str, ...], list[Entry]] = {}
        for e in self.entries:
            self._index.setdefault(e.words[:2], []).append(e)
        self._firsts = frozenset(e.words[0] for e in self.entries)
        # the same index by first word: entries of one word, and entries of more by their second word
        self._singles: dict[str, list[Entry]] = {}
        self._pairs: dict[str, dict[str, list[Entry]]] = {}
        for key, found in self._index.items():
            if len(key) == 1:
                self._singles[key[0]] = found
            else:
                self._pairs.setdefault(key[0], {})[key[1]] = found

    def hits(self, ws: Sequence[str]) -> list[Hit]:
        """Every occurrence of a title, phrase or exclude in the words `ws`."""
        out = []
        singles, pairs = self._singles, self._pairs
        firsts = self._firsts
        n = len(ws)
        for i in compress(range(n), map(firsts.__contains__, ws)):
            w = ws[i]
            for e in singles.get(w, ()):
                out.append(Hit(e, i, i + 1))
            seconds = pairs.get(w) if i + 1 < n else None
            if seconds:
                for e in seconds.get(ws[i + 1], ()):
                    k = len(e.words)
                    if k <= 2 or tuple(ws[i:i + k]) == e.words:
                        out.append(Hit(e, i, i + k))
        return out


def is_heading(words: Words, hit: Hit) -> bool:
    """The title is its line: before it only markup, a copyright notice or a short capitalised
    name ("Franca RESEARCH-ONLY RAIL-AMS"); after it at most a date or a version."""
    text = words.text
    line_start = text.rfind("\n", 0, words.starts[hit.start]) + 1
    lead = 0
    k = hit.start - 1
    while k >= 0 and words.starts[k] >= line_start:
        if not words.boiler[k]:
            raw = text[words.starts[k]:words.ends[k]]
            lead += 1
            if lead > HEADING_LEAD_WORDS or not raw[:1].isupper():
                return False
        k -= 1
    eol = text.find("\n", words.ends[hit.end - 1])
    eol = len(text) if eol < 0 else eol
    after = 0
    k = hit.end
    while k < len(words) and words.starts[k] < eol:
        after += 1
        k += 1
    return after <= HEADING_TAIL_WORDS


def _body_words(words: Words, heading: Hit, end: int) -> int:
    """Words under a heading: to `end`, or to the next Markdown heading line if sooner."""
    m = _MD_HEADING.search(words.text, words.ends[heading.end - 1])
    stop = len(words) if m is None else bisect.bisect_left(words.starts, m.start())
    return max(0, min(stop, end) - heading.end)


def _judge(
    table: PhraseTable, rule_id: str, hits: Sequence[Hit], heading: Hit | None, body_words: int
) -> PhraseMatch | None:
    rule = table.rules.get(rule_id)
    if rule is None or any(h.entry.kind == KIND_EXCLUDE for h in hits):
        return None
    evidence = {h.entry.words: h for h in hits if h.entry.kind != KIND_EXCLUDE}
    if heading is not None:
        others = [h for k, h in evidence.items() if k != heading.entry.words]
        if body_words < TITLE_BODY_WORDS and not any(h.entry.own for h in others):
            heading = None  # a title over a line or two of prose is a mention (a link in a README)
        else:
            evidence.setdefault(heading.entry.words, heading)
    counted = [h for k, h in evidence.items() if heading is None or k != heading.entry.words]
    if heading is None:
        # names (titles, and phrases that are a title) are what a README mentions: not text evidence
        text_hits = [h for h in counted if h.entry.words not in table.names]
        available = len({phrase_words(p) for p in rule.match.phrases} - table.names)
        needed = max(MIN_PHRASES, min(rule.match.min_phrases, available))
        if len(text_hits) < needed:
            return None
        if not any(h.entry.own for h in counted):
            return None  # only evidence shared with sibling rules: not ours to claim
    fraction = min(1.0, sum(h.entry.weight for h in evidence.values()) / (table.total_weight.get(rule_id) or 1.0))
    if heading is not None:
        method, score = "title", TITLE_SCORE + (1 - TITLE_SCORE) * fraction
    else:
        method, score = "phrases", PHRASE_SCORE + 0.15 * fraction
    first = heading.start if heading is not None else min(h.start for h in counted)
    last = max(h.end for h in evidence.values())
    own = tuple(sorted((h.start, h.end) for h in evidence.values() if h.entry.own or h is heading))
    return PhraseMatch(rule_id, method, round(score, 4), first, last, own)


def match_phrases(table: PhraseTable, words: Words, hits: Sequence[Hit]) -> list[PhraseMatch]:
    """Rules whose titles or phrases are found, section by section (see the module docstring)."""
    titles = [h for h in hits if h.entry.kind == KIND_TITLE]
    # a title inside a longer one on the same words ("Open RAIL-M License" in "BigScience Open
    # RAIL-M License") is part of that one, not a heading of its own
    titles = [h for h in titles if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
                                           for o in titles)]
    headings = sorted((h for h in titles if is_heading(words, h)), key=lambda h: h.start)
    sections: list[tuple[int, Hit | None]] = [(0, None)]
    shared: set[int] = set()
    for h in headings:
        start, current = sections[-1]
        if current is not None and current.entry.rule_id == h.entry.rule_id:
            continue  # the same rule's title again: same section
        if current is not None and start == h.start:
            shared.add(start)  # two rules share this title: the section has no single owner
        elif start == h.start == 0:
            sections[-1] = (0, h)
        else:
            sections.append((h.start, h))
    sections = [(s, None if s in shared else h) for s, h in sections]
    bounds = [s for s, _ in sections[1:]] + [len(words)]
    out = []
    for (start, heading), end in zip(sections, bounds):
        inside = [h for h in hits if start <= h.start < end]
        by_rule: dict[str, list[Hit]] = {}
        for h in inside:
            by_rule.setdefault(h.entry.rule_id, []).append(h)
        if heading is not None:
            by_rule.setdefault(heading.entry.rule_id, [])
        for rule_id, rule_hits in by_rule.items():
            own_heading = heading if heading is not None and heading.entry.rule_id == rule_id else None
            body = _body_words(words, own_heading, end) if own_heading is not None else 0
            found = _judge(table, rule_id, rule_hits, own_heading, body)
            if found is not None:
                out.append(found)
    return out
