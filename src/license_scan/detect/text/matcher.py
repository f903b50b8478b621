"""Identify the licenses in a text: which, where, and whether they were changed.

Strategy (every threshold is a named constant in `license_scan.limits`):

1. Normalise the text into words, keeping offsets (`normalize`).
2. Reference texts (`reference`, from licensedcode-data). Shortlist: the
   texts enough of whose signature word runs (sampled evenly over each text)
   occur in the query, ranked by the share of their distinct words present,
   larger texts first on a tie (so CC-BY-NC-4.0, which contains nearly every
   word of CC-BY-4.0, is tried before it). Align each (`align`): anchors,
   blocks, best chain, repeated for further copies. Judge each occurrence
   (`assess`): Dice score 2·common / (reference + region), gaps classified
   into replaceable parts, list markers, and added/removed wording →
   `modified` + `difference`; too little of the reference → `partial`. Once
   an unchanged text claims a region, shortlisted texts with no signature
   left outside the claimed regions are skipped (the speed of the common case).
3. Titles and phrases for rules without a reference text (`phrases`).
4. Overlapping candidates compete (`resolve`, tiers in `query`): unchanged
   reference text, then a heading title, then reference text with small
   changes, then phrases, then reference text with larger changes or only in
   part; score within a tier. A rule's `exclude` phrases inside its region
   veto it.
5. The winners are settled (`settle`): a title or phrases of a rule with a
   reference text is judged by that text; texts the words cannot tell apart
   are alternatives; a restricting line outside the matched wording (in a
   license file anywhere, in a card the same section) makes the license
   `modified`; other text (a preamble about where the code came from, a
   title, other licenses) is not part of it and no change; an SPDX exception
   text joins the license it goes with as `<license> WITH <exception>`.
6. Winners come back in text order; nothing found is `[]`, never a guess.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from typing import Sequence

from license_scan import limits
from license_scan.detect.text import align
from license_scan.detect.text.assess import assess, forget_gaps
from license_scan.detect.text.cache import load_index
from license_scan.detect.text.normalize import phrase_words
from license_scan.detect.text.phrases import KIND_EXCLUDE, Hit, PhraseTable, match_phrases
from license_scan.detect.text.query import (
    METHOD_REFERENCE,
    METHOD_TITLE,
    TIER_CLOSE,
    TIER_EXACT,
    TIER_MODIFIED,
    TIER_PARTIAL,
    TIER_PHRASES,
    TIER_TITLE,
    Candidate,
    Query,
    TextMatch,
)
from license_scan.detect.text.reference import EXCEPTION_PREFIX, TextIndex
from license_scan.detect.text.resolve import resolve
from license_scan.detect.text.settle import SCOPE_FILE, settle
from license_scan.model import Span
from license_scan.ruleset import Ruleset

__all__ = ["TextMatch", "identify_text"]


def _shortlist(index: TextIndex, q: Query) -> list[tuple[int, list[int]]]:
    """(reference, query positions of its signature hits), most promising first."""
    where: defaultdict[int, list[int]] = defaultdict(list)
    for i, refs in enumerate(map(index.signatures.get, q.grams)):
        if refs is not None:
            for r in refs:
                where[r].append(i)
    sizes = index.signature_sizes
    ids = frozenset(q.ids)
    ranked = []
    for r, positions in where.items():
        if len(positions) < limits.TEXT_SIGNATURE_SHARE * sizes[r]:  # distinct: a run is looked up once per place
            continue
        ws = index.wordset(r)
        share = len(ws & ids) / len(ws)
        if share >= limits.TEXT_CANDIDATE_SHARE:
            ranked.append((-round(share, 2), -len(index.refs[r].ids), r, positions))
    ranked.sort()
    return [(r, positions) for _, _, r, positions in ranked]


def _upper_bound(ref_words: int, region_words: int) -> float:
    """The best score a text of `ref_words` words could reach on a region of `region_words`."""
    return 2 * min(ref_words, region_words) / (ref_words + region_words)


def _explained(positions: Sequence[int], size: int, m: int, claims: Sequence[tuple[int, int, float]]) -> bool:
    """Whether unchanged matches already found explain this reference's hits and it cannot beat them."""
    outside = set(positions)
    for s, e, _ in claims:
        outside = {p for p in outside if not s <= p < e}
    if len(outside) >= limits.TEXT_SIGNATURE_SHARE * size:
        return False
    touched = [c for c in claims if any(c[0] <= p < c[1] for p in positions)]
    return all(_upper_bound(m, e - s) <= score for s, e, score in touched)


