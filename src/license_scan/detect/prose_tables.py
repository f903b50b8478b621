"""Where a card states licenses as structure, not sentences: License sections, tables, labelled lines.

- A License section is the text under a heading that names a license, licensing
  or terms ("## License", "#### Model License", "## 协议（License Agreement）"), to
  the next heading of its level or above.
- A table with a License column: each row speaks for the component its label
  cell names (`| Weights | CC BY-NC 4.0 |`), in whatever column order; in a
  table of models (`| Model | … | License |`) only the row naming this repo counts.
  A two-column table without a License header is read as label / value rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from license_scan.detect.prose_text import component_word, label_component
from license_scan.lazyre import LazyPattern
from license_scan.model import ComponentName
from license_scan.ruleset import name_key

_HEADING = LazyPattern(r"^(?P<marks>#{1,6})[ \t]*(?P<text>[^\n]*)$", re.MULTILINE)
_LICENSE_HEAD = LazyPattern(r"licen[cs]|terms\s+of\s+use|使用条款|许可|协议", re.IGNORECASE)
_HEAD_WORDS = LazyPattern(r"licen[cs]e[sd]?|licensing|information|agreement|terms\s+of\s+use|disclaimer|and|"
                          r"许可证?|协议|声明|和|[*_`#:：()（）/\[\]]", re.IGNORECASE)
_TABLE_ROW = LazyPattern(r"^[ \t]*\|.*\|[ \t]*$")
_SEPARATOR = LazyPattern(r"^[ \t]*\|?(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*(?::?-{2,}:?[ \t]*)?$")
_LICENSE_COL = LazyPattern(r"licen[cs]|terms|许可|协议", re.IGNORECASE)
_COMPONENT_COL = LazyPattern(r"^(?:component|part|asset|artifact|artefact|item|what|scope|content|resource|type|"
                             r"组件|内容|部分|对象|类别)s?$|^$", re.IGNORECASE)
_MODEL_COL = LazyPattern(r"^(?:model|models|name|checkpoint|variant|version|模型|名称)(?:\s+name)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Section:
    start: int  # the heading line
    body: int  # first character under the heading
    end: int
    component: ComponentName
    heading: str  # the heading's words other than license / agreement / information


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TableEntry:
    component: ComponentName
    value: Cell  # the license cell
    row: Cell  # the whole row (the "sentence" of the evidence)


def license_sections(view: str, default: ComponentName) -> list[Section]:
    heads = list(_HEADING.finditer(view))
    out = []
    for i, m in enumerate(heads):
        text = re.sub(r"[*_`]", "", m.group("text")).strip()
        if not _LICENSE_HEAD.search(text):
            continue
        level = len(m.group("marks"))
        end = next((h.start() for h in heads[i + 1:] if len(h.group("marks")) <= level), len(view))
        rest = " ".join(_HEAD_WORDS.sub(" ", text).split())
        component = component_word(rest) if rest else None
        out.append(Section(m.start(), m.end(), end, component or default, rest))
    return out


def section_at(sections: list[Section], pos: int) -> Section | None:
    inside = [s for s in sections if s.start <= pos < s.end]
    return inside[-1] if inside else None


def is_table_row(view: str, pos: int) -> bool:
    start = view.rfind("\n", 0, pos) + 1
    end = view.find("\n", pos)
    return bool(_TABLE_ROW.match(view[start:len(view) if end == -1 else end]))


def _cells(view: str, start: int, end: int) -> list[Cell]:
    line = view[start:end]
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    cells = []
    for a, b in zip(bars, bars[1:]):
        raw = line[a + 1:b]
        lead = len(raw) - len(raw.lstrip())
        cells.append(Cell(re.sub(r"[*_`]", "", raw).strip(), start + a + 1 + lead, start + a + 1 + len(raw.rstrip())))
    return cells


def _tables(view: str) -> list[list[tuple[Cell, list[Cell]]]]:
    """Each Markdown table as its rows (header first), a row being (whole line, cells)."""
    tables, current = [], []
    pos = 0
    for line in view.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if _TABLE_ROW.match(line):
            if not _SEPARATOR.match(line):
                current.append((Cell(line.strip(), start, end), _cells(view, start, end)))
            continue
        if current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def table_entries(view: str, default: ComponentName, repo_id: str | None,
                  sections: list[Section]) -> list[TableEntry]:
    own = {name_key(repo_id), name_key(repo_id.split("/")[-1])} if repo_id else set()
    out: list[TableEntry] = []
    for rows in _tables(view):
        header = rows[0][1]
        lic = next((i for i, c in enumerate(header) if _LICENSE_COL.search(c.text)), None)
        if lic is None:
            out.extend(_label_rows(rows, default, sections))
            continue
        others = [i for i in range(len(header)) if i != lic]
        key = next((i for i in others if _COMPONENT_COL.match(header[i].text)), None)
        models = None if key is not None else next((i for i in others if _MODEL_COL.match(header[i].text)), None)
        if key is None and models is None and len(header) == 2:
            key = others[0]
        for line, cells in rows[1:]:
            if len(cells) != len(header):
                continue
            if key is not None:
                component = component_word(cells[key].text)
            elif models is not None:
                label = re.sub(r"\[|\].*$", "", cells[models].text)
                component = default if own and name_key(label) in own else None
            else:
                component = None
            if component is not None and cells[lic].text:
                out.append(TableEntry(component, cells[lic], line))
    return out


def _label_rows(rows: list[tuple[Cell, list[Cell]]], default: ComponentName,
                sections: list[Section]) -> list[TableEntry]:
    """A key / value table: `| License | MIT |`, `| Weights license | CC-BY-NC-4.0 |`."""
    out = []
    for line, cells in rows:
        if len(cells) != 2 or not cells[1].text:
            continue
        inside = section_at(sections, line.start) is not None
        component = label_component(cells[0].text.lower(), default, in_section=inside)
        if component is not None:
            out.append(TableEntry(component, cells[1], line))
    return out
