"""References in Python source (a module, or a notebook's code cells joined into one module)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from license_scan.model import Finding
from license_scan.source.project.pycalls import Use, st_name, uses
from license_scan.source.project.pyast import text
from license_scan.source.project.pyvalues import Resolver
from license_scan.source.project.refs import (
    DEFAULT_CODE, UNPARSABLE_CODE, UNRESOLVED_CODE, Hit, RefLocation, finding, hub_id,
)

LIST_FILE_HINT = "list it in license-scan-models.txt if it is a Hub repo"
# a line of the joined source -> (cell index or None, line within the cell)
Locate = Callable[[int], tuple[int | None, int]]


@dataclass(frozen=True)
class Extracted:
    hits: tuple[Hit, ...]
    findings: tuple[Finding, ...]


def _same(line: int) -> tuple[int | None, int]:
    return None, line


def python_refs(source: str, file: str, *, locate: Locate = _same,
                is_local: Callable[[str], bool] = lambda value: False) -> Extracted:
    """Every Hub repo the module names in a loader call; findings for values it does not fix."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as exc:
        cell, line = locate(getattr(exc, "lineno", None) or 1)
        where = f"{file}{_cell(cell)}:{line}"
        return Extracted((), (finding("warning", UNPARSABLE_CODE,
                                      f"{where}: not valid Python ({type(exc).__name__}: "
                                      f"{getattr(exc, 'msg', exc)}); its references are not seen", file, line),))
    lines = source.splitlines()
    resolver = Resolver(tree)
    hits: list[Hit] = []
    findings: dict[tuple[str, int | None, int, str], Finding] = {}
    for use in uses(tree):
        node = use.node
        cell, line = locate(getattr(node, "lineno", 1))
        column = _column(lines, getattr(node, "lineno", 1), getattr(node, "col_offset", 0))
        where = f"{file}{_cell(cell)}:{line}"
        values, unknown = resolver.values(node)
        for value in values:
            written = value.text
            if (use.requires and not written.startswith(use.requires)) or written.lower() in use.not_ids:
                continue
            found = hub_id(written, legacy=use.legacy)
            if found is None or is_local(written):
                continue
            repo_id, kind = found
            repo_id = st_name(repo_id) if use.st_prefix and kind is None else repo_id
            default_of = value.default_of or use.default_of
            hits.append(Hit(repo_id, kind or use.kind, RefLocation(
                file, line, column, use.how, value.resolved and default_of is None, cell, value.via)))
            if default_of:
                message = (f"{where}: {repo_id} is the default of {value.default_of}, passed to {use.how}"
                           if value.default_of else f"{where}: {repo_id} is the {use.how}") + \
                    "; the run may load another repo"
                findings.setdefault((DEFAULT_CODE, cell, line, message),
                                    finding("info", DEFAULT_CODE, message, file, line))
        if unknown and use.strings_only:
            what = "; ".join(dict.fromkeys(u.what for u in unknown))
            message = (f"{where}: the repo passed to {use.how} (`{text(node)}`) is not fixed in this module "
                       f"({what}); it is not guessed: {LIST_FILE_HINT}")
            findings.setdefault((UNRESOLVED_CODE, cell, line, message),
                                finding("info", UNRESOLVED_CODE, message, file, line))
    return Extracted(tuple(hits), tuple(findings.values()))


def _cell(cell: int | None) -> str:
    return "" if cell is None else f" cell {cell}"


def _column(lines: list[str], lineno: int, col_offset: int) -> int:
    """1-based character column from the parser's UTF-8 byte offset."""
    if not 1 <= lineno <= len(lines):
        return col_offset + 1
    return len(lines[lineno - 1].encode("utf-8")[:col_offset].decode("utf-8", "replace")) + 1


__all__ = ["Extracted", "Locate", "Use", "python_refs"]
