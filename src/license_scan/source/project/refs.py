"""What the reference finder hands on: frozen dataclasses, and what a Hub id looks like in code.

A `Hit` is one place a model or dataset id is used; `group_hits` turns hits into one
`Reference` per (repo id, kind), ids compared case-insensitively as the Hub does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable, Literal

from license_scan.hubref import is_hub_url, repo_id_of
from license_scan.model import Finding, FindingSource

RefKind = Literal["model", "dataset"]

_ORG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*/[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_LEGACY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")  # gpt2, bert-base-uncased, squad: no dot, no slash
# a value ending like a file is a path to a file, not a repo (`data/train.json`, `model.safetensors`)
FILE_SUFFIXES = frozenset({
    ".py", ".json", ".jsonl", ".yaml", ".yml", ".toml", ".txt", ".csv", ".tsv", ".parquet", ".arrow", ".bin",
    ".safetensors", ".pt", ".pth", ".ckpt", ".gguf", ".onnx", ".model", ".md", ".zip", ".gz", ".tar", ".h5",
    ".msgpack", ".pkl", ".npz", ".npy",
})
NOT_IDS = frozenset({"none", "null", "auto", "default", "true", "false", "local", "main"})

# Finding codes (docs/findings.md)
UNRESOLVED_CODE = "ref-unresolved"  # a model/dataset argument whose value the code does not fix
DEFAULT_CODE = "ref-default-value"  # a reference read from a default the environment or a caller may replace
UNPARSABLE_CODE = "ref-file-unparsable"  # a Python file, notebook or config that does not parse
TOO_LARGE_CODE = "ref-file-too-large"  # a file over its size cap, not read
CAPPED_CODE = "ref-files-capped"  # more files than MAX_PROJECT_FILES
LIST_INVALID_CODE = "ref-list-invalid"  # a list file line that is not a Hub id


@dataclass(frozen=True)
class RefLocation:
    """One place a repo is referenced."""

    file: str  # relative to the scanned root, '/'-separated
    line: int  # 1-based; in a notebook, the line within the code cell
    column: int  # 1-based, in characters
    how: str  # the construct: "from_pretrained", "pipeline(model=)", "config key base_model", ...
    resolved: bool  # False: a default the environment, a CLI argument or a caller can replace
    cell: int | None = None  # a notebook's cell index (0-based, counting every cell)
    via: str | None = None  # the variable or constant the value was followed through


@dataclass(frozen=True)
class Reference:
    """One repo the codebase depends on, with every place it is referenced."""

    repo_id: str  # as written (first spelling seen); legacy ids such as `gpt2` are not canonicalised
    kind: RefKind
    locations: tuple[RefLocation, ...]
    resolved: bool  # True when at least one location fixes this id (not only a replaceable default)


@dataclass(frozen=True)
class ProjectScan:
    root: str
    references: tuple[Reference, ...]
    findings: tuple[Finding, ...]
    files_read: int  # Python, notebook, configuration and list files read


@dataclass(frozen=True)
class Hit:
    repo_id: str
    kind: RefKind
    location: RefLocation


def hub_id(value: str, *, legacy: bool = True) -> tuple[str, RefKind | None] | None:
    """(`org/name` or legacy `name`, kind when the value says it) from a value as code writes it; None
    for anything else: local paths, files, URLs off the Hub, prose. `datasets/`, `hf://`, Hub URLs
    and `hf-hub:` (timm, open_clip) prefixes are read; a `datasets/` prefix says the kind."""
    text = value.strip()
    if not text or text != value or any(c.isspace() for c in text):
        return None
    kind: RefKind | None = None
    if text.startswith(("http://", "https://")):
        if not is_hub_url(text):
            return None
        kind = "dataset" if "/datasets/" in text else None
        found = repo_id_of(text, "dataset" if kind else "model")
        return (found, kind) if found else None
    filesystem = text.startswith("hf://")  # huggingface_hub's file system: hf://[datasets/]org/name[@rev]/path
    for prefix in ("hf-hub:", "hf_hub:", "hf://"):
        text = text.removeprefix(prefix)
    if text.startswith("datasets/"):
        kind, text = "dataset", text[len("datasets/"):]
    elif text.startswith("models/"):
        text = text[len("models/"):]
    if filesystem:
        text = "/".join(text.split("/")[:2]).split("@", 1)[0]
    if PurePosixPath(text).suffix.lower() in FILE_SUFFIXES or text.lower() in NOT_IDS:
        return None
    if _ORG_NAME.match(text) and ".." not in text and "--" not in text:
        return text, kind
    if legacy and _LEGACY.match(text) and not text.isdigit():
        return text, kind
    return None


def group_hits(hits: Iterable[Hit]) -> tuple[Reference, ...]:
    """One Reference per (repo id, kind), the id compared case-insensitively; locations in file order."""
    groups: dict[tuple[str, RefKind], list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: _loc_key(h.location)):
        groups.setdefault((hit.repo_id.lower(), hit.kind), []).append(hit)
    refs = []
    for (_, kind), members in groups.items():
        locations = tuple(dict.fromkeys(h.location for h in members))
        refs.append(Reference(members[0].repo_id, kind, locations, any(loc.resolved for loc in locations)))
    return tuple(sorted(refs, key=lambda r: (r.kind, r.repo_id.lower())))


def _loc_key(loc: RefLocation) -> tuple[str, int, int, int, str]:
    return loc.file, -1 if loc.cell is None else loc.cell, loc.line, loc.column, loc.how


def finding(severity: Literal["info", "warning"], code: str, message: str, file: str | None,
            line: int | None = None) -> Finding:
    return Finding(severity, code, message, FindingSource(None, file, line))
