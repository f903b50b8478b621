"""Format name → renderer. Every renderer takes the Report and returns text.

A renderer's module is imported only when its format is asked for: the CLI lists the names at
start-up, and loading every template engine and SPDX library for a plain text report would cost
each run a tenth of a second. A new format is a new module and one line here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Iterator, Mapping

from license_scan.model import Report

Renderer = Callable[[Report], str]

# format name → (module under license_scan.report, function)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "render_text"),
    "json": ("jsonout", "render_json"),
    "markdown": ("markdown", "render_markdown"),
    "html": ("html", "render_html"),
    "spdx3-json": ("spdx3", "render_spdx3"),
    "cyclonedx-json": ("cyclonedx", "render_cyclonedx"),
    "spdx-json": ("spdx2", "render_spdx_json"),
    "spdx-tv": ("spdx2", "render_spdx_tv"),
    "notice": ("notice", "render_notice"),
    "sarif": ("sarif", "render_sarif"),
}


class _Renderers(Mapping[str, Renderer]):
    """The registry as a mapping whose values are loaded on first use."""

    def __getitem__(self, name: str) -> Renderer:
        module, function = FORMATS[name]
        renderer: Renderer = getattr(import_module(f"license_scan.report.{module}"), function)
        return renderer

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


RENDERERS: Mapping[str, Renderer] = _Renderers()
