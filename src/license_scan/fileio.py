"""File handling every stage shares: the one YAML loader, the one atomic write, and products of files kept
built in a cache folder.

YAML is loaded with the safe loader only (libyaml's when installed: start-up
time matters for a CI tool); `compose_yaml` gives the same document as nodes
with line marks, for files people write by hand and need errors by line.
Writes land in a unique `.incomplete` file beside
the destination and are renamed into place, as huggingface_hub does for
downloads, so a reader (or a run killed half-way) never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar, cast

from license_scan.settings import write_pause

INCOMPLETE_SUFFIX = ".incomplete"
T = TypeVar("T")


# PyYAML is imported on first use, not at start-up: a run that parses no YAML (the rule set's is cached)
# does not pay for it. `YAMLError` is looked up on this module the same way.
def _yaml() -> Any:
    import yaml

    return yaml


def _loader() -> Any:
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader  # libyaml's when PyYAML was built with it


def __getattr__(name: str) -> Any:
    if name == "YAMLError":
        return _yaml().YAMLError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_yaml(text: str | bytes) -> Any:
    """Plain data from YAML (mappings, lists, scalars); never constructs objects. Raises YAMLError."""
    return _yaml().load(text, Loader=_loader())


def load_yaml_files(files: Mapping[str, bytes], cache: Path | None) -> dict[str, Any]:
    """Each file's YAML, parsed, by name; kept in the folder `cache` (see `cached_product`), so a later
    process reading the same files skips the parsing. Raises YAMLError."""
    return cached_product(files, cache, "yaml-", lambda: {name: load_yaml(data) for name, data in files.items()},
                          lambda found: isinstance(found, dict) and found.keys() == files.keys())


def cached_product(inputs: Mapping[str, bytes], cache: Path | None, prefix: str, build: Callable[[], T],
                   accept: Callable[[Any], bool]) -> T:
    """`build()`, kept in the folder `cache` as one pickle named `prefix` + the SHA-256 of every name and
    byte of `inputs` (everything the product depends on: its files and the code that builds it), so a later
    process with the same inputs loads it instead. Written atomically; an entry that cannot be read, or
    that `accept` refuses, is built again."""
    digest = hashlib.sha256()
    for name, data in sorted(inputs.items()):
        digest.update(name.encode() + b"\0" + data + b"\0")
    path = cache / f"{prefix}{digest.hexdigest()}.pickle" if cache is not None else None
    if path is not None:
        try:
            found = pickle.loads(path.read_bytes())
            if accept(found):
                return cast(T, found)
        except Exception:  # noqa: BLE001 - absent, truncated, from another layout: build again
            pass
    product = build()
    if path is not None:
        try:
            atomic_write(path, pickle.dumps(product, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only cache only costs speed
    return product


def installed_version(distribution: str) -> str:
    """The version of an installed distribution, as `importlib.metadata.version` gives it ("absent" if it is
    not installed). Read from its `.dist-info/METADATA` on sys.path first: importing importlib.metadata costs
    ~30 ms of every start."""
    prefix = re.sub(r"[-_.]+", "_", distribution).lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                try:
                    with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as fh:
                        for line in fh:
                            if line.startswith("Version:"):
                                return line.split(":", 1)[1].strip()
                            if not line.strip():
                                break  # the end of the headers
                except OSError:
                    pass
    from importlib import metadata  # an egg, a zip: ask the slow way

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def compose_yaml(text: str | bytes) -> Any:
    """The node tree of a one-document YAML text, with line marks (`node.start_mark.line`, 0-based) and
    scalars tagged but not constructed; None for an empty document. Raises YAMLError."""
    return _yaml().compose(text, Loader=_loader())


def construct_scalar(node: Any) -> Any:
    """The plain value of a scalar node from `compose_yaml` (str, int, float, bool, None, date), as `load_yaml`
    would give it."""
    return _yaml().constructor.SafeConstructor().construct_object(node, deep=True)


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` all at once or not at all. Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=INCOMPLETE_SUFFIX)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    pause = write_pause()
    try:
        with os.fdopen(fd, "wb") as fh:
            if pause:  # the kill test aims kill -9 at a write in progress (never set in real use)
                fh.write(raw[: len(raw) // 2])
                fh.flush()
                time.sleep(pause)
                raw = raw[len(raw) // 2:]
            fh.write(raw)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
