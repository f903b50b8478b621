"""Let overlapping candidate matches compete, and settle the spans of the winners.

Why tiers before scores: an unchanged reference text is the strongest
evidence there is; a rule's title or phrases come next; a changed or partial
reference text of *another* rule comes last, because model licenses are
built from other licenses' text (a RAIL license from Apache-2.0, a vendor
MIT with an added clause) and their own title says what they are. Within a
tier the higher score wins, which is what keeps CC-BY-NC-4.0 text from being
read as a modified CC-BY-4.0.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from license_scan import limits
from license_scan.detect.text.query import (
    METHOD_REFERENCE,
    METHOD_TITLE,
    TIER_CLOSE,
    TIER_EXACT,
    TIER_MODIFIED,
    TIER_PARTIAL,
    Candidate,
    Query,
)
from license_scan.model import Span


def overlaps(a: Candidate, b: Candidate) -> bool:
    lo, hi = max(a.first, b.first), min(a.last, b.last)
    if hi <= lo:
        return False
    return (hi - lo) > limits.MAX_OVERLAP_SHARE * min(a.last - a.first, b.last - b.first)


def _merge_own_evidence(cands: Sequence[Candidate], q: Query) -> list[Candidate]:
    """A rule's reference match absorbs its own title (just above it) and phrases (inside it)."""
    refs = [c for c in cands if c.match.method == METHOD_REFERENCE]
    grown: dict[int, int] = {}
    out = []
    for c in cands:
        if c.match.method == METHOD_REFERENCE:
            continue
        mine = [k for k, r in enumerate(refs) if r.match.rule_id == c.match.rule_id]
        above = [k for k in mine if 0 <= refs[k].first - c.first <= limits.TITLE_GAP_WORDS]
        if c.match.method == METHOD_TITLE and above:
            grown[above[0]] = min(grown.get(above[0], refs[above[0]].first), c.first)
        if above or any(overlaps(refs[k], c) for k in mine):
            continue
        out.append(c)
    for k, r in enumerate(refs):
        if k in grown:
            start = q.line_start(grown[k])
            span = Span(start, r.match.span.end, q.words.line_of(start), r.match.span.end_line)
            r = replace(r, match=replace(r.match, span=span), first=grown[k])
        out.append(r)
    return out


def _explained_away(cands: Sequence[Candidate], boiler: Sequence[bool]) -> list[Candidate]:
    """A changed reference text yields to another rule whose own title or phrases sit in the changes.

    Why: BLOOMChat's license is Apache-2.0 with use restrictions and its own
    name added, a vendor's license is another one with the names changed;
    what was changed is what names them. Evidence inside the matched wording,
    on the other hand ("use-based restrictions" in any RAIL text), says nothing.
    """
    phrases = [c for c in cands if c.own_hits]
    out = []
    for c in cands:
        if c.tier == TIER_CLOSE and any(
            p.match.rule_id != c.match.rule_id and _in_changes(p.own_hits, c, boiler) for p in phrases
        ):
            c = replace(c, tier=TIER_MODIFIED)
        out.append(c)
    return out


def _in_changes(hits: Sequence[tuple[int, int]], c: Candidate, boiler: Sequence[bool]) -> bool:
    for s, e in hits:
        if not (c.first <= s < c.last):
            continue
        for k in range(s, e):
            if boiler[k] or any(a <= k < b for a, b in c.unexplained):
                return True
    return False


def _unchanged_wholes(cands: Sequence[Candidate]) -> list[Candidate]:
    """An unchanged text inside a much larger unchanged text is one of its parts (PSF-2.0 inside
    Python-2.0's stack of four licenses): it yields to the whole."""
    exact = [c for c in cands if c.tier == TIER_EXACT]
    return [c for c in cands if c.tier != TIER_EXACT or not any(
        o.first <= c.first and c.last <= o.last and (o.last - o.first) >= limits.WHOLE_FACTOR * (c.last - c.first)
        for o in exact)]


def _rank(c: Candidate) -> tuple[float, float, int, int, str]:
    """Best first. Which license a fragment belongs to is the one sharing most words with it."""
    if c.tier == TIER_PARTIAL:
        # a fragment belongs to the license sharing most words with it
        return (-c.matched, -c.match.score, -(c.last - c.first), c.first, c.match.rule_id)
    return (-c.match.score, -c.matched, -(c.last - c.first), c.first, c.match.rule_id)


def _pick(cands: Sequence[Candidate], accepted: list[Candidate]) -> None:
    for c in sorted(cands, key=_rank):
        if not any(overlaps(c, a) for a in accepted) and not (c.tier == TIER_PARTIAL and _inside_others(c, accepted)):
            accepted.append(c)


def _inside_others(c: Candidate, accepted: Sequence[Candidate]) -> bool:
    """Part of a text whose words are largely inside licenses already found ("or any later version"
    notice heading a GPL) is a fragment of those, not a license of its own."""
    inside = sum(max(0, min(c.last, a.last) - max(c.first, a.first)) for a in accepted)
    return inside > limits.PARTIAL_INSIDE_SHARE * (c.last - c.first)


def resolve(cands: Sequence[Candidate], q: Query) -> list[Candidate]:
    """The winners, in text order, with final spans.

    Tier by tier (see `query`), best first: a candidate is taken unless it
    overlaps one already taken; after each tier, titles and phrases are
    stretched over the license they head (up to the next match taken), so a
    weaker candidate inside that license no longer finds room.
    """
    merged = _unchanged_wholes(_explained_away(_merge_own_evidence(cands, q), q.words.boiler))
    accepted: list[Candidate] = []
    for tier in sorted({c.tier for c in merged}, reverse=True):
        _pick([c for c in merged if c.tier == tier], accepted)
        accepted.sort(key=lambda c: c.first)
        nexts = [*(a.first for a in accepted[1:]), None]
        accepted = [_stretch(c, q, nxt) for c, nxt in zip(accepted, nexts)]
    return accepted


def _stretch(c: Candidate, q: Query, next_first: int | None) -> Candidate:
    """A title reaches to the end of its section (or the next match); phrases to their paragraph's end."""
    if c.match.method == METHOD_REFERENCE:
        return c
    w = q.words
    text = w.text
    start = q.line_start(c.first)
    limit = w.starts[next_first] if next_first is not None else len(text)
    evidence = c.evidence_last or c.last
    if c.match.method == METHOD_TITLE:
        end = _section_end(text, start, limit)
    else:
        para = text.find("\n\n", w.ends[evidence - 1], limit)
        end = limit if para < 0 else para
    end = max(len(text[:end].rstrip()), w.ends[evidence - 1])
    last = evidence
    while last < len(w) and w.starts[last] < end:
        last += 1
    span = Span(start, end, w.line_of(start), w.line_of(end))
    return replace(c, match=replace(c.match, span=span), last=last, evidence_last=evidence)


def _section_end(text: str, start: int, limit: int) -> int:
    """Where a Markdown section whose heading line starts at `start` ends: the next heading as high."""
    eol = text.find("\n", start, limit)
    line = text[start:limit if eol < 0 else eol]
    level = len(line) - len(line.lstrip("#"))
    if not level or eol < 0:
        return limit
    m = re.compile(rf"^#{{1,{level}}}\s", re.MULTILINE).search(text, eol + 1, limit)
    return m.start() if m else limit
