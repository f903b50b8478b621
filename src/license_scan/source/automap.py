"""config.json: parsed once, and the custom code its `auto_map` names.

`auto_map` maps an Auto class to `module.Class` (code in this repo) or
`org/repo--module.Class` (code in another repo); AutoTokenizer maps to a
[slow, fast] pair, either of which may be null.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from license_scan.source.card import field_strings
from license_scan.source.snapshot import CodeRef, RepoFile


def parse_config(file: RepoFile | None) -> Mapping[str, Any] | None:
    """config.json as a dict (None when absent, unreadable, too large or not a JSON object)."""
    if file is None or file.text is None:
        return None
    try:
        data = json.loads(file.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def auto_map_refs(config: Mapping[str, Any] | None) -> tuple[CodeRef, ...]:
    """Every class config.json's auto_map names, in order, once each."""
    auto_map = (config or {}).get("auto_map")
    if not isinstance(auto_map, dict):
        return ()
    out: list[CodeRef] = []
    for value in auto_map.values():
        for entry in field_strings(value):
            repo, _, reference = entry.rpartition("--")
            module, _, cls = reference.rpartition(".")
            if not module or not cls:
                continue
            ref = CodeRef(repo or None, module.replace(".", "/") + ".py", cls, entry)
            if ref not in out:
                out.append(ref)
    return tuple(out)


def local_code_paths(refs: tuple[CodeRef, ...]) -> list[str]:
    """Module files in this repo that auto_map names (read first for license headers)."""
    return list(dict.fromkeys(r.module_path for r in refs if r.repo_id is None))
