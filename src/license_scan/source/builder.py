"""The one snapshot builder: decides what is read from a repo, for the Hub and for disk alike.

A reader only lists and loads files (licensee's projects are the model): the
Hub reader downloads them, the cache reader finds them in the Hub cache, the
disk reader opens them. Everything a reader cannot read, and every cap that
cuts something short, becomes a coded finding on the snapshot: nothing is
dropped silently.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import Any, Mapping

from license_scan import limits
from license_scan.hubref import link_to_repo_path
from license_scan.model import Finding, FindingSource, TargetKind
from license_scan.source.automap import auto_map_refs, local_code_paths, parse_config
from license_scan.source.card import parse_card
from license_scan.source.components import component_refs
from license_scan.source.facts import card_facts
from license_scan.source.patterns import (
    NOT_TEXT,
    code_order,
    component_config_order,
    is_card,
    is_not_text,
    license_order,
)
from license_scan.source.snapshot import RepoFile, Snapshot
from license_scan.target import Target

CARD_PATH = "README.md"
CONFIG_PATH = "config.json"
MAX_NAMED_IN_FINDING = 10  # file names listed in one finding; the rest are counted


@dataclass(frozen=True)
class Listing:
    """What a reader knows before any file is read."""

    kind: TargetKind
    repo_id: str  # canonical id (a renamed Hub repo: the new one), or the folder path
    revision: str | None
    files: tuple[str, ...]
    card_data: Mapping[str, Any] | None = None  # the Hub's parsed card metadata
    gated: str | None = None
    tags: tuple[str, ...] = ()
    offline: bool = False
    link_repo_ids: tuple[str, ...] = ()  # repos a `license_link` URL may point into
    findings: tuple[Finding, ...] = ()  # what listing found (renamed repo, listing cut short, ...)


class RepoReader(ABC):
    """Lists a repo's files and loads one on request; never decides what to read."""

    @property
    @abstractmethod
    def listing(self) -> Listing: ...

    @abstractmethod
    def load_file(self, path: str, max_bytes: int, *, truncate: bool = False) -> RepoFile:
        """The file's text up to `max_bytes` (or a RepoFile with `unreadable_reason`); never raises."""


def build_snapshot(target: Target, reader: RepoReader) -> Snapshot:
    listing = reader.listing
    repo = listing.repo_id
    present = set(listing.files)
    findings = list(listing.findings)

    def read(path: str, cap: int, truncate: bool = False) -> RepoFile:
        if path not in present:
            return RepoFile(path, None, None, None, "not-found")
        return reader.load_file(path, cap, truncate=truncate)

    card_path = CARD_PATH if CARD_PATH in present else next((p for p in listing.files if is_card(p)), None)
    card = read(card_path, limits.MAX_CARD_BYTES, truncate=True) if card_path else None
    parsed = parse_card(card.text, repo=repo, path=card.path) if card is not None and card.text is not None else None
    if parsed is not None:
        findings.extend(parsed.findings)
    metadata = parsed.metadata if parsed is not None and parsed.metadata is not None else listing.card_data
    if metadata is not None and not all(isinstance(k, str) for k in metadata):
        metadata = {str(k): v for k, v in metadata.items()}  # keys as front matter gives them: strings
    if card is not None and card.size is not None and card.size > limits.MAX_CARD_BYTES:
        findings.append(Finding("warning", "card-truncated",
                                f"{repo}: {card.path} is {card.size} bytes; only the first {limits.MAX_CARD_BYTES} "
                                "were read, and terms stated after that are not seen", FindingSource(repo, card.path)))

    wanted = license_order(listing.files)
    if len(wanted) > limits.MAX_LICENSE_FILES:
        skipped = wanted[limits.MAX_LICENSE_FILES:]
        findings.append(Finding("warning", "license-files-capped",
                                f"{repo}: {len(wanted)} license-like files; only the first {limits.MAX_LICENSE_FILES} "
                                f"were read, not {_names(skipped)}", FindingSource(repo, skipped[0])))
        wanted = wanted[: limits.MAX_LICENSE_FILES]
    link = link_to_repo_path((metadata or {}).get("license_link"), listing.link_repo_ids)
    if link and link not in present:  # nothing there to read: a broken link, not unread terms
        findings.append(Finding("warning", "license-link-missing",
                                f"{repo}: license_link names {link}, which is not in the repo; the license is "
                                "judged from what the card and the files that are there say",
                                FindingSource(repo, card_path)))
    elif link and link not in wanted:
        wanted.append(link)
    # a document or an image may hold terms the matcher cannot read: listed unread, never downloaded
    license_files = tuple(RepoFile(p, None, None, None, NOT_TEXT) if is_not_text(p) and p in present
                          else read(p, limits.MAX_LICENSE_FILE_BYTES) for p in wanted)

    config_file = read(CONFIG_PATH, limits.MAX_CONFIG_BYTES) if CONFIG_PATH in present else None
    config = parse_config(config_file)
    if config_file is not None and config_file.text is not None and config is None:
        findings.append(Finding("warning", "config-invalid",
                                f"{repo}: config.json is not a JSON object; the custom code it may name is not seen",
                                FindingSource(repo, CONFIG_PATH)))
    code_refs = auto_map_refs(config)
    code_paths = code_order(listing.files, local_code_paths(code_refs))
    read_paths, skipped = code_paths[: limits.MAX_CODE_FILES_READ], code_paths[limits.MAX_CODE_FILES_READ:]
    if skipped:
        findings.append(Finding("info", "code-files-capped",
                                f"{repo}: license headers were read from {len(read_paths)} of {len(code_paths)} "
                                f"source files ({_names(read_paths)}), not from {_names(skipped)}",
                                FindingSource(repo, None)))
    code_files = tuple(read(p, limits.MAX_CODE_FILE_BYTES, truncate=True) for p in read_paths)
    # a dataset names no model parts: its references are its card's alone
    component_files, parsed_parts = ((), []) if listing.kind == "dataset" else _component_files(
        repo, listing.files, read, findings)
    parsed_parts.insert(0, (CONFIG_PATH, config))  # the root config.json's _name_or_path too

    snapshot = Snapshot(
        target=target.raw, kind=listing.kind, repo_id=repo, revision=listing.revision,
        requested_revision=target.revision, files=listing.files, card=card, card_data=listing.card_data,
        metadata=dict(metadata or {}), metadata_lines=dict(parsed.key_lines) if parsed else {},
        body=parsed.body if parsed else "", body_line=parsed.body_line if parsed else 1,
        license_files=license_files, config_file=config_file, config=config, code_refs=code_refs,
        code_files=code_files, code_files_skipped=tuple(skipped), component_files=component_files,
        component_refs=component_refs(parsed_parts), gated=listing.gated, tags=listing.tags, offline=listing.offline,
        facts=card_facts(metadata or {}, parsed.body if parsed else ""),
    )
    return replace(snapshot, findings=(*findings, *unread_findings(snapshot)))


