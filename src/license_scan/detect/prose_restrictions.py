"""Restrictions a card states in its own words: "for research purposes only", "不可商用".

The phrases are rule-set data: every rule of family `stated-restriction` lists
the ways card authors say it (`match.phrases`); a phrase found in a clause is
evidence for that rule, for the component the clause speaks for. A phrase in a
clause that lifts it ("not limited to research", "no longer non-commercial")
says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan import limits
from license_scan.detect import prose_text as pt
from license_scan.lazyre import LazyPattern
from license_scan.ruleset import Ruleset

RESTRICTION_FAMILY = "stated-restriction"
# Words before a phrase, in its clause, that lift the restriction instead of stating it.
_LIFT = LazyPattern(
    r"\b(?:not\s+(?:only|just|merely|limited|restricted|solely|exclusively|intended\s+only)|no\s+longer|"
    r"no\s+(?:restrictions?|limitations?)|without\s+(?:any\s+)?(?:restrictions?|limitations?)|lifted|removed|"
    r"free\s+for\s+commercial|supports?\s+commercial|permits?\s+commercial|allows?\s+commercial)\b|"
    r"不再|不限于|不仅|支持商用|允许商用|可商用|可免费商用|"
    r"(?:\bcommercial|商用|商业)\s*(?:and|or|和|或|与|及)\s*$", re.IGNORECASE)  # "commercial and non-commercial"
_NOT_BEFORE = LazyPattern(r"(?:\b(?:not|never)|n't)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RestrictionHit:
    rule_id: str
    start: int  # offsets in the text searched
    end: int


# Markup dropped outright; a run of word characters (CJK included) is a word, anything else a space.
_KEPT = LazyPattern(r"[^*_`~]+")
_RUN = LazyPattern(r"(?:[^\W_]|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff])+")


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower case, markup dropped, every other non-word character a single space; with, for each
    character kept, its offset in `text`. Word by word, not character by character: a license file
    of a few thousand characters is read in a few regex passes."""
    at: list[int] = []  # offset in `text` of each character of `kept`
    pieces = []
    for m in _KEPT.finditer(text):
        pieces.append(m.group())
        at.extend(range(m.start(), m.end()))
    kept = "".join(pieces)
    out: list[str] = []
    where: list[int] = []
    for m in _RUN.finditer(kept):
        a, b = m.start(), m.end()
        run = m.group()
        low = run.lower()
        if len(low) == len(run):
            out.append(low)
            where.extend(at[a:b])
        else:  # a letter whose lower case is longer ("İ" is "i̇"): each character of it maps to that letter
            for k, ch in enumerate(run):
                lower = ch.lower()
                out.append(lower)
                where.extend([at[a + k]] * len(lower))
        if b < len(kept):
            out.append(" ")
            where.append(at[b])
    return "".join(out), where


_CACHE: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}


def _patterns(ruleset: Ruleset) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per rule: its phrases as alternatives, in the rule's order."""
    cached = _CACHE.get(ruleset.digest)
    if cached is not None:
        return cached
    found = []
    for rule in ruleset.rules:
        if rule.family != RESTRICTION_FAMILY or not rule.match.phrases:
            continue
        bodies = [re.escape(normalise(phrase)[0].strip()).replace(r"non\ ", r"non\ ?") for phrase in rule.match.phrases]
        found.append((rule.id, re.compile(rf"(?<![a-z0-9])(?:{'|'.join(bodies)})(?![a-z0-9])")))
    _CACHE[ruleset.digest] = tuple(found)
    return _CACHE[ruleset.digest]


def restriction_rules(ruleset: Ruleset) -> frozenset[str]:
    return frozenset(r.id for r in ruleset.rules if r.family == RESTRICTION_FAMILY)


def find_restrictions(text: str, ruleset: Ruleset) -> list[RestrictionHit]:
    """Restriction phrases in one clause, leftmost first, one per rule; none where the clause lifts them."""
    norm, where = normalise(text)
    best: dict[str, tuple[int, int]] = {}
    for rule_id, pattern in _patterns(ruleset):
        for m in pattern.finditer(norm):
            before = norm[:m.start()]
            if _LIFT.search(before) or _NOT_BEFORE.search(before):
                continue
            span = (where[m.start()], where[m.end() - 1] + 1)
            if rule_id not in best or span[0] < best[rule_id][0]:
                best[rule_id] = span
            break
    return sorted((RestrictionHit(rid, a, b) for rid, (a, b) in best.items()), key=lambda h: h.start)


@dataclass(frozen=True)
class StatedRestriction:
    hit: RestrictionHit  # offsets in the whole text
    sentence: str  # the sentence holding it, white space collapsed


def restrictions_in_text(text: str, ruleset: Ruleset) -> list[StatedRestriction]:
    """The restrictions a whole text states in its own words (a license file no known license was found
    in), read clause by clause as a card is: leftmost first, one per rule."""
    text = text[:limits.MAX_PROSE_CHARS]
    found: dict[str, StatedRestriction] = {}
    for s_start, s_end in pt.sentences(text):
        for clause in pt.clauses(text, s_start, s_end):
            if clause.contrast:
                continue
            for hit in find_restrictions(text[clause.start:clause.end], ruleset):
                if hit.rule_id not in found:
                    at = RestrictionHit(hit.rule_id, clause.start + hit.start, clause.start + hit.end)
                    found[hit.rule_id] = StatedRestriction(at, " ".join(text[s_start:s_end].split()))
    return sorted(found.values(), key=lambda s: s.hit.start)
