"""License-like files, and a license text embedded in the card → evidence, through the text matcher.

Each file is evidence even when nothing in it is recognised (path and sha256
are what an auditor checks); an unrecognised LICENSE is never guessed.
"""

from __future__ import annotations

import re

from license_scan import limits
from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.detect.expression import parse_expression
from license_scan.detect.headers import reserved_rules, words_key
from license_scan.detect.prose import prose_statements
from license_scan.detect.prose_restrictions import restrictions_in_text
from license_scan.detect.text.noterms import states_terms
from license_scan.model import (
    CATEGORIES,
    Category,
    ComponentName,
    Evidence,
    Finding,
    FindingSource,
    Severity,
    Span,
)
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import RepoFile, Snapshot

# A restriction read from a license file's own sentences is a phrase reading, not a text match: as sure as prose.
RESTRICTION_SCORE = 0.5
_COMPANION = re.compile(r"(?:^|[/_\-\s.])(?:notice|use[_\-\s]?policy)", re.IGNORECASE)
# A license file speaks for one component only by an explicit marker next to the license word in
# its name: LICENSE-CODE, CODE_LICENSE, LICENSE_code.txt, MODEL_LICENSE, LICENSE-WEIGHTS,
# DATA_LICENSE, LICENSE-DATASET. A word that merely contains one (LICENSE-decoder, LICENSE-metadata)
# is no marker.
_NAME_WORDS = re.compile(r"[A-Za-z0-9]+")
_LICENSE_WORD = re.compile(r"^(?:licen[cs]es?|eula|terms)$", re.IGNORECASE)
_MARKERS: dict[str, ComponentName] = {
    "code": "code", "source": "code",
    "model": "weights", "models": "weights", "weights": "weights", "weight": "weights",
    "data": "data", "dataset": "data", "datasets": "data",
}