def _reference_candidates(index: TextIndex, q: Query, hits: Sequence[Hit], ruleset: Ruleset) -> list[Candidate]:
    out = []
    claims: list[tuple[int, int, float]] = []
    vocab_words = index.words()
    for r, positions in _shortlist(index, q):
        ref = index.refs[r]
        if claims and _explained(positions, index.signature_sizes[r], len(ref.ids), claims):
            continue
        min_words = max(limits.MIN_TEXT_WORDS, int(limits.MIN_PARTIAL_COVERAGE * ref.optional_from))
        anchors = index.anchors(r, align.anchor_map)
        where = align.windows(positions, len(ref.ids), len(q.grams))
        for al in align.occurrences(q.grams, anchors, min_words, limits.MODIFIED_SCORE, where):
            al = align.extend(al, q.ids, ref.ids)
            verdict = assess(ref, vocab_words, al, q)
            if verdict is None:
                continue
            first, last = q.keep[al.q_start], q.keep[al.q_end - 1] + 1
            if _vetoed(ruleset, ref.rule_id, ref.own_excludes, hits, first, last):
                continue
            if verdict.partial:
                tier = TIER_PARTIAL
            elif not verdict.modified:
                tier = TIER_EXACT
            else:
                tier = TIER_CLOSE if verdict.score >= limits.MIN_TEXT_SCORE else TIER_MODIFIED
            if tier == TIER_EXACT:
                claims.append((al.q_start, al.q_end, verdict.score))
            tm = TextMatch(ref.rule_id, round(verdict.score, 4), q.span(first, last), METHOD_REFERENCE,
                           verdict.modified, verdict.difference, verdict.partial)
            out.append(Candidate(tm, tier, first, last, matched=verdict.matched, unexplained=verdict.unexplained))
    return out


def _vetoed(ruleset: Ruleset, rule_id: str, own: frozenset[str], hits: Sequence[Hit], first: int, last: int) -> bool:
    """An `exclude` phrase of the rule inside the region (unless its own text says it too)."""
    if rule_id.startswith(EXCEPTION_PREFIX):
        return False
    excludes = {phrase_words(p) for p in ruleset.get(rule_id).match.exclude if p not in own}
    return bool(excludes) and any(
        h.entry.kind == KIND_EXCLUDE and h.entry.rule_id == rule_id and h.entry.words in excludes
        and first <= h.start < last
        for h in hits
    )


def _phrase_candidates(table: PhraseTable, q: Query, hits: Sequence[Hit]) -> list[Candidate]:
    out = []
    w = q.words
    for pm in match_phrases(table, w, hits):
        span = Span(w.starts[pm.first], w.ends[pm.last - 1], 0, 0)  # settled once the neighbours are known
        tier = TIER_TITLE if pm.method == METHOD_TITLE else TIER_PHRASES
        out.append(Candidate(TextMatch(pm.rule_id, pm.score, span, pm.method), tier, pm.first, pm.last,
                             own_hits=pm.own_hits))
    return out


_TABLES: dict[str, PhraseTable] = {}


def _phrase_table(ruleset: Ruleset) -> PhraseTable:
    table = _TABLES.get(ruleset.digest)
    if table is None:
        table = _TABLES[ruleset.digest] = PhraseTable(ruleset)
    return table


def identify_text(text: str, ruleset: Ruleset, *, path: str | None = None, scope: str = SCOPE_FILE) -> list[TextMatch]:
    """The licenses found in `text`, in text order; [] when none is identified.

    `scope` says what the text is: a license file (`file`: every line of it is
    part of what it grants) or a card that may hold a license in a section
    (`section`: only that section is). `path` is accepted for the callers'
    convenience and not used: the words alone decide, never a file name.
    """
    del path
    if not text.strip():
        return []
    key = (ruleset.digest, scope, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
    with _ONE_AT_A_TIME:
        found = _SEEN.get(key)
        if found is None:
            found = _SEEN[key] = tuple(_identify(text, ruleset, scope))
            if len(_SEEN) > limits.TEXTS_REMEMBERED:
                _SEEN.popitem(last=False)
        else:
            _SEEN.move_to_end(key)
    return list(found)


# The texts of one run share their work: a text seen before (the same LICENSE in many repos) is
# answered from memory, and one text is identified at a time. Identification is pure CPU work
# that holds the GIL; threads taking turns in it only slow each other down (and the threads
# waiting on the network), so they queue here instead.
_ONE_AT_A_TIME = threading.Lock()
_SEEN: OrderedDict[tuple[str, str, str], tuple[TextMatch, ...]] = OrderedDict()


def forget_texts() -> None:
    """Forget the texts identified so far, and their gaps (the bench times identification, not memory)."""
    with _ONE_AT_A_TIME:
        _SEEN.clear()
        forget_gaps()


def _identify(text: str, ruleset: Ruleset, scope: str) -> list[TextMatch]:
    index = load_index(ruleset)
    table = _phrase_table(ruleset)
    q = Query(text, index)
    hits = table.hits(q.words.words)
    cands = _reference_candidates(index, q, hits, ruleset) + _phrase_candidates(table, q, hits)
    return settle(resolve(cands, q), cands, q, ruleset, index, scope)
