"""File handling every stage shares: the one YAML loader and the one atomic write.

YAML is loaded with the safe loader only (libyaml's when installed: start-up
time matters for a CI tool); `compose_yaml` gives the same document as nodes
with line marks, for files people write by hand and need errors by line.
Writes land in a unique `.incomplete` file beside
the destination and are renamed into place, as huggingface_hub does for
downloads, so a reader (or a run killed half-way) never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

INCOMPLETE_SUFFIX = ".incomplete"

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

YAMLError = yaml.YAMLError


def load_yaml(text: str | bytes) -> Any:
    """Plain data from YAML (mappings, lists, scalars); never constructs objects. Raises YAMLError."""
    return yaml.load(text, Loader=_Loader)


def compose_yaml(text: str | bytes) -> Any:
    """The node tree of a one-document YAML text, with line marks (`node.start_mark.line`, 0-based) and
    scalars tagged but not constructed; None for an empty document. Raises YAMLError."""
    return yaml.compose(text, Loader=_Loader)


def construct_scalar(node: Any) -> Any:
    """The plain value of a scalar node from `compose_yaml` (str, int, float, bool, None, date), as `load_yaml`
    would give it."""
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` all at once or not at all. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=INCOMPLETE_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
