"""Every environment variable license-scan reads, in one place, read when asked.

huggingface_hub reads its environment once, at import; a long-lived process
(tests, a service) changes it later, so everything here is read at call time
and handed to the code that needs it. The names and meanings follow
huggingface_hub's `constants.py`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

from license_scan import limits
from license_scan.errors import UsageError

DEFAULT_ENDPOINT = "https://huggingface.co"
TEXT_CACHE_ENV = "LICENSE_SCAN_CACHE_DIR"  # where the reference text index is kept
TELEMETRY_ENV = "HF_HUB_DISABLE_TELEMETRY"
SOURCE_DATE_EPOCH_ENV = "SOURCE_DATE_EPOCH"  # reproducible-builds.org: the time a report says it was made
RETRY_BASE_WAIT_ENV = "LICENSE_SCAN_RETRY_BASE_WAIT"  # seconds: first backoff wait (doubles each retry)
RETRY_MAX_WAIT_ENV = "LICENSE_SCAN_RETRY_MAX_WAIT"  # seconds: longest backoff wait / Retry-After honoured
RETRIES_ENV = "LICENSE_SCAN_RETRIES"  # attempts per request (info request, each file download)
TIMEOUT_ENV = "LICENSE_SCAN_TIMEOUT"  # seconds: every Hub request's connect/read timeout
# Tests only (the kill test): seconds every atomic write waits with half its data written, so that a
# kill -9 can be aimed at a write in progress. Unset (0) in any real use.
WRITE_PAUSE_ENV = "LICENSE_SCAN_TEST_WRITE_PAUSE"
# rich's (the progress display): stderr counts as a terminal, or not, whatever it is
TERMINAL_ENVS = ("TTY_COMPATIBLE", "FORCE_COLOR")
_TRUE = frozenset({"1", "ON", "YES", "TRUE"})


@dataclass(frozen=True)
class NetworkSettings:
    """Retries and timeouts of Hub requests; the defaults are limits.py's, each can be set by environment."""

    retries: int = limits.HUB_INFO_RETRIES
    base_wait: float = limits.HUB_RETRY_BASE_WAIT_S
    max_wait: float = limits.HUB_RETRY_MAX_WAIT_S
    timeout: float | None = None  # None: limits.HUB_INFO_TIMEOUT_S for the info request, HUB_ETAG_TIMEOUT_S per file

    @property
    def info_timeout(self) -> float:
        return limits.HUB_INFO_TIMEOUT_S if self.timeout is None else self.timeout

    @property
    def file_timeout(self) -> float:
        return limits.HUB_ETAG_TIMEOUT_S if self.timeout is None else self.timeout


@dataclass(frozen=True)
class HubSettings:
    """The Hub client's environment as it is now."""

    endpoint: str  # HF_ENDPOINT, without a trailing slash
    token: str | None  # HF_TOKEN, else the token `hf auth login` saved
    cache_dir: str  # HF_HUB_CACHE, else $HF_HOME/hub
    offline: bool  # HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE
    network: NetworkSettings = field(default_factory=NetworkSettings)  # LICENSE_SCAN_RETRIES, ..._TIMEOUT

    @property
    def endpoint_host(self) -> str:
        return urlparse(self.endpoint).netloc.lower()


def _number(env: Mapping[str, str], name: str, default: float, *, integer: bool = False,
            minimum: float = 0.0) -> float:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    try:
        number = float(int(value)) if integer else float(value)
        if not minimum <= number < float("inf"):
            raise ValueError(value)
    except ValueError:
        kind = "a whole number" if integer else "a number of seconds"
        raise UsageError(f"{name} must be {kind} of at least {minimum:g}, not {value[:40]!r}") from None
    return number


