"""A run-wide bound on Hub requests: how many in all, how many a second, and the Hub's own 429 pauses.

The Hub limits requests per token, not per machine or per thread, so an audit's bound is one object that
every request of the process passes through: a request hook on huggingface_hub's HTTP client (the only
client license-scan uses). Every request waits for its turn at `rate`; once `limit` requests were made the
next one raises `BudgetExhausted` (a BaseException, like retry.ClientRetry, so the client's own error
handling cannot turn it into an unreadable file: the caller sees it and keeps the repo's cheaper verdict);
a 429 with Retry-After pauses every request of the run, not only the one that got it.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import httpx2
from huggingface_hub import set_client_factory
import huggingface_hub.utils._http as hf_http
from huggingface_hub.utils._http import default_client_factory

from license_scan.source.retry import retry_wait


class BudgetExhausted(BaseException):
    """The run's request budget is spent: the request was not made."""


class RequestBudget:
    """`limit` requests in all (None: no limit), at most `rate` a second (None: as fast as they come)."""

    def __init__(self, limit: int | None = None, rate: float | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.limit, self.rate = limit, rate
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next = 0.0  # earliest start of the next request (rate and Retry-After pauses)
        self.used = 0
        self.refused = 0
        self.paused_s = 0.0  # seconds the run stood still at the Hub's request

    @property
    def exhausted(self) -> bool:
        return self.limit is not None and self.used >= self.limit

    def acquire(self) -> None:
        with self._lock:
            if self.exhausted:
                self.refused += 1
                raise BudgetExhausted(f"the run's budget of {self.limit} Hub requests is spent")
            self.used += 1
            now = self._clock()
            start = max(now, self._next)
            self._next = start + (1.0 / self.rate if self.rate else 0.0)
        if start > now:
            self._sleep(start - now)

    def pause(self, seconds: float) -> None:
        """The Hub asked for a pause (429 Retry-After): no request of the run starts before it ends."""
        with self._lock:
            until = self._clock() + seconds
            if until > self._next:
                self.paused_s += until - max(self._next, self._clock())
                self._next = until


@contextmanager
def budgeted(budget: RequestBudget) -> Iterator[RequestBudget]:
    """Every huggingface_hub request in this process passes through `budget` until the block ends."""

    def on_request(request: httpx2.Request) -> None:
        budget.acquire()

    def on_response(response: httpx2.Response) -> None:
        if response.status_code == 429:
            wait = retry_wait(response.headers, 1)
            if wait:
                budget.pause(wait)

    def factory() -> Any:
        client = default_client_factory()
        client.event_hooks["request"].insert(0, on_request)
        client.event_hooks["response"].append(on_response)
        return client

    before = getattr(hf_http, "_GLOBAL_CLIENT_FACTORY", default_client_factory)  # a factory the caller had set
    set_client_factory(factory)
    try:
        yield budget
    finally:
        set_client_factory(before)
