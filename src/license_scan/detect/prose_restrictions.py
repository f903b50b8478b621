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
_DROP = LazyPattern(r"[*_`~]")
_SPACE = LazyPattern(r"[^\w\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|_")
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


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower case, markup dropped, every other non-word character a single space; with, for each
    character kept, its offset in `text`."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if _DROP.match(ch):
            continue
        c = " " if _SPACE.match(ch) else ch.lower()
        if c == " " and (not out or out[-1] == " "):
            continue
        out.append(c)
        where.append(i)
    return "".join(out), where


_CACHE: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}


def _patterns(ruleset: Ruleset) -> tuple[tuple[str, re.Pattern[str]], ...]:
    cached = _CACHE.get(ruleset.digest)
    if cached is not None:
        return cached
    found = []
    for rule in ruleset.rules:
        if rule.family != RESTRICTION_FAMILY:
            continue
        for phrase in rule.match.phrases:
            norm, _ = normalise(phrase)
            body = re.escape(norm.strip()).replace(r"non\ ", r"non\ ?")
            found.append((rule.id, re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")))
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
