"""Card prose as a careful reader splits it: sentences, clauses, what a clause speaks for, denials.

No license is named here: only the grammar of English and Chinese license
sentences (which words deny, contrast or name a component).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan.lazyre import LazyPattern
from license_scan.model import ComponentName

# A sentence ends at ". " (not inside "2.0"), "!", "?", a line break, or Chinese full stops.
_SENTENCE_END = LazyPattern(r"(?<=[.!?])\s+|\n|(?<=[。！？])")
# Clause boundaries inside a sentence.
_CLAUSE_SEP = LazyPattern(
    r"\s*;\s*|[；，]|\s+(?:but|however|whereas|while|although|though|yet|except)\b,?"
    r"|,\s*(?:so|hence|thus|therefore)\b|[但而](?=\S)",
    re.IGNORECASE)
# "… and the weights are …": a new clause only when the part before it already says something
_AND_CLAUSE = LazyPattern(r",?\s+and\s+(?=(?:the|its|our|all|this|these|any)\s+(?:\S+\s+){0,2}?"
                          r"(?:code|weights?|models?|data|datasets?|checkpoints?)\b)", re.IGNORECASE)
_HAS_VERB = LazyPattern(r"\b(?:is|are|was|were|under|licen[cs]ed|released|available|distributed|only)\b", re.I)
# A leading phrase that sets something apart: "Unlike X, which was MIT, this one …"
_LEADING = LazyPattern(r"\W*(?P<cue>unlike|in contrast to|as opposed to|compared (?:to|with)|instead of|rather than|"
                       r"while|whereas|although|though|even though)\b", re.IGNORECASE)
_CONTRAST_LEADS = ("unlike", "in contrast to", "as opposed to", "compared to", "compared with", "instead of",
                   "rather than")
_RELATIVE = LazyPattern(r"\s*(?:which|who|that|whose|where|when|as|e\.g|i\.e|released|licen[cs]ed|trained|"
                        r"distributed|published|formerly|previously)\b", re.IGNORECASE)

# Words that deny what follows in their clause.
NEGATION = LazyPattern(r"\b(?:not|never|no\s+longer|neither|nor|cannot)\b|n't\b|不是|并非|不再|并不|而非|不采用|不使用|"
                       r"不属于|不适用", re.IGNORECASE)
# Time or another model: the license belongs to something else.
ELSEWHERE = LazyPattern(r"\b(?:previously|formerly|used\s+to\s+be|no\s+longer|instead\s+of|rather\s+than|"
                        r"as\s+opposed\s+to|in\s+contrast|unlike)\b|不同于|之前|此前|原先", re.IGNORECASE)
# A component noun qualified as another model's: "the original model", "the base model's weights".
OTHER_MODEL = LazyPattern(r"\b(?:original|base|parent|previous|prior|earlier|older|upstream|teacher|"
                          r"predecessor|former|other|v1|underlying)\b[\w\s'’-]{0,30}$|(?:原始|原版|基座|基础|上一代|前代|其他)\S{0,6}$",
                          re.IGNORECASE)

_NOUNS = LazyPattern(
    r"(?P<none>\bmodel\s+cards?\b|\bcode\s+of\s+conduct\b|\bdata\s+cards?\b|\bdataset\s+cards?\b)"
    r"|(?P<code>\b(?:(?:model(?:ing)?|inference|training|evaluation|source|example|sample|demo|repository|repo)\s+)?"
    r"code(?:base)?s?\b|\bscripts?\b|\bsoftware\b|代码|源码|源代码)"
    r"|(?P<data>\b(?:training\s+|test\s*|eval(?:uation)?\s+)?data(?:\s*sets?)?\b|\bcorp(?:us|ora)\b|数据集?|语料)"
    r"|(?P<weights>\b(?:model\s+)?(?:weights?|checkpoints?|parameters)\b|\b(?:fine-?tuned\s+)?models?\b|"
    r"\bfine-?tunes?\b|\badapters?\b|\bloras?\b|模型|权重)",
    re.IGNORECASE)
_CHAIN = LazyPattern(r"^\s*(?:,|and|&|/|or|as\s+well\s+as|plus|和|与|及|以及|、)?\s*(?:,|and|&)?\s*(?:the|its|our|all)?\s*$",
                     re.IGNORECASE)
_RELATIVE_LINK = LazyPattern(r"^\s*,?\s*(?:which|that)\s+(?:is|are|was|were)?\s*(?:only\s+)?(?:available\s+|intended\s+|"
                             r"released\s+|provided\s+|licen[cs]ed\s+)?$", re.IGNORECASE)

# "- **Model weights:** CC-BY-NC-4.0", "1. `code`: …", "License: MIT", "许可证：…"
_LINK_TARGET = LazyPattern(r"\]\([^)\s]*\)")
_LIST_MARK = LazyPattern(r"^[ \t>]*(?:[-*+•]|\d{1,2}[.)])?[ \t]*")
_LABEL = LazyPattern(r"^(?P<label>[^:：\n|]{1,48}?)[ \t]*(?:\*\*|__)?[ \t]*[:：](?P<value>.*)$")
_LICENSE_WORD = r"(?:licen[cs]e|licensing|license\s+type|terms(?:\s+of\s+use)?|许可证|许可协议|开源协议|许可|协议|授权)"
_LABEL_LICENSE = LazyPattern(rf"^(?:the\s+)?(?P<comp>[\w\s-]*?)\s*{_LICENSE_WORD}\s*(?:\((?P<comp2>[^)]*)\))?$", re.I)

# A label that is only a component's name: "Weights", "Model weights", "Source code", "Training data", "代码"
_COMPONENT_LABEL = LazyPattern(r"(?:the\s+)?(?:(?:model|trained\s+model)\s+)?(?:weights?|checkpoints?|models?)|"
                               r"(?:source\s+|model\s+|inference\s+|training\s+)?code|"
                               r"(?:training\s+|test\s*|evaluation\s+)?(?:data|datasets?|data\s+sets?)|模型|权重|模型权重|代码|数据|数据集",
                               re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    start: int  # offsets in the body
    end: int
    contrast: bool  # inside "Unlike …,": what it names is another thing's


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the non-blank sentences of text[start:end]."""
    end = len(text) if end is None else end
    out, pos = [], start
    for m in [*_SENTENCE_END.finditer(text, start, end), None]:
        stop = end if m is None else m.start()
        piece = text[pos:stop]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((pos + lead, pos + len(piece.rstrip())))
        pos = stop if m is None else m.end()
    return out