def _component_files(repo: str, files: tuple[str, ...], read: Any,
                     findings: list[Finding]) -> tuple[tuple[RepoFile, ...], list[tuple[str, Any]]]:
    """model_index.json, tokenizer_config.json and each part's config.json, capped, parsed."""
    paths = component_config_order(files)
    if len(paths) > limits.MAX_COMPONENT_FILES:
        skipped = paths[limits.MAX_COMPONENT_FILES:]
        # the repos the unread files name are not followed: the same gap as a cut reference list
        findings.append(Finding("warning", "references-truncated",
                                f"{repo}: {len(paths)} files may name the repos its parts come from; only the first "
                                f"{limits.MAX_COMPONENT_FILES} were read, not {_names(skipped)}",
                                FindingSource(repo, skipped[0])))
        paths = paths[: limits.MAX_COMPONENT_FILES]
    read_files = tuple(read(p, limits.MAX_CONFIG_BYTES) for p in paths)
    parsed: list[tuple[str, Any]] = []
    for file in read_files:
        data = parse_config(file)
        if file.text is not None and data is None:
            findings.append(Finding("warning", "component-file-invalid",
                                    f"{repo}: {file.path} is not a JSON object; the repo it may name as the origin "
                                    "of a part is not seen", FindingSource(repo, file.path)))
        parsed.append((file.path, data))
    return read_files, parsed


def unread_findings(snapshot: Snapshot) -> list[Finding]:
    """DESIGN.md: a gated repo is judged from its metadata and says what it could not read; every
    other file the verdict would rest on that could not be read is named with the reason."""
    repo = snapshot.repo_id
    unread = snapshot.unreadable
    gated = [f.path for f in unread if f.unreadable_reason == "gated"]
    too_large = [f for f in unread if f.unreadable_reason == "too-large"]
    other = [f"{f.path} ({f.unreadable_reason})" for f in unread if f.unreadable_reason not in ("gated", "too-large")]
    out = []
    if gated:
        out.append(Finding(
            "warning", "gated-files-unreadable",
            f"{repo} is gated: classified from its Hub metadata only; could not read {', '.join(gated)}. "
            "Accept the terms on the repo's Hub page and set HF_TOKEN to a token of that account to read them.",
            FindingSource(repo, gated[0])))
    for f in too_large:
        out.append(Finding("warning", "file-too-large",
                           f"{repo}: {f.path} is {f.size} bytes, over the {_cap(f.path)}-byte cap; it was not read",
                           FindingSource(repo, f.path)))
    if other:
        out.append(Finding("warning", "files-unreadable", f"{repo}: could not read {', '.join(other)}",
                           FindingSource(repo, None)))
    return out


def _cap(path: str) -> int:
    if path.endswith(".json"):  # config.json and the files that name a part's origin
        return limits.MAX_CONFIG_BYTES
    return limits.MAX_LICENSE_FILE_BYTES


def _names(paths: list[str]) -> str:
    more = len(paths) - MAX_NAMED_IN_FINDING
    return ", ".join(paths[:MAX_NAMED_IN_FINDING]) + (f" and {more} more" if more > 0 else "")
