"""License-like files, and a license text embedded in the card → evidence, through the text matcher.

Each file is evidence even when nothing in it is recognised (path and sha256
are what an auditor checks); an unrecognised LICENSE is never guessed.
"""

from __future__ import annotations

import re
from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.detect.prose import prose_statements
from license_scan.model import ComponentName, Evidence, Finding, FindingSource, Severity
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import RepoFile, Snapshot

_COMPANION = re.compile(r"(?:^|[/_\-\s.])(?:notice|use[_\-\s]?policy)", re.IGNORECASE)
MAX_NO_TERMS_WORDS = 80  # longer files are read as terms even without a word of permission or restriction
_WORD = re.compile(r"\w+")
_COPYRIGHT_LINE = re.compile(r"copyright|\(c\)|©|all rights reserved", re.IGNORECASE)
_TERMS_WORDS = re.compile(
    r"\b(?:shall|must|may|prohibit\w*|restrict\w*|permi(?:t|ss)\w*|grant\w*|(?:non-?)?commercial\w*|"
    r"warrant\w*|liab\w*|terms?|conditions?|agree\w*|redistribut\w*|royalt\w*|fees?|exclusive\w*|"
    r"research|evaluation|only|except|unless|provided|subject|right|rights|use|uses|using)\b", re.IGNORECASE)
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
    """Every license-like file; one that holds no license text may still state one (a NOTICE, a pointer)."""
    sink = EvidenceSink()
    main = main_component(snapshot)
    for file in snapshot.license_files:
        found = file_evidence(file, ruleset, repo=snapshot.repo_id, default_component=main)
        sink.take(found)
        if file.text and not any(ev.rule for name in found.evidence for ev in found.of(name)):
            for st in prose_statements(file.text, ruleset, path=file.path, line_offset=1,
                                       default=component_for(file.path, main)):
                sink.add(st.component, [st.evidence])
    return sink.result()


def detect_card_text(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """A license text embedded in the card (a "License" section holding the terms) is file evidence."""
    if snapshot.card is None or snapshot.card.text is None:
        return Detected()
    return file_evidence(snapshot.card, ruleset, repo=snapshot.repo_id, default_component=main_component(snapshot),
                         report_unidentified=False)


def states_no_terms(text: str) -> bool:
    """A short file with no word of permission, condition or restriction: copyright lines, credits, a
    pointer such as "licensed under the MIT License, see LICENSE". When unsure, it states terms."""
    words = _WORD.findall(text)
    rest = "\n".join(line for line in text.splitlines() if not _COPYRIGHT_LINE.search(line))
    return len(words) <= MAX_NO_TERMS_WORDS and not _TERMS_WORDS.search(rest)


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


def file_evidence(file: RepoFile, ruleset: Ruleset, *, repo: str | None, default_component: ComponentName,
                  report_unidentified: bool = True) -> Detected:
    """Evidence from one file's text; `report_unidentified=False` for a model card, where no license
    text is the normal case."""
    component = component_for(file.path, default_component)
    if file.text is None:
        ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256,
                      value=f"unreadable: {file.unreadable_reason or 'unknown reason'}")
        return Detected({component: (ev,)})
    from license_scan.detect.text import identify_text  # the index loads only when a text needs it

    matches = identify_text(file.text, ruleset, path=file.path)
    if not matches:
        if not report_unidentified:
            return Detected()
        if states_no_terms(file.text):
            ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256, value="states no terms",
                          no_terms=True)
            return Detected({component: (ev,)})
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
        partial = getattr(m, "partial", False)
        # DESIGN.md: a text that is only part of a license is unknown, the partial match its evidence
        evidence.append(Evidence("file", None if partial else m.rule_id, round(m.score, 3), path=file.path,
                                 sha256=file.sha256, span=m.span, modified=m.modified,
                                 value=f"partial match of {rule.license_id}" if partial else None))
        if m.modified:
            findings.append(Finding(
                "warning", "license-modified",
                f"{file.path}: {rule.name} with changed terms: {m.difference or 'see the file'}",
                FindingSource(repo, file.path, m.span.start_line if m.span else None)))
        if partial:
            findings.append(Finding(
                "warning", "license-partial",
                f"{file.path}: holds only part of {rule.name}; the rest of the terms are not in the repo",
                FindingSource(repo, file.path, m.span.start_line if m.span else None)))
    return Detected({component: tuple(evidence)}, tuple(findings))