def network_settings(environ: Mapping[str, str] | None = None) -> NetworkSettings:
    """`LICENSE_SCAN_RETRIES`, `LICENSE_SCAN_RETRY_BASE_WAIT`, `LICENSE_SCAN_RETRY_MAX_WAIT`, `LICENSE_SCAN_TIMEOUT`.

    Raises UsageError on a value that is not a number (or below its minimum)."""
    env = _env(environ)
    timeout = _number(env, TIMEOUT_ENV, -1.0, minimum=0.001)
    return NetworkSettings(
        retries=int(_number(env, RETRIES_ENV, limits.HUB_INFO_RETRIES, integer=True, minimum=1)),
        base_wait=_number(env, RETRY_BASE_WAIT_ENV, limits.HUB_RETRY_BASE_WAIT_S),
        max_wait=_number(env, RETRY_MAX_WAIT_ENV, limits.HUB_RETRY_MAX_WAIT_S),
        timeout=None if timeout < 0 else timeout,
    )


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def is_true(value: str | None) -> bool:
    return (value or "").strip().upper() in _TRUE


def _path(value: str) -> str:
    return os.path.expandvars(os.path.expanduser(value))


def hub_endpoint(environ: Mapping[str, str] | None = None) -> str:
    return (_env(environ).get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def hub_settings(environ: Mapping[str, str] | None = None) -> HubSettings:
    env = _env(environ)
    home = _path(env.get("HF_HOME") or os.path.join(env.get("XDG_CACHE_HOME") or "~/.cache", "huggingface"))
    cache_dir = _path(env.get("HF_HUB_CACHE") or env.get("HUGGINGFACE_HUB_CACHE") or os.path.join(home, "hub"))
    token = (env.get("HF_TOKEN") or env.get("HUGGING_FACE_HUB_TOKEN") or "").strip() or None
    if token is None and not is_true(env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN")):
        try:  # the token `hf auth login` saved
            with open(_path(env.get("HF_TOKEN_PATH") or os.path.join(home, "token")), encoding="utf-8") as fh:
                token = fh.read().strip() or None
        except OSError:
            pass
    offline = is_true(env.get("HF_HUB_OFFLINE")) or is_true(env.get("TRANSFORMERS_OFFLINE"))
    return HubSettings(hub_endpoint(env), token, cache_dir, offline, network_settings(env))


def text_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`$LICENSE_SCAN_CACHE_DIR`, else `$XDG_CACHE_HOME/license-scan`, else `~/.cache/license-scan`."""
    env = _env(environ)
    explicit = env.get(TEXT_CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "license-scan"


def source_date_epoch(environ: Mapping[str, str] | None = None) -> datetime | None:
    """`SOURCE_DATE_EPOCH` as a UTC time: a report's `generated_at`, so the same inputs give the same bytes.

    None when unset or empty. Raises UsageError when it is not a whole number of seconds since
    1970-01-01 UTC (the reproducible-builds.org specification: ASCII digits, as `date +%s` prints).
    """
    value = _env(environ).get(SOURCE_DATE_EPOCH_ENV)
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if not re.fullmatch(r"[0-9]+", text):
            raise ValueError(text)
        return datetime.fromtimestamp(int(text), timezone.utc)
    except (ValueError, OverflowError, OSError):
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise UsageError(f"{SOURCE_DATE_EPOCH_ENV} must be a whole number of seconds since 1970-01-01 UTC "
                         f"(e.g. 1767225600), not {shown!r}") from None


def write_pause(environ: Mapping[str, str] | None = None) -> float:
    """Tests only: how long an atomic write waits half-way (WRITE_PAUSE_ENV); 0 when unset or not a number."""
    try:
        return max(0.0, float(_env(environ).get(WRITE_PAUSE_ENV) or 0))
    except ValueError:
        return 0.0


def terminal_forced(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the environment tells the progress display what stderr is (else: whether it is a TTY)."""
    env = _env(environ)
    return any(name in env for name in TERMINAL_ENVS)


def disable_telemetry() -> None:
    """A compliance scan sends nothing about the user to anyone (huggingface_hub reads this at import)."""
    os.environ.setdefault(TELEMETRY_ENV, "1")
