"""License statements at the top of source files: `SPDX-License-Identifier` lines, else license sentences.

They speak for the code only. The source layer reads a few files (the modules
auto_map names first); each statement is evidence for that file.
"""

from __future__ import annotations

import re

from license_scan import limits
from license_scan.detect.evidence import Detected, EvidenceSink
from license_scan.detect.prose import prose_statements
from license_scan.model import Evidence, Finding, FindingSource, Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import RepoFile, Snapshot

SCORE_SPDX_HEADER = 1.0  # an SPDX-License-Identifier line is the author's exact statement
SCORE_HEADER_PHRASE = 0.8  # "Licensed under the … License" in a header: clear, but free text
SPDX_LINE = re.compile(r"SPDX-License-Identifier:\s*(?P<expr>.+?)\s*(?:\*/|-->|#}|$)", re.MULTILINE)
_OPERATORS = re.compile(r"\s+(?:AND|OR|WITH)\s+|[()]", re.IGNORECASE)


def detect_code_headers(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    sink = EvidenceSink()
    for file in snapshot.code_files:
        sink.take(header_evidence(file, ruleset, repo=snapshot.repo_id))
    return sink.result()


def _header(text: str) -> str:
    return "\n".join(text.splitlines()[:limits.CODE_HEADER_LINES])


def header_evidence(file: RepoFile, ruleset: Ruleset, *, repo: str | None) -> Detected:
    """License statements at the top of one source file."""
    if file.text is None:
        return Detected()
    head = _header(file.text)
    evidence: list[Evidence] = []
    findings: list[Finding] = []
    for match in SPDX_LINE.finditer(head):
        line = head.count("\n", 0, match.start()) + 1
        span = Span(match.start(), match.end(), line, line)
        for symbol in (s.strip() for s in _OPERATORS.split(match.group("expr")) if s and s.strip()):
            rule = ruleset.by_spdx(symbol) or ruleset.by_name(symbol)
            evidence.append(Evidence("file", rule.id if rule else None, SCORE_SPDX_HEADER, path=file.path,
                                     sha256=file.sha256, span=span, value=f"SPDX-License-Identifier: {symbol}"))
            if rule is None:
                findings.append(Finding("warning", "license-unrecognised",
                                        f"{file.path}: SPDX-License-Identifier '{symbol}' is not known to the rule set",
                                        FindingSource(repo, file.path, line)))
    if not evidence:
        for st in prose_statements(head, ruleset, path=file.path, line_offset=1, default="code"):
            ev = st.evidence
            evidence.append(Evidence("file", ev.rule, SCORE_HEADER_PHRASE, path=file.path, sha256=file.sha256,
                                     span=ev.span, value=ev.value))
    return Detected({"code": tuple(evidence)}, tuple(findings))
