"""A hand-written YAML file read as located values, so every error names the file and the line.

Built on `fileio.compose_yaml` (PyYAML's node marks). Duplicate keys, which
PyYAML would silently let the last one win, are an error here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable, NoReturn

import yaml

from license_scan.errors import UsageError
from license_scan.fileio import YAMLError, compose_yaml, construct_scalar


@dataclass(frozen=True)
class Loc:
    """A value and the (1-based) line it starts on. Mappings hold `dict[str, Loc]`, lists `list[Loc]`."""

    value: Any
    line: int
    raw: str | None = None  # a scalar as written (a sha256 of digits only must not become an int)


class Source:
    """One policy file: its name (as errors show it) and the error helpers that name its lines."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, line: int | None, message: str) -> NoReturn:
        where = f"{self.name}, line {line}" if line is not None else self.name
        raise UsageError(f"{where}: {message}")

    def read(self, text: str) -> Loc:
        try:
            node = compose_yaml(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            self.fail(mark.line + 1 if mark is not None else None, f"not valid YAML ({problem})")
        if node is None:
            return Loc({}, 1)
        return self._convert(node)

    def _convert(self, node: yaml.Node) -> Loc:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Loc] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                key = construct_scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    self.fail(key_line, "keys must be plain names")
                if key in out:
                    self.fail(key_line, f"duplicate key '{key}' (first on line {out[key].line})")
                value = self._convert(value_node)
                out[key] = Loc(value.value, key_line, value.raw) if isinstance(value_node, yaml.ScalarNode) else value
            return Loc(out, line)
        if isinstance(node, yaml.SequenceNode):
            return Loc([self._convert(item) for item in node.value], line)
        return Loc(construct_scalar(node), line, str(node.value))

    # --- shapes ---------------------------------------------------------------------------------

    def mapping(self, loc: Loc, name: str, keys: Iterable[str]) -> dict[str, Loc]:
        """A mapping whose keys are all among `keys` (an unknown key is an error with a suggestion)."""
        if loc.value is None:
            return {}
        if not isinstance(loc.value, dict):
            self.fail(loc.line, f"{name} must be a mapping")
        allowed = list(keys)
        for key, value in loc.value.items():
            if key not in allowed:
                self.fail(value.line, f"unknown key '{key}' in {name}{suggest(key, allowed)}; "
                                      f"allowed: {', '.join(allowed)}")
        return dict(loc.value)

    def items(self, loc: Loc, name: str) -> list[Loc]:
        if not isinstance(loc.value, list):
            self.fail(loc.line, f"{name} must be a list")
        return list(loc.value)

    def strings(self, loc: Loc, name: str) -> list[Loc]:
        """A list of non-empty strings."""
        out = self.items(loc, name)
        for item in out:
            if not isinstance(item.value, str) or not item.value.strip():
                self.fail(item.line, f"{name} must list names (strings), not {item.value!r}")
        return out

    def text(self, loc: Loc | None, name: str, line: int) -> str:
        """A required non-empty string."""
        if loc is None:
            self.fail(line, f"{name} is required")
        if not isinstance(loc.value, str) or not loc.value.strip():
            self.fail(loc.line, f"{name} must be a non-empty string")
        return loc.value.strip()


def suggest(value: str, candidates: Iterable[str]) -> str:
    """` (did you mean x?)` when a candidate is close, else ``."""
    lowered: dict[str, str] = {}
    for c in candidates:
        lowered.setdefault(c.lower(), c)
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[close[0]]}?)" if close else ""
