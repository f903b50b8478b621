"""What the source layer hands on: everything later stages need, read and parsed once.

A snapshot is plain data (no client, no paths to re-read): every Hub file
format (the card's front matter, config.json's auto_map) is parsed here, at
the bottom, so detection, classification and the graph are pure functions of
it and run offline. Every stage may import this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from license_scan.model import CardFacts, Finding, TargetKind


@dataclass(frozen=True)
class RepoFile:
    """A file whose text was read (or could not be), with its digest."""

    path: str
    sha256: str | None  # of the bytes read; None when unreadable
    text: str | None  # decoded text; None when unreadable or too large
    size: int | None = None
    unreadable_reason: str | None = None  # "gated", "too-large", "not-found", "binary", "not-text", "network", ...


@dataclass(frozen=True)
class CodeRef:
    """One auto_map entry of config.json: a module file, in this repo (repo_id None) or in another one."""

    repo_id: str | None
    module_path: str  # e.g. "modeling_x.py"
    class_name: str
    named_as: str  # the entry as config.json wrote it


@dataclass(frozen=True)
class ComponentRef:
    """A repo a part of this repo names as its origin: `_name_or_path` in a subfolder's config.json,
    `name_or_path` in a tokenizer_config.json, a model_index.json entry. The value is kept as
    written; whether it is a Hub repo (and not a local path or this repo) is the graph's question."""

    folder: str  # the part's subfolder ("text_encoder"), "" for a file at the root
    path: str  # the file that names it ("text_encoder/config.json")
    key: str  # the field it was read from ("_name_or_path", "name_or_path", "unet" in model_index.json)
    named_as: str  # the value as written ("openai/clip-vit-large-patch14", "/home/x/ckpt", "./vae")


@dataclass(frozen=True)
class Snapshot:
    """One repository (Hub model or dataset, or a local folder) at one revision."""

    target: str  # the argument as given
    kind: TargetKind
    repo_id: str | None  # "org/name" for Hub repos (canonical), the folder path for local ones
    revision: str | None  # resolved commit SHA (None: local folder without git)
    requested_revision: str | None
    files: tuple[str, ...]  # every path in the repo at that revision
    card: RepoFile | None  # README.md (None when the repo has none)
    card_data: Mapping[str, Any] | None = None  # metadata the Hub API returned (cardData)
    metadata: Mapping[str, Any] = field(default_factory=dict)  # front matter, else cardData, else {}
    metadata_lines: Mapping[str, int] = field(default_factory=dict)  # 1-based line of each front matter key
    body: str = field(default="", repr=False)  # the card without its front matter
    body_line: int = 1  # line of the body's first line in README.md
    # LICENSE*/LICENCE* (any case, any folder), LICENSES/*, COPYING*, NOTICE*, USE_POLICY*, EULA*, TERMS*, the
    # license_link target; documents and images among them are listed unread (unreadable_reason "not-text")
    license_files: tuple[RepoFile, ...] = ()
    config_file: RepoFile | None = None  # config.json as read
    config: Mapping[str, Any] | None = None  # config.json parsed (None: absent, unreadable or not an object)
    code_refs: tuple[CodeRef, ...] = ()  # config.json auto_map entries
    code_files: tuple[RepoFile, ...] = ()  # source files read for license headers, in the order read
    code_files_skipped: tuple[str, ...] = ()  # source files past limits.MAX_CODE_FILES_READ, not read
    component_files: tuple[RepoFile, ...] = ()  # model_index.json, tokenizer_config.json, <part>/config.json read
    component_refs: tuple[ComponentRef, ...] = ()  # every origin those files name, in file order, once each
    gated: str | None = None  # None / "auto" / "manual" for Hub repos
    tags: tuple[str, ...] = ()  # tags the Hub API lists
    offline: bool = False  # True when read from the cache without network
    findings: tuple[Finding, ...] = ()  # what the source could not read, parse or had to cut short
    facts: CardFacts = field(default_factory=CardFacts)  # what the card says beyond licenses

    @property
    def unreadable(self) -> tuple[RepoFile, ...]:
        """Files the verdict would rest on but that could not be read."""
        files = (self.card, *self.license_files, self.config_file, *self.code_files, *self.component_files)
        return tuple(f for f in files if f is not None and f.text is None)
