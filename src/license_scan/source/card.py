"""Split a model card into YAML front matter and Markdown body.

Cards in the wild carry a BOM, CRLF line ends, blank lines before the closing
fence, `---` rules later in the body and YAML that does not parse; none of that
may crash a scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from license_scan import fileio
from license_scan.fileio import load_yaml
from license_scan.model import Finding, FindingSource

_OPEN = re.compile(r"\A\ufeff?[ \t]*---[ \t]*\r?\n")
_OPEN_LATE = re.compile(r"\A\ufeff?(?:[ \t]*\r?\n)+[ \t]*---[ \t]*\r?\n")  # blank lines before the fence
# Keys read line by line from front matter that does not parse (license keys in any spelling).
_SALVAGE_KEY = re.compile(r"^(licen[cs]es?(?:[_-]?(?:name|link))?|base_model|datasets)[ \t]*:[ \t]*(.*?)[ \t]*\r?$",
                          re.IGNORECASE | re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]+-[ \t]*(.+?)[ \t]*\r?$")
MAX_SALVAGE_LINES = 200  # lines of an unclosed front matter searched for license keys
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
    late = None if opening else _OPEN_LATE.match(text)
    if not opening and not late:
        return ParsedCard(None, text.lstrip("\ufeff"), 1)
    opening = opening or late
    assert opening is not None
    first = text.count("\n", 0, opening.end()) + 1  # line of the first front matter line
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        head = "\n".join(text[opening.end():].splitlines()[:MAX_SALVAGE_LINES])
        salvaged = salvage(head)
        finding = Finding("warning", "front-matter-invalid",
                          f"{path}: front matter opens with '---' but never closes; read as body text"
                          f"{_salvaged_note(salvaged)}", FindingSource(repo, path, 1))
        return ParsedCard(salvaged or None, text, 1, (finding,), key_lines(head, first_line=first) if salvaged else {})
    misplaced: tuple[Finding, ...] = ()
    if late:
        misplaced = (Finding("warning", "front-matter-misplaced",
                             f"{path}: blank lines before the opening '---': the Hub does not read this front matter "
                             "(no license shows on the Hub); license-scan reads it anyway",
                             FindingSource(repo, path, first - 1)),)
    raw = text[opening.end():closing.start()]
    body_start = closing.end() + (1 if text[closing.end():closing.end() + 1] == "\n" else 0)
    body_line = text.count("\n", 0, body_start) + 1
    body = text[body_start:]
    lines = key_lines(raw, first_line=first)
    try:
        data = load_yaml(raw)
    except fileio.YAMLError as exc:  # looked up only when raised: PyYAML is imported on first use
        mark = getattr(exc, "problem_mark", None)
        line = first + (mark.line if mark is not None else 0)
        reason = getattr(exc, "problem", None) or "not valid YAML"
        salvaged = salvage(raw)
        finding = Finding("warning", "front-matter-invalid",
                          f"{path}: front matter is not valid YAML ({reason}, line {line}); "
                          f"its metadata was ignored{_salvaged_note(salvaged)}", FindingSource(repo, path, line))
        return ParsedCard(salvaged or None, body, body_line, (*misplaced, finding), lines)
    if data is None:
        return ParsedCard({}, body, body_line, misplaced, lines)
    if not isinstance(data, dict):
        salvaged = salvage(raw)
        finding = Finding("warning", "front-matter-invalid",
                          f"{path}: front matter is a {type(data).__name__}, not a mapping; ignored"
                          f"{_salvaged_note(salvaged)}", FindingSource(repo, path, first))
        return ParsedCard(salvaged or None, body, body_line, (*misplaced, finding), lines)
    return ParsedCard({str(k): v for k, v in data.items()}, body, body_line, misplaced, lines)


def salvage(raw: str) -> dict[str, Any]:
    """License keys read line by line from front matter YAML cannot parse: `license: mit`, or a key
    followed by `- item` lines. What the author wrote there is still evidence."""
    out: dict[str, Any] = {}
    lines = raw.splitlines()
    for number, line in enumerate(lines):
        match = _SALVAGE_KEY.match(line)
        if not match or match.group(1) in out:
            continue
        value = match.group(2).strip().strip("[]").strip()
        if value:
            items = [v.strip().strip("'\"") for v in value.split(",") if v.strip().strip("'\"")]
            out[match.group(1)] = items[0] if len(items) == 1 else items
            continue
        listed = []
        for follow in lines[number + 1:]:
            item = _LIST_ITEM.match(follow)
            if not item:
                break
            listed.append(item.group(1).strip().strip("'\""))
        if listed:
            out[match.group(1)] = listed
    return out


def _salvaged_note(salvaged: Mapping[str, Any]) -> str:
    if not salvaged:
        return ""
    return "; read line by line instead: " + ", ".join(f"{k}: {v}" for k, v in salvaged.items())


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
