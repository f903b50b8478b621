"""An estate's repos as the Hub lists them: one sweep, every repo's commit, card metadata, base models, files.

`list_models` / `list_datasets` with `expand` answer, page by page, what a scan's info request would
for each repo, so an audit needs no request per repo to know its metadata (tier 1). Every request goes
through huggingface_hub; each page is retried by the scan's rules (Retry-After on 429, backoff on 5xx
and resets). The client's own `list_models` cannot do that: it retries a page on its own fixed
backoff and, when that fails, the generator dies and the sweep is lost, so the page loop is ours.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx2
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.hf_api import DatasetInfo, ModelInfo
from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

from license_scan import TOOL_NAME, __version__
from license_scan.errors import InvalidTargetError, NetworkError, UsageError
from license_scan.settings import HubSettings, hub_settings
from license_scan.source.hub import fetch_info, repo_meta
from license_scan.source.retry import RETRY_STATUS, transient
from license_scan.target import Target, parse_target

RepoKind = Literal["model", "dataset"]
LIST_EXPAND = ("sha", "cardData", "gated", "baseModels", "siblings", "lastModified", "tags")
DATASET_LIST_EXPAND = ("sha", "cardData", "gated", "siblings", "lastModified", "tags")  # datasets have no baseModels
Sleep = Callable[[float], None]
Query = list[tuple[str, "str | int | float | bool | None"]]


@dataclass(frozen=True)
class Listed:
    """One repo as a listing (or one info request with the same expand) describes it."""

    kind: RepoKind
    repo_id: str
    sha: str | None
    card_data: Mapping[str, Any] | None
    gated: str | None  # None / "auto" / "manual"
    base_models: tuple[tuple[str, str], ...]  # (relation, repo id) from the Hub's baseModels
    files: tuple[str, ...]  # siblings, sorted
    last_modified: str | None
    tags: tuple[str, ...]


def list_repos(*, author: str | None = None, search: str | None = None,
               kinds: tuple[RepoKind, ...] = ("model", "dataset"), limit: int | None = None,
               sleep: Sleep = time.sleep) -> Iterator[Listed]:
    """Every repo the Hub lists for `author` / `search` (both None: the whole Hub), models then datasets.

    `limit` caps the whole sweep. A page that keeps failing after the retries raises NetworkError
    naming the listing and how many repos it had listed before that page.
    """
    settings = hub_settings()
    count = 0
    for kind in kinds:
        params: Query = [(k, v) for k, v in (("author", author), ("search", search)) if v]
        if limit is not None:
            params.append(("limit", str(limit - count)))
        params += [("expand", e) for e in (LIST_EXPAND if kind == "model" else DATASET_LIST_EXPAND)]
        pages = _pages(kind, params, settings, sleep, _listing_name(kind, author, search))
        while True:
            try:
                page = next(pages, None)
            except NetworkError as exc:  # the audit reports how far the sweep got
                raise NetworkError(exc.target, f"{exc.message} ({count} repo(s) were listed before it)") from exc
            if page is None:
                break
            for item in page:
                if limit is not None and count >= limit:
                    return
                listed = _from_item(kind, item)
                if listed is not None:
                    count += 1
                    yield listed
        if limit is not None and count >= limit:
            return


def listed_info(kind: RepoKind, repo_id: str, *, sleep: Sleep = time.sleep) -> Listed:
    """One repo by id (one info request with the listing's expand). Raises TargetError as a scan would."""
    expand = LIST_EXPAND if kind == "model" else DATASET_LIST_EXPAND
    target = Target(repo_id, kind, repo_id)
    return _to_listed(kind, fetch_info(target, hub_settings(), sleep, expand=expand), repo_id)


def read_id_file(path: str | Path) -> list[tuple[RepoKind, str]]:
    """The repos a `--from` file names: one id or Hub URL a line (`#` comments), or a check/scan JSON report.

    Deduplicated (ids are case-insensitive on the Hub), in order. Raises UsageError naming the line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the repo list ({exc})") from exc
    found = _from_report(path, text) if text.lstrip().startswith("{") else _from_lines(path, text)
    seen: set[tuple[str, str]] = set()
    out: list[tuple[RepoKind, str]] = []
    for kind, repo_id in found:
        if (kind, repo_id.lower()) not in seen:
            seen.add((kind, repo_id.lower()))
            out.append((kind, repo_id))
    return out


# --- the page loop -----------------------------------------------------------------------

def _pages(kind: RepoKind, params: Query, settings: HubSettings, sleep: Sleep,
           name: str) -> Iterator[list[Any]]:
    """Each page's items; the next page is the one the answer's `Link: <...>; rel="next"` names."""
    headers = build_hf_headers(token=settings.token or False, library_name=TOOL_NAME, library_version=__version__)
    url: str | None = f"{settings.endpoint}/api/{kind}s"
    query: Query | None = params
    number = 0
    while url is not None:
        number += 1
        items, next_url = _page(url, query, headers, settings, sleep, f"page {number}", name)
        yield items
        url, query = (urljoin(url, next_url) if next_url else None), None  # the next URL carries the query
        if url is not None and _origin(url) != _origin(settings.endpoint):
            raise NetworkError(name, f"the Hub's next page points off {settings.endpoint} ({url}); not followed")


def _page(url: str, query: Query | None, headers: dict[str, str], settings: HubSettings,
          sleep: Sleep, where: str, name: str) -> tuple[list[Any], str | None]:
    """One page, retried by the info request's rules (source/hub.py `fetch_info`)."""
    net = settings.network
    for attempt in range(1, net.retries + 1):
        try:
            response = get_session().get(url, params=query, headers=headers, timeout=net.info_timeout)
            hf_raise_for_status(response)
            items = response.json()
            if not isinstance(items, list):
                raise ValueError("not a JSON list")  # noqa: TRY004 - retried as a cut body is
            return items, response.links.get("next", {}).get("url")
        except HfHubHTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status not in RETRY_STATUS:
                hint = ": check HF_TOKEN" if status in (401, 403) else ""
                raise NetworkError(name, f"{where}: the Hub answered HTTP {status}{hint}") from exc
            problem, wait = transient(exc, attempt, net, settings.endpoint)
        except (httpx2.HTTPError, ValueError) as exc:  # connection faults, timeouts; not a JSON list (a cut body)
            problem, wait = transient(exc, attempt, net, settings.endpoint)
        if wait is None or attempt == net.retries:
            raise NetworkError(name, f"{where}: {problem} after {attempt} attempt(s); try again later")
        sleep(wait)
    raise AssertionError("unreachable")


def _listing_name(kind: RepoKind, author: str | None, search: str | None) -> str:
    what = f"{kind}s" + (f" of {author}" if author else "") + (f" matching '{search}'" if search else "")
    return what if author or search else f"every {kind} on the Hub"


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


# --- items into Listed ---------------------------------------------------------------------

def _from_item(kind: RepoKind, item: Any) -> Listed | None:
    """A listing item; None when it has no id. A malformed field is dropped, never raised."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        return None
    clean = dict(item)
    siblings = clean.get("siblings")
    clean["siblings"] = [{"rfilename": s["rfilename"]} for s in siblings  # only the names are read
                         if isinstance(s, dict) and isinstance(s.get("rfilename"), str)] \
        if isinstance(siblings, list) else None
    tags = clean.get("tags")
    clean["tags"] = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else None
    if not isinstance(clean.get("cardData"), dict):
        clean["cardData"] = None
    for key in ("sha", "lastModified"):
        if not isinstance(clean.get(key), str):
            clean[key] = None
    try:
        info = ModelInfo(**clean) if kind == "model" else DatasetInfo(**clean)
        return _to_listed(kind, info, item["id"])
    except Exception:  # noqa: BLE001 - the client's parsing of one odd item must not end the sweep
        return Listed(kind, item["id"], clean["sha"], None, None, _base_models(clean.get("baseModels")),
                      tuple(sorted({s["rfilename"] for s in (clean["siblings"] or [])})), None,
                      tuple(clean["tags"] or ()))


def _to_listed(kind: RepoKind, info: Any, repo_id: str) -> Listed:
    meta = repo_meta(Target(repo_id, kind, repo_id), info)  # card, gated and files exactly as a scan reads them
    modified = info.last_modified
    return Listed(
        kind=kind, repo_id=meta.repo_id, sha=meta.sha, card_data=meta.card_data, gated=meta.gated,
        base_models=_base_models(getattr(info, "base_models", None)) if kind == "model" else (),
        files=meta.files, tags=tuple(t for t in meta.tags if isinstance(t, str)),
        last_modified=_iso(modified) if isinstance(modified, datetime) else None,
    )


def _base_models(value: Any) -> tuple[tuple[str, str], ...]:
    """(relation, id) pairs from `{"relation": ..., "models": [{"id": ...}]}` (or a list of those, or of ids)."""
    groups = value if isinstance(value, list) else [value]
    out: list[tuple[str, str]] = []
    for group in groups:
        if isinstance(group, str):
            out.append(("unknown", group))
            continue
        if not isinstance(group, dict):
            continue
        relation = group.get("relation") if isinstance(group.get("relation"), str) else "unknown"
        models = group.get("models")
        for model in models if isinstance(models, list) else []:
            model_id = model.get("id") if isinstance(model, dict) else model
            if isinstance(model_id, str) and model_id:
                out.append((str(relation), model_id))
    return tuple(dict.fromkeys(out))


def _iso(moment: datetime) -> str:
    moment = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# --- --from files --------------------------------------------------------------------------

def _from_lines(path: str | Path, text: str) -> list[tuple[RepoKind, str]]:
    found: list[tuple[RepoKind, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:  # hf:// keeps a folder of the same name from being read as one
            target = parse_target(line if line.startswith(("http://", "https://", "hf://")) else f"hf://{line}")
        except InvalidTargetError:
            target = None
        if target is None or target.kind not in ("model", "dataset"):
            raise UsageError(f"{path}, line {number}: {line!r} is not a Hub repo "
                             f"(org/name, datasets/org/name or a huggingface.co URL)")
        found.append(("dataset" if target.kind == "dataset" else "model", target.repo_id))
    return found


def _from_report(path: str | Path, text: str) -> list[tuple[RepoKind, str]]:
    """The targets of a `license-scan check` / `scan` JSON report: each result's kind and repo id."""
    try:
        report = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{path}: not valid JSON ({exc})") from exc
    results = report.get("results") if isinstance(report, dict) else None
    if not isinstance(results, list):
        raise UsageError(f"{path}: not a license-scan JSON report (no `results` list)")
    found: list[tuple[RepoKind, str]] = []
    for result in results:
        if isinstance(result, dict) and result.get("kind") in ("model", "dataset") \
                and isinstance(result.get("repo_id"), str) and result["repo_id"]:
            found.append(("dataset" if result["kind"] == "dataset" else "model", result["repo_id"]))
    return found
