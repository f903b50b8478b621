"""The pipeline for one run: targets → results, each stage a call.

source → detect → classify → graph → policy; the report stage reads the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from license_scan import TOOL_NAME, __version__
from license_scan.classify.component import resolve_component
from license_scan.detect.repo import Detection, detect
from license_scan.errors import TargetError
from license_scan.model import (
    Components, Dependencies, ErrorInfo, Finding, FindingSource, Node, Report, RulesetInfo, TargetResult,
)
from license_scan.policy.exit import exit_code
from license_scan.policy.rules import Policy, evaluate
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target, parse_target

Fetch = Callable[[Target], Snapshot]


@dataclass(frozen=True)
class ScanOptions:
    revision: str | None = None
    offline: bool = False
    depth: int = 0
    policy: Policy | None = None


def classify_snapshot(snapshot: Snapshot, ruleset: Ruleset) -> tuple[Components, tuple[Finding, ...], Detection]:
    """Detect and classify one repo on its own (no dependencies)."""
    detection = detect(snapshot, ruleset)
    findings = list(detection.findings)
    parts = {}
    for name in ("code", "weights", "data"):
        resolved = resolve_component(name, detection.evidence[name], ruleset, repo=snapshot.repo_id)
        parts[name] = resolved.component
        findings.extend(resolved.findings)
    if snapshot.kind != "dataset" and not detection.metadata.get("datasets"):
        findings.append(Finding("info", "no-training-data-named",
                                f"{snapshot.repo_id}: the card names no training datasets; data terms are unknown",
                                FindingSource(snapshot.repo_id, "README.md", None)))
    return Components(**parts), tuple(findings), detection


def scan_one(raw: str, options: ScanOptions, ruleset: Ruleset, fetch: Fetch) -> TargetResult:
    try:
        target = parse_target(raw, options.revision)
        snapshot = fetch(target)
    except TargetError as exc:
        kind = "model"
        return TargetResult(raw, kind, None, None, options.revision, Components(), Dependencies(), (),
                            ErrorInfo(exc.type, str(exc)))
    components, findings, _ = classify_snapshot(snapshot, ruleset)
    node = Node(snapshot.repo_id or raw, snapshot.kind, snapshot.revision,
                "gated" if snapshot.gated and snapshot.unreadable else "ok", components)
    result = TargetResult(
        target=raw, kind=snapshot.kind, repo_id=snapshot.repo_id, revision=snapshot.revision,
        requested_revision=snapshot.requested_revision, components=components,
        dependencies=Dependencies(nodes=(node,)), findings=findings, error=None,
    )
    if options.policy is not None:
        from dataclasses import replace

        result = replace(result, findings=result.findings + evaluate(options.policy, result))
    return result


def run_scan(
    targets: list[str], options: ScanOptions, *, fetch: Fetch | None = None, ruleset: Ruleset | None = None,
    now: datetime | None = None,
) -> Report:
    ruleset = ruleset or load_ruleset()
    if fetch is None:
        from license_scan.source.fetch import fetch as source_fetch

        def fetch(target: Target) -> Snapshot:
            return source_fetch(target, offline=options.offline)

    results = tuple(scan_one(raw, options, ruleset, fetch) for raw in targets)
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Report(
        tool_name=TOOL_NAME, tool_version=__version__,
        ruleset=RulesetInfo(ruleset.version, ruleset.digest), generated_at=stamp, results=results,
        exit_code=exit_code(results, policy_given=options.policy is not None),
    )
