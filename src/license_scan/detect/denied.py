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
_CACHE: dict[str, re.Pattern[str] | None] = {}


def _pattern(ruleset: Ruleset) -> re.Pattern[str] | None:
    """One pattern for every rule's denied uses, the rule found by the group that matched."""
    if ruleset.digest not in _CACHE:
        groups = []
        for k, rule in enumerate(r for r in ruleset.rules if r.match.denied_uses):
            uses = "|".join(re.escape(u).replace(r"\ ", r"[ \t]+") for u in sorted(rule.match.denied_uses, key=len, reverse=True))
            groups.append(f"(?P<r{k}_{rule.id.replace('-', '_')}>{uses})")
        _CACHE[ruleset.digest] = re.compile(
            rf"^[ \t>]*(?:[-*+][ \t]+|\|[ \t]*)?[*_`]*(?:{'|'.join(groups)})[*_`]*[ \t]*(?::|\|)[ \t*_`]*"
            rf"{_DENIALS}[ \t*_`.!]*(?=[|(]|$)", re.IGNORECASE | re.MULTILINE) if groups else None
    return _CACHE[ruleset.digest]


def detect_denied_uses(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    pattern = _pattern(ruleset)
    if pattern is None or not snapshot.body:
        return Detected()
    ids = {f"r{k}_{r.id.replace('-', '_')}": r.id for k, r in enumerate(r for r in ruleset.rules if r.match.denied_uses)}
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
