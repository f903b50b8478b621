"""`--format markdown`: the obligation summary as GitHub-flavoured Markdown (templates/report.md.j2),
after a "Pull request check" section when the report comes from `check` (gate_view.py).

Every value a template prints goes through `md_escape` (the environment's finalize), so text from a
card or a repo stays text in any Markdown viewer: no raw HTML, links, images, code spans or table
breaks can come out of it. Markup is written in the template only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from license_scan.model import Report
from license_scan.report.gate_view import Href, gate_view
from license_scan.report.view import build_view, clean

# Backslash-escapable punctuation that starts inline markup (CommonMark 2.4): code, emphasis, links,
# images, strikethrough, table cells. `<`, `>` and `&` become entities (no raw HTML, no entity tricks).
_INLINE = re.compile(r"([\\`*_\[\]()|~!{}])")
_LINE_START = re.compile(r"^([#+=\-]|\d+(?=[.)]))")


class Layout(str):
    """Whitespace the template itself asks for (list indentation): the one value printed as is."""


def indent(level: int) -> Layout:
    return Layout("  " * int(level))


def md_escape(value: Any) -> str:
    """One line of literal text for Markdown, whatever the value holds."""
    if isinstance(value, (Layout, Href)):  # whitespace the template asks for; a percent-encoded link
        return str(value)
    if value is None:
        return ""
    text = clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _INLINE.sub(r"\\\1", text)


def lead(value: Any) -> Layout:
    """md_escape for a value that starts a line or a list item: no heading, list or setext marker either."""
    text = md_escape(value)
    match = _LINE_START.match(text)
    if match:
        end = match.end()
        text = text[:end] + "\\" + text[end:] if match.group(1)[0].isdigit() else "\\" + text
    return Layout(text)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment of this format (the audit summary's template uses it too)."""
    env = Environment(
        loader=PackageLoader("license_scan.report", "templates"), autoescape=False, finalize=md_escape,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.globals["indent"] = indent
    env.filters["lead"] = lead
    return env


def render_markdown(report: Report) -> str:
    text = environment().get_template("report.md.j2").render(view=build_view(report), gate=gate_view(report))
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