def clauses(text: str, start: int, end: int) -> list[Clause]:
    """The clauses of one sentence: split on ';', 'but', 'while', ', and the …', and after a leading
    'Unlike …,' / 'While …,' phrase (which ends at the first comma that opens the main clause)."""
    pieces, pos = [], start
    for m in _CLAUSE_SEP.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        out.extend(_split_and(text, a, b))
    return [c for part in out for c in _split_leading(text, part)]


def _split_and(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out, pos = [], a
    for m in _AND_CLAUSE.finditer(text, a, b):
        if _HAS_VERB.search(text, pos, m.start()):
            out.append((pos, m.start()))
            pos = m.end()
    out.append((pos, b))
    return out


def _split_leading(text: str, part: tuple[int, int]) -> list[Clause]:
    a, b = part
    m = _LEADING.match(text, a, b)
    if m is None:
        return [Clause(a, b, False)]
    contrast = m.group("cue").lower() in _CONTRAST_LEADS
    pos = m.end()
    while True:
        comma = text.find(",", pos, b)
        if comma == -1:
            return [Clause(a, b, contrast)]
        if not _RELATIVE.match(text, comma + 1, b):
            return [Clause(a, comma, contrast), Clause(comma + 1, b, False)]
        pos = comma + 1


def nouns(text: str) -> list[tuple[int, int, ComponentName]]:
    return [(m.start(), m.end(), m.lastgroup) for m in _NOUNS.finditer(text) if m.lastgroup != "none"]  # type: ignore[misc]


def route(clause: str, verb: int, name: int) -> tuple[list[ComponentName], bool]:
    """What a clause speaks for, and whether that is another model ("the original model …").

    `verb` and `name` are offsets in `clause`: where the statement begins and where the license (or
    restriction) is named. An object between them ("release the code under") decides; else the
    noun a participle or relative clause hangs on ("data licensed under", "data which is for");
    else the subject (the first noun, with those joined to it by 'and' / ',').
    """
    found = nouns(clause)
    between = [n for n in found if verb <= n[0] and n[1] <= name]
    before = [n for n in found if n[1] <= verb]
    if between:
        chosen = _chain(clause, between)
    elif before:
        last = before[-1]
        gap = clause[last[1]:verb]
        if not gap.strip() or _RELATIVE_LINK.match(gap):
            chosen = [last]
        else:
            chosen = _chain(clause, before)
    else:
        return [], bool(OTHER_MODEL.search(clause[:verb])) if verb else False
    other = bool(OTHER_MODEL.search(clause[max(0, chosen[0][0] - 40):chosen[0][0]]))
    comps: list[ComponentName] = []
    for n in chosen:
        if n[2] not in comps:
            comps.append(n[2])
    return comps, other


def _chain(clause: str, found: list[tuple[int, int, ComponentName]]) -> list[tuple[int, int, ComponentName]]:
    chosen = [found[0]]
    for prev, nxt in zip(found, found[1:]):
        if not _CHAIN.match(clause[prev[1]:nxt[0]]):
            break
        chosen.append(nxt)
    return chosen


def label(line: str) -> tuple[str, str, int] | None:
    """A 'Label: value' line (list item, bold label, definition): (folded label, value, value offset)."""
    clean = _LINK_TARGET.sub("]", line)
    mark = _LIST_MARK.match(clean)
    body = clean[mark.end():] if mark else clean
    m = _LABEL.match(body)
    if m is None:
        return None
    folded = re.sub(r"[*_`\[\]]", "", m.group("label")).strip().lower()
    value = m.group("value").strip().lstrip("*_ ").strip()
    offset = line.find(value[:20]) if value else len(line)
    return folded, value, max(offset, 0)


def label_component(folded: str, default: ComponentName, *, in_section: bool) -> ComponentName | None:
    """The component a label speaks for: 'license' → the default, 'code license' / 'weights' → that one.
    A bare component label ('Weights:') counts only under a License heading."""
    m = _LABEL_LICENSE.match(folded)
    if m is not None:
        words = f"{m.group('comp') or ''} {m.group('comp2') or ''}".strip()
        if not words or words in ("model", "this model", "the model"):
            return default if not words else "weights"
        return component_word(words)
    if not _COMPONENT_LABEL.fullmatch(folded):
        return None  # "- Model type: …", "- LoRA rank: 32": facts about the model, not its terms
    if not in_section and re.fullmatch(r"(?:the\s+)?models?", folded):
        return None  # "- Model: Llama 3 8B" names a model; under a License heading it is the weights
    return component_word(folded)


def is_license_label(folded: str) -> bool:
    return _LABEL_LICENSE.match(folded) is not None


def component_word(words: str) -> ComponentName | None:
    found = {n[2] for n in nouns(words)}
    if len(found) == 1 and not re.search(r"\b(?:other|base|original)\b", words, re.I):
        return found.pop()
    return None
