"""Split a model card into YAML front matter and Markdown body.

Cards in the wild carry a BOM, CRLF line ends, blank lines before the closing
fence, `---` rules later in the body and YAML that does not parse; none of that
may crash a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from license_scan.fileio import YAMLError, load_yaml
from license_scan.model import Finding, FindingSource

_OPEN = re.compile(r"\A\ufeff?[ \t]*---[ \t]*\r?\n")
_CLOSE = re.compile(r"^[ \t]*---[ \t]*\r?$", re.MULTILINE)
_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:")


@dataclass(frozen=True)
class ParsedCard:
    metadata: Mapping[str, Any] | None  # None: no front matter, or it did not parse
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    findings: tuple[Finding, ...] = ()
    key_lines: Mapping[str, int] = field(default_factory=dict)  # top-level key -> 1-based line


def parse_card(text: str, *, repo: str | None = None, path: str = "README.md") -> ParsedCard:
    """Front matter must open on the first line and close on a line of its own."""
    opening = _OPEN.match(text)
    if not opening:
        return ParsedCard(None, text.lstrip("\ufeff"), 1)
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        finding = Finding("warning", "front-matter-invalid",
                          f"{path}: front matter opens with '---' but never closes; read as body text",
                          FindingSource(repo, path, 1))
        return ParsedCard(None, text, 1, (finding,))
    raw = text[opening.end():closing.start()]
    body_start = closing.end() + (1 if text[closing.end():closing.end() + 1] == "\n" else 0)
    body_line = text.count("\n", 0, body_start) + 1
    body = text[body_start:]
    lines = key_lines(raw, first_line=2)
    try:
        data = load_yaml(raw)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        reason = getattr(exc, "problem", None) or "not valid YAML"
        finding = Finding("warning", "front-matter-invalid",
                          f"{path}: front matter is not valid YAML ({reason}, line {line}); "
                          "its metadata was ignored", FindingSource(repo, path, line))
        return ParsedCard(None, body, body_line, (finding,), lines)
    if data is None:
        return ParsedCard({}, body, body_line, (), lines)
    if not isinstance(data, dict):
        finding = Finding("warning", "front-matter-invalid",
                          f"{path}: front matter is a {type(data).__name__}, not a mapping; ignored",
                          FindingSource(repo, path, 2))
        return ParsedCard(None, body, body_line, (finding,), lines)
    return ParsedCard({str(k): v for k, v in data.items()}, body, body_line, (), lines)


def key_lines(front_matter: str, *, first_line: int = 1) -> dict[str, int]:
    """Line of each top-level key, for findings that point at it."""
    out: dict[str, int] = {}
    for number, line in enumerate(front_matter.splitlines(), start=first_line):
        match = _KEY.match(line)
        if match:
            out.setdefault(match.group(1), number)
    return out


def field_strings(value: Any) -> list[str]:
    """A card field that may be a string or a list, as non-empty strings (nested values skipped)."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [str(v).strip() for v in items if v is not None and not isinstance(v, (dict, list)) and str(v).strip()]
