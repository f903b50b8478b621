"""A card's permission table or labelled line that denies a use: `| Commercial use | ❌ |`, `- Commercial: No`.

Why: a matrix of uses with yes/no marks states terms as plainly as a sentence, but in no sentence the
phrase reader could find. The uses are rule-set data (`match.denied_uses` of the stated-restriction
rules); the marks that deny are words and symbols of any card. The use must be the whole key of the
row or label ("Non-commercial use: ✅" is another key), and the value must be a denial alone (or one
with a parenthesis after it): "No restrictions" and "no longer restricted" deny nothing.
Card prose: weak evidence, as any card sentence.
"""

from __future__ import annotations

import re

from license_scan import limits
from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.detect.prose import SCORE_PROSE
from license_scan.model import Evidence, Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

_DENIALS = r"(?:no|not\s+allowed|not\s+permitted|prohibited|forbidden|disallowed|✗|✘|❌|×|🚫|⛔|🙅)"
_CACHE: dict[str, tuple[re.Pattern[str], dict[str, str]] | None] = {}


def _pattern(ruleset: Ruleset) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One pattern for every rule's denied uses, and the rule each of its groups stands for."""
    if ruleset.digest not in _CACHE:
        ids = {f"r{k}": r.id for k, r in enumerate(r for r in ruleset.rules if r.match.denied_uses)}
        groups = []
        for group, rule_id in ids.items():
            uses = sorted(ruleset.get(rule_id).match.denied_uses, key=len, reverse=True)
            alternatives = "|".join(re.escape(u).replace(r"\ ", r"[ \t]+") for u in uses)
            groups.append(f"(?P<{group}>{alternatives})")
        _CACHE[ruleset.digest] = (re.compile(
            rf"^[ \t>]*(?:[-*+][ \t]+|\|[ \t]*)?[*_`]*(?:{'|'.join(groups)})[*_`]*[ \t]*(?::|\|)[ \t*_`]*"
            rf"{_DENIALS}[ \t*_`.!]*(?=[|(]|$)", re.IGNORECASE | re.MULTILINE), ids) if groups else None
    return _CACHE[ruleset.digest]


def detect_denied_uses(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    found = _pattern(ruleset)
    if found is None or not snapshot.body:
        return Detected()
    pattern, ids = found
    body = snapshot.body[:limits.MAX_PROSE_CHARS]
    path = snapshot.card.path if snapshot.card else "README.md"
    sink = EvidenceSink()
    seen: set[str] = set()
    for m in pattern.finditer(body):
        rule_id = ids[next(g for g, v in m.groupdict().items() if v is not None)]
        if rule_id in seen:
            continue
        seen.add(rule_id)
        line = snapshot.body_line + body.count("\n", 0, m.start())
        text = " ".join(m.group(0).split())
        sink.add(main_component(snapshot), [Evidence("prose", rule_id, SCORE_PROSE, path=path,
                                                     span=Span(m.start(), m.end(), line, line), value=text[:200])])
    return sink.result()
