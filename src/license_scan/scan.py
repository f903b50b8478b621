"""The pipeline for one run: targets → results, each stage a call.

source → detect → classify → graph → policy; the report stage reads the result.
Every target is scanned with its dependency tree: each node is classified on its
own (`classify_snapshot`), then graph/inherit.py adds what it inherits.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable

from license_scan import TOOL_NAME, __version__
from license_scan.classify.code import code_component
from license_scan.classify.component import resolve_component
from license_scan.detect.repo import Detection, detect
from license_scan.errors import TargetError
from license_scan.graph.inherit import effective
from license_scan.graph.walk import Classified, Classify, walk
from license_scan.limits import FETCH_WORKERS
from license_scan.model import (
    Component, Components, Dependencies, Edge, ErrorInfo, Finding, FindingSource, Node, Report, RulesetInfo,
    TargetResult,
)
from license_scan.policy.exit import exit_code
from license_scan.policy.rules import Policy, evaluate
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target, parse_target

Fetch = Callable[[Target], Snapshot]
# A dependency's own info findings (no code, no datasets named) would repeat for every node;
# only these, which describe the tree itself, are kept for dependencies.
DEPENDENCY_INFO_CODES = ("relation-inferred",)


@dataclass(frozen=True)
class ScanOptions:
    revision: str | None = None
    offline: bool = False
    depth: int = 0
    policy: Policy | None = None
    fetch_workers: int = FETCH_WORKERS  # concurrent fetches while walking the tree (1: one at a time)


def classify_snapshot(snapshot: Snapshot, ruleset: Ruleset) -> tuple[Components, tuple[Finding, ...], Detection]:
    """Detect and classify one repo on its own: own evidence only, no dependencies followed."""
    detection = detect(snapshot, ruleset)
    findings = list(detection.findings)
    parts: dict[str, Component | None] = {}
    for name in ("weights", "data"):
        resolved = resolve_component(name, detection.evidence[name], ruleset, repo=snapshot.repo_id)
        parts[name] = resolved.component
        findings.extend(resolved.findings)
    code = code_component(snapshot, detection, ruleset)
    findings.extend(code.findings)
    if snapshot.kind != "dataset" and not detection.metadata.get("datasets"):
        findings.append(Finding("info", "no-training-data-named",
                                f"{snapshot.repo_id}: the card names no training datasets; data terms are unknown",
                                FindingSource(snapshot.repo_id, "README.md", None)))
    return Components(code=code.component, **parts), tuple(findings), detection


def _classifier(ruleset: Ruleset) -> Classify:
    def classify(snapshot: Snapshot) -> Classified:
        components, findings, detection = classify_snapshot(snapshot, ruleset)
        return Classified(components, findings, detection.metadata, detection.same_as_base)

    return classify


def scan_one(raw: str, options: ScanOptions, ruleset: Ruleset, fetch: Fetch) -> TargetResult:
    """One target and its dependency tree (`options.depth` levels; 0: the target alone)."""
    try:
        target = parse_target(raw, options.revision)
    except TargetError as exc:
        return _failed(raw, "model", None, options.revision, exc.type, str(exc))
    try:
        snapshot = fetch(target)
    except TargetError as exc:
        return _failed(raw, target.kind, target.repo_id, target.revision, exc.type, str(exc))
    except Exception as exc:  # noqa: BLE001 - an unforeseen I/O failure costs this target, never the others
        return _failed(raw, target.kind, target.repo_id, target.revision, "network",
                       f"{raw}: could not be read ({type(exc).__name__}: {exc})")
    tree = walk(snapshot, fetch, _classifier(ruleset), depth=options.depth, workers=options.fetch_workers)
    terms = effective(tree, ruleset, depth=options.depth)
    nodes = tuple(Node(v.node_id, v.kind, v.snapshot.revision if v.snapshot else None, v.status,
                       terms.components.get(k, Components())) for k, v in tree.visits.items())
    edges = tuple(Edge(tree.visits[l.source].node_id, tree.visits[l.target].node_id, l.relation) for l in tree.links)
    findings = [f for k, v in tree.visits.items() if v.classified
                for f in (*v.classified.findings, *(v.refs.findings if v.refs else ()))
                if k == tree.root or f.severity != "info" or f.code in DEPENDENCY_INFO_CODES]
    findings += [*tree.findings, *terms.findings]
    result = TargetResult(
        target=raw, kind=snapshot.kind, repo_id=snapshot.repo_id, revision=snapshot.revision,
        requested_revision=snapshot.requested_revision, components=terms.components[tree.root],
        dependencies=Dependencies(nodes=nodes, edges=edges), findings=tuple(dict.fromkeys(findings)), error=None,
    )
    if options.policy is not None:
        result = replace(result, findings=result.findings + evaluate(options.policy, result))
    return result


def _failed(raw: str, kind: str, repo_id: str | None, revision: str | None, type_: str, message: str) -> TargetResult:
    """The result of a target that could not be read: an error, no components, still in order."""
    return TargetResult(raw, kind, repo_id if kind != "local" else None, None, revision, Components(),
                        Dependencies(), (), ErrorInfo(type_, message))


def fetch_once(fetch: Fetch) -> Fetch:
    """Each repo fetched once per run, however many targets and trees name it (thread-safe).

    A failure is remembered too: a repo that was missing for one tree is missing for all.
    """
    lock = threading.Lock()
    futures: dict[tuple[str, str, str | None], Future[Snapshot]] = {}

    def once(target: Target) -> Snapshot:
        key = (target.kind, target.repo_id if target.kind == "local" else target.repo_id.lower(), target.revision)
        with lock:
            future = futures.get(key)
            owner = future is None
            if future is None:
                future = futures[key] = Future()
        if owner:
            try:
                future.set_result(fetch(target))
            except BaseException as exc:  # handed to every caller of this repo, then raised here too
                future.set_exception(exc)
        return future.result()

    return once


def run_scan(
    targets: list[str], options: ScanOptions, *, fetch: Fetch | None = None, ruleset: Ruleset | None = None,
    now: datetime | None = None,
) -> Report:
    ruleset = ruleset or load_ruleset()
    if fetch is None:
        from license_scan.source.fetch import fetch as source_fetch

        def fetch(target: Target) -> Snapshot:
            return source_fetch(target, offline=options.offline)

    once = fetch_once(fetch)
    results = tuple(scan_one(raw, options, ruleset, once) for raw in targets)
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Report(
        tool_name=TOOL_NAME, tool_version=__version__,
        ruleset=RulesetInfo(ruleset.version, ruleset.digest), generated_at=stamp, results=results,
        exit_code=exit_code(results, policy_given=options.policy is not None),
    )
