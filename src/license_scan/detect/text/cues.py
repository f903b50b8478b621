"""Words that state a restriction, looked for where a license text was not matched.

Why a list and not a model: a restriction added to a permissive license is
what turns it into another one, so missing one is the costly error; the cues
are the wordings real files use (non-commercial, research or evaluation only,
fees and revenue shares, military use, a Commons Clause, "the weights are
under ..."), a few of them in Chinese, German, French, Spanish, Portuguese
and Italian. They are only looked for outside the matched license wording
(next to it, or anywhere else in a license file), never inside it: license
texts say "shall not" about themselves all the time.

Outside a matched license, a line in a script the cues cannot read (Chinese,
Cyrillic, Arabic, ...) and not part of a notice may state anything: it is
reported like a restricting line (`unread_lines`), never skipped; so is a word
that mixes Latin letters with letters of another script (a Cyrillic "о" in
"nоn-commercial" hides it from the cues).
"""

from __future__ import annotations

from license_scan import limits
from license_scan.detect.text.normalize import phrase_words
from license_scan.detect.text.noterms import UNREAD_LETTER
from license_scan.detect.text.query import Query
from license_scan.lazyre import LazyPattern

_RESTRICTIONS = (
    "noncommercial", "non commercial", "not for commercial", "no commercial", "commercial use is prohibited",
    "commercial use prohibited", "commercial license is required", "commercial licence is required",
    "prohibited", "is not permitted", "are not permitted", "not allowed", "may not be used", "must not be used",
    "shall not be used", "may not sell", "not sell", "not be sold",
    "research purposes only", "research use only", "for research only", "research only", "academic use only",
    "academic purposes only", "evaluation purposes only", "for evaluation only", "evaluation only",
    "personal use only", "military", "royalty", "royalties", "revenue", "license fee", "licence fee",
    "must pay", "shall pay", "commons clause", "employees",
    "not use the software to", "not use the software for", "not use the model", "not use the weights",
    "not use it to", "not use it for", "only be used", "may be used only",
    # the same in other languages a license file is written in (outside a matched license text only)
    "商用", "商业", "禁止", "仅供", "仅限", "不得", "kommerziell", "kommerzielle", "kommerziellen", "untersagt",
    "verboten", "commerciale", "commerciales", "interdit", "interdite", "comercial", "comerciales", "prohibido",
    "prohibida", "proibido", "proibida", "vietato", "vietata",
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


def cue_lines(q: Query, lo: int, hi: int, *, with_cue: bool = False, seen: set[int] | None = None) -> list:
    """Each line in words lo:hi holding a cue, quoted once (with the cue when asked); the numbers of
    the lines quoted are added to `seen`."""
    ws = q.words.words
    out: list = []
    seen = set() if seen is None else seen
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


_LATIN_LETTER = LazyPattern(r"[A-Za-z]")


def unread_lines(q: Query, lo: int, hi: int, noted: set[int]) -> list[str]:
    """Each line in words lo:hi (not in `noted`, the lines already quoted) holding at least
    limits.MIN_UNREAD_LETTERS letters of a script the cues cannot read outside a notice, quoted once."""
    w = q.words
    counts: dict[int, int] = {}
    first: dict[int, int] = {}
    for k in range(lo, min(hi, len(w.words))):
        word = w.words[k]
        if word.isascii() or w.boiler[k]:
            continue
        letters = len(UNREAD_LETTER.findall(word))  # letters of a script the cues cannot read
        if not letters:
            continue
        if _LATIN_LETTER.search(word):  # "nоn-cоmmеrcial" with Cyrillic "о" and "е": a word hiding from the cues
            letters = limits.MIN_UNREAD_LETTERS
        line = w.line_of(w.starts[k])
        counts[line] = counts.get(line, 0) + letters
        first.setdefault(line, k)
    out = []
    for line, n in counts.items():
        if n >= limits.MIN_UNREAD_LETTERS and line not in noted:
            note = line_note(q, first[line])
            out.append(note.replace(": added ", ": added, in a script license-scan cannot read, ", 1))
    return out
