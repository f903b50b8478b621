"""Read a Hub model or dataset into a Snapshot through huggingface_hub.

Costs one info request per run when the files are cached: files are
downloaded at the commit SHA the info request resolved, and the client
answers a SHA-pinned file from its cache without asking the Hub again.
huggingface_hub reads its environment at import time, so everything here
(endpoint, token, cache folder, offline switch) is read at call time and
passed explicitly.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, Callable

import httpx2
from huggingface_hub import HfApi, constants as hf_constants, hf_hub_download, try_to_load_from_cache
from huggingface_hub.errors import (
    DisabledRepoError, GatedRepoError, HFValidationError, HfHubHTTPError, LocalEntryNotFoundError,
    RemoteEntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError,
)

from license_scan import TOOL_NAME, __version__
from license_scan.errors import (
    GatedError, InvalidTargetError, NetworkError, NotFoundError, OfflineMissError, RevisionNotFoundError as NoRevision,
)
from license_scan.model import Finding, FindingSource
from license_scan.settings import HubSettings, hub_settings
from license_scan.source import cache
from license_scan.source.builder import Listing, RepoReader, build_snapshot
from license_scan.source.cache import RepoMeta
from license_scan.source.reading import read_repo_file
from license_scan.source.retry import (
    RETRY_STATUS, STATE, ClientRetry, bound_client, download_wait, http_status, transient,
)
from license_scan.source.snapshot import RepoFile, Snapshot
from license_scan.target import Target

EXPAND = ("sha", "cardData", "siblings", "gated", "tags")  # all the info request needs to return
DEFAULT_REVISION = "main"
Sleep = Callable[[float], None]


def fetch_hub(target: Target, *, offline: bool = False, sleep: Sleep = time.sleep,
              cache_dir: str | None = None, known: RepoMeta | None = None) -> Snapshot:
    """One Hub repo at one commit. Raises TargetError when its metadata cannot be read.

    Gated files, missing files and download failures do not raise: they become
    RepoFiles with `text=None` and an `unreadable_reason`. `cache_dir` replaces the
    Hub cache folder the environment names, for this read. `known`: what a listing already said about the
    repo at its commit (an audit's sweep), so no info request is made; files of that commit that the Hub cache
    holds cost no request either.
    """
    settings = hub_settings()
    if cache_dir is not None:
        settings = replace(settings, cache_dir=cache_dir)
    revision = target.revision or DEFAULT_REVISION
    # HF_HUB_OFFLINE seen at import time makes every client request fail, so it means offline too
    if offline or settings.offline or hf_constants.HF_HUB_OFFLINE:
        meta = cache.load(settings.cache_dir, settings.endpoint, target.kind, target.repo_id, revision)
        if meta is None:
            raise OfflineMissError(target.raw, "not in the local cache; run once without --offline")
        return build_snapshot(target, _CacheReader(settings, target, meta))
    meta = known if known is not None else repo_meta(target, fetch_info(target, settings, sleep))
    reader = _DownloadReader(settings, target, meta, revision, sleep)
    snapshot = build_snapshot(target, reader)
    meta = replace(meta, unreadable=dict(reader.lasting))
    for repo_id in dict.fromkeys((target.repo_id, meta.repo_id)):
        cache.save(settings.cache_dir, settings.endpoint, target.kind, repo_id, revision, meta)
    return snapshot


# --- the info request --------------------------------------------------------------------

def fetch_info(target: Target, settings: HubSettings, sleep: Sleep, expand: tuple[str, ...] = EXPAND) -> Any:
    """model_info / dataset_info, retried on 429, 5xx and connection errors (the client does not retry them)."""
    api = HfApi(endpoint=settings.endpoint, token=settings.token or False,
                library_name=TOOL_NAME, library_version=__version__)
    call = api.dataset_info if target.kind == "dataset" else api.model_info
    net = settings.network
    for attempt in range(1, net.retries + 1):
        try:
            return call(target.repo_id, revision=target.revision, expand=list(expand),  # type: ignore[arg-type]
                        timeout=net.info_timeout)
        except GatedRepoError as exc:  # before RepositoryNotFoundError: it is a subclass
            raise GatedError(target.raw, "gated repository whose metadata is not readable: "
                              "accept its terms on the Hub and set HF_TOKEN") from exc
        except RepositoryNotFoundError as exc:
            hint = "HF_TOKEN has no access to it" if settings.token else "set HF_TOKEN"
            raise NotFoundError(target.raw, f"repository not found on the Hub (or private: {hint})") from exc
        except RevisionNotFoundError as exc:
            raise NoRevision(target.raw, f"revision '{target.revision}' not found: check the branch, tag or commit") from exc
        except DisabledRepoError as exc:
            raise NotFoundError(target.raw, "repository is disabled on the Hub") from exc
        except HFValidationError as exc:
            raise InvalidTargetError(target.raw, f"not a valid Hub repo id: {exc}") from exc
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (401, 403):
                raise NotFoundError(target.raw, f"access denied by the Hub (HTTP {status}): check HF_TOKEN") from exc
            if status == 404:
                raise NotFoundError(target.raw, "repository not found on the Hub (HTTP 404)") from exc
            if status not in RETRY_STATUS:
                raise NetworkError(target.raw, f"the Hub answered HTTP {status}") from exc
            problem, wait = transient(exc, attempt, net, settings.endpoint)
        except (httpx2.HTTPError, ValueError) as exc:  # connection faults, timeouts; a cut body
            problem, wait = transient(exc, attempt, net, settings.endpoint)
        if wait is None or attempt == net.retries:
            raise NetworkError(target.raw, f"{problem} after {attempt} attempt(s); try again later")
        sleep(wait)
    raise AssertionError("unreachable")


def repo_meta(target: Target, info: Any) -> RepoMeta:
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


def _listing(target: Target, meta: RepoMeta, *, offline: bool) -> Listing:
    findings = []
    where = FindingSource(meta.repo_id, None)
    if meta.repo_id.lower() != target.repo_id.lower():
        findings.append(Finding("info", "repo-renamed",
                                f"{target.repo_id} was renamed: the Hub redirected it to {meta.repo_id}, "
                                f"which was read and is reported", where))
    if not meta.sha:
        findings.append(Finding("warning", "revision-unresolved",
                                f"{meta.repo_id}: the Hub reported no commit SHA; files were read at "
                                f"'{target.revision or DEFAULT_REVISION}', which may move", where))
    return Listing(kind=target.kind, repo_id=meta.repo_id, revision=meta.sha, files=meta.files,
                   card_data=meta.card_data, gated=meta.gated, tags=meta.tags, offline=offline,
                   link_repo_ids=(target.repo_id, meta.repo_id), findings=tuple(findings))


class _HubReader(RepoReader):
    """Loads a file found at a local path (or a reason it could not be)."""

    def __init__(self, settings: HubSettings, target: Target, meta: RepoMeta, *, offline: bool) -> None:
        self.settings, self.kind, self.meta = settings, target.kind, meta
        self._listing = _listing(target, meta, offline=offline)

    @property
    def listing(self) -> Listing:
        return self._listing

    def locate(self, path: str) -> tuple[str | None, str | None]:
        raise NotImplementedError

    def load_file(self, path: str, max_bytes: int, *, truncate: bool = False) -> RepoFile:
        disk, reason = self.locate(path)
        if disk is None:
            return RepoFile(path, None, None, None, reason)
        return read_repo_file(disk, path, max_text_bytes=max_bytes, truncate=truncate)


class _DownloadReader(_HubReader):
    """hf_hub_download at the resolved commit, retried like the info request; after a gate or a
    network failure that outlasted the retries, stops asking."""

    def __init__(self, settings: HubSettings, target: Target, meta: RepoMeta, revision: str,
                 sleep: Sleep = time.sleep) -> None:
        super().__init__(settings, target, meta, offline=False)
        self.sleep = sleep
        self.revision = meta.sha or revision
        self.stopped: str | None = None
        self.lasting: dict[str, str] = {}  # reasons that a later offline run should repeat

    def locate(self, path: str) -> tuple[str | None, str | None]:
        if self.stopped:
            if self.stopped == "gated":
                self.lasting[path] = "gated"
            return None, self.stopped
        net = self.settings.network
        for attempt in range(1, net.retries + 1):
            try:
                return self._download(path), None
            except GatedRepoError:  # before RepositoryNotFoundError: it is a subclass
                self.stopped = self.lasting[path] = "gated"
                return None, "gated"
            except (RepositoryNotFoundError, RevisionNotFoundError, RemoteEntryNotFoundError):
                self.lasting[path] = "not-found"
                return None, "not-found"
            except ValueError:  # a file name the client refuses
                return None, "io-error"
            except (ClientRetry, LocalEntryNotFoundError, HfHubHTTPError, httpx2.HTTPError, OSError) as exc:
                status = http_status(exc)
                if status in (401, 403):  # refused without a gate's error code: the other files would be too
                    self.stopped = "denied"
                    return None, "denied"
                if status == 404:
                    self.lasting[path] = "not-found"
                    return None, "not-found"
                wait = download_wait(exc, attempt, net)
            if wait is None or attempt == net.retries:
                break
            self.sleep(wait)
        self.stopped = "network"  # later files are not tried: each would wait for the same failure
        return None, "network"

    def _download(self, path: str) -> str:
        """hf_hub_download with the client's own backoff replaced by ours (see ClientRetry)."""
        timeout = self.settings.network.file_timeout
        bound_client(timeout)
        STATE.active = True
        try:
            return str(hf_hub_download(
                self.meta.repo_id, path, repo_type=self.kind, revision=self.revision,
                cache_dir=self.settings.cache_dir, endpoint=self.settings.endpoint,
                token=self.settings.token or False, etag_timeout=timeout,
                library_name=TOOL_NAME, library_version=__version__, tqdm_class=_NoProgress,  # type: ignore[arg-type]
            ))
        finally:
            STATE.active = False


class _CacheReader(_HubReader):
    """Offline: the Hub cache at the commit our metadata cache recorded; never any network."""

    def __init__(self, settings: HubSettings, target: Target, meta: RepoMeta) -> None:
        super().__init__(settings, target, meta, offline=True)

    def locate(self, path: str) -> tuple[str | None, str | None]:
        if self.meta.sha:
            found = try_to_load_from_cache(self.meta.repo_id, path, cache_dir=self.settings.cache_dir,
                                           revision=self.meta.sha, repo_type=self.kind)
            if isinstance(found, str):
                return found, None
        return None, self.meta.unreadable.get(path, "offline-miss")
