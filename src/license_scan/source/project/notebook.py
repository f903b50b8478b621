"""A Jupyter notebook's code cells, read as one Python module (a constant set in one cell is used in
later ones), with every line mapped back to (cell index, line within the cell).

The file is read as JSON (nbformat 4; 3's `worksheets` too): no Jupyter install is needed. IPython
syntax is blanked, keeping line numbers: line magics (`%pip ...`), shell escapes (`!ls`, `x = !ls`),
help (`obj?`); a cell that starts with a cell magic other than `%%time` / `%%timeit` / `%%capture`
(`%%bash`, `%%writefile`) is not Python and is skipped. When the joined module does not parse,
each cell is read on its own and the ones that do not parse are findings.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from license_scan.model import Finding
from license_scan.source.project.pyrefs import Extracted, python_refs
from license_scan.source.project.refs import UNPARSABLE_CODE, Hit, finding

_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture")
_MAGIC_LINE = re.compile(r"^\s*(%|!)|^\s*[A-Za-z_][\w.]*\s*=\s*[!%]|^\s*[\w.]+\?\??\s*$")


def code_cells(data: Any) -> list[tuple[int, str]]:
    """(cell index, Python source) of every code cell, IPython syntax blanked."""
    cells = data.get("cells") if isinstance(data, dict) else None
    if cells is None and isinstance(data, dict):  # nbformat 3
        cells = [c for ws in data.get("worksheets") or [] if isinstance(ws, dict) for c in ws.get("cells") or []]
    out = []
    for index, cell in enumerate(cells or []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", cell.get("input", ""))
        text = "".join(source) if isinstance(source, list) else source if isinstance(source, str) else ""
        lines = text.split("\n")
        if lines and lines[0].startswith("%%"):
            if not lines[0].startswith(_PYTHON_CELL_MAGICS):
                continue
            lines[0] = ""
        out.append((index, "\n".join("" if _MAGIC_LINE.match(line) else line for line in lines)))
    return out


def notebook_refs(raw: bytes, file: str, is_local: Callable[[str], bool]) -> Extracted:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return Extracted((), (finding("warning", UNPARSABLE_CODE,
                                      f"{file}: not a readable notebook ({type(exc).__name__}); its references "
                                      "are not seen", file),))
    cells = code_cells(data)
    joined: list[str] = []
    starts: list[tuple[int, int]] = []  # (first joined line, cell index)
    for index, source in cells:
        starts.append((len(joined) + 1, index))
        joined.extend(source.split("\n"))

    def locate(line: int) -> tuple[int | None, int]:
        first, cell = next(((f, c) for f, c in reversed(starts) if f <= line), (1, 0))
        return cell, line - first + 1

    whole = python_refs("\n".join(joined), file, locate=locate, is_local=is_local)
    if not any(f.code == UNPARSABLE_CODE for f in whole.findings):
        return whole
    hits: list[Hit] = []
    findings: list[Finding] = []  # one cell breaks the module: read each cell on its own
    for index, source in cells:
        part = python_refs(source, file, locate=lambda line, i=index: (i, line), is_local=is_local)  # type: ignore[misc]
        hits.extend(part.hits)
        findings.extend(part.findings)
    return Extracted(tuple(hits), tuple(findings))
