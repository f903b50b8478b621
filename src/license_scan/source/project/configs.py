"""References in configuration files (YAML, JSON, TOML): recipe keys with the line of their value.

YAML is composed, not constructed (PyYAML's node API: `start_mark` gives line and column; custom
tags such as `!include` do no harm). JSON and TOML are parsed, then each value is located at its
first occurrence in the text after its key. A `${...}` interpolation under a key that names a repo
is a finding: the value is not fixed in the file.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

import yaml

from license_scan.source.project.configkeys import LLAMA_FACTORY_MARKS, Path, display, rule_for
from license_scan.source.project.pyrefs import Extracted
from license_scan.source.project.refs import UNPARSABLE_CODE, UNRESOLVED_CODE, Hit, RefLocation, finding, hub_id

try:
    import tomllib
except ImportError:  # pragma: no cover - Python 3.10: TOML files are reported unparsable, not guessed at
    tomllib = None  # type: ignore[assignment]

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
# (path, the string, is a mapping key, (line, column) or None when it must be searched for)
Entry = tuple[Path, str, bool, tuple[int, int] | None]


def config_refs(raw: bytes, file: str, is_local: Callable[[str], bool]) -> Extracted:
    try:
        text = raw.decode("utf-8-sig")
        if file.endswith(".json"):
            docs: list[Any] = [json.loads(text)]
            entries = [e for d in docs for e in _data_entries(d, ())]
        elif file.endswith(".toml"):
            if tomllib is None:  # pragma: no cover
                raise ValueError("TOML needs Python 3.11 or later")
            docs = [tomllib.loads(text)]
            entries = [e for d in docs for e in _data_entries(d, ())]
        else:
            nodes = [n for n in yaml.compose_all(text, Loader=_Loader) if n is not None]
            docs = [_top_keys(n) for n in nodes]
            entries = [e for n in nodes for e in _yaml_entries(n, (), set())]
    except (UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        return Extracted((), (finding("info", UNPARSABLE_CODE, f"{file}: does not parse as "
                                      f"{file.rsplit('.', 1)[-1].upper()} ({type(exc).__name__}); its references "
                                      "are not seen", file),))
    llama_factory = any(isinstance(d, dict) and len(LLAMA_FACTORY_MARKS & set(d)) >= 2 for d in docs)
    hits, findings = [], []
    for path, value, is_key, pos in entries:
        rule = rule_for(path, llama_factory=llama_factory, mixer_key=is_key)
        if rule is None:
            continue
        line, column = pos or _locate(text, path, value)
        how = f"config key {display(path)}" + (" (mapping key)" if is_key else "")
        if "${" in value or "{{" in value:
            if rule.interpolation_finding:
                findings.append(finding("info", UNRESOLVED_CODE, f"{file}:{line}: {display(path)} is `{value}`, "
                                        "an interpolation this file does not fix; it is not guessed", file, line))
            continue
        found = hub_id(value, legacy=rule.legacy)
        if found is None or is_local(value):
            continue
        hits.append(Hit(found[0], found[1] or rule.kind, RefLocation(file, line, column, how, True)))
    return Extracted(tuple(hits), tuple(findings))


def _top_keys(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {k.value: None for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return None


def _yaml_entries(node: yaml.Node, path: Path, seen: set[int]) -> Iterator[Entry]:
    if isinstance(node, yaml.ScalarNode):  # an alias to a scalar is read under each key that uses it
        if node.tag == "tag:yaml.org,2002:str":
            yield path, str(node.value), False, (node.start_mark.line + 1, node.start_mark.column + 1)
        elif not node.tag.startswith("tag:yaml.org,2002:"):  # `!env X`, `!include f`: not fixed in the file
            yield path, f"${{{node.tag} {node.value}}}", False, (node.start_mark.line + 1, node.start_mark.column + 1)
        return
    if id(node) in seen:  # a collection already walked: no loop through anchors, no exponential aliases
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _yaml_entries(item, path + (i,), seen)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if isinstance(value, yaml.MappingNode | yaml.ScalarNode):
                yield path, str(key.value), True, (key.start_mark.line + 1, key.start_mark.column + 1)
            yield from _yaml_entries(value, path + (str(key.value),), seen)


def _data_entries(data: Any, path: Path) -> Iterator[Entry]:
    if isinstance(data, str):
        yield path, data, False, None
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _data_entries(item, path + (i,))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield path, str(key), True, None
            yield from _data_entries(value, path + (str(key),))


def _locate(text: str, path: Path, value: str) -> tuple[int, int]:
    """(line, column), 1-based, of the value's first occurrence after its key's (JSON, TOML)."""
    key = next((p for p in reversed(path) if isinstance(p, str)), None)
    start = 0
    if key is not None:
        found = [i for i in (text.find(json.dumps(key)), text.find(key)) if i >= 0]
        start = min(found) if found else 0
    for token in (json.dumps(value), f"'{value}'", value):
        index = text.find(token, start)
        if index < 0:
            index = text.find(token)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return 1, 1
