"""Read a Hub model or dataset into a Snapshot through huggingface_hub.

Costs one info request per run when the files are cached: files are
downloaded at the commit SHA the info request resolved, and the client
answers a SHA-pinned file from its cache without asking the Hub again.
huggingface_hub reads its environment at import time, so everything here
(endpoint, token, cache folder, offline switch) is read at call time and
passed explicitly.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Mapping
from urllib.parse import urlparse

import httpx2
from huggingface_hub import HfApi, constants as hf_constants, hf_hub_download, try_to_load_from_cache
from huggingface_hub.errors import (
    DisabledRepoError, GatedRepoError, HFValidationError, HfHubHTTPError, LocalEntryNotFoundError,
    RemoteEntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError,
)
from huggingface_hub.utils import parse_ratelimit_headers

from license_scan import TOOL_NAME, __version__, limits
from license_scan.errors import TargetError
from license_scan.source import cache
from license_scan.source.cache import RepoMeta
from license_scan.source.local import (
    code_paths_to_read, license_order, link_to_repo_path, parse_config, read_repo_file,
)
from license_scan.source.snapshot import RepoFile, Snapshot
from license_scan.target import Target

EXPAND = ("sha", "cardData", "siblings", "gated", "tags")  # all the info request needs to return
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
DEFAULT_REVISION = "main"
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class HubSettings:
    """The environment as it is now, not as it was when huggingface_hub was imported."""

    endpoint: str
    token: str | None
    cache_dir: str
    offline: bool


def hub_settings(environ: Mapping[str, str] | None = None) -> HubSettings:
    env = os.environ if environ is None else environ
    endpoint = (env.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")
    home = _path(env.get("HF_HOME") or os.path.join(env.get("XDG_CACHE_HOME") or "~/.cache", "huggingface"))
    cache_dir = _path(env.get("HF_HUB_CACHE") or env.get("HUGGINGFACE_HUB_CACHE") or os.path.join(home, "hub"))
    token = (env.get("HF_TOKEN") or env.get("HUGGING_FACE_HUB_TOKEN") or "").strip() or None
    if token is None and not _true(env.get("HF_HUB_DISABLE_IMPLICIT_TOKEN")):
        try:  # the token `hf auth login` saved
            with open(_path(env.get("HF_TOKEN_PATH") or os.path.join(home, "token")), encoding="utf-8") as fh:
                token = fh.read().strip() or None
        except OSError:
            pass
    offline = _true(env.get("HF_HUB_OFFLINE")) or _true(env.get("TRANSFORMERS_OFFLINE"))
    return HubSettings(endpoint, token, cache_dir, offline)


def fetch_hub(target: Target, *, offline: bool = False, sleep: Sleep = time.sleep) -> Snapshot:
    """One Hub repo at one commit. Raises TargetError when its metadata cannot be read.

    Gated files, missing files and download failures do not raise: they become
    RepoFiles with `text=None` and an `unreadable_reason`.
    """
    settings = hub_settings()
    revision = target.revision or DEFAULT_REVISION
    # HF_HUB_OFFLINE seen at import time makes every client request fail, so it means offline too
    if offline or settings.offline or hf_constants.HF_HUB_OFFLINE:
        meta = cache.load(settings.cache_dir, settings.endpoint, target.kind, target.repo_id, revision)
        if meta is None:
            raise TargetError(target.raw, "offline-miss", "not in the local cache; run once without --offline")
        return _build(target, meta, _CacheReader(settings, target.kind, meta), settings, offline=True)
    meta = _meta(target, _fetch_info(target, settings, sleep))
    reader = _DownloadReader(settings, target.kind, meta, revision)
    snapshot = _build(target, meta, reader, settings, offline=False)
    meta = replace(meta, unreadable=dict(reader.lasting))
    for repo_id in dict.fromkeys((target.repo_id, meta.repo_id)):
        cache.save(settings.cache_dir, settings.endpoint, target.kind, repo_id, revision, meta)
    return snapshot


# --- the info request --------------------------------------------------------------------

def _fetch_info(target: Target, settings: HubSettings, sleep: Sleep) -> Any:
    """model_info / dataset_info, retried on 429, 5xx and connection errors (the client does not retry them)."""
    api = HfApi(endpoint=settings.endpoint, token=settings.token or False,
                library_name=TOOL_NAME, library_version=__version__)
    call = api.dataset_info if target.kind == "dataset" else api.model_info
    for attempt in range(1, limits.HUB_INFO_RETRIES + 1):
        try:
            return call(target.repo_id, revision=target.revision, expand=list(EXPAND),  # type: ignore[arg-type]
                        timeout=limits.HUB_INFO_TIMEOUT_S)
        except GatedRepoError as exc:  # before RepositoryNotFoundError: it is a subclass
            raise TargetError(target.raw, "gated", "gated repository whose metadata is not readable: "
                              "accept its terms on the Hub and set HF_TOKEN") from exc
        except RepositoryNotFoundError as exc:
            hint = "HF_TOKEN has no access to it" if settings.token else "set HF_TOKEN"
            raise TargetError(target.raw, "not-found",
                              f"repository not found on the Hub (or private: {hint})") from exc
        except RevisionNotFoundError as exc:
            raise TargetError(target.raw, "revision-not-found",
                              f"revision '{target.revision}' not found: check the branch, tag or commit") from exc
        except DisabledRepoError as exc:
            raise TargetError(target.raw, "not-found", "repository is disabled on the Hub") from exc
        except HFValidationError as exc:
            raise TargetError(target.raw, "invalid-target", f"not a valid Hub repo id: {exc}") from exc
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (401, 403):
                raise TargetError(target.raw, "not-found",
                                  f"access denied by the Hub (HTTP {status}): check HF_TOKEN") from exc
            if status not in RETRY_STATUS:
                raise TargetError(target.raw, "network", f"the Hub answered HTTP {status}") from exc
            problem = f"the Hub answered HTTP {status}"
            wait = retry_wait(exc.response.headers if exc.response is not None else {}, attempt)
        except httpx2.HTTPError as exc:  # connection refused, timeouts, protocol errors
            problem = f"cannot reach {settings.endpoint} ({type(exc).__name__})"
            wait = retry_wait({}, attempt)
        if wait is None or attempt == limits.HUB_INFO_RETRIES:
            raise TargetError(target.raw, "network", f"{problem} after {attempt} attempt(s); try again later")
        sleep(wait)
    raise AssertionError("unreachable")


def retry_wait(headers: Mapping[str, str], attempt: int) -> float | None:
    """Seconds to wait before attempt `attempt + 1`; None when the Hub asks for longer than we wait."""
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
        return seconds if seconds <= limits.HUB_RETRY_MAX_WAIT_S else None
    return min(limits.HUB_RETRY_BASE_WAIT_S * 2 ** (attempt - 1), limits.HUB_RETRY_MAX_WAIT_S)


def _meta(target: Target, info: Any) -> RepoMeta:
    card = info.card_data.to_dict() if info.card_data is not None else None
    gated = info.gated if isinstance(info.gated, str) and info.gated else ("auto" if info.gated is True else None)
    return RepoMeta(
        repo_id=info.id or target.repo_id, sha=info.sha,
        files=tuple(sorted(s.rfilename for s in (info.siblings or ()))),
        card_data=card, gated=gated, tags=tuple(info.tags or ()),
    )


# --- reading files -----------------------------------------------------------------------

class _NoProgress:
    """A tqdm stand-in: a scan prints its report, not download bars."""

    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def __enter__(self) -> "_NoProgress": return self
    def __exit__(self, *exc: Any) -> None: ...
    def update(self, n: float | None = 1) -> None: ...


class _DownloadReader:
    """hf_hub_download at the resolved commit; after a gate or a network failure, stops asking."""

    def __init__(self, settings: HubSettings, kind: str, meta: RepoMeta, revision: str) -> None:
        self.settings, self.kind, self.meta = settings, kind, meta
        self.revision = meta.sha or revision
        self.stopped: str | None = None
        self.lasting: dict[str, str] = {}  # reasons that a later offline run should repeat
        self.notes: list[str] = []

    def locate(self, path: str) -> tuple[str | None, str | None]:
        if self.stopped:
            if self.stopped == "gated":
                self.lasting[path] = "gated"
            return None, self.stopped
        try:
            return str(hf_hub_download(
                self.meta.repo_id, path, repo_type=self.kind, revision=self.revision,
                cache_dir=self.settings.cache_dir, endpoint=self.settings.endpoint,
                token=self.settings.token or False, etag_timeout=limits.HUB_ETAG_TIMEOUT_S,
                library_name=TOOL_NAME, library_version=__version__, tqdm_class=_NoProgress,  # type: ignore[arg-type]
            )), None
        except GatedRepoError:  # before RepositoryNotFoundError: it is a subclass
            self.stopped = self.lasting[path] = "gated"
            return None, "gated"
        except (RepositoryNotFoundError, RevisionNotFoundError, RemoteEntryNotFoundError):
            self.lasting[path] = "not-found"
            return None, "not-found"
        except (LocalEntryNotFoundError, HfHubHTTPError, httpx2.HTTPError, OSError) as exc:
            self.stopped = "network"
            self.notes.append(f"downloads stopped at {path}: {type(exc).__name__}; later files were not tried")
            return None, "network"
        except ValueError:  # a file name the client refuses
            return None, "io-error"


class _CacheReader:
    """Offline: the Hub cache at the commit our metadata cache recorded; never any network."""

    def __init__(self, settings: HubSettings, kind: str, meta: RepoMeta) -> None:
        self.settings, self.kind, self.meta = settings, kind, meta
        self.notes: list[str] = []

    def locate(self, path: str) -> tuple[str | None, str | None]:
        if self.meta.sha:
            found = try_to_load_from_cache(self.meta.repo_id, path, cache_dir=self.settings.cache_dir,
                                           revision=self.meta.sha, repo_type=self.kind)
            if isinstance(found, str):
                return found, None
        return None, self.meta.unreadable.get(path, "offline-miss")


def _build(target: Target, meta: RepoMeta, reader: _DownloadReader | _CacheReader,
           settings: HubSettings, *, offline: bool) -> Snapshot:
    """The same selection and reading online and offline, so both give the same Snapshot."""
    present = set(meta.files)
    notes: list[str] = []
    if meta.repo_id.lower() != target.repo_id.lower():
        notes.append(f"the Hub redirected {target.repo_id} to {meta.repo_id} (renamed repository)")
    if not meta.sha:
        notes.append("the Hub reported no commit SHA; files were read at the requested revision")

    def read(path: str, cap: int, truncate: bool = False) -> RepoFile:
        disk, reason = reader.locate(path)
        if disk is None:
            return RepoFile(path, None, None, None, reason)
        return read_repo_file(disk, path, max_text_bytes=cap, truncate=truncate)

    card = read("README.md", limits.MAX_CARD_BYTES, truncate=True) if "README.md" in present else None
    if card is not None and card.size is not None and card.size > limits.MAX_CARD_BYTES:
        notes.append(f"README.md truncated to {limits.MAX_CARD_BYTES} bytes")
    wanted = license_order(meta.files)
    if len(wanted) > limits.MAX_LICENSE_FILES:
        notes.append(f"{len(wanted)} license-like files; only the first {limits.MAX_LICENSE_FILES} were read")
        wanted = wanted[: limits.MAX_LICENSE_FILES]
    link = link_to_repo_path((meta.card_data or {}).get("license_link"), (target.repo_id, meta.repo_id),
                             extra_hosts=(urlparse(settings.endpoint).netloc,))
    if link and link not in wanted:
        wanted.append(link)
    license_files = tuple(read(p, limits.MAX_LICENSE_FILE_BYTES) if p in present
                          else RepoFile(p, None, None, None, "not-found") for p in wanted)
    config = None
    if "config.json" in present:
        config_file = read("config.json", limits.MAX_CONFIG_BYTES)
        config = parse_config(config_file)
        if config_file.text is None:
            notes.append(f"config.json not read ({config_file.unreadable_reason})")
    code_files = tuple(read(p, limits.MAX_CODE_FILE_BYTES, truncate=True)
                       for p in code_paths_to_read(meta.files, config))
    return Snapshot(
        target=target.raw, kind=target.kind, repo_id=meta.repo_id, revision=meta.sha,
        requested_revision=target.revision, files=meta.files, card=card, card_data=meta.card_data,
        license_files=license_files, config=config, code_files=code_files, gated=meta.gated, tags=meta.tags,
        offline=offline,
        notes=tuple(notes + reader.notes),
    )


def _path(value: str) -> str:
    return os.path.expandvars(os.path.expanduser(value))


def _true(value: str | None) -> bool:
    return (value or "").strip().upper() in {"1", "ON", "YES", "TRUE"}
