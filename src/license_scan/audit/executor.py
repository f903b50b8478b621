"""Where an audit's per-repo work runs: this process, local worker processes, or an existing Dask cluster.

Everything else codes against `concurrent.futures.Executor`; this is the only module that imports Dask
(`license-scan[dask]`), and only when a scheduler is named.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from license_scan.errors import UsageError
from license_scan.ruleset import Ruleset

T = TypeVar("T")
DASK_CONNECT_TIMEOUT_S = 30  # how long to wait for a named scheduler before giving up


class InlineExecutor(Executor):
    """Runs each task at once in the calling thread: the default, no process to start, nothing to pickle."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future, as any executor does
            future.set_exception(exc)
        return future


def task_ruleset(executor: Executor, ruleset: Ruleset) -> Ruleset | None:
    """The rule set to hand a task: in this process the run's own object; elsewhere None, so the worker uses
    the one it has installed (and checks its digest) instead of receiving the whole rule set with every task."""
    return ruleset if isinstance(executor, InlineExecutor) else None


def describe(workers: int, scheduler: str | None) -> str:
    if scheduler:
        return f"Dask cluster at {scheduler}"
    return f"{workers} local worker processes" if workers > 1 else "in-process"


@contextmanager
def audit_executor(workers: int = 1, scheduler: str | None = None) -> Iterator[tuple[Executor, int]]:
    """(executor, how many workers it has). Workers must have the same license-scan installed."""
    if scheduler:
        with _dask(scheduler) as found:
            yield found
        return
    if workers > 1:
        # spawn: a forked copy of a process that runs threads (the fetch pool) may inherit a held lock
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield pool, workers
        return
    yield InlineExecutor(), 1


@contextmanager
def _dask(address: str) -> Iterator[tuple[Executor, int]]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'license-scan[dask]'") from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--scheduler {address}: cannot reach the Dask scheduler ({type(exc).__name__}: {exc})") from None
    try:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        yield client.get_executor(pure=False), workers  # pure=False: no hashing of each task's arguments
    finally:
        client.close()
