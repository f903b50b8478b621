"""Judge one alignment of a reference text: score, modified, partial, and what changed.

Why the gap rules: the SPDX guidelines let a text differ from its template in
replaceable parts (a holder's name where the template says "the copyright
holder"), list numbering and boilerplate, and nowhere else. Without the
templates' markup we approximate: a short replacement on both sides is a
replaceable part; list markers are ignored; any other added word, or a run
of MIN_REMOVED_WORDS removed words, is a modification and is quoted.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Sequence

from license_scan import limits
from license_scan.detect.text.align import Alignment
from license_scan.detect.text.cues import RESTRICTION_CUES, cue_at, line_note
from license_scan.detect.text.query import Query
from license_scan.detect.text.reference import Reference

# A Markdown heading or a separator line (----, ====, ****) ends a section.
_BLANK_LINE = re.compile(r"\n[ \t>]*\r?\n")
_SECTION_BREAK = re.compile(r"^(?:#{1,6}\s.*|[ \t]*(?:[-=*_][ \t]*){3,})$", re.MULTILINE)


@dataclass(frozen=True)
class Assessment:
    score: float
    modified: bool
    partial: bool
    difference: str | None
    matched: int  # words in common
    unexplained: tuple[tuple[int, int], ...] = ()  # changed query words inside the region (all-word ranges)


MAX_URL_WORDS = 8  # "http www.apache.org licenses license 2.0"
_NUMBERING = re.compile(r"\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,5}")


@lru_cache(maxsize=65536)
def is_marker(word: str) -> bool:
    """A list item or section number, or a lone letter: never a modification on its own."""
    return _NUMBERING.fullmatch(word) is not None


def _notice_edges(ref: Reference, vocab_words: Sequence[str], al: Alignment, q: Query) -> int:
    """Reference words just outside the alignment that the query holds inside a copyright notice
    (a rewrapped "Copyright 2004 Someone" line runs into the sentence after it)."""
    w = q.words
    found = 0
    k = q.keep[al.q_start] - 1
    before: list[str] = []
    while k >= 0 and w.boiler[k]:
        before.append(w.words[k])
        k -= 1
    k = q.keep[al.q_end - 1] + 1
    after: list[str] = []
    while k < len(w) and w.boiler[k]:
        after.append(w.words[k])
        k += 1
    for q_side, r_side in ((before[::-1], ref.ids[max(0, al.r_start - len(before)):al.r_start]),
                           (after, ref.ids[al.r_end:al.r_end + len(after)])):
        if q_side and len(r_side):
            sm = SequenceMatcher(None, q_side, [vocab_words[x] for x in r_side], autojunk=False)
            found += sum(b.size for b in sm.get_matching_blocks())
    return found


# Words a template's variable part is made of besides names: the holder, the author, filler.
_NEUTRAL = frozenset(
    "the a an and or of to in on by for with its their his her this that is are be as at from "
    "copyright holder holders owner owners author authors contributor contributors licensor licensors "
    "organization company corporation institution university regents inc ltd llc corp gmbh name names "
    "project software program library".split()
)
# Words of a grant, a condition or its scope: striking even one ("and/or sell") changes the terms.
# Other short removals are names the reference text carries ("Ellson"), not terms.
_SUBSTANTIVE = frozenset(
    "use copy modify merge publish distribute redistribute sublicense sell rent lease lend perform display "
    "reproduce prepare derivative derivatives commercial noncommercial any all every person persons without "
    "restriction restrictions free charge nocharge royalty royaltyfree worldwide perpetual irrevocable nonexclusive "
    "patent patents not no never purpose purposes including limitation modified modifications source binary "
    "forms form permitted granted grant".split()
)
_TERM_WORD = re.compile(
    r"(?:not|no|only|never|non|commercial|noncommercial|research|academic|evaluation|personal|educational|"
    r"military|prohibit\w*|forbid\w*|restrict\w*|except\w*|must|shall|fee|fees|royalt\w*|revenue|sell|sale)",
    re.IGNORECASE,
)


def _fills_a_template(raw: Sequence[str]) -> bool:
    """Words that can fill a template's variable part: a name, a year, an address, the holder.
    Lower-case words of substance ("any academic institution" for "any person") are a change."""
    return not any(_TERM_WORD.fullmatch(x) for x in raw) and all(
        x[:1].isupper() or x[:1].isdigit() or "@" in x or "." in x or x.lower() in _NEUTRAL for x in raw)


def _holds(ref: Reference, vocab_words: Sequence[str], cue: tuple[str, ...]) -> bool:
    """Whether the reference text says these words itself (GFDL's "changing it is not allowed")."""
    ws = [vocab_words[x] for x in ref.ids]
    n = len(cue)
    return any(tuple(ws[i:i + n]) == cue for i in range(len(ws) - n + 1) if ws[i] == cue[0])


def _is_url(ws: Sequence[str]) -> bool:
    """A web address alone (Markdown hides it in a link target): not a term of the license."""
    return ws[0] == "http" and len(ws) <= MAX_URL_WORDS


def _take(notice: Counter[str] | None, word: str) -> bool:
    """Whether `word` is one the other side holds in a notice (and use it up)."""
    if notice and notice.get(word, 0) > 0:
        notice[word] -= 1
        return True
    return False


def _collapse(text: str) -> str:
    return " ".join(text.split())


def shorten(parts: Sequence[str]) -> str:
    out = "; ".join(parts)
    limit = limits.MAX_DIFF_QUOTE_CHARS
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "\u2026"


def _ops(q_ids: Sequence[int], r_ids: Sequence[int]) -> Sequence[tuple[str, int, int, int, int]]:
    q_ids, r_ids = tuple(q_ids), tuple(r_ids)  # a list of the text's ids, an array of the reference's
    if q_ids == r_ids:
        return (("equal", 0, len(q_ids), 0, len(r_ids)),)
    if q_ids and r_ids:
        return _diff(q_ids, r_ids)
    if q_ids:
        return (("insert", 0, len(q_ids), 0, 0),)
    return (("delete", 0, 0, 0, len(r_ids)),)


def forget_gaps() -> None:
    """Forget the gap diffs remembered so far."""
    _diff.cache_clear()


@lru_cache(maxsize=limits.GAP_DIFFS_CACHED)
def _diff(q_ids: tuple[int, ...], r_ids: tuple[int, ...]) -> tuple[tuple[str, int, int, int, int], ...]:
    """Remembered: the variants of a license (BSD-2-Clause and its dozen kin) leave the same gap
    against the same words of one text, and the texts of a run share their gaps too."""
    return tuple(SequenceMatcher(None, q_ids, r_ids, autojunk=False).get_opcodes())


def _next_to(q: Query, al: Alignment, lead: bool) -> list[int]:
    """Up to EDGE_WORDS kept words just before (or after) the region, in its paragraph."""
    w, picked = q.words, list[int]()
    j = al.q_start if lead else al.q_end
    while len(picked) < limits.EDGE_WORDS and (j > 0 if lead else j < len(q.keep)):
        if _BLANK_LINE.search(w.text, w.ends[q.keep[j - 1]], w.starts[q.keep[j]]):  # between word j-1 and j
            break
        picked.append(j - 1 if lead else j)
        j += -1 if lead else 1
    return sorted(picked)


def _edge_changes(ref: Reference, vocab_words: Sequence[str], al: Alignment, q: Query) -> list[tuple[int, str]]:
    """A change at the very edge of the region, where no anchor reaches: the first words of a grant
    replaced ("free of charge" by "subject to payment of a fee"), or terms run on from its last
    sentence. The query's words next to the region, in the same paragraph, against the reference
    words it left out there (when they share words with them, or the reference ends there): a replaced
    word of a grant or condition, or added words that state terms."""
    w = q.words
    changes = []
    end_ref = len(ref.ids) if al.r_end > ref.optional_from else ref.optional_from
    for lead in (True, False):
        near = _next_to(q, al, lead)
        if not near:
            continue
        r_ids = ref.ids[max(0, al.r_start - limits.EDGE_WORDS):al.r_start] if lead else ref.ids[al.r_end:end_ref][:limits.EDGE_WORDS]
        r_words = [x for x in (vocab_words[i] for i in r_ids) if not is_marker(x)]
        q_words = [w.words[q.keep[i]] for i in near]
        ops = SequenceMatcher(None, q_words, r_words, autojunk=False).get_opcodes()
        # do the words next to the region continue the reference there? (not a title heading it)
        anchored = not r_words or any(op == "equal" and q2 - q1 >= 2 for op, q1, q2, _, _ in ops)
        for op, q1, q2, r1, r2 in ops:
            if op == "equal" or q2 == q1:
                continue  # words the query left out at an edge: a title or header, not a change
            if (anchored and any(x in _SUBSTANTIVE for x in r_words[r1:r2])) or any(
                    _TERM_WORD.fullmatch(x) for x in q_words[q1:q2]):
                a, b = q.keep[near[q1]], q.keep[near[q2 - 1]]
                removed = f'; removed "{" ".join(r_words[r1:r2])}"' if r2 > r1 else ""
                changes.append((a, f'line {w.line_of(w.starts[a])}: added "{_collapse(w.text[w.starts[a]:w.ends[b]])}"{removed}'))
    return changes


def assess(ref: Reference, vocab_words: Sequence[str], al: Alignment, q: Query) -> Assessment | None:
    """None when too little of the reference is there, or the region is mostly other text."""
    m_eff = len(ref.ids) if al.r_end > ref.optional_from else ref.optional_from
    region = al.q_end - al.q_start
    if al.matched < limits.MIN_PARTIAL_COVERAGE * m_eff or al.matched < limits.MODIFIED_SCORE * region:
        return None
    w = q.words
    changes: list[tuple[int, str]] = []
    variable = 0
    matched = al.matched
    unexplained: list[tuple[int, int]] = []  # query words (all-word indices) the reference does not account for
    for gap in al.gaps:
        # a gap is where anchors were missing, not necessarily a change (a sentence
        # the reference repeats has no unique anchors): compare it word by word
        q_ids, r_ids = q.ids[gap.q_from:gap.q_to], ref.ids[gap.r_from:gap.r_to]
        # words one side counted as part of a copyright notice and the other did not
        ops = _ops(q_ids, r_ids)
        if len(ops) == 1 and ops[0][0] == "equal":  # the common case: nothing differs in the gap
            matched += len(q_ids)
            continue
        # (counted only where there is a notice: most gaps hold none)
        q_lo, q_hi = q.keep[gap.q_from - 1] + 1, q.keep[gap.q_to]
        q_notice = Counter(w.words[k] for k in range(q_lo, q_hi) if w.boiler[k]) if True in w.boiler[q_lo:q_hi] else None
        r_range = range(gap.r_from, gap.r_to + 1)
        r_notice = (Counter(x for j in r_range for x in ref.boiler_before.get(j, ()))
                    if not ref.boiler_before.keys().isdisjoint(r_range) else None)
        for op, q1, q2, r1, r2 in ops:
            if op == "equal":
                matched += q2 - q1
                continue
            if q2 > q1:
                unexplained.append((q.keep[gap.q_from + q1], q.keep[gap.q_from + q2 - 1] + 1))
            q_side = [gap.q_from + k for k in range(q1, q2)
                      if not is_marker(w.words[q.keep[gap.q_from + k]]) and not _take(r_notice, w.words[q.keep[gap.q_from + k]])]
            r_side = [vocab_words[x] for x in r_ids[r1:r2] if not is_marker(vocab_words[x]) and not _take(q_notice, vocab_words[x])]
            if not q_side and not r_side:
                continue
            if "".join(w.words[q.keep[k]] for k in q_side) == "".join(r_side):
                matched += len(q_side)  # "no- charge" rendered from "no-\ncharge": one word split
                continue
            q_raw = [w.text[w.starts[q.keep[k]]:w.ends[q.keep[k]]] for k in q_side]
            if (q_side and r_side and len(q_side) <= limits.VARIABLE_WORDS and len(r_side) <= limits.VARIABLE_WORDS
                    and _fills_a_template(q_raw) and not any(x in _SUBSTANTIVE for x in r_side)):
                variable += max(len(q_side), len(r_side))
                continue
            at = q.keep[min(gap.q_from + q1, len(q.keep) - 1)]
            line = w.line_of(w.starts[at])
            if q_side:
                a, b = q.keep[q_side[0]], q.keep[q_side[-1]]
                changes.append((at, f'line {line}: added "{_collapse(w.text[w.starts[a]:w.ends[b]])}"'))
            if r_side and not _is_url(r_side) and (
                    len(r_side) >= limits.MIN_REMOVED_WORDS or any(x in _SUBSTANTIVE for x in r_side)):
                changes.append((at, f'line {line}: removed "{" ".join(r_side)}"'))
    matched += _notice_edges(ref, vocab_words, al, q)
    changes += _edge_changes(ref, vocab_words, al, q)
    boiler_at = w.boiler_at  # only boilerplate words can hide terms: look at those alone, in order
    lo, hi = q.keep[al.q_start], q.keep[al.q_end - 1]
    for k in boiler_at[bisect.bisect_left(boiler_at, lo):bisect.bisect_left(boiler_at, hi)]:
        cue = cue_at(w.words, k, RESTRICTION_CUES)
        if cue is not None and not _holds(ref, vocab_words, cue):  # terms hidden in what reads as a notice
            changes.append((k, line_note(q, k)))
            break
    changes.sort(key=lambda c: c[0])
    parts = [c[1] for c in changes]
    score = min(1.0, 2 * matched / (m_eff + region))
    partial = matched < limits.FULL_COVERAGE * m_eff
    modified = bool(parts) or variable > limits.MAX_VARIABLE_WORDS or (not partial and score < limits.MIN_TEXT_SCORE)
    if modified and not parts:
        parts = [f"{variable} words differ from the reference text"]
    return Assessment(score, modified, partial, shorten(parts) if modified else None, matched, tuple(unexplained))


def adjacent_restriction(q: Query, first: int, last: int, others: Sequence[tuple[int, int]]) -> str | None:
    """A restricting sentence right before or after a license body, quoted; None if there is none.

    Why: "Non-commercial use only." above an MIT text is an added term, even
    though it sits outside the MIT wording. Only the same section counts:
    other matches, Markdown headings and separator lines bound the search.
    """
    w = q.words
    text = w.text
    lo = max([e for s, e in others if e <= first], default=0)
    hi = min([s for s, e in others if s >= last], default=len(w))
    reach = limits.ADJACENT_NOTE_WORDS
    before = [m.end() for m in _SECTION_BREAK.finditer(text, 0, w.starts[first])]
    if before:
        lo = max(lo, bisect.bisect_left(w.starts, before[-1]))
    after = _SECTION_BREAK.search(text, w.ends[last - 1])
    if after:
        hi = min(hi, bisect.bisect_left(w.starts, after.start()))
    for a, b in ((max(lo, first - reach), first), (last, min(hi, last + reach))):
        for k in range(a, b):
            if cue_at(w.words, k, RESTRICTION_CUES):
                return line_note(q, k)
    return None
