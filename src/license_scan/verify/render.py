"""`verify` output: text for a person (one line per repo, file and re-scanned target), JSON for machines.

The JSON shape is described in docs/verify.md. Both are deterministic: stable order, and the
only time in them is `checked_at` (SOURCE_DATE_EPOCH when set).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable

from license_scan.model import Finding
from license_scan.verify.outcome import (
    STATUSES, Difference, FileCheck, RepoCheck, Status, TermsChange, TermsCheck, Verification, change_words, short,
    terms_summary,
)

VERIFY_FORMAT = "1.0"  # the version of the JSON below
_EXIT_WORDS = {0: "holds", 1: "changed", 3: "could not check everything"}
WIDTH = 11  # the status column


def _line(status: str, indent: int, text: str) -> str:
    return f"{status:<{WIDTH}} {' ' * indent}{text}".rstrip()


def _repo_at(repo: RepoCheck) -> str:
    return f"{repo.id}@{short(repo.revision)}" if repo.revision else repo.id


def _counts(statuses: Iterable[Status]) -> str:
    c = Counter(statuses)
    return ", ".join(f"{c[s]} {'hold' if s == 'holds' else s}" for s in STATUSES)


def render_verify_text(v: Verification) -> str:
    r = v.report
    lines = [f"verify {v.report_path}: written {r['generated_at']} by license-scan {r['tool']['version']}, "
             f"rule set {r['ruleset']['version']}; checked {'offline (Hub cache)' if v.offline else 'online'}, "
             f"terms at depth {v.depth}{'' if r['summary'].get('depth') is not None else ' (the report records none)'}"]
    for repo in v.repos:
        lines.append(_line(repo.status, 0, f"{_repo_at(repo)}  {repo.detail}"))
        for f in repo.files:
            lines.append(_line(f.status, 2, f"{f.path}  {f.detail}"))
    for check in v.terms:
        lines.append(_line(check.status, 0, f"terms of {check.target} ({check.revision})  {check.detail}"))
        for change in check.repos:
            summary = terms_summary(change)
            lines.append(_line(change.status, 2, f"{change.id}  {change_words(change)}" + (f": {summary}" if summary else "")))
    for finding in v.findings:
        if finding.severity == "info":
            lines.append(f"note: {finding.message}")
    files = [f for repo in v.repos for f in repo.files]
    lines.append(f"{len(v.repos)} repo(s): {_counts(x.status for x in v.repos)}; "
                 f"{len(files)} file(s): {_counts(f.status for f in files)}; "
                 f"terms of {len(v.terms)} target(s) re-scanned: {_counts(t.status for t in v.terms)}; "
                 f"exit {v.exit_code} ({_EXIT_WORDS[v.exit_code]})")
    return "\n".join(lines) + "\n"


def _file(f: FileCheck) -> dict[str, Any]:
    return {"path": f.path, "role": f.role, "status": f.status, "recorded_sha256": f.recorded,
            "sha256": f.found, "detail": f.detail}


def _repo(repo: RepoCheck) -> dict[str, Any]:
    return {"id": repo.id, "kind": repo.kind, "revision": repo.revision, "status": repo.status,
            "commit": repo.commit, "detail": repo.detail, "files": [_file(f) for f in repo.files]}


def _diff(d: Difference | None) -> dict[str, str | None] | None:
    return None if d is None else {"old": d.old, "new": d.new}


def _change(c: TermsChange) -> dict[str, Any]:
    return {"id": c.id, "status": c.status, "change": c.change, "old_revision": c.old_revision,
            "new_revision": c.new_revision, "declared": _diff(c.declared),
            "components": {name: _diff(d) for name, d in c.components}, "files_changed": list(c.files_changed)}


def _terms(t: TermsCheck) -> dict[str, Any]:
    return {"target": t.target, "revision": t.revision, "old_revision": t.old_revision,
            "new_revision": t.new_revision, "status": t.status, "detail": t.detail,
            "components": {name: _diff(d) for name, d in t.components}, "repos": [_change(c) for c in t.repos]}


def _finding(f: Finding) -> dict[str, Any]:
    src = None if f.source is None else {"repo": f.source.repo, "path": f.source.path, "line": f.source.line}
    return {"severity": f.severity, "code": f.code, "message": f.message, "source": src}


def _tally(statuses: Iterable[Status]) -> dict[str, int]:
    c = Counter(statuses)
    return {s: c[s] for s in STATUSES}


def render_verify_json(v: Verification) -> str:
    r = v.report
    data = {
        "verify": VERIFY_FORMAT,
        "report": {"path": v.report_path, "generated_at": r["generated_at"], "tool": r["tool"],
                   "ruleset": r["ruleset"], "depth": r["summary"].get("depth")},
        "tool": {"name": "license-scan", "version": v.tool_version},
        "ruleset": {"version": v.ruleset_version, "digest": v.ruleset_digest},
        "checked_at": v.checked_at, "offline": v.offline, "depth": v.depth,
        "summary": {
            "exit_code": v.exit_code,
            "repos": _tally(x.status for x in v.repos),
            "files": _tally(f.status for x in v.repos for f in x.files),
            "terms": _tally(t.status for t in v.terms),
        },
        "repos": [_repo(x) for x in v.repos],
        "terms": [_terms(t) for t in v.terms],
        "findings": [_finding(f) for f in v.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_verify_text, "json": render_verify_json}
