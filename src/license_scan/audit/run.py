"""One audit: list the estate, judge every repo from its metadata (tier 1), read files where the verdict
rests on them (tier 2), and report each repo as `scan` would the moment its whole tree is final (repos that
need no file right after the sweep, the others as their reads finish).

Only this process touches the network (listing, referenced repos, tier-2 files), through one bounded fetch
pool and one request budget; the executor (in-process, local processes, a Dask cluster) gets the CPU work,
as pure functions of plain data (audit/work.py). Tier-2 reads are keyed by commit: a repo whose commit did
not move is read from the Hub cache and its verdict from the verdict cache, with no request.
"""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

from license_scan import __version__, limits
from license_scan.audit.emit import Emit, Reporter
from license_scan.audit.estate import Estate, EstateNode, Reported, reported
from license_scan.audit.executor import audit_executor, describe, task_ruleset
from license_scan.audit.tiers import Tier2
from license_scan.audit.work import classify_read, tier1
from license_scan.classify.cache import cached
from license_scan.classify.snapshot import Classified
from license_scan.errors import NetworkError, TargetError
from license_scan.graph.assemble import failed_result
from license_scan.graph.walk import Key, key_of
from license_scan.model import AuditRecord
from license_scan.report.audit_lines import audit_line, dump_line
from license_scan.ruleset import Ruleset, load_ruleset
from license_scan.source.budget import BudgetExhausted, RequestBudget, budgeted
from license_scan.source.estate import Listed, RepoKind, list_repos, listed_info
from license_scan.source.listed import fetch_listed
from license_scan.source.snapshot import Snapshot

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class AuditOptions:
    author: str | None = None
    search: str | None = None
    everything: bool = False  # --all: the whole Hub
    ids: tuple[tuple[RepoKind, str], ...] = ()  # --from FILE
    kinds: tuple[RepoKind, ...] = ("model", "dataset")
    depth: int = limits.DEFAULT_DEPTH
    tier2: Tier2 = "needed"
    workers: int = 1
    scheduler: str | None = None
    jobs: int = limits.FETCH_WORKERS
    budget: int | None = None  # Hub requests in the whole run (None: no limit)
    rate: float | None = None  # Hub requests a second (None: no limit)
    done: frozenset[Reported] = frozenset()  # --resume: the repos an interrupted run already reported


@dataclass
class AuditStats:
    """What the run did, for the summary: how far each tier reached and what it cost."""

    engine: str = "in-process"
    listed: int = 0
    referenced: int = 0  # repos outside the listing that audited repos reference (one info request each)
    tier2_wanted: int = 0
    tier2_read: int = 0
    tier2_not_read: int = 0  # wanted, but the budget was spent or the files could not be fetched
    resumed: int = 0  # repos an earlier, interrupted run had already reported
    requests: int = 0
    paused_s: float = 0.0
    errors: list[str] = field(default_factory=list)  # the listing or a repo that failed outright


