"""License statements at the top of source files: `SPDX-License-Identifier` lines, else license sentences,
else a notice that reserves all rights without granting any.

They speak for the code only. The source layer reads the source files (the modules auto_map
names first, in any language and folder, up to a cap); each statement is evidence for that file,
and a file that states nothing is listed too (`no_terms`), so the files examined are visible.
"""

from __future__ import annotations

import re

from license_scan import limits
from license_scan.detect.evidence import Detected, EvidenceSink
from license_scan.detect.expression import exception_terms, parse_expression
from license_scan.detect.prose import prose_statements
from license_scan.model import Evidence, Finding, FindingSource, Span
from license_scan.ruleset import Rule, Ruleset
from license_scan.source.snapshot import RepoFile, Snapshot

SCORE_SPDX_HEADER = 1.0  # an SPDX-License-Identifier line is the author's exact statement
SCORE_HEADER_PHRASE = 0.8  # "Licensed under the … License" in a header: clear, but free text
SPDX_LINE = re.compile(r"SPDX-License-Identifier:\s*(?P<expr>.+?)\s*(?:\*/|-->|#}|$)", re.MULTILINE)
PLACEHOLDER_FAMILY = "unresolved"  # `other`, `unknown`: name no terms, so a header stating one states unknown terms
RESERVED_FAMILY = "rights-reserved"  # rules for notices that keep all rights and grant none
_COMMENT = re.compile(r"^\s*(?:#+|//+|/\*+|\*+|--|;+|<!--|\"\"\"|''')?\s*(?P<text>.*?)\s*(?:\*/|-->|\"\"\"|''')?\s*$")
NO_STATEMENT = "no license statement in the header"


def detect_code_headers(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    sink = EvidenceSink()
    for file in snapshot.code_files:
        sink.take(header_evidence(file, ruleset, repo=snapshot.repo_id))
    return sink.result()


def _header(text: str) -> str:
    return "\n".join(text.splitlines()[:limits.CODE_HEADER_LINES])


def header_evidence(file: RepoFile, ruleset: Ruleset, *, repo: str | None) -> Detected:
    """License statements at the top of one source file (one piece of evidence at least: the file
    was examined; unreadable, it is unknown terms)."""
    if file.text is None:
        return Detected({"code": (Evidence("file", None, 0.0, path=file.path, sha256=file.sha256,
                                           value=f"unreadable: {file.unreadable_reason or 'unknown reason'}"),)})
    head = _header(file.text)
    evidence: list[Evidence] = []
    findings: list[Finding] = []
    for match in SPDX_LINE.finditer(head):
        line = head.count("\n", 0, match.start()) + 1
        span = Span(match.start(), match.end(), line, line)
        found, problems = spdx_evidence(match.group("expr"), ruleset)
        for ev in found:
            evidence.append(Evidence("file", ev.rule, SCORE_SPDX_HEADER, path=file.path, sha256=file.sha256,
                                     span=span, value=ev.value, expression=ev.expression))
        findings.extend(Finding("warning", "license-unrecognised", f"{file.path}: SPDX-License-Identifier {problem}",
                                FindingSource(repo, file.path, line)) for problem in problems)
    if not evidence:
        for st in prose_statements(head, ruleset, path=file.path, line_offset=1, default="code"):
            ev = st.evidence
            evidence.append(Evidence("file", ev.rule, SCORE_HEADER_PHRASE, path=file.path, sha256=file.sha256,
                                     span=ev.span, value=ev.value))
    if not evidence:
        evidence.extend(_reserved(file, head, ruleset))
    if not evidence:
        evidence.append(Evidence("file", None, 0.0, path=file.path, sha256=file.sha256, value=NO_STATEMENT,
                                 no_terms=True))
    return Detected({"code": tuple(evidence)}, tuple(findings))


def spdx_evidence(expr: str, ruleset: Ruleset) -> tuple[list[Evidence], list[str]]:
    """One SPDX expression → one piece of evidence without a location, and what was not recognised.

    An OR, AND or WITH stays whole in `expression` (rule-set license ids); `rule` is its first known
    license (None when none is known: unknown terms)."""
    parsed = parse_expression(expr, ruleset, lookup=lambda symbol: _rule(symbol, ruleset))
    if parsed is None:
        return ([Evidence("file", None, SCORE_SPDX_HEADER, value=f"SPDX-License-Identifier: {expr}")],
                [f"'{expr}' is not a license expression; its terms are unknown"])
    problems = [f"'{symbol}' names no license the rule set can identify; its terms are unknown"
                for symbol in parsed.unknown]
    exceptions = [Evidence("file", rule_id, SCORE_SPDX_HEADER, value=f"SPDX-License-Identifier: {expr}: exception '{name}'")
                  for rule_id, name in exception_terms(parsed, ruleset)]
    return ([Evidence("file", parsed.first_rule, SCORE_SPDX_HEADER, value=f"SPDX-License-Identifier: {expr}",
                      expression=parsed.expression if parsed.compound else None), *exceptions], problems)


def _rule(symbol: str, ruleset: Ruleset) -> Rule | None:
    """The rule an SPDX symbol names. `Proprietary`, `LicenseRef-Confidential`: a rights-reserved
    rule's title; any other placeholder (`other`, `unknown`) names no terms: None."""
    rule = ruleset.by_spdx(symbol) or ruleset.by_name(symbol)
    if rule is not None and rule.family != PLACEHOLDER_FAMILY and rule.category != "unknown":
        return rule
    name = words_key(re.sub(r"^licenseref-", "", symbol, flags=re.IGNORECASE).replace("-", " ").replace("_", " "))
    return next((r for r in reserved_rules(ruleset)
                 if name in {words_key(t) for t in (*r.match.titles, *r.aliases)}), None)


def reserved_rules(ruleset: Ruleset) -> list[Rule]:
    return [r for r in ruleset.rules if r.family == RESERVED_FAMILY]


def words_key(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _reserved(file: RepoFile, head: str, ruleset: Ruleset) -> list[Evidence]:
    """A notice that keeps all rights ("All rights reserved", "Proprietary and confidential", a
    "CONFIDENTIAL" line) where nothing in the header grants or points to a license: restricted terms."""
    words = words_key(head)
    lines = head.splitlines(keepends=True)
    starts = [sum(len(x) for x in lines[:i]) for i in range(len(lines))]
    comment_lines = [(n, words_key(m.group("text"))) for n, line in enumerate(lines, 1)
                     if (m := _COMMENT.match(line.rstrip("\r\n"))) and m.group("text")]
    for rule in reserved_rules(ruleset):
        if any(words_key(p) in words for p in rule.match.exclude):
            continue
        whole = {words_key(t) for t in (*rule.match.titles, *rule.aliases)}
        parts = [words_key(p) for p in rule.match.phrases]
        for number, text in comment_lines:
            if text in whole or any(p in text for p in parts):
                line = lines[number - 1].rstrip("\r\n")
                span = Span(starts[number - 1], starts[number - 1] + len(line), number, number)
                return [Evidence("file", rule.id, SCORE_HEADER_PHRASE, path=file.path, sha256=file.sha256,
                                 span=span, value=line.strip()[:200])]
    return []
