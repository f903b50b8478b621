"""The code component: source files the repo ships, and the license stated for them.

Where the code's own license is stated, it wins: an SPDX-License-Identifier or
license sentence in a file header, LICENSE-CODE, the card's "the code is
released under…" (detect routes those two). Otherwise a license file next to or
above the code, then the card's license, with a finding saying it was assumed.
A repo that ships no code has no code component: nothing is invented for it.
"""

from __future__ import annotations

import posixpath
import re

from license_scan.classify.component import Resolved, resolve_component
from license_scan.detect.prose import prose_statements
from license_scan.detect.repo import Detection, main_component
from license_scan.graph.relations import auto_map_refs
from license_scan.limits import CODE_HEADER_LINES, MAX_CODE_FILES_READ
from license_scan.model import Evidence, Finding, FindingSource, Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import RepoFile, Snapshot

CODE_EXTENSIONS = (
    ".py", ".pyx", ".pyi", ".ipynb", ".js", ".mjs", ".ts", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp",
    ".cu", ".cuh", ".rs", ".go", ".java", ".kt", ".scala", ".swift", ".m", ".mm", ".jl", ".lua", ".sh",
)
SCORE_SPDX_HEADER = 1.0  # an SPDX-License-Identifier line is the author's exact statement
SCORE_HEADER_PHRASE = 0.8  # "Licensed under the … License" in a header: clear, but free text
SPDX_LINE = re.compile(r"SPDX-License-Identifier:\s*(?P<expr>.+?)\s*(?:\*/|-->|#}|$)", re.MULTILINE)
_OPERATORS = re.compile(r"\s+(?:AND|OR|WITH)\s+|[()]", re.IGNORECASE)
_REPO_SOURCES = ("front-matter", "tags")  # the card's own declaration, last resort for code


def is_code(path: str) -> bool:
    return path.lower().endswith(CODE_EXTENSIONS)


def _header(text: str) -> str:
    return "\n".join(text.splitlines()[:CODE_HEADER_LINES])


def header_evidence(file: RepoFile, ruleset: Ruleset, *, repo: str | None) -> tuple[list[Evidence], list[Finding]]:
    """License statements at the top of one source file."""
    if file.text is None:
        return [], []
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
    if evidence:
        return evidence, findings
    for st in prose_statements(head, ruleset, path=file.path, line_offset=1, default="code"):
        ev = st.evidence
        evidence.append(Evidence("file", ev.rule, SCORE_HEADER_PHRASE, path=file.path, sha256=file.sha256,
                                 span=ev.span, value=ev.value))
    return evidence, findings


def _beside(license_path: str, code_dirs: set[str]) -> bool:
    """A license file in a code file's folder or one above it covers that code."""
    folder = posixpath.dirname(license_path)
    return any(d == folder or folder == "" or d.startswith(folder + "/") for d in code_dirs)


def code_component(snapshot: Snapshot, detection: Detection, ruleset: Ruleset) -> Resolved:
    repo = snapshot.repo_id
    findings: list[Finding] = []
    sources = [p for p in snapshot.files if is_code(p)]
    present = set(snapshot.files)
    for ref in auto_map_refs(snapshot.config):
        if ref.repo_id is None and ref.module_path not in present:
            findings.append(Finding("warning", "auto-map-file-missing",
                                    f"{repo}: config.json auto_map names {ref.named_as}, but {ref.module_path} is not "
                                    "in the repo", FindingSource(repo, "config.json", None)))
    stated = [ev for ev in detection.evidence["code"] if ev.rule]
    if not sources:
        remote = sorted({r.repo_id for r in auto_map_refs(snapshot.config) if r.repo_id})
        uses = f"; config.json uses code from {', '.join(remote)} (followed as a dependency)" if remote else ""
        if stated:
            resolved = resolve_component("code", tuple(stated), ruleset, repo=repo)
            findings.append(Finding("info", "no-code", f"{repo} ships no source code{uses}; the code license its card "
                                    f"or files state ({resolved.component.expression if resolved.component else '?'}) "
                                    "is reported as stated", FindingSource(repo, None, None)))
            return Resolved(resolved.component, (*findings, *resolved.findings))
        findings.append(Finding("info", "no-code", f"{repo} ships no source code{uses}; no code component",
                                FindingSource(repo, None, None)))
        return Resolved(None, tuple(findings))

    evidence: list[Evidence] = []
    for file in snapshot.code_files:
        found, problems = header_evidence(file, ruleset, repo=repo)
        evidence.extend(found)
        findings.extend(problems)
    evidence.extend(detection.evidence["code"])
    if not any(ev.rule for ev in evidence):
        evidence.extend(_assumed(snapshot, detection, sources, findings))
    if not any(ev.rule for ev in evidence):
        evidence.extend(Evidence("file", None, 0.0, path=p, value="source file; no license stated for it")
                        for p in sources[:MAX_CODE_FILES_READ])
        findings.append(Finding("warning", "code-license-missing",
                                f"{repo} ships {len(sources)} source file(s) ({', '.join(sources[:3])}"
                                f"{', …' if len(sources) > 3 else ''}) and no license is stated for them",
                                FindingSource(repo, sources[0], None)))
    resolved = resolve_component("code", tuple(evidence), ruleset, repo=repo)
    kept = [f for f in resolved.findings if not (f.code == "license-conflict" and _one_per_file(evidence))]
    return Resolved(resolved.component, (*findings, *kept))


def _one_per_file(evidence: list[Evidence]) -> bool:
    """Headers that differ from file to file are no conflict: each file has its own terms."""
    rules: dict[str | None, set[str]] = {}
    for ev in evidence:
        if ev.rule is None:
            continue
        if ev.source != "file" or not ev.path or not is_code(ev.path):
            return False
        rules.setdefault(ev.path, set()).add(ev.rule)
    return all(len(r) == 1 for r in rules.values())


def _assumed(snapshot: Snapshot, detection: Detection, sources: list[str], findings: list[Finding]) -> list[Evidence]:
    """No statement about the code: a license file beside it, else the card's license covers it."""
    main = detection.evidence[main_component(snapshot)]
    dirs = {posixpath.dirname(p) for p in sources}
    beside = [ev for ev in main if ev.rule and ev.source == "file" and ev.path and _beside(ev.path, dirs)]
    chosen = beside or [ev for ev in main if ev.rule and ev.source in _REPO_SOURCES]
    if chosen:
        where = ", ".join(sorted({ev.path or ev.source for ev in chosen}))
        findings.append(Finding("info", "code-license-assumed",
                                f"{snapshot.repo_id}: no license is stated for the code itself; the repo's license "
                                f"({where}) is taken to cover it", FindingSource(snapshot.repo_id, None, None)))
    return chosen
