"""License statements in card prose: weak evidence, below front matter and files.

Read as a careful person reads it (prose_text: clauses and what each speaks
for; prose_tables: License sections, tables, labelled lines;
prose_restrictions: "for research purposes only" and the like, from the rule set):

- "Released under the Apache 2.0 license", "licensed under CC-BY-NC-4.0", "## License\\nMIT",
  "- **Model weights:** CC-BY-NC-4.0", `| Weights | CC BY-NC 4.0 |`, "本模型采用 Apache-2.0 协议";
- each clause speaks for the component it names: "The code is under MIT; the weights are
  for research only" gives code MIT and weights a research-only restriction;
- a clause that denies or sets a license apart names nothing for this repo: "not licensed
  under MIT", "unlike our previous model, which was MIT", "the original model was released
  under Apache 2.0";
- a license named like a license but not known to the rule set ("the Foo Model License") is
  evidence with no rule: terms that could not be identified, never nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan import limits
from license_scan.detect import prose_text as pt
from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.detect.prose_names import LICENSISH, MAX_NAME_WORDS, STRIP, looks_like_license_name, names
from license_scan.detect.prose_restrictions import find_restrictions
from license_scan.detect.prose_tables import Section, license_sections, is_table_row, section_at, table_entries
from license_scan.lazyre import LazyPattern
from license_scan.model import ComponentName, Evidence, Finding, FindingSource, Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

SCORE_PROSE = 0.5
MAX_VALUE_WORDS = 10  # a label or table value longer than this is a sentence, not a name

_NAME = r"(?P<name>[^\n;。]{2,160})"
_STATEMENT = LazyPattern(
    r"(?:licen[cs]ed|release[sd]?|distributed|available|published|provided|governed|made available|subject to|"
    r"(?:is|are)(?=\s+(?:also\s+)?under\b))"
    r"\s+(?:\w+\s+){0,3}?(?:under|by|to)\s+(?:the\s+|a\s+|an\s+)?"
    rf"(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?{_NAME}", re.IGNORECASE)
# "the weights under CC-BY-NC-4.0" (after "we release the code under MIT and"), "the code is MIT-licensed"
_BARE = LazyPattern(rf"\b(?:code|weights?|models?|checkpoints?|data(?:\s*sets?)?)\s+(?:is\s+|are\s+)?under\s+(?:the\s+)?{_NAME}",
                    re.IGNORECASE)
_ADJECTIVE = LazyPattern(r"\b(?:is|are)\s+(?:also\s+)?(?P<name>[\w.+]+(?:[ -][\w.+]+){0,3}?)[\s-]licen[cs]ed\b", re.IGNORECASE)
# Weaker verbs: only a name that calls itself a license ("must follow the X License")
_FOLLOW = LazyPattern(rf"\b(?:must\s+(?:strictly\s+)?(?:follow|comply\s+with|abide\s+by)|follows?|adopts?|requires?|"
                      rf"uses?)\s+(?:the\s+)?{_NAME}", re.IGNORECASE)
_ZH_VERB = r"(?:采用|遵循|遵守|使用|基于|依据|按照|适用|受)"
_ZH_STATEMENT = LazyPattern(rf"{_ZH_VERB}\s*(?:the\s+)?[\[“\"]?\s*(?P<name>[A-Za-z][\w .\-+]{{0,60}}?)\s*[\]”\"]?\s*"
                            r"(?:开源)?(?:许可证|许可协议|协议|许可|授权|license|licence)", re.IGNORECASE)
_ZH_TITLE = LazyPattern(rf"{_ZH_VERB}\s*《(?P<name>[^》\n]{{1,40}})》")
_ELSEWHERE_VALUE = LazyPattern(r"\b(?:see|refer|same|below|above|following|inherit\w*|base\s+model)\b|参见|见下|同上",
                               re.IGNORECASE)
_NEGATED_VALUE = LazyPattern(r"^\W*(?:not|no|non|never|isn't|unlike|formerly|previously)\b|^\W*(?:不是|非|并非)", re.I)
_EMPTY_VALUE = LazyPattern(r"^[\s\-—–?]*(?:n/?a|tbd|tba|todo|none yet)?[\s\-—–?.]*$", re.IGNORECASE)
_BLANK = LazyPattern(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]|<[^<>\n]+>|^\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE)
_FENCE = LazyPattern(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
_INHERIT = LazyPattern(
    r"same\s+licen[cs]e\s+as\s+(?:that\s+of\s+)?(?:the\s+|its\s+)?(?:original\s+|base\s+|parent\s+|upstream\s+)?model"
    r"|(?:the\s+|its\s+)(?:original|base|parent|upstream)\s+model(?:'s|’s)\s+licen[cs]e"
    r"|licen[cs]e\s+of\s+(?:the\s+|its\s+)(?:original|base|parent|upstream)\s+model", re.IGNORECASE)
_DIFFERENT = LazyPattern(
    r"different\s+licen[cs]e\s+(?:from|than)\s+(?:that\s+of\s+)?(?:the\s+|its\s+)?(?:original|base|parent|upstream)\s+"
    r"model|licen[cs]e\s+(?:differs|is\s+different)\s+from", re.IGNORECASE)
_DIFFERENT_CUE = LazyPattern(r"\b(?:differ\w*|different|unlike|other\s+than|instead|rather|separate)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProseStatement:
    component: ComponentName
    evidence: Evidence
    sentence: str
    kind: str = "license"  # license | restriction (rule of family stated-restriction) | unidentified (rule None)


class _Reader:
    def __init__(self, body: str, ruleset: Ruleset, path: str, line_offset: int, default: ComponentName,
                 repo_id: str | None, card: bool) -> None:
        self.card = card
        self.body, self.ruleset, self.path, self.line_offset = body, ruleset, path, line_offset
        self.default, self.repo_id = default, repo_id
        # Link targets, HTML tags and link definitions blanked (same length): offsets stay the body's.
        body = _FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
        body = body.replace("<!--", "    ").replace("-->", "   ")  # a hidden comment's words are still the card's
        self.view = _BLANK.sub(lambda m: (m.group(0)[0] if m.group(0)[0] == "]" else " ") + " " * (len(m.group(0)) - 1),
                               body)
        self.sections = license_sections(self.view, default)
        self.found: list[ProseStatement] = []
        self.seen: set[tuple[str, str | None, str]] = set()

    def emit(self, component: ComponentName, rule_id: str | None, start: int, end: int, sentence: str,
             kind: str, expression: str | None = None) -> None:
        if kind != "license" and not self.card:
            return  # a license file's or a header's sentences: only the licenses they name
        text = " ".join(sentence.split())
        key = (component, rule_id, text if rule_id is None else "")
        if key in self.seen:
            return
        self.seen.add(key)
        line = self.line_offset + self.body.count("\n", 0, start)
        span = Span(start, end, line, line + self.body.count("\n", start, end))
        ev = Evidence("prose", rule_id, SCORE_PROSE, path=self.path, span=span, value=text[:200], expression=expression)
        self.found.append(ProseStatement(component, ev, text, kind))

    def licenses(self, components: list[ComponentName], name: str, start: int, end: int, sentence: str,
                 *, value: bool = False) -> bool:
        rules, op = names(name, self.ruleset)
        if not rules:
            words = STRIP.sub("", name).split()
            plain = value and len(words) <= MAX_VALUE_WORDS and not _ELSEWHERE_VALUE.search(name) and \
                not _EMPTY_VALUE.match(name) and not pt.NEGATION.search(name)
            if plain or looks_like_license_name(name):
                for c in components:
                    self.emit(c, None, start, end, sentence, "unidentified")
            return False
        expression = None
        if op == "OR" and len(rules) > 1:
            expression = " OR ".join(self.ruleset.get(r).license_id for r in rules)
            rules = rules[:1]
        for c in components:
            for rule_id in rules:
                self.emit(c, rule_id, start, end, sentence, "license", expression)
        return True

    def restrictions(self, components: list[ComponentName] | None, text: str, offset: int, sentence: str) -> None:
        if not self.card:
            return  # emit() keeps only the licenses a file or header names: its restrictions are not looked for
        for hit in find_restrictions(text, self.ruleset):
            comps = components
            if comps is None:
                comps, other = pt.route(text, hit.start, hit.start)
                if other:
                    continue
                if not comps:
                    section = section_at(self.sections, offset)
                    comps = [section.component if section else self.default]
            for c in comps:
                self.emit(c, hit.rule_id, offset + hit.start, offset + hit.end, sentence, "restriction")

    def read(self) -> list[ProseStatement]:
        view = self.view
        for s_start, s_end in pt.sentences(view):
            if is_table_row(view, s_start):
                continue
            sentence = view[s_start:s_end]
            line_start = view.rfind("\n", 0, s_start) + 1
            labelled = self._label_component(line_start, s_start)
            for clause in pt.clauses(view, s_start, s_end):
                if clause.contrast:
                    continue
                self._statements(view[clause.start:clause.end], clause.start, sentence, labelled)
                self.restrictions([labelled] if labelled else None, view[clause.start:clause.end], clause.start,
                                  sentence)
        for section in self.sections:
            self._section(section)
        for entry in table_entries(view, self.default, self.repo_id, self.sections):
            cell = entry.value
            self._value([entry.component], cell.text, cell.start, cell.end, entry.row.text)
            self.restrictions([entry.component], cell.text, cell.start, entry.row.text)
        return self.found

    def _label_component(self, line_start: int, s_start: int) -> ComponentName | None:
        """A sentence on a 'Label: value' line speaks for the label's component; the line's first
        sentence also reads the value as a name ('- **Model weights:** CC-BY-NC-4.0')."""
        line_end = self.view.find("\n", line_start)
        line = self.view[line_start:len(self.view) if line_end == -1 else line_end]
        found = pt.label(line)
        if found is None:
            return None
        folded, value, value_offset = found
        inside = section_at(self.sections, line_start) is not None
        component = pt.label_component(folded, self.default, in_section=inside)
        if component is None:
            return None
        value_at = line_start + value_offset
        if s_start <= value_at:
            self._value([component], value, value_at, value_at + len(value), line.strip(),
                        unknown=pt.is_license_label(folded))
        return component

    def _value(self, components: list[ComponentName], value: str, start: int, end: int, sentence: str,
               *, unknown: bool = True) -> None:
        """A label's or a table cell's value: a name list ('CC BY-NC 4.0'), or a sentence read as one."""
        if _NEGATED_VALUE.match(value) or _STATEMENT.search(value) or _FOLLOW.search(value):
            return  # "not MIT"; a sentence: the statement reader reads it
        self.licenses(components, value, start, end, sentence, value=unknown)

    def _statements(self, clause: str, offset: int, sentence: str, labelled: ComponentName | None) -> None:
        hits = [(m, False) for p in (_STATEMENT, _BARE, _ADJECTIVE) for m in p.finditer(clause)]
        hits += [(m, True) for m in _FOLLOW.finditer(clause)]
        hits += [(m, False) for m in _ZH_STATEMENT.finditer(clause)] + [(m, True) for m in _ZH_TITLE.finditer(clause)]
        for m, weak in hits:
            name = m.group("name")
            if weak and not LICENSISH.search(" ".join(name.split()[:MAX_NAME_WORDS])):
                continue
            verb, at = m.start(), m.start("name")
            window = clause[max(clause.rfind(",", 0, verb) + 1, 0):at]
            if pt.NEGATION.search(window) or pt.ELSEWHERE.search(clause[:at]):
                continue
            comps, other = pt.route(clause, verb, at)
            if other:
                continue
            if labelled:
                comps = [labelled]
            elif not comps:
                section = section_at(self.sections, offset + verb)
                comps = [section.component if section else self.default]
            self.licenses(comps, name, offset + m.start(), offset + m.end(), sentence)

    def _section(self, section: Section) -> None:
        """'## License: MIT', '## License\\n\\n[Llama-3.1 License](…)': the heading, or the first line under it."""
        view = self.view
        if section.heading and names(section.heading, self.ruleset)[0]:
            self.licenses([section.component], section.heading, section.start, section.body,
                          view[section.start:section.body])
            return
        for line in view[section.body:section.end].split("\n"):
            if line.strip():
                break
        else:
            return
        at = view.index(line, section.body)
        text = line.strip()
        if text.startswith(("#", "|")) or pt.label(text) is not None or pt.NEGATION.search(text):
            return
        words = STRIP.sub("", text).split()
        rules, _ = names(text, self.ruleset)
        if rules or (len(words) <= MAX_NAME_WORDS and looks_like_license_name(text)):
            self.licenses([section.component], text, at, at + len(line), text)


def detect_prose(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """License statements in the card's body (below its front matter)."""
    if not snapshot.body:
        return Detected()
    sink = EvidenceSink()
    path = snapshot.card.path if snapshot.card else "README.md"
    for st in prose_statements(snapshot.body, ruleset, path=path, line_offset=snapshot.body_line,
                               default=main_component(snapshot), repo_id=snapshot.repo_id, card=True):
        sink.add(st.component, [st.evidence])
    if len(snapshot.body) > limits.MAX_PROSE_CHARS:
        sink.findings.append(Finding(
            "info", "card-prose-truncated",
            f"{snapshot.repo_id}: the card's text is {len(snapshot.body)} characters; license statements were "
            f"looked for in the first {limits.MAX_PROSE_CHARS} only", FindingSource(snapshot.repo_id, path)))
    return sink.result()


