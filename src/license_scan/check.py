"""The pre-merge gate for one run: a codebase → the Hub repos it names → their trees → the policy.

Wires stages together, like scan.py: the source layer finds the references (source/project);
each distinct repo is then scanned with its tree
exactly as `scan` does it, once per run however many lines name it, and judged against the
policy; the report carries the references with their locations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Sequence

from license_scan.errors import OfflineMissError
from license_scan.limits import DEFAULT_DEPTH, FETCH_WORKERS
from license_scan.model import Location, Reference, Report
from license_scan.policy.exit import exit_code
from license_scan.policy.spec import Policy
from license_scan.ruleset import Ruleset
from license_scan.scan import Progress, ScanOptions, run_scan
from license_scan.source.fetch import Fetch
from license_scan.source.project import ProjectScan, RefKind, canonical_ids, find_references
from license_scan.source.project.changes import Changes, changes_since
from license_scan.source.project import Reference as FoundReference


@dataclass(frozen=True)
class CheckOptions:
    policy: Policy
    exclude: tuple[str, ...] = ()
    offline: bool = False
    depth: int = DEFAULT_DEPTH
    jobs: int = FETCH_WORKERS  # repo fetches in flight at once (ScanOptions.jobs)
    changed_since: str | None = None  # a git revision: only references on lines added since it


def run_check(root: Path, options: CheckOptions, *, fetch: Fetch | None = None, ruleset: Ruleset | None = None,
              now: datetime | None = None, found: ProjectScan | None = None,
              progress: Progress | None = None) -> Report:
    """Every Hub repo the codebase at `root` names, scanned with its tree and judged by the policy."""
    found = found or find_references(root, exclude=options.exclude)
    refs = found.references
    if options.changed_since is not None:
        refs = _added_since(refs, changes_since(root, options.changed_since))
    targets = _targets(refs)
    scan = ScanOptions(offline=options.offline, depth=options.depth, policy=options.policy,
                       jobs=options.jobs)
    report = run_scan(list(targets), scan, fetch=fetch, ruleset=ruleset, now=now, progress=progress)
    references = tuple(Reference(target, refs[0].kind, refs[0].repo_id, _locations(refs))
                       for target, refs in targets.items())
    findings = found.findings
    return replace(report, references=references, findings=findings,
                   exit_code=exit_code(report.results, policy_given=True, run_findings=findings))


def _added_since(refs: Sequence[FoundReference], changes: Changes) -> tuple[FoundReference, ...]:
    """Only the places on lines added since the base revision (a notebook: any change to it)."""
    out = []
    for ref in refs:
        new = tuple(loc for loc in ref.locations
                    if changes.is_new(loc.file, loc.line, whole_file=loc.cell is not None))
        if new:
            out.append(replace(ref, locations=new))
    return tuple(out)


def _targets(refs: Sequence[FoundReference]) -> dict[str, list[FoundReference]]:
    """Target string → the references it stands for. A legacy id (`gpt2`) is scanned as written
    the first time (the Hub answers with its id now, and the source layer records both); after
    that our metadata cache names it, so two spellings of one repo are scanned once and a warm
    check costs one request per repo."""
    out: dict[str, list[FoundReference]] = {}
    for ref in refs:
        repo_id = _cached_canonical(ref.repo_id, ref.kind) if "/" not in ref.repo_id else ref.repo_id
        target = f"datasets/{repo_id}" if ref.kind == "dataset" else repo_id
        key = next((k for k in out if k.lower() == target.lower()), target)
        out.setdefault(key, []).append(ref)
    return out


def _cached_canonical(repo_id: str, kind: RefKind) -> str:
    try:
        return canonical_ids([repo_id], kind=kind, offline=True).get(repo_id) or repo_id
    except OfflineMissError:  # never scanned: the scan asks the Hub
        return repo_id


def _locations(refs: list[FoundReference]) -> tuple[Location, ...]:
    locations = {
        (loc.file, loc.line, loc.column, _how(loc.how, loc.cell, loc.via))
        for ref in refs for loc in ref.locations
    }
    return tuple(Location(path, line, column, how) for path, line, column, how in sorted(locations))


def _how(how: str, cell: int | None, via: str | None) -> str:
    parts = [how]
    if cell is not None:
        parts.append(f"notebook cell {cell}")
    if via:
        parts.append(f"via {via}")
    return ", ".join(parts)
