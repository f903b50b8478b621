"""`license-scan verify REPORT.json`: does the evidence a report rests on still hold?

The stage after `scan`: it reads a JSON report (checked against the shipped schema), re-reads
every repo at the commit the report records and compares every file's SHA-256 (`evidence.py`),
then re-scans every target read at a moving revision and compares its terms (`terms.py`).
Outcome and exit code: `outcome.py`; text and JSON: `render.py`.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from typing import Iterable

from license_scan import __version__
from license_scan.limits import DEFAULT_DEPTH
from license_scan.model import Finding, FindingSource
from license_scan.ruleset import load_ruleset
from license_scan.settings import source_date_epoch
from license_scan.source.fetch import fetch as source_fetch, fetch_once
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target
from license_scan.verify.evidence import check_repos
from license_scan.verify.load import load_report
from license_scan.verify.outcome import RepoCheck, TermsCheck, Verification, change_words, short, terms_summary
from license_scan.verify.terms import check_terms


def verify_report(path: str, *, offline: bool = False, depth: int | None = None,
                  now: datetime | None = None) -> Verification:
    """Check the report at `path`. Raises UsageError when it is not a valid report (or SOURCE_DATE_EPOCH is bad)."""
    when = now or source_date_epoch() or datetime.now(timezone.utc)
    report = load_report(path)
    ruleset = load_ruleset()
    depth = depth if depth is not None else report["summary"].get("depth", DEFAULT_DEPTH)

    with tempfile.TemporaryDirectory(prefix="license-scan-verify-") as fresh:
        def fetch(target: Target) -> Snapshot:  # online, every byte again from the Hub; offline, the Hub cache
            return source_fetch(target, offline=offline, cache_dir=None if offline else fresh)

        once = fetch_once(fetch)
        nodes = [n for r in report["results"] for n in r["dependencies"]["nodes"]]
        repos = check_repos(nodes, once)
        terms = check_terms(report["results"], depth=depth, offline=offline, ruleset=ruleset, fetch=once)
    findings = [*_repo_findings(repos), *_terms_findings(terms)]
    if report["ruleset"]["digest"] != ruleset.digest:
        findings.append(Finding("info", "ruleset-changed",
                                f"the report was classified with rule set {report['ruleset']['version']} "
                                f"({report['ruleset']['digest'][:19]}), this check with {ruleset.version} "
                                f"({ruleset.digest[:19]}): a difference in terms may come from the rules"))
    if report["tool"]["version"] != __version__:
        findings.append(Finding("info", "tool-version-changed",
                                f"the report was written by license-scan {report['tool']['version']}, this check "
                                f"runs {__version__}: the files read and the terms found may differ for that reason"))
    when = when.astimezone(timezone.utc) if when.tzinfo is not None else when
    return Verification(
        report_path=path, report=report, tool_version=__version__, ruleset_version=ruleset.version,
        ruleset_digest=ruleset.digest, checked_at=when.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        offline=offline, depth=depth, repos=repos, terms=terms, findings=tuple(dict.fromkeys(findings)),
    )


def _at(repo: RepoCheck) -> str:
    return f"{repo.id}@{short(repo.revision)}" if repo.revision else repo.id


def _repo_findings(repos: Iterable[RepoCheck]) -> list[Finding]:
    out = []
    for repo in repos:
        if repo.commit == "changed":
            out.append(Finding("error", "commit-unresolved", f"{_at(repo)}: {repo.detail}",
                               FindingSource(repo.id, None)))
        for f in repo.files:
            if f.status == "changed":
                out.append(Finding("error", "evidence-changed", f"{_at(repo)}: {f.path}: {f.detail}",
                                   FindingSource(repo.id, f.path)))
        unread = [f.path for f in repo.files if f.status == "unreadable"]
        if repo.commit == "unreadable" or (unread and repo.commit == "holds"):
            what = f"{', '.join(unread)} not checked" if unread else "not checked"
            out.append(Finding("warning", "evidence-unreadable", f"{_at(repo)}: {what}: {repo.detail}",
                               FindingSource(repo.id, None)))
    return out


def _terms_findings(terms: Iterable[TermsCheck]) -> list[Finding]:
    out = []
    for check in terms:
        where = f"{check.target} ({check.revision})"
        if check.status == "unreadable" and not check.repos:
            out.append(Finding("warning", "evidence-unreadable", f"{where}: {check.detail}",
                               FindingSource(check.target, None)))
        for change in check.repos:
            message = f"{where}: {change.id}: {change_words(change)}"
            summary = terms_summary(change)
            message += f": {summary}" if summary else ""
            if change.status == "unreadable":
                out.append(Finding("warning", "evidence-unreadable", message, FindingSource(change.id, None)))
            else:
                out.append(Finding("error", "terms-changed", message, FindingSource(change.id, None)))
    return out
