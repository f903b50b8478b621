"""Words that state a restriction, looked for where a license text was not matched.

Why a list and not a model: a restriction added to a permissive license is
what turns it into another one, so missing one is the costly error; the cues
are the wordings real files use (non-commercial, research or evaluation only,
fees and revenue shares, military use, a Commons Clause, "the weights are
under ..."). They are only looked for outside the matched license wording
(next to it, or anywhere else in a license file), never inside it: license
texts say "shall not" about themselves all the time.
"""

from __future__ import annotations

from license_scan.detect.text.normalize import phrase_words
from license_scan.detect.text.query import Query

_RESTRICTIONS = (
    "noncommercial", "non commercial", "not for commercial", "no commercial", "commercial use is prohibited",
    "commercial use prohibited", "commercial license is required", "commercial licence is required",
    "prohibited", "is not permitted", "are not permitted", "not allowed", "may not be used", "must not be used",
    "shall not be used", "may not sell", "not sell", "not be sold",
    "research purposes only", "research use only", "for research only", "research only", "academic use only",
    "academic purposes only", "evaluation purposes only", "for evaluation only", "evaluation only",
    "personal use only", "military", "royalty", "royalties", "revenue", "license fee", "licence fee",
    "must pay", "shall pay", "commons clause", "employees",
)
_WEIGHTS = ("model weights", "weights are", "weights is", "checkpoints are", "pretrained weights", "pre trained weights")

RESTRICTION_CUES: tuple[tuple[str, ...], ...] = tuple(phrase_words(p) for p in _RESTRICTIONS)
WEIGHTS_CUES: frozenset[tuple[str, ...]] = frozenset(phrase_words(p) for p in _WEIGHTS)
ALL_CUES = RESTRICTION_CUES + tuple(sorted(WEIGHTS_CUES))
_FIRST = frozenset(c[0] for c in ALL_CUES)


def cue_at(ws: tuple[str, ...] | list[str], k: int, cues: tuple[tuple[str, ...], ...] = ALL_CUES) -> tuple[str, ...] | None:
    """The cue starting at word k, if any."""
    if ws[k] not in _FIRST:
        return None
    for cue in cues:
        if tuple(ws[k:k + len(cue)]) == cue:
            return cue
    return None


def line_note(q: Query, word: int) -> str:
    """'line N: added "<the line holding that word>"'."""
    w = q.words
    text = w.text
    s = text.rfind("\n", 0, w.starts[word]) + 1
    e = text.find("\n", w.ends[word])
    line = " ".join(text[s:e if e >= 0 else len(text)].split())
    return f'line {w.line_of(w.starts[word])}: added "{line}"'


def cue_lines(q: Query, lo: int, hi: int, *, with_cue: bool = False) -> list:
    """Each line in words lo:hi holding a cue, quoted once (with the cue when asked)."""
    ws = q.words.words
    out: list = []
    seen: set[int] = set()
    for k in range(lo, min(hi, len(ws))):
        cue = cue_at(ws, k)
        if cue is None:
            continue
        line = q.words.line_of(q.words.starts[k])
        if line in seen:
            continue
        seen.add(line)
        note = line_note(q, k)
        out.append((note, cue) if with_cue else note)
    return out
