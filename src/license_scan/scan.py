"""The pipeline for one run: targets → report. Wires the stages together and does nothing else.

source → detect → classify (classify_snapshot, per repo) → graph (walk the
tree, inherit, assemble the result) → policy; the report stage reads the Report.
"""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Protocol

from license_scan import TOOL_NAME, __version__
from license_scan.classify.cache import cached
from license_scan.classify.snapshot import Classified, classify_snapshot
from license_scan.errors import TargetError
from license_scan.graph.assemble import failed_result, tree_result
from license_scan.graph.inherit import effective
from license_scan.graph.obligations import check_obligations
from license_scan.graph.walk import Classify, walk
from license_scan.limits import FETCH_WORKERS
from license_scan.model import Report, RulesetInfo, TargetResult
from license_scan.policy.exit import exit_code
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.settings import network_settings, source_date_epoch
from license_scan.source.fetch import Fetch, fetch_once
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target, parse_target

if TYPE_CHECKING:  # the policy modules are imported when a run has a policy (most runs have none)
    from license_scan.policy.spec import Policy


@dataclass(frozen=True)
class ScanOptions:
    revision: str | None = None
    offline: bool = False
    depth: int = 0
    policy: Policy | None = None
    jobs: int = FETCH_WORKERS  # repo fetches in flight at once in the whole run, targets and trees together
    cache_verdicts: bool = False  # reuse each repo's own verdict across runs (classify/cache.py)


class Progress(Protocol):
    """What a run reports as it goes (the CLI draws it; no stage knows how). Called from worker threads."""

    def run_started(self, targets: int) -> None: ...
    def target_started(self, raw: str) -> None: ...
    def target_done(self, raw: str) -> None: ...
    def repo_started(self, repo: str) -> None: ...
    def repo_fetched(self, repo: str) -> None: ...


class NoProgress:
    def run_started(self, targets: int) -> None:
        pass

    def target_started(self, raw: str) -> None:
        pass

    def target_done(self, raw: str) -> None:
        pass

    def repo_started(self, repo: str) -> None:
        pass

    def repo_fetched(self, repo: str) -> None:
        pass


def _classifier(ruleset: Ruleset, policy: Policy | None, *, cache: bool = False) -> Classify:
    own = cached(lambda s: classify_snapshot(s, ruleset), ruleset) if cache else (lambda s: classify_snapshot(s, ruleset))
    if policy is None:
        return own
    from license_scan.policy.clarify import apply_clarify

    def classify(snapshot: Snapshot) -> Classified:
        classified = own(snapshot)
        # the policy's `clarify` entries replace a repo's own verdict before inheritance, anywhere in the tree
        return apply_clarify(policy, snapshot, classified, ruleset)

    return classify


def scan_one(raw: str, options: ScanOptions, ruleset: Ruleset, fetch: Fetch, today: date | None = None,
             pool: Executor | None = None) -> TargetResult:
    """One target and its dependency tree (`options.depth` levels; 0: the target alone); `today` (default:
    the clock's) decides whether the policy's exceptions have expired. Every fetch runs in `pool` when given
    (the run's one fetch pool; a local folder is read here), else the target here and its tree in a pool of
    the walk's own."""
    try:
        target = parse_target(raw, options.revision)
    except TargetError as exc:
        return failed_result(raw, "model", None, options.revision, exc.type, str(exc))
    try:
        if pool is None or target.kind == "local":  # a folder never waits on the network: the pool would only
            snapshot = fetch(target)                 # add a thread hand-off per target
        else:
            snapshot = pool.submit(fetch, target).result()
    except TargetError as exc:
        return failed_result(raw, target.kind, target.repo_id, target.revision, exc.type, str(exc))
    except Exception as exc:  # noqa: BLE001 - an unforeseen I/O failure costs this target, never the others
        return failed_result(raw, target.kind, target.repo_id, target.revision, "network",
                             f"{raw}: could not be read ({type(exc).__name__}: {exc})")
    tree = walk(snapshot, fetch, _classifier(ruleset, options.policy, cache=options.cache_verdicts), depth=options.depth,
                workers=options.jobs, pool=pool)
    terms = check_obligations(tree, effective(tree, ruleset, depth=options.depth), ruleset)
    result = tree_result(raw, snapshot, tree, terms)
    if options.policy is not None:
        from license_scan.policy.evaluate import evaluate

        today = today or datetime.now(timezone.utc).date()
        result = replace(result, findings=result.findings + evaluate(options.policy, result, today=today))
    return result


def run_scan(
    targets: list[str], options: ScanOptions, *, fetch: Fetch | None = None, ruleset: Ruleset | None = None,
    now: datetime | None = None, progress: Progress | None = None,
) -> Report:
    """Scan `targets`, reported in the order given. The report's time is `now`, else SOURCE_DATE_EPOCH, else
    the clock (a bad SOURCE_DATE_EPOCH raises UsageError before anything is read).

    Targets are scanned concurrently, each in a thread of its own (its classification is CPU work that must
    not hold up another target's fetches; an offline run, which waits on no network, scans them on one);
    every fetch of the run, targets and tree levels alike, goes to ONE pool of `options.jobs` threads (a local
    folder, which never waits on the network, is read on its target's thread). Only fetch tasks run in that
    pool and a fetch never waits on the pool, so a full pool always drains: a target thread waits on it,
    never occupies it."""
    when = now or source_date_epoch() or datetime.now(timezone.utc)
    network_settings()  # a bad LICENSE_SCAN_* value is a usage error before anything is read
    ruleset = ruleset or load_ruleset()
    # Target threads exist to overlap waits on the network. An offline run of the real source has none: its
    # targets' work is CPU work that takes turns on the GIL anyway, and a dozen threads taking turns cost ~4%.
    jobs = max(1, options.jobs)
    target_threads = 1 if fetch is None and options.offline else max(1, min(jobs, len(targets)))
    if fetch is None:
        from license_scan.source.fetch import fetch as source_fetch

        def fetch(target: Target) -> Snapshot:
            return source_fetch(target, offline=options.offline)

        options = replace(options, cache_verdicts=True)  # the real source: verdicts keyed by what was read

    progress = progress or NoProgress()
    once = fetch_once(_reporting(fetch, progress))
    when = when.astimezone(timezone.utc) if when.tzinfo is not None else when
    progress.run_started(len(targets))

    def one(raw: str, pool: Executor) -> TargetResult:
        progress.target_started(raw)
        try:
            return scan_one(raw, options, ruleset, once, when.date(), pool=pool)
        finally:
            progress.target_done(raw)

    with ThreadPoolExecutor(jobs, thread_name_prefix="license-scan-fetch") as pool, \
            ThreadPoolExecutor(target_threads, thread_name_prefix="license-scan-target") as by_target:
        results = tuple(by_target.map(lambda raw: one(raw, pool), targets))
    stamp = when.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Report(
        tool_name=TOOL_NAME, tool_version=__version__,
        ruleset=RulesetInfo(ruleset.version, ruleset.digest), generated_at=stamp, results=results,
        exit_code=exit_code(results, policy_given=options.policy is not None), depth=options.depth,
    )


def _reporting(fetch: Fetch, progress: Progress) -> Fetch:
    def reported(target: Target) -> Snapshot:
        progress.repo_started(target.raw)
        try:
            return fetch(target)
        finally:
            progress.repo_fetched(target.raw)

    return reported
