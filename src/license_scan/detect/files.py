"""License-like files → evidence, through the text matcher.

Each file is evidence even when nothing in it is recognised (path and sha256
are what an auditor checks); an unrecognised LICENSE is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan.model import Evidence, Finding, FindingSource
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import RepoFile

_COMPANION = re.compile(r"(?:^|[/_\-\s.])(?:notice|use[_\-\s]?policy)", re.IGNORECASE)
_CODE_FILE = re.compile(r"code", re.IGNORECASE)
_DATA_FILE = re.compile(r"data(?:set)?", re.IGNORECASE)


@dataclass(frozen=True)
class FileEvidence:
    component: str  # which component the file speaks for
    evidence: tuple[Evidence, ...]
    findings: tuple[Finding, ...]


def component_for(path: str, default: str) -> str:
    """LICENSE-CODE speaks for the code, LICENSE_DATASET for the data, the rest for the default."""
    name = path.rsplit("/", 1)[-1]
    if _CODE_FILE.search(name):
        return "code"
    if _DATA_FILE.search(name):
        return "data"
    return default


def file_evidence(file: RepoFile, ruleset: Ruleset, *, repo: str | None, default_component: str,
                  report_unidentified: bool = True) -> FileEvidence:
    """Evidence from one file's text; `report_unidentified=False` for a model card, where no license
    text is the normal case."""
    component = component_for(file.path, default_component)
    if file.text is None:
        ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256,
                      value=f"unreadable: {file.unreadable_reason or 'unknown reason'}")
        return FileEvidence(component, (ev,), ())
    from license_scan.detect.text import identify_text  # the index loads only when a text needs it

    matches = identify_text(file.text, ruleset, path=file.path)
    if not matches:
        if not report_unidentified:
            return FileEvidence(component, (), ())
        ev = Evidence("file", None, 0.0, path=file.path, sha256=file.sha256)
        severity = "info" if _COMPANION.search(file.path) else "warning"
        finding = Finding(severity, "license-file-unidentified",
                          f"{file.path}: no known license text was recognised; read it yourself",
                          FindingSource(repo, file.path, 1))
        return FileEvidence(component, (ev,), (finding,))
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
    return FileEvidence(component, tuple(evidence), tuple(findings))
