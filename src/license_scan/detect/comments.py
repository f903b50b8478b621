"""Comments in a card's YAML front matter: `license: apache-2.0  # weights: non-commercial use only`.

Why: YAML drops comments, so the metadata never shows them, yet an author may put terms there (or hide
them there). They are read as card prose: weak evidence that decides only where nothing stronger names
a license, or joins where it is more restrictive, named "front matter comment".
"""

from __future__ import annotations

from dataclasses import replace

from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.detect.prose import prose_statements
from license_scan.lazyre import LazyPattern
from license_scan.model import Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

# `#` that starts a comment: at the start of a line or after white space, outside a quoted scalar
_COMMENT = LazyPattern(r"""^(?:[^#'"\n]|'[^'\n]*'|"[^"\n]*")*?(?<!\S)#+[ \t]?(?P<text>[^\n]*)$""")


def front_matter_comments(text: str, body_line: int) -> list[tuple[int, str]]:
    """(1-based line, comment text) of each comment in the front matter (the lines before the body)."""
    lines = text.split("\n")[:max(0, body_line - 1)]
    out = []
    for number, line in enumerate(lines, start=1):
        if line.strip() == "---":
            continue
        m = _COMMENT.match(line)
        if m and m.group("text").strip():
            out.append((number, m.group("text").strip()))
    return out


def detect_front_matter_comments(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    card = snapshot.card
    if card is None or not card.text or snapshot.body_line <= 1:
        return Detected()
    comments = front_matter_comments(card.text, snapshot.body_line)
    if not comments:
        return Detected()
    sink = EvidenceSink()
    main = main_component(snapshot)
    for line, comment in comments:
        for st in prose_statements(comment + ".", ruleset, path=card.path, line_offset=line, default=main,
                                   repo_id=snapshot.repo_id, card=True):
            sink.add(st.component, [replace(st.evidence, span=Span(0, 0, line, line),
                                            value=f"front matter comment: {st.evidence.value}")])
    return sink.result()