def prose_statements(body: str, ruleset: Ruleset, *, path: str, line_offset: int,
                     default: ComponentName, repo_id: str | None = None, card: bool = False) -> list[ProseStatement]:
    """Every license the prose states, with the component it speaks for.

    With `card` (the card's own body), also the restrictions it states in its own words and the
    licenses it names that the rule set does not know (evidence with no rule). Without it (the
    sentences of an unidentified license file or a code header, whose own terms are already
    evidence), only the licenses it names.
    """
    found = _Reader(body[:limits.MAX_PROSE_CHARS], ruleset, path, line_offset, default, repo_id, card).read()
    return sorted(found, key=lambda st: st.evidence.span.start if st.evidence.span else 0)


def _base_clauses(body: str, pattern: LazyPattern) -> list[tuple[str, str]]:
    """(clause before the match, the match) for every mention of the base model's license."""
    text = body[:limits.MAX_PROSE_CHARS]
    out = []
    for m in pattern.finditer(text):
        for a, b in pt.sentences(text):
            if a <= m.start() < b:
                for clause in pt.clauses(text, a, b):
                    if clause.start <= m.start() < max(clause.end, clause.start + 1):
                        out.append((text[clause.start:m.start()], m.group(0)))
    return out


def says_same_as_base(body: str) -> bool:
    """'Same license as the base model', 'under the base model's license': the graph resolves it from the
    parent. Not when the clause denies or contrasts it ('does not share its base model's license')."""
    return any(not (pt.NEGATION.search(before) or _DIFFERENT_CUE.search(before) or pt.ELSEWHERE.search(before))
               for before, _ in _base_clauses(body, _INHERIT))


def says_different_from_base(body: str) -> bool:
    """'A different license from the base model', 'does not share its base model's license', 'unlike the
    base model's license': the card says its terms are not its parent's (the graph still applies them)."""
    if _DIFFERENT.search(body[:limits.MAX_PROSE_CHARS]):
        return True
    return any(pt.NEGATION.search(before) or _DIFFERENT_CUE.search(before) or pt.ELSEWHERE.search(before)
               for before, _ in _base_clauses(body, _INHERIT))
