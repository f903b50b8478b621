"""The audit's outputs by name: JSON Lines (one per repo, streamed) and its summary in text, Markdown, HTML."""

from __future__ import annotations

from importlib import import_module
from typing import Callable

from license_scan.report.audit_summary import AuditSummary

LINES_FORMATS = ("jsonl", "parquet")  # one row per repo
SUMMARY_FORMATS = {  # name -> (module, function), imported when used
    "text": ("license_scan.report.audit_text", "render_audit_text"),
    "markdown": ("license_scan.report.audit_markdown", "render_audit_markdown"),
    "html": ("license_scan.report.audit_html", "render_audit_html"),
}
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}  # --summary FILE


def summary_renderer(name: str) -> Callable[[AuditSummary], str]:
    module, function = SUMMARY_FORMATS[name]
    return getattr(import_module(module), function)  # type: ignore[no-any-return]
