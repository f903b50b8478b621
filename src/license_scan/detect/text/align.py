"""Find where a reference text occurs in a query, word by word.

Why not difflib: it aligns two whole sequences, but a license may sit in the
middle of a README or several licenses may follow one another, and it is too
slow for thousands of words. Instead (the same idea as ScanCode's sequence
matcher, much smaller):

1. anchors: every run of ANCHOR_WORDS words that occurs exactly once in the
   reference, hashed; the query's runs are looked up, giving hits (i, j);
2. blocks: hits on one diagonal that follow each other merge into a block of
   common words;
3. chain: the best chain of blocks increasing in both texts is chosen by
   dynamic programming, each block worth its words, each skipped word costing
   GAP_COST: a 75-word insertion in a long text is bridged, two copies of a
   license one after the other are not merged into one;
4. the gaps between chained blocks are what was added (query side) and
   removed (reference side).

`occurrences` repeats 3 on the blocks left over, so a license present twice is
found twice; blocks further apart than any chain could profitably bridge are
chained separately, which keeps long texts linear.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

ANCHOR_WORDS = 5  # length of the word runs used as anchors
GAP_COST = 0.1  # cost of one skipped word when chaining blocks (a block word is worth 1)
MAX_PREDECESSORS = 64  # how many earlier blocks the chain looks back over
WINDOW_FACTOR = 2  # a copy lies within this many reference lengths of any of its word runs seen
MAX_OCCURRENCES = 8  # chains tried per reference and stretch of text (copies of a license found)

Block = tuple[int, int, int]  # query start, reference start, length in words


# Gap and Alignment are named tuples: thousands are made per run, and a tuple is made several times
# faster than a frozen dataclass (whose __init__ sets each field through object.__setattr__).
class Gap(NamedTuple):
    """Words between two chained blocks: q_from:q_to in the query, r_from:r_to in the reference."""

    q_from: int
    q_to: int
    r_from: int
    r_to: int


class Alignment(NamedTuple):
    q_start: int
    q_end: int
    r_start: int
    r_end: int
    matched: int  # words in common
    gaps: tuple[Gap, ...]


def grams(ids: Sequence[int]) -> list[int]:
    """Hash of each run of ANCHOR_WORDS words, by start position."""
    return list(map(hash, zip(*(ids[k:] for k in range(ANCHOR_WORDS)))))


def anchor_map(ids: Sequence[int]) -> dict[int, int]:
    """Runs that occur once in the reference → where."""
    seen: dict[int, int] = {}
    repeated = set()
    for j, h in enumerate(grams(ids)):
        if h in seen:
            repeated.add(h)
        else:
            seen[h] = j
    for h in repeated:
        del seen[h]
    return seen


def blocks(query_grams: Sequence[int], anchors: dict[int, int], windows: Sequence[tuple[int, int]] = ()) -> list[Block]:
    """Merge anchor hits on one diagonal into blocks, in query order (only inside `windows` if given)."""
    out: list[Block] = []
    get = anchors.get
    for lo, hi in windows or ((0, len(query_grams)),):
        start_i = start_j = last_i = last_j = -2
        for i, j in enumerate(map(get, query_grams[lo:hi]), lo):
            if j is None:
                continue
            if i == last_i + 1 and j == last_j + 1:
                last_i, last_j = i, j
                continue
            if last_i >= 0:
                out.append((start_i, start_j, last_i - start_i + ANCHOR_WORDS))
            start_i = last_i = i
            start_j = last_j = j
        if last_i >= 0:
            out.append((start_i, start_j, last_i - start_i + ANCHOR_WORDS))
    return out


def windows(positions: Sequence[int], ref_words: int, total: int) -> list[tuple[int, int]]:
    """Where copies of a reference can be, given where some of its word runs were seen."""
    reach = WINDOW_FACTOR * ref_words
    out: list[tuple[int, int]] = []
    for p in sorted(positions):
        lo, hi = max(0, p - reach), min(total, p + reach)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def best_chain(bl: Sequence[Block]) -> list[Block]:
    """The highest-scoring chain of blocks, trimmed so blocks do not overlap."""
    n = len(bl)
    if not n:
        return []
    best = [0.0] * n
    prev = [-1] * n
    qs = [b[0] for b in bl]
    rs = [b[1] for b in bl]
    qe = [b[0] + b[2] for b in bl]
    re_ = [b[1] + b[2] for b in bl]
    # bounds over blocks 0..a, to stop looking back once no earlier block can help
    top = [0.0] * n
    reach = [0] * n
    for b in range(n):
        bi, bj, bn = bl[b]
        value, before = float(bn), -1
        for a in range(b - 1, max(-1, b - MAX_PREDECESSORS - 1), -1):
            if top[a] + bn - GAP_COST * (bi - reach[a]) <= value:
                break
            if qs[a] >= bi or rs[a] >= bj:
                continue
            oq = qe[a] - bi
            orr = re_[a] - bj
            overlap = oq if oq > orr else orr
            if overlap < 0:
                overlap = 0
            elif overlap >= bn:
                continue
            gap = (-oq if oq < 0 else 0) + (-orr if orr < 0 else 0)
            v = best[a] + bn - overlap - GAP_COST * gap
            if v > value:
                value, before = v, a
        best[b], prev[b] = value, before
        top[b] = value if b == 0 or value > top[b - 1] else top[b - 1]
        reach[b] = qe[b] if b == 0 or qe[b] > reach[b - 1] else reach[b - 1]
    b = max(range(n), key=best.__getitem__)
    chain = []
    while b >= 0:
        chain.append(b)
        b = prev[b]
    chain.reverse()
    out: list[Block] = []
    for b in chain:
        bi, bj, bn = bl[b]
        if out:
            ai, aj, an = out[-1]
            overlap = max(ai + an - bi, aj + an - bj, 0)
            bi, bj, bn = bi + overlap, bj + overlap, bn - overlap
        out.append((bi, bj, bn))
    return out


def to_alignment(chain: Sequence[Block]) -> Alignment:
    gaps = []
    for (ai, aj, an), (bi, bj, _bn) in zip(chain, chain[1:]):
        if bi > ai + an or bj > aj + an:
            gaps.append(Gap(ai + an, bi, aj + an, bj))
    first, last = chain[0], chain[-1]
    return Alignment(
        q_start=first[0], q_end=last[0] + last[2], r_start=first[1], r_end=last[1] + last[2],
        matched=sum(c[2] for c in chain), gaps=tuple(gaps),
    )


def _clusters(bl: Sequence[Block], max_gap: int) -> list[list[Block]]:
    """Blocks split where the query gap is so long that no chain could profitably cross it."""
    out: list[list[Block]] = []
    reach = -max_gap - 1
    for b in bl:
        if b[0] - reach > max_gap:
            out.append([])
        out[-1].append(b)
        reach = max(reach, b[0] + b[2])
    return out


def occurrences(
    query_grams: Sequence[int], anchors: dict[int, int], min_words: int, min_density: float = 0.0,
    where: Sequence[tuple[int, int]] = (),
) -> list[Alignment]:
    """Every place the reference occurs with at least `min_words` words in common, best first.

    A chain whose region is less than `min_density` common words is scattered
    phrases, not an occurrence: it is set aside, and only MAX_OCCURRENCES
    chains are tried per cluster.
    """
    # crossing a gap of g words costs GAP_COST * g and can gain at most the reference's length
    max_gap = int(max(anchors.values(), default=0) / GAP_COST) + ANCHOR_WORDS
    found: list[Alignment] = []
    for remaining in _clusters(blocks(query_grams, anchors, where), max_gap):
        for _attempt in range(MAX_OCCURRENCES):
            if sum(b[2] for b in remaining) < min_words:
                break
            al = to_alignment(best_chain(remaining))
            if al.matched < min_words:
                break
            if al.matched >= min_density * (al.q_end - al.q_start):
                found.append(al)
            remaining = [b for b in remaining if b[0] + b[2] <= al.q_start or b[0] >= al.q_end]
            if not remaining:
                break
    found.sort(key=lambda a: -a.matched)
    return found


def extend(al: Alignment, q_ids: Sequence[int], r_ids: Sequence[int]) -> Alignment:
    """Grow an alignment word by word at both ends while the texts agree: words of a sentence
    the reference repeats (GPL's "or any later version" notice, again in its appendix) have no
    unique anchors, so no block starts there."""
    qs, rs, qe, re_ = al.q_start, al.r_start, al.q_end, al.r_end
    while qs > 0 and rs > 0 and q_ids[qs - 1] == r_ids[rs - 1]:
        qs, rs = qs - 1, rs - 1
    while qe < len(q_ids) and re_ < len(r_ids) and q_ids[qe] == r_ids[re_]:
        qe, re_ = qe + 1, re_ + 1
    if (qs, qe) == (al.q_start, al.q_end):
        return al
    return Alignment(qs, qe, rs, re_, al.matched + (al.q_start - qs) + (qe - al.q_end), al.gaps)
