"""The code component: source files the repo ships, and the license stated for them.

Where the code's own license is stated, it wins: an SPDX-License-Identifier or
license sentence in a file header, LICENSE-CODE, the card's "the code is
released under…" (detect routes those two). Otherwise a license file next to or
above the code, then the card's license, with a finding saying it was assumed.
A repo that ships no code has no code component: nothing is invented for it.
"""

from __future__ import annotations

import posixpath

from license_scan.classify.component import Resolved, resolve_component
from license_scan.detect.evidence import Detected, main_component
from license_scan import limits
from license_scan.model import Evidence, Finding, FindingSource
from license_scan.ruleset import Ruleset
from license_scan.source.patterns import CODE_EXTENSIONS, is_code
from license_scan.source.snapshot import Snapshot

__all__ = ["CODE_EXTENSIONS", "code_component", "is_code"]
_REPO_SOURCES = ("front-matter", "tags")  # the card's own declaration, last resort for code


def _beside(license_path: str, code_dirs: set[str]) -> bool:
    """A license file in a code file's folder or one above it covers that code."""
    folder = posixpath.dirname(license_path)
    return any(d == folder or folder == "" or d.startswith(folder + "/") for d in code_dirs)


def code_component(snapshot: Snapshot, detection: Detected, ruleset: Ruleset) -> Resolved:
    repo = snapshot.repo_id
    findings: list[Finding] = []
    sources = [p for p in snapshot.files if is_code(p)]
    present = set(snapshot.files)
    for ref in snapshot.code_refs:
        if ref.repo_id is None and ref.module_path not in present:
            findings.append(Finding("warning", "auto-map-file-missing",
                                    f"{repo}: config.json auto_map names {ref.named_as}, but {ref.module_path} is not "
                                    "in the repo", FindingSource(repo, "config.json", None)))
    stated = [ev for ev in detection.of("code") if ev.rule]
    if not sources:
        remote = sorted({r.repo_id for r in snapshot.code_refs if r.repo_id})
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

    evidence = list(detection.of("code"))
    if not any(ev.rule for ev in evidence):
        evidence.extend(_assumed(snapshot, detection, sources, findings))
    if not any(ev.rule for ev in evidence):
        # nothing covers the code: each file that states nothing is unknown terms, not "no terms"
        evidence = [ev for ev in evidence if not ev.no_terms]
        evidence.extend(Evidence("file", None, 0.0, path=p, value="source file; no license stated for it")
                        for p in _examined_first(snapshot, sources) if all(ev.path != p for ev in evidence))
        findings.append(Finding("warning", "code-license-missing",
                                f"{repo} ships {len(sources)} source file(s) ({', '.join(sources[:3])}"
                                f"{', …' if len(sources) > 3 else ''}) and no license is stated for them",
                                FindingSource(repo, sources[0], None)))
    resolved = resolve_component("code", tuple(evidence), ruleset, repo=repo)
    kept = [f for f in resolved.findings if not (f.code == "license-conflict" and _one_per_file(evidence))]
    return Resolved(resolved.component, (*findings, *kept))


def _examined_first(snapshot: Snapshot, sources: list[str]) -> list[str]:
    """The source files whose headers were read, then others, up to the read cap."""
    return list(dict.fromkeys([*(f.path for f in snapshot.code_files), *sources]))[:limits.MAX_CODE_FILES_READ]


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


def _assumed(snapshot: Snapshot, detection: Detected, sources: list[str], findings: list[Finding]) -> list[Evidence]:
    """No statement about the code: a license file beside it, else the card's license covers it."""
    main = detection.of(main_component(snapshot))
    dirs = {posixpath.dirname(p) for p in sources}
    beside = [ev for ev in main if ev.rule and ev.source == "file" and ev.path and _beside(ev.path, dirs)]
    chosen = beside or [ev for ev in main if ev.rule and ev.source in _REPO_SOURCES]
    if chosen:
        where = ", ".join(sorted({ev.path or ev.source for ev in chosen}))
        findings.append(Finding("info", "code-license-assumed",
                                f"{snapshot.repo_id}: no license is stated for the code itself; the repo's license "
                                f"({where}) is taken to cover it", FindingSource(snapshot.repo_id, None, None)))
    return chosen
