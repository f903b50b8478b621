"""What the source layer hands on: everything later stages need, read once.

A snapshot is plain data (no client, no paths to re-read), so detection and
classification are pure functions of it and run offline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class RepoFile:
    """A file whose text was read (or could not be), with its digest."""

    path: str
    sha256: str | None  # of the bytes read; None when unreadable
    text: str | None  # decoded text; None when unreadable or too large
    size: int | None = None
    unreadable_reason: str | None = None  # "gated", "too-large", "not-found", "binary", "network"


@dataclass(frozen=True)
class Snapshot:
    """One repository (Hub model or dataset, or a local folder) at one revision."""

    target: str  # the argument as given
    kind: str  # "model", "dataset" or "local"
    repo_id: str | None  # "org/name" for Hub repos, the folder path for local ones
    revision: str | None  # resolved commit SHA (None: local folder without git)
    requested_revision: str | None
    files: tuple[str, ...]  # every path in the repo at that revision
    card: RepoFile | None  # README.md (None when the repo has none)
    card_data: Mapping[str, Any] | None = None  # metadata the Hub API returned (cardData)
    license_files: tuple[RepoFile, ...] = ()  # LICENSE*, COPYING*, NOTICE*, USE_POLICY*, license_link target
    config: Mapping[str, Any] | None = None  # config.json when it names custom code (auto_map)
    code_files: tuple[RepoFile, ...] = ()  # source files read for license headers (issue 4)
    gated: str | None = None  # None / "auto" / "manual" for Hub repos
    tags: tuple[str, ...] = ()  # tags the Hub API lists
    offline: bool = False  # True when read from the cache without network
    notes: tuple[str, ...] = field(default_factory=tuple)  # source-level remarks, e.g. partial listing

    @property
    def unreadable(self) -> tuple[RepoFile, ...]:
        """Files the verdict would rest on but that could not be read."""
        files = (*( [self.card] if self.card else []), *self.license_files)
        return tuple(f for f in files if f.text is None)
