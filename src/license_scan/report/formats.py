"""Format name → renderer. Every renderer takes the Report and returns text."""

from __future__ import annotations

from typing import Callable

from license_scan.model import Report
from license_scan.report.cyclonedx import render_cyclonedx
from license_scan.report.html import render_html
from license_scan.report.jsonout import render_json
from license_scan.report.markdown import render_markdown
from license_scan.report.notice import render_notice
from license_scan.report.sarif import render_sarif
from license_scan.report.spdx2 import render_spdx_json, render_spdx_tv
from license_scan.report.spdx3 import render_spdx3
from license_scan.report.text import render_text

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
    "spdx3-json": render_spdx3,
    "cyclonedx-json": render_cyclonedx,
    "spdx-json": render_spdx_json,
    "spdx-tv": render_spdx_tv,
    "notice": render_notice,
    "sarif": render_sarif,
}
