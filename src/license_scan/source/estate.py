"""An estate's repos as the Hub lists them: one sweep, every repo's commit, card metadata, base models, files.

`list_models` / `list_datasets` with `expand` answer, page by page, what a scan's info request would
for each repo, so an audit needs no request per repo to know its metadata (tier 1). Every request goes
through huggingface_hub; each page is retried by the scan's rules (Retry-After on 429, backoff on 5xx
and resets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Literal, Mapping

RepoKind = Literal["model", "dataset"]
LIST_EXPAND = ("sha", "cardData", "gated", "baseModels", "siblings", "lastModified", "tags")
DATASET_LIST_EXPAND = ("sha", "cardData", "gated", "siblings", "lastModified", "tags")  # datasets have no baseModels


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
               kinds: tuple[RepoKind, ...] = ("model", "dataset"), limit: int | None = None) -> Iterator[Listed]:
    """Every repo the Hub lists for `author` / `search` (both None: the whole Hub), models then datasets."""
    raise NotImplementedError


def listed_info(kind: RepoKind, repo_id: str) -> Listed:
    """One repo by id (one info request with the listing's expand). Raises TargetError as a scan would."""
    raise NotImplementedError


def read_id_file(path: "Any") -> list[tuple[RepoKind, str]]:
    """Repo ids from a file (one a line) or a `check`/`scan` JSON report."""
    raise NotImplementedError