class AuditProgress(Protocol):
    """What an audit reports as it goes; the CLI draws it. Called from the run's thread only."""

    def stage(self, name: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class NoAuditProgress:
    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


def run_audit(options: AuditOptions, emit: Emit, *, ruleset: Ruleset | None = None,
              progress: AuditProgress | None = None, listing: Iterable[Listed] | None = None) -> AuditStats:
    """Audit the repos the options name (or `listing`, a sweep already made: a mirror's own index, a
    benchmark's synthetic estate), calling `emit` with each repo's record as soon as its tree is final."""
    ruleset = ruleset or load_ruleset()
    progress = progress or NoAuditProgress()
    stats = AuditStats(engine=describe(options.workers, options.scheduler))
    budget = RequestBudget(options.budget, options.rate)
    with audit_executor(options.workers, options.scheduler) as (executor, workers), budgeted(budget), \
            ThreadPoolExecutor(max(1, options.jobs), thread_name_prefix="license-scan-audit") as pool:
        estate = Estate()
        roots = _list(options, estate, emit, pool, stats, progress, listing, ruleset)
        in_flight = max(1, workers * limits.AUDIT_TASKS_IN_FLIGHT_PER_WORKER)
        _tier1(estate, list(estate.nodes), executor, in_flight, ruleset, progress)
        _close(estate, roots, options.depth, pool, executor, in_flight, ruleset, stats, progress)
        trees = _trees(estate, roots, options)  # the repos to report, each with the repos its tree reaches
        stats.resumed = len(roots) - len(trees)
        wanted = _select_tier2(estate, trees, options, stats)
        report = Reporter(estate, trees, options.depth, ruleset, emit, executor, in_flight)
        report.plan(set(wanted))  # repos whose tree needs no file are reported now, the rest as their trees are read
        _tier2(estate, wanted, pool, executor, ruleset, stats, progress, report.done)
        report.finish()
    stats.requests, stats.paused_s = budget.used, budget.paused_s
    return stats


def _list(options: AuditOptions, estate: Estate, emit: Emit, pool: Executor, stats: AuditStats,
          progress: AuditProgress, listing: Iterable[Listed] | None, ruleset: Ruleset) -> list[Key]:
    """The audited repos, in listing order. A repo named in --from that cannot be read is reported at once."""
    progress.stage("listing", len(options.ids) or None)
    roots: list[Key] = []
    if options.ids:
        jobs = [(kind, repo, pool.submit(_info, kind, repo)) for kind, repo in options.ids]
        for kind, repo, job in jobs:
            got = job.result()
            progress.advance()
            if isinstance(got, TargetError):
                raw = f"datasets/{repo}" if kind == "dataset" else repo
                failed = AuditRecord(failed_result(raw, kind, repo, None, got.type, str(got)), 1, None)
                emit(dump_line(audit_line(failed, ruleset.digest, __version__)))
                stats.errors.append(str(got))
                continue
            key = estate.add(EstateNode(got), key_of(kind, repo))
            if key not in roots:
                roots.append(key)
        stats.listed = len(roots)
        return roots
    try:
        sweep = listing if listing is not None else list_repos(author=options.author, search=options.search,
                                                               kinds=options.kinds)
        for listed in sweep:
            key = estate.add(EstateNode(listed))
            if key not in estate.alias and (not roots or roots[-1] != key):
                roots.append(key)
            progress.advance()
    except (TargetError, BudgetExhausted) as exc:  # what was listed is still audited; the run is incomplete
        stats.errors.append(f"listing stopped after {len(roots)} repos: {exc}")
    roots = list(dict.fromkeys(roots))
    stats.listed = len(roots)
    return roots


def _info(kind: RepoKind, repo: str) -> Listed | TargetError:
    try:
        return listed_info(kind, repo)
    except TargetError as exc:
        return exc
    except BudgetExhausted as exc:
        return NetworkError(repo, str(exc))


def _tier1(estate: Estate, keys: Sequence[Key], executor: Executor, in_flight: int, ruleset: Ruleset,
           progress: AuditProgress) -> None:
    todo = [k for k in keys if estate.nodes[k].refs is None and estate.nodes[k].listed is not None]
    progress.stage("tier 1: metadata", len(todo))
    listed = [estate.nodes[k].listed for k in todo]
    given = task_ruleset(executor, ruleset)
    done = 0
    for answers in batched_map(executor, tier1, listed, limits.AUDIT_BATCH_REPOS, in_flight, ruleset.digest,
                               given, given is not None):
        for answer in answers:
            node = estate.nodes[todo[done]]
            node.refs, node.wants_files, node.classified = answer.refs, answer.reason, answer.classified
            done += 1
        progress.advance(len(answers))


def _close(estate: Estate, roots: list[Key], depth: int, pool: Executor, executor: Executor, in_flight: int,
           ruleset: Ruleset, stats: AuditStats, progress: AuditProgress) -> None:
    """Read the metadata of every repo the audited ones reference, `depth` levels out, one request each."""
    frontier = roots
    for _ in range(depth):
        wanted = estate.missing(frontier)
        if not wanted:
            return
        progress.stage("referenced repos", len(wanted))
        jobs = {key: pool.submit(_info, key[0], repo) for key, repo in wanted.items()}  # type: ignore[arg-type]
        added: list[Key] = []
        for key, job in jobs.items():
            got = job.result()
            progress.advance()
            if isinstance(got, TargetError):
                estate.nodes[key] = EstateNode(None, error=got)
                continue
            added.append(estate.add(EstateNode(got), key))
        stats.referenced += len(jobs)
        _tier1(estate, added, executor, in_flight, ruleset, progress)
        frontier = added


def _trees(estate: Estate, roots: list[Key], options: AuditOptions) -> dict[Key, list[Key]]:
    """Every audited repo not reported yet (--resume), with the repos its tree reaches, in listing order."""
    out = {}
    for key in roots:
        listed = estate.nodes[key].listed
        assert listed is not None
        if reported(listed.kind, listed.repo_id, listed.sha) not in options.done:
            out[key] = estate.ancestors([key], options.depth)
    return out


def _select_tier2(estate: Estate, trees: dict[Key, list[Key]], options: AuditOptions, stats: AuditStats) -> list[Key]:
    """Every audited repo whose verdict rests on files (its own, or those of a repo in its tree: a base outside
    the estate that says `license: other` leaves its derivatives' terms unknown too), and every repo its tree
    reaches: read as `scan` reads them."""
    needing = []
    for key, tree in trees.items():
        node = estate.nodes[key]
        node.reason = "every repo read (--tier2 all)" if options.tier2 == "all" else node.wants_files or _in_tree(
            estate, tree)
        if node.reason and options.tier2 == "none":
            node.reason += "; not read: --tier2 none"
            node.unread = True
            stats.tier2_not_read += 1
        elif node.reason:
            needing.append(key)
    wanted = [k for k in estate.ancestors(needing, options.depth) if estate.nodes[k].listed is not None]
    stats.tier2_wanted = len(wanted)
    return wanted


def _in_tree(estate: Estate, tree: list[Key]) -> str | None:
    for key in tree[1:]:
        node = estate.nodes.get(key)
        if node is not None and node.listed is not None and node.wants_files:
            return f"{node.listed.repo_id} in its tree: {node.wants_files}"
    return None


def _tier2(estate: Estate, wanted: list[Key], pool: Executor, executor: Executor, ruleset: Ruleset,
           stats: AuditStats, progress: AuditProgress, done: Callable[[Key], None]) -> None:
    if not wanted:
        return
    progress.stage("tier 2: files", len(wanted))
    given = task_ruleset(executor, ruleset)
    classify = cached(lambda s: executor.submit(classify_read, [s], ruleset.digest, given).result()[0], ruleset)

    def read(key: Key) -> tuple[Snapshot, Classified] | str:
        node = estate.nodes[key]
        assert node.listed is not None
        try:
            snapshot = fetch_listed(node.listed)
        except BudgetExhausted:
            return "the run's request budget was spent"
        except TargetError as exc:
            return f"its files could not be read: {exc.message}"
        return snapshot, classify(snapshot)

    jobs = {pool.submit(read, key): key for key in wanted}
    for job in as_completed(jobs):
        key = jobs[job]
        got = job.result()
        node = estate.nodes[key]
        progress.advance()
        if isinstance(got, str):
            stats.tier2_not_read += 1
            node.reason = f"{node.reason or 'in the tree of a repo read at tier 2'}; not read: {got}"
            node.unread = True
        else:
            node.snapshot, node.classified, node.tier, node.refs = got[0], got[1], 2, None
            node.reason = node.reason or "in the tree of a repo read at tier 2"
            stats.tier2_read += 1
        done(key)


def batched_map(executor: Executor, fn: Callable[..., list[R]], items: Sequence[T], batch: int, in_flight: int,
                *args: object) -> Iterator[list[R]]:
    """`fn(items[i:i+batch], *args)` for every batch, in order, at most `in_flight` batches queued at once."""
    chunks: Iterable[Sequence[T]] = (items[i:i + batch] for i in range(0, len(items), batch))
    queue = []
    for chunk in chunks:
        queue.append(executor.submit(fn, chunk, *args))
        if len(queue) >= in_flight:
            yield queue.pop(0).result()
    for future in queue:
        yield future.result()
