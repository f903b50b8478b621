"""License names in prose: which licenses a name list opens with, and what looks like a license name.

"MIT and CC-BY-NC-4.0", "MIT or Apache 2.0", "the Apache License, Version 2.0": the longest run of
words the rule set knows, part by part. A name the rule set does not know but that calls itself a
license ("the Coqui Public Model License") is told apart from a reference ("a custom license",
"the license below"), which names nothing.
"""

from __future__ import annotations

import re

from license_scan.lazyre import LazyPattern
from license_scan.ruleset import Ruleset

MAX_NAME_WORDS = 8  # longest license name tried after "under"

LICENSISH = LazyPattern(r"\b(?:licen[cs]es?|agreement|terms\s+of\s+use)\b|许可|协议", re.IGNORECASE)
STRIP = LazyPattern(r"[*_`\[\]<>\"'《》“”]")
_TRAILING = LazyPattern(r"\s+(?:licen[cs]e|agreement|terms)\b.*$", re.IGNORECASE)
_PARTS = LazyPattern(r"\s*(?:,|\band/or\b|\band\b|\bor\b|&|\bplus\b|\bas\s+well\s+as\b|/(?=\s)|、|和|或)\s*", re.I)
_NOT_A_NAME = LazyPattern(r"^(?:this|that|these|those|same|our|its|their|your|a|an|any|custom|separate|different|"
                          r"permissive|open|original|base|following|below|above|respective|applicable|"
                          r"corresponding|specific|other|such|relevant|new|own)\b", re.IGNORECASE)

_SENTENCE_WORDS = frozenset("is are was were be been under by released licensed distributed available this that with "
                            "for to of in on and or we you it see our your their its".split())


def lookup(name: str, ruleset: Ruleset) -> str | None:
    """Longest prefix of the words after 'under' that names a license."""
    words = STRIP.sub("", name).split()
    for n in range(min(len(words), MAX_NAME_WORDS), 0, -1):
        candidate = " ".join(words[:n]).strip(" :-")
        for text in (candidate, _TRAILING.sub("", candidate), candidate + " license"):
            rule = ruleset.by_name(text) if text else None
            if rule is not None and rule.category != "unknown":
                return None if _name_goes_on(words[n:n + 5]) else rule.id
    return None


def _name_goes_on(rest: list[str]) -> bool:
    """'Fair [AI Public License 1.0-SD]': the words after a known name go on naming another license."""
    if not rest or not re.match(r"[A-Z0-9]", rest[0]) or LICENSISH.match(rest[0]):
        return False
    return any(LICENSISH.search(w) for w in rest[1:])


def names(text: str, ruleset: Ruleset) -> tuple[list[str], str | None]:
    """The licenses a name list opens with ("MIT and CC-BY-NC-4.0", "MIT or Apache 2.0"), and the
    operator joining them; stops at the first part that names no license."""
    parts = _PARTS.split(text.strip(), maxsplit=4)
    seps = [m.group(0).strip().lower() for m in _PARTS.finditer(text.strip())][:4]
    found: list[str] = []
    for i, part in enumerate(parts):
        rule_id = lookup(part, ruleset) if part.strip() else None
        if rule_id is None:
            seps = seps[:max(0, i - 1)]
            break
        if rule_id not in found:
            found.append(rule_id)
    op = "OR" if seps and all(s in ("or", "/", "and/or", "或") for s in seps) else "AND"
    return found, op


def looks_like_license_name(text: str) -> bool:
    """'the Coqui Public Model License', 'MiniCPM Model License.md', '《Skywork 模型社区许可协议》'."""
    words = " ".join(STRIP.sub("", text).split()[:MAX_NAME_WORDS])
    words = re.sub(r"^the\s+", "", words, flags=re.IGNORECASE)
    m = LICENSISH.search(words)
    if m is None or _NOT_A_NAME.match(words):
        return False
    head = words[:m.start()].split()
    if len(head) > 5 or any(w.lower() in _SENTENCE_WORDS for w in head):
        return False  # a sentence that mentions a license, not a license's name
    return bool(re.search(r"[A-Z0-9\u4e00-\u9fff]", " ".join(head)))
