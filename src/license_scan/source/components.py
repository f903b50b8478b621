"""The repos a pipeline's parts were saved from, as their small JSON files name them.

`save_pretrained` writes where a part came from: `_name_or_path` in a config.json
(a diffusers pipeline's `text_encoder/config.json`, `unet/config.json`, …, and the
root config.json), `name_or_path` in a tokenizer_config.json, `base_model_name_or_path` in a
PEFT adapter_config.json, `_name_or_path` in a
model_index.json, whose other entries are `[library, class]` pairs (a library
that is a Hub repo id is custom code from that repo). Values are kept as written:
a local path (`/home/x/ckpt`, `./vae`) or the repo's own id is the graph's to
set aside, not the parser's.
"""

from __future__ import annotations

import posixpath
from typing import Any, Iterable, Mapping

from license_scan.source.patterns import MODEL_INDEX
from license_scan.source.snapshot import ComponentRef

# fields that name where a part was saved from (a PEFT adapter's `base_model_name_or_path`: what it adapts)
ORIGIN_KEYS = ("_name_or_path", "name_or_path", "base_model_name_or_path")


def refs_in(path: str, data: Mapping[str, Any]) -> list[ComponentRef]:
    """Every origin one parsed file names, in the file's order."""
    folder = posixpath.dirname(path)
    out: list[ComponentRef] = []
    for key in ORIGIN_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            out.append(ComponentRef(folder, path, key, value.strip()))
    if posixpath.basename(path) == MODEL_INDEX:
        for key, value in data.items():
            if key.startswith("_") or not isinstance(value, (list, tuple)) or not value:
                continue
            library = value[0]
            if isinstance(library, str) and "/" in library.strip():
                out.append(ComponentRef(posixpath.join(folder, key) if folder else key, path, key, library.strip()))
    return out


def component_refs(files: Iterable[tuple[str, Mapping[str, Any] | None]]) -> tuple[ComponentRef, ...]:
    """The refs of every (path, parsed file) pair, once each (by file and value)."""
    seen: set[tuple[str, str]] = set()
    out: list[ComponentRef] = []
    for path, data in files:
        for ref in refs_in(path, data or {}):
            if (ref.path, ref.named_as) not in seen:
                seen.add((ref.path, ref.named_as))
                out.append(ref)
    return tuple(out)
