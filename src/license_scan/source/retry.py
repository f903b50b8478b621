"""Retrying Hub requests: the waits (Retry-After, else backoff) and the client's own download retries.

The info request and every file download are retried by the same rules (source/hub.py runs the
loops); the numbers come from settings.NetworkSettings (LICENSE_SCAN_RETRIES, ..._RETRY_BASE_WAIT,
..._RETRY_MAX_WAIT, ..._TIMEOUT).
"""

from __future__ import annotations

import threading
import time
from email.utils import parsedate_to_datetime
from typing import Any, Mapping

import huggingface_hub.file_download as hf_file_download
import huggingface_hub.utils._http as hf_http
from huggingface_hub import constants as hf_constants
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.utils import parse_ratelimit_headers

from license_scan.settings import NetworkSettings

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def retry_wait(headers: Mapping[str, str], attempt: int, net: NetworkSettings | None = None) -> float | None:
    """Seconds to wait before attempt `attempt + 1`; None when the Hub asks for longer than we wait."""
    net = net or NetworkSettings()
    seconds: float | None = None
    value = (headers.get("Retry-After") or "").strip()
    if value.isdigit():
        seconds = float(value)
    elif value:
        try:
            seconds = max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            seconds = None
    if seconds is None and (info := parse_ratelimit_headers(headers)) is not None and info.remaining == 0:
        seconds = float(info.reset_in_seconds)
    if seconds is not None:
        return seconds if seconds <= net.max_wait else None
    return min(net.base_wait * 2 ** (attempt - 1), net.max_wait)


def transient(exc: BaseException, attempt: int, net: NetworkSettings, endpoint: str) -> tuple[str, float | None]:
    """A request that may succeed if tried again (a retried HTTP status, a connection fault, a cut body): what
    went wrong, in words, and the wait before the next attempt (None: the Hub asks for longer than we wait).
    The info request and every listing page share it; each maps the permanent failures its own way."""
    if isinstance(exc, HfHubHTTPError):
        response = exc.response
        status = response.status_code if response is not None else None
        return f"the Hub answered HTTP {status}", retry_wait(response.headers if response is not None else {}, attempt, net)
    if isinstance(exc, ValueError):  # an answer that is not the JSON expected (a cut body)
        return f"unreadable answer from {endpoint} ({type(exc).__name__})", retry_wait({}, attempt, net)
    return f"cannot reach {endpoint} ({type(exc).__name__})", retry_wait({}, attempt, net)  # resets, timeouts


# --- the client's own download retries -----------------------------------------------------
# hf_hub_download retries on its own (HEAD: 5 times at 1, 2, 4, 8, 8 s with a 60 s timeout; GET: 429
# after Retry-After + 1 s, cut bodies resumed after 1 s, a 10 s timeout), none of it configurable per
# call. During our downloads its backoff sleep raises ClientRetry instead, so the attempt ends there
# and our loop (LICENSE_SCAN_RETRIES, _RETRY_BASE_WAIT, _RETRY_MAX_WAIT) decides; its timeouts are
# set to LICENSE_SCAN_TIMEOUT. Other callers of the client, other threads, sleep as before.

STATE = threading.local()


class ClientRetry(BaseException):
    """The client wanted to sleep `seconds` and retry. A BaseException: the client catches Exception."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the client asked to wait {seconds:g} s and retry")
        self.seconds = seconds


class _ClientTime:
    """Stands in for the `time` module inside huggingface_hub's retry code."""

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    def sleep(self, seconds: float) -> None:
        if getattr(STATE, "active", False):
            raise ClientRetry(float(seconds))
        time.sleep(seconds)


def bound_client(timeout: float) -> None:
    for module in (hf_http, hf_file_download):
        if not isinstance(module.time, _ClientTime):
            setattr(module, "time", _ClientTime())
    setattr(hf_file_download, "_ETAG_RETRY_TIMEOUT", timeout)
    setattr(hf_constants, "HF_HUB_DOWNLOAD_TIMEOUT", timeout)


def download_wait(exc: BaseException, attempt: int, net: NetworkSettings) -> float | None:
    """Our wait before the next download attempt; None: do not retry (the Hub asks for longer than we wait)."""
    if isinstance(exc, ClientRetry):
        if exc.seconds > 1:  # the client adds 1 s to a Retry-After (or a rate limit's reset)
            seconds = exc.seconds - 1
            return seconds if seconds <= net.max_wait else None
        return retry_wait({}, attempt, net)
    response = http_response(exc)
    if response is not None:
        return retry_wait(response.headers, attempt, net) if response.status_code in RETRY_STATUS else None
    return retry_wait({}, attempt, net)


def http_response(exc: BaseException) -> Any:
    """The Hub's answer behind an error (LocalEntryNotFoundError wraps it), if there was one."""
    cause: BaseException | None = exc
    for _ in range(10):  # a chain, never a cycle in practice: bounded all the same
        if cause is None:
            break
        if isinstance(cause, HfHubHTTPError) and cause.response is not None:
            return cause.response
        cause = cause.__cause__ or cause.__context__
    return None


def http_status(exc: BaseException) -> int | None:
    response = http_response(exc)
    return None if response is None else int(response.status_code)
