"""Hub hosts and Hub references: the one place that knows what a Hub URL or repo id looks like.

Used for targets the user types, `base_model` / `datasets` values in cards,
`auto_map` repo names and `license_link` URLs. The host of HF_ENDPOINT (a
mirror, or the test server) counts as a Hub host wherever huggingface.co does.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import unquote, urlparse

from license_scan.settings import hub_endpoint

HUB_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")
FILE_VIEWS = ("blob", "resolve", "raw")  # /<repo>/<view>/<revision>/<path>
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*/[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def hub_hosts() -> tuple[str, ...]:
    """huggingface.co, plus the host of HF_ENDPOINT as set now."""
    host = urlparse(hub_endpoint()).netloc.lower()  # env only: no token file read per URL checked
    return HUB_HOSTS + ((host,) if host and host not in HUB_HOSTS else ())


def is_hub_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and urlparse(text).netloc.lower() in hub_hosts()


def url_path_parts(text: str) -> list[str]:
    """The unquoted, non-empty path segments of a URL."""
    return [unquote(p) for p in urlparse(text).path.split("/") if p]


def repo_id_of(value: str, kind: str) -> str | None:
    """`org/name` from an id, `hf://…`, `datasets/…` or a Hub URL as a card writes it; None when it is not one."""
    text = value.strip()
    if text.startswith(("http://", "https://")):
        if not is_hub_url(text):
            return None
        text = "/".join(url_path_parts(text))
    text = text.removeprefix("hf://")
    text = text.removeprefix("datasets/" if kind == "dataset" else "models/")
    parts = text.strip("/").split("/")
    candidate = "/".join(parts[:2]) if len(parts) >= 2 else text
    if len(parts) > 2 and parts[2] not in ("tree", *FILE_VIEWS):
        return None
    if not _REPO_ID.match(candidate) or ".." in candidate or "--" in candidate:
        return None
    return candidate


def link_to_repo_path(link: Any, repo_ids: Iterable[str] = ()) -> str | None:
    """The in-repo path a card's `license_link` names, or None when it points elsewhere.

    Accepts a relative path, or a Hub URL `/<repo>/(blob|resolve|raw)/<rev>/<path>` into one
    of `repo_ids` (the revision in the URL is ignored: the file is read at the scanned commit).
    """
    if not isinstance(link, str) or not link.strip():
        return None
    text = link.strip()
    if "://" in text:
        if not is_hub_url(text):
            return None
        parts = url_path_parts(text)
        if parts and parts[0] in ("datasets", "models"):
            parts = parts[1:]
        wanted = {r.lower() for r in repo_ids}
        for cut in (1, 2):  # legacy ids without an organisation, then org/name
            if len(parts) > cut + 2 and parts[cut] in FILE_VIEWS and "/".join(parts[:cut]).lower() in wanted:
                return clean_relative("/".join(parts[cut + 2:]))
        return None
    return clean_relative(unquote(text.split("#", 1)[0].split("?", 1)[0]))


def clean_relative(path: str) -> str | None:
    """A '/'-separated path inside a repo; None for one that leaves it or names nothing."""
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)
