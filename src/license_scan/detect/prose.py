"""License statements in card prose: weak evidence, below front matter and files.

"Released under the Apache 2.0 license", "licensed under CC-BY-NC-4.0", "same
license as the base model". A sentence that speaks of code or data speaks for
that component, not for the weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan import limits
from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.model import ComponentName, Evidence, Finding, FindingSource, Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

SCORE_PROSE = 0.5
MAX_NAME_WORDS = 8  # longest license name tried after "under"

_STATEMENT = re.compile(
    r"(?:licen[cs]ed|released|distributed|available|published|provided|governed|made available|subject to)"
    r"\s+(?:\w+\s+){0,3}?(?:under|by|to)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?(?P<name>(?:[^\n.;,()]|\.(?=\d)){2,120})",
    re.IGNORECASE,
)
# "## License" followed by the name on the same line or the next non-blank one
_LICENSE_HEADING = re.compile(r"^#{1,6}[ \t]*licen[cs]e[ \t]*:?\s*(?P<name>[^\n#]*)$", re.IGNORECASE | re.MULTILINE)
_INHERIT = re.compile(r"same licen[cs]e as (?:the )?(?:original |base |parent )?model", re.IGNORECASE)
_CODE = re.compile(r"\b(?:code|codebase|source|scripts?|repository code|inference code)\b", re.IGNORECASE)
_DATA = re.compile(r"\b(?:data ?sets?|training data|data)\b", re.IGNORECASE)
_WEIGHTS = re.compile(r"\b(?:weights?|models?|checkpoints?|parameters)\b", re.IGNORECASE)
_STRIP = re.compile(r"[*_`\[\]<>\"']")
_TRAILING = re.compile(r"\s+(?:licen[cs]e|agreement|terms)\b.*$", re.IGNORECASE)


@dataclass(frozen=True)
class ProseStatement:
    component: ComponentName
    evidence: Evidence
    sentence: str


def _lookup(name: str, ruleset: Ruleset) -> str | None:
    """Longest prefix of the words after 'under' that names a license."""
    words = _STRIP.sub("", name).split()
    for n in range(min(len(words), MAX_NAME_WORDS), 0, -1):
        candidate = " ".join(words[:n]).strip(" :-")
        for text in (candidate, _TRAILING.sub("", candidate), candidate + " license"):
            rule = ruleset.by_name(text) if text else None
            if rule is not None and rule.category != "unknown":
                return rule.id
    return None


def _sentence(body: str, start: int, end: int) -> tuple[int, int]:
    left = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (body.find(". ", end), body.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(body)
    return left, right


def _component(sentence: str, default: ComponentName) -> ComponentName:
    has_code, has_data, has_weights = (bool(p.search(sentence)) for p in (_CODE, _DATA, _WEIGHTS))
    if has_code and not has_weights:
        return "code"
    if has_data and not has_weights and not has_code:
        return "data"
    return default


def detect_prose(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """License statements in the card's body (below its front matter)."""
    if not snapshot.body:
        return Detected()
    sink = EvidenceSink()
    path = snapshot.card.path if snapshot.card else "README.md"
    for st in prose_statements(snapshot.body, ruleset, path=path, line_offset=snapshot.body_line,
                               default=main_component(snapshot)):
        sink.add(st.component, [st.evidence])
    if len(snapshot.body) > limits.MAX_PROSE_CHARS:
        sink.findings.append(Finding(
            "info", "card-prose-truncated",
            f"{snapshot.repo_id}: the card's text is {len(snapshot.body)} characters; license statements were "
            f"looked for in the first {limits.MAX_PROSE_CHARS} only", FindingSource(snapshot.repo_id, path)))
    return sink.result()


def prose_statements(body: str, ruleset: Ruleset, *, path: str, line_offset: int,
                     default: ComponentName) -> list[ProseStatement]:
    """Every license a sentence of the card names, with the component it speaks for."""
    body = body[:limits.MAX_PROSE_CHARS]
    found: list[ProseStatement] = []
    seen: set[tuple[str, str]] = set()
    hits = [(m.start(), m.end(), m.group("name")) for m in _STATEMENT.finditer(body)]
    hits += [(m.start(), m.end(), m.group("name")) for m in _LICENSE_HEADING.finditer(body) if m.group("name").strip()]
    for start, end, name in sorted(hits):
        rule_id = _lookup(name, ruleset)
        if rule_id is None:
            continue
        left, right = _sentence(body, start, end)
        sentence = body[left:right].strip()
        component = _component(sentence, default)
        if (component, rule_id) in seen:
            continue
        seen.add((component, rule_id))
        line = line_offset + body.count("\n", 0, start)
        span = Span(start, end, line, line + body.count("\n", start, end))
        ev = Evidence("prose", rule_id, SCORE_PROSE, path=path, span=span, value=sentence[:200])
        found.append(ProseStatement(component, ev, sentence))
    return found


def says_same_as_base(body: str) -> bool:
    """'Same license as the base model': the graph resolves it from the parent."""
    return bool(_INHERIT.search(body[:limits.MAX_PROSE_CHARS]))
