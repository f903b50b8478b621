"""Fetch a target: dispatch to the reader for its kind, and fetch each repo once per run."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Callable

from license_scan.source.snapshot import Snapshot
from license_scan.target import Target

Fetch = Callable[[Target], Snapshot]


def fetch(target: Target, *, offline: bool = False, cache_dir: str | None = None) -> Snapshot:
    """One repo. `cache_dir` replaces the Hub cache for this read (`license-scan verify` reads into a fresh
    one, so every byte comes from the Hub and none from the copy a scan left)."""
    if target.kind == "local":
        from license_scan.source.local import read_local

        return read_local(target)
    from license_scan.source.hub import fetch_hub

    return fetch_hub(target, offline=offline, cache_dir=cache_dir)


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
