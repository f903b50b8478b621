"""What the winners of `resolve` mean, before they are reported.

Why a step of its own: a match is not yet a verdict.

- A title or phrases of a rule that has a reference text is only that rule
  when its text is there: the text under "GNU GENERAL PUBLIC LICENSE Version
  3" may be an abridged GPL with a non-commercial clause. If the rule's
  reference text was aligned in the same place, its verdict (modified,
  partial) is the title's; if it was not, the title heads something else
  (part of the text, a paraphrase): `partial`, unknown terms.
- Texts that fit the same words equally well (GFDL-1.3-only and its
  invariants variants share one text) are reported as alternatives, the
  most restrictive one as the rule: the words cannot tell them apart.
- Terms next to a license are part of what the file grants: in a license
  file, a restricting line anywhere outside the matched licenses (a
  revenue-share section after an MIT text), or a line in a script the cues
  cannot read ("本软件仅供研究使用"), makes the license before it
  `modified`, quoted with its line; in a card only the license's own section
  counts (`assess.adjacent_restriction`).
- An SPDX exception text goes with the license it follows (or, failing that,
  precedes): one match, `expression` "<license> WITH <exception>".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from license_scan import limits
from license_scan.detect.text.assess import adjacent_restriction, shorten
from license_scan.detect.text.cues import WEIGHTS_CUES, cue_lines, unread_lines
from license_scan.detect.text.query import (
    METHOD_REFERENCE,
    METHOD_TITLE,
    Candidate,
    Query,
    TextMatch,
)
from license_scan.detect.text.reference import EXCEPTION_PREFIX, TextIndex
from license_scan.model import CATEGORIES
from license_scan.ruleset import Ruleset

SCOPE_FILE, SCOPE_SECTION = "file", "section"
# "The model weights are released under the same license" / "under this license": no other terms
_SAME_TERMS = re.compile(r"\b(?:the\s+same|this|these)\s+(?:license|licence|terms)\b(?![^\"]*\b(?:except|but|only|not|research|non))",
                         re.IGNORECASE)


def _is_exception(c: Candidate) -> bool:
    return c.match.rule_id.startswith(EXCEPTION_PREFIX)


def _mutual_overlap(a: Candidate, b: Candidate) -> float:
    common = min(a.last, b.last) - max(a.first, b.first)
    return max(0, common) / max(a.last - a.first, b.last - b.first, 1)


def _check_title(c: Candidate, chosen: Sequence[Candidate], cands: Sequence[Candidate], q: Query,
                 index: TextIndex) -> Candidate | None:
    """A title or phrases of a rule with a reference text, judged by that text (None: drop it)."""
    m = c.match
    if m.method == METHOD_REFERENCE or m.rule_id not in index.rule_ids():
        return c
    if any(o.match.method == METHOD_REFERENCE and o.match.rule_id == m.rule_id for o in chosen):
        return None  # the heading of that text, which is reported on its own
    mine = [o for o in cands if o.match.method == METHOD_REFERENCE and o.match.rule_id == m.rule_id
            and min(o.last, c.last) > max(o.first, c.first)]
    if mine:
        best = max(mine, key=lambda o: o.matched)
        if not (best.match.modified or best.match.partial):
            return c
        return replace(c, match=replace(m, modified=best.match.modified, partial=best.match.partial,
                                        difference=best.match.difference, score=min(m.score, best.match.score)))
    # the text under the title is not the rule's: only part of it, or another text. Unknown terms.
    return replace(c, match=replace(m, partial=True, difference=f"the text under its title is not {m.rule_id}'s text"))


def _alternatives(c: Candidate, cands: Sequence[Candidate], ruleset: Ruleset) -> Candidate:
    m = c.match
    if m.method != METHOD_REFERENCE or _is_exception(c) or m.partial:
        return c  # a partial match is unknown terms whichever text it is part of
    same = [o for o in cands if o.match.method == METHOD_REFERENCE and not _is_exception(o)
            and o.match.rule_id != m.rule_id and o.tier == c.tier
            and abs(o.match.score - m.score) <= limits.AMBIGUOUS_SCORE
            and _mutual_overlap(o, c) >= limits.AMBIGUOUS_OVERLAP]
    if not same:
        return c
    ids = sorted({m.rule_id, *(o.match.rule_id for o in same)})
    # the most restrictive reading is the one reported (unknown terms never get more permissive)
    pick = max(ids, key=lambda r: (CATEGORIES.index(ruleset.get(r).category), r == m.rule_id))
    return replace(c, match=replace(m, rule_id=pick, alternatives=tuple(r for r in ids if r != pick)))


def _file_notes(q: Query, chosen: Sequence[Candidate]) -> dict[int, list[str]]:
    """Restricting lines outside every match, by the index of the license match they belong to."""
    licenses = [k for k, c in enumerate(chosen) if not _is_exception(c)]
    if not licenses:
        return {}
    out: dict[int, list[str]] = {}
    bounds = [(0, chosen[0].first)] + [(a.last, b.first) for a, b in zip(chosen, chosen[1:])]
    bounds.append((chosen[-1].last, len(q.words)))
    for gap, (lo, hi) in enumerate(bounds):
        if hi <= lo:
            continue
        before = [k for k in licenses if k < gap]
        after = [k for k in licenses if k >= gap]
        owner = before[-1] if before else after[0]
        noted: set[int] = set()
        for note, cue in cue_lines(q, lo, hi, with_cue=True, seen=noted):
            if cue in WEIGHTS_CUES and (after or _SAME_TERMS.search(note)):
                continue  # "the weights are under ...:" introducing the license that follows, or under this one
            out.setdefault(owner, []).append(note)
        out.setdefault(owner, []).extend(unread_lines(q, lo, hi, noted))
    return {k: notes for k, notes in out.items() if notes}


def _join_exceptions(matches: list[TextMatch], ruleset: Ruleset) -> list[TextMatch]:
    out = list(matches)
    for k, m in enumerate(matches):
        if not m.rule_id.startswith(EXCEPTION_PREFIX):
            continue
        licenses = [j for j, o in enumerate(out) if o is not None and not o.rule_id.startswith(EXCEPTION_PREFIX)]
        before = [j for j in licenses if j < k]
        after = [j for j in licenses if j > k]
        out[k] = None  # type: ignore[call-overload]
        if not before and not after:
            continue  # an exception alone grants nothing we can name
        j = before[-1] if before else after[0]
        lic = out[j]
        exc = m.rule_id[len(EXCEPTION_PREFIX):]
        if m.modified or m.partial:
            note = f"{exc} text changed or incomplete" + (f": {m.difference}" if m.difference else "")
            lic = replace(lic, modified=True, difference=shorten([d for d in (lic.difference, note) if d]))
        elif lic.expression is None:
            lic = replace(lic, expression=f"{ruleset.get(lic.rule_id).license_id} WITH {exc}")
        out[j] = lic
    return [m for m in out if m is not None]


def settle(chosen: Sequence[Candidate], cands: Sequence[Candidate], q: Query, ruleset: Ruleset,
           index: TextIndex, scope: str) -> list[TextMatch]:
    """The matches to report, in text order (see the module docstring)."""
    kept = [k for k in (_check_title(c, chosen, cands, q, index) for c in chosen) if k is not None]
    kept = [_alternatives(c, cands, ruleset) for c in kept]
    notes = _file_notes(q, kept) if scope == SCOPE_FILE else {}
    out = []
    for k, c in enumerate(kept):
        m = c.match
        note_parts = notes.get(k, [])
        if scope == SCOPE_SECTION and not _is_exception(c) and not m.partial and (
                m.method in (METHOD_REFERENCE, METHOD_TITLE)):
            note = adjacent_restriction(q, c.first, c.last, [(o.first, o.last) for o in kept if o is not c])
            note_parts = [note] if note else []
        if note_parts and not m.partial:
            m = replace(m, modified=True, difference=shorten(note_parts + ([m.difference] if m.difference else [])))
        out.append(m)
    return _join_exceptions(out, ruleset)
