"""Parse what the user typed into a target: a local folder or a Hub repo."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from license_scan.errors import InvalidTargetError
from license_scan.hubref import FILE_VIEWS, is_hub_url, url_path_parts
from license_scan.model import TargetKind

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$")


@dataclass(frozen=True)
class Target:
    raw: str  # as given
    kind: TargetKind
    repo_id: str  # org/name, or the folder path for a local target
    revision: str | None = None  # from the URL (/tree/REV) or --revision


def looks_like_path(raw: str) -> bool:
    """Written as a path (./x, ../x, /x, ~/x, ., ..): a folder was meant, never a Hub repo."""
    return raw in (".", "..", "~") or raw.startswith(("./", "../", "/", "~/", ".\\", "..\\"))


def parse_target(raw: str, revision: str | None = None) -> Target:
    """An existing directory is always read from disk; anything else must name a Hub repo."""
    if os.path.isdir(raw):
        return Target(raw, "local", os.path.abspath(raw), revision)
    if looks_like_path(raw):
        raise InvalidTargetError(raw, "no such folder")
    text = raw.strip()
    kind: TargetKind = "model"
    url_revision = None
    if text.startswith(("http://", "https://")):
        if not is_hub_url(text):
            raise InvalidTargetError(raw, "not a Hugging Face URL and not an existing folder")
        parts = url_path_parts(text)
        if parts and parts[0] == "datasets":
            kind, parts = "dataset", parts[1:]
        elif parts and parts[0] == "spaces":
            raise InvalidTargetError(raw, "Spaces are not scanned; give a model or dataset repo")
        if len(parts) >= 4 and parts[2] in ("tree", *FILE_VIEWS):
            url_revision = parts[3]
        text = "/".join(parts[:2])
    else:
        if text.startswith("hf://"):
            text = text[len("hf://"):]
            if "@" in text:  # hf://org/name@revision, as huggingface_hub's file system writes it
                text, url_revision = text.split("@", 1)
        if text.startswith("datasets/"):
            kind, text = "dataset", text[len("datasets/"):]
        elif text.startswith("models/"):
            text = text[len("models/"):]
    text = text.strip("/")
    if not text or not _REPO_ID.match(text) or ".." in text:
        reason = "no such folder" if ("/" in raw and raw.startswith((".", "/", "~"))) else "not a Hub repo id (org/name) and not an existing folder"
        raise InvalidTargetError(raw, reason)
    return Target(raw, kind, text, revision or url_revision)