def detect_license_files(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """Every license-like file; one that holds no license text and no terms may still name one (a pointer)."""
    sink = EvidenceSink()
    main = main_component(snapshot)
    for file in snapshot.license_files:
        found = file_evidence(file, ruleset, repo=snapshot.repo_id, default_component=main)
        sink.take(found)
        # a file that states no terms of its own may name the license (a pointer); one that states
        # terms we cannot identify is unknown terms, and a license it names is not all it says
        own = [ev for name in found.evidence for ev in found.of(name)]
        if file.text and own and all(ev.no_terms for ev in own):
            for st in prose_statements(file.text, ruleset, path=file.path, line_offset=1,
                                       default=component_for(file.path, main)):
                sink.add(st.component, [st.evidence])
    return sink.result()


def detect_card_text(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """A license text embedded in the card (a "License" section holding the terms) is file evidence."""
    if snapshot.card is None or snapshot.card.text is None:
        return Detected()
    return file_evidence(snapshot.card, ruleset, repo=snapshot.repo_id, default_component=main_component(snapshot),
                         report_unidentified=False, scope="section")


def component_for(path: str, default: ComponentName) -> ComponentName:
    """LICENSE-CODE speaks for the code, LICENSE-MODEL for the weights, LICENSE_DATASET for the data,
    the rest (and a name that marks several components) for the default."""
    words = [w.lower() for w in _NAME_WORDS.findall(path.rsplit("/", 1)[-1])]
    marked: set[ComponentName] = set()
    for i, word in enumerate(words):
        if not _LICENSE_WORD.match(word):
            continue
        for step in (-1, 1):  # the run of markers ("CODE-AND-MODEL") on either side of the license word
            j = i + step
            while 0 <= j < len(words) and (words[j] in _MARKERS or words[j] == "and"):
                marked.update([_MARKERS[words[j]]] if words[j] in _MARKERS else [])
                j += step
    return marked.pop() if len(marked) == 1 else default


_SPDX_LINE = re.compile(r"^[ \t#*/>-]*SPDX-License-Identifier:[ \t]*(?P<expr>[^\n]+?)[ \t]*(?:\*/|-->)?[ \t]*$",
                        re.MULTILINE)


def _spdx_statement(file: RepoFile, ruleset: Ruleset) -> Evidence | None:
    """A license file that holds no license text but an `SPDX-License-Identifier:` line states that
    expression; every license in it must be known, else it is not read (the file stays unknown)."""
    found = _SPDX_LINE.search(file.text or "")
    if found is None:
        return None
    expr = found.group("expr")
    parsed = parse_expression(expr, ruleset, lookup=ruleset.by_spdx)
    if parsed is None or parsed.unknown or parsed.first_rule is None:
        return None
    line = (file.text or "").count("\n", 0, found.start()) + 1
    return Evidence("file", parsed.first_rule, 1.0, path=file.path, sha256=file.sha256,
                    span=Span(found.start(), found.end(), line, line), value=f"SPDX-License-Identifier: {expr}",
                    expression=parsed.expression if parsed.compound else None)


# Only part of a license at least this restrictive (a truncated CC BY-NC text) is read for the restrictions
# it states; part of a more open one stays unknown (see _own_restrictions).
_RESTRICTED: Category = "custom-restricted"


def _restrictive(rule_id: str, ruleset: Ruleset) -> bool:
    return CATEGORIES.index(ruleset.get(rule_id).category) >= CATEGORIES.index(_RESTRICTED)


def _title_restricts(text: str, ruleset: Ruleset) -> bool:
    """The file's own title (its first line with words) states a restriction: "Non-Commercial License"
    above an MIT grant it rewrote is a license of its own, whatever part of MIT's text is in it."""
    title = next((line for line in text.splitlines() if any(ch.isalnum() for ch in line)), "")
    return bool(restrictions_in_text(title, ruleset))


def _own_restrictions(file: RepoFile, ruleset: Ruleset, *, repo: str | None, component: ComponentName,
                      parts: list[str]) -> Detected | None:
    """A license file in which no known license text was found but which states restrictions in its own
    words (an Apache notice followed by a paraphrased Commons Clause, a "Non-Commercial License Based on
    Apache 2.0"): its terms are a bespoke restricted license, so each restriction is evidence of its
    `stated-restriction` rule (custom-restricted), quoted, instead of unknown terms. Also where the file is
    only part of a restrictive license (a truncated CC BY-NC text), or where its own title states the
    restriction ("Non-Commercial License" over a rewritten MIT grant). Not where it is otherwise part of
    an open one: "noncommercial" in a reworded GPL may be its own wording (a fair-use exception), not an
    added term, so that file stays unknown. None when it states no restriction: the file stays unknown terms."""
    if file.text is None or not states_terms(file.text):
        return None
    stated = restrictions_in_text(file.text, ruleset)
    if not stated:
        return None
    text = file.text
    evidence = tuple(
        Evidence("file", st.hit.rule_id, RESTRICTION_SCORE, path=file.path, sha256=file.sha256,
                 span=Span(st.hit.start, st.hit.end, text.count("\n", 0, st.hit.start) + 1,
                           text.count("\n", 0, st.hit.end) + 1),
                 value=f'states: "{st.sentence[:limits.MAX_RESTRICTION_QUOTE_CHARS]}"')
        for st in stated)
    built_on = f"; parts of {', '.join(dict.fromkeys(parts))} are in it" if parts else ""
    quoted = "; ".join(f'{ruleset.get(st.hit.rule_id).name}: "{st.sentence[:limits.MAX_RESTRICTION_QUOTE_CHARS]}"' for st in stated)
    finding = Finding(
        "warning", "license-file-restricted",
        f"{file.path}: no known license text was recognised{built_on}; it states its own restrictions ({quoted}), "
        "so its terms are read as custom-restricted; read it yourself",
        FindingSource(repo, file.path, evidence[0].span.start_line if evidence[0].span else 1))
    return Detected({component: evidence}, (finding,))


def _reserved_notice(file: RepoFile, ruleset: Ruleset, component: ComponentName, repo: str | None) -> Detected | None:
    """A LICENSE that holds only a notice keeping every right ("Copyright 2024 Acme. All rights reserved.")
    grants no license: restricted terms (a `rights-reserved` rule), not a file that states nothing. A
    NOTICE file's copyright lines say it of the work they credit, not of the repo: not read so."""
    words = words_key(file.text or "")
    for rule in reserved_rules(ruleset):
        if any(words_key(p) in words for p in rule.match.exclude):
            continue
        said = next((p for p in rule.match.phrases if words_key(p) in words), None)
        if said is not None:
            ev = Evidence("file", rule.id, RESTRICTION_SCORE, path=file.path, sha256=file.sha256,
                          value=f'states: "{said}"')
            finding = Finding("warning", "license-file-restricted",
                              f"{file.path}: holds no license text, only a notice that reserves every right (\"{said}\"): "
                              "no license is granted, so its terms are read as custom-restricted; read it yourself",
                              FindingSource(repo, file.path, 1))
            return Detected({component: (ev,)}, (finding,))
    return None


def file_evidence(file: RepoFile, ruleset: Ruleset, *, repo: str | None, default_component: ComponentName,
                  report_unidentified: bool = True, scope: str = "file") -> Detected:
    """Evidence from one file's text; `report_unidentified=False` and `scope="section"` for a model
    card, where no license text is the normal case and a license is only its own section."""
    component = component_for(file.path, default_component)
    if file.text is None:
        ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256,
                      value=f"unreadable: {file.unreadable_reason or 'unknown reason'}")
        return Detected({component: (ev,)})
    from license_scan.detect.text import (
        identify_text,  # the index loads only when a text needs it
    )

    matches = identify_text(file.text, ruleset, path=file.path, scope=scope)
    if report_unidentified and all(m.partial for m in matches) and (
            all(_restrictive(m.rule_id, ruleset) for m in matches) or _title_restricts(file.text, ruleset)):
        restricted = _own_restrictions(file, ruleset, repo=repo, component=component,
                                       parts=[ruleset.get(m.rule_id).license_id for m in matches])
        if restricted is not None:
            return restricted
    if not matches:
        if not report_unidentified:
            return Detected()
        stated = _spdx_statement(file, ruleset)
        if stated is not None:
            return Detected({component: (stated,)})
        if not states_terms(file.text):
            reserved = None if _COMPANION.search(file.path) else _reserved_notice(file, ruleset, component, repo)
            if reserved is not None:
                return reserved
            # a NOTICE of copyright lines and credits, a pointer: recorded, never read as terms
            ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256, no_terms=True,
                          value="states no license terms")
            finding = Finding("info", "license-file-no-terms",
                              f"{file.path}: states no license terms (copyright lines, credits or a pointer)",
                              FindingSource(repo, file.path, 1))
            return Detected({component: (ev,)}, (finding,))
        ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256, value="unidentified terms")
        severity: Severity = "info" if _COMPANION.search(file.path) else "warning"
        finding = Finding(severity, "license-file-unidentified",
                          f"{file.path}: no known license text was recognised, so its terms are unknown; "
                          "read it yourself", FindingSource(repo, file.path, 1))
        return Detected({component: (ev,)}, (finding,))
    evidence = []
    findings = []
    for m in matches:
        rule = ruleset.get(m.rule_id)
        where = FindingSource(repo, file.path, m.span.start_line if m.span else None)
        # a text that is only part of a license is unknown terms, the partial match its evidence
        value = f"partial match of {rule.license_id}" if m.partial else None
        if m.alternatives and not m.partial:
            value = "the words fit as well: " + ", ".join(ruleset.get(a).license_id for a in m.alternatives)
            findings.append(Finding(
                "warning" if any(ruleset.get(a).category != rule.category for a in m.alternatives) else "info",
                "license-ambiguous",
                f"{file.path}: the text fits {rule.license_id} and {', '.join(ruleset.get(a).license_id for a in m.alternatives)}"
                f" equally; the most restrictive, {rule.license_id}, is reported", where))
        evidence.append(Evidence("file", None if m.partial else m.rule_id, round(m.score, 3), path=file.path,
                                 sha256=file.sha256, span=m.span, modified=m.modified, value=value,
                                 expression=None if m.partial or m.modified else m.expression))
        if m.modified:
            findings.append(Finding(
                "warning", "license-modified",
                f"{file.path}: {rule.name} with changed terms: {m.difference or 'see the file'}", where))
        if m.partial:
            findings.append(Finding(
                "warning", "license-partial",
                f"{file.path}: holds only part of {rule.name}; the rest of the terms are not in the repo"
                + (f" ({m.difference})" if m.difference else ""), where))
    choice = _choice_between(file.text, matches, ruleset)
    if choice is not None:
        first = evidence[0]
        evidence = [Evidence("file", first.rule, first.score, path=file.path, sha256=file.sha256, span=first.span,
                             value=f"a choice: {choice}", expression=choice)]
    return Detected({component: tuple(evidence)}, tuple(findings))


# Words outside every matched text that offer a choice between the licenses the file holds
_CHOICE = re.compile(r"\bat\s+(?:your|the\s+(?:licensee|user|recipient)'?s?)\s+(?:option|choice|discretion)\b"
                     r"|\byou\s+may\s+(?:choose|select|elect)\b", re.IGNORECASE)


def _choice_between(text: str, matches: list, ruleset: Ruleset) -> str | None:
    """"Dual-licensed under MIT or Apache-2.0, at your option" above both texts: `MIT OR Apache-2.0`. Only
    whole, unchanged texts of at least two licenses, and only words outside them ("at your option" inside
    a GPL text is the GPL's own): "the code is MIT, the weights CC BY-NC" above two texts offers no choice."""
    if any(m.partial or m.modified or m.expression for m in matches) or len({m.rule_id for m in matches}) < 2:
        return None
    outside = list(text)
    for m in matches:
        if m.span is None:
            return None
        outside[m.span.start:m.span.end] = " " * (m.span.end - m.span.start)
    if not _CHOICE.search("".join(outside)):
        return None
    return " OR ".join(dict.fromkeys(ruleset.get(m.rule_id).license_id for m in matches))
