"""The HTML report in a real browser (headless Chromium): it loads without a console message, nothing in
it runs, and it draws on a wide screen, a narrow one and paper. Skipped when no Chromium is installed
(.ci/run installs Debian's `chromium`)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from browser import find_browser, load
from hostile_report import hostile_report
from license_scan.report.html import render_html

BROWSER = find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium)")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def _png(path: Path) -> bytes:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return data


def test_the_console_check_sees_errors(tmp_path):
    """Control: a page that logs, throws and breaks its own CSP is seen doing so."""
    page = tmp_path / "bad.html"
    page.write_text("<!doctype html><html><head><meta charset='utf-8'><meta http-equiv='Content-Security-Policy' "
                    "content=\"script-src 'unsafe-inline'; img-src 'none'\"><title>bad</title></head><body>"
                    "<script>console.error('marker-1'); undefinedFunction();</script><img src='x.png'></body></html>")
    loaded = load(BROWSER, page, screenshot=tmp_path / "bad.png")
    joined = "\n".join(loaded.console)
    assert "marker-1" in joined and "undefinedFunction" in joined and "img-src" in joined, loaded.log[-2000:]


def test_chat_ft_report_loads_cleanly_and_draws(hub_env, tmp_path):
    from license_scan.scan import ScanOptions, run_scan

    report = run_scan(["evidence/chat-ft", "acme/apache-model"], ScanOptions(depth=5), now=NOW)
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    wide = load(BROWSER, page, screenshot=tmp_path / "wide.png")
    assert wide.returncode == 0 and wide.console == [], wide.console
    assert len(_png(tmp_path / "wide.png")) > 20_000  # a drawn page, not a blank one
    narrow = load(BROWSER, page, screenshot=tmp_path / "narrow.png", window="390,844")
    assert narrow.console == [] and len(_png(tmp_path / "narrow.png")) > 5_000
    printed = load(BROWSER, page, pdf=tmp_path / "report.pdf")
    assert printed.console == [] and (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_markup_from_a_card_neither_runs_nor_loads_in_the_browser(tmp_path):
    """Every field holds <script>, onerror images and javascript: links: the page logs nothing, so no
    script ran and the Content-Security-Policy had nothing to block."""
    page = tmp_path / "hostile.html"
    page.write_text(render_html(hostile_report()), encoding="utf-8")
    loaded = load(BROWSER, page, screenshot=tmp_path / "hostile.png")
    assert loaded.returncode == 0 and loaded.console == [], loaded.console
