"""`--format html`: the obligation summary as one self-contained HTML page (templates/report.html.j2).

Autoescaped; every printed value is first made one line of visible text (`view.clean`). The page
carries its CSS inline, no script and no external asset, and a Content-Security-Policy that forbids
them, so a string from a card can neither run nor fetch anything even if it slipped through.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from license_scan.model import Report
from license_scan.report.view import build_view, clean


def finalize(value: Any) -> Any:
    """Markup the template built (a recursive loop's output, which has `__html__`) as is; any other value
    as clean text, which autoescape then escapes. Report values are plain strings, never markup."""
    if hasattr(value, "__html__"):
        return value
    return "" if value is None else clean(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one Jinja2 environment of this format (the audit summary's template uses it too)."""
    return Environment(
        loader=PackageLoader("license_scan.report", "templates"), autoescape=True, finalize=finalize,
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    return environment().get_template("report.html.j2").render(view=build_view(report)).rstrip("\n") + "\n"
