"""Regenerate the Markdown / HTML report examples from the evidence/chat-ft fixture:

    python docs/gen_human_examples.py

Starts the test Hub server (tests/hubserver.py, serving fixtures/hub/ on 127.0.0.1), scans
evidence/chat-ft with depth 5 at a fixed time, and writes docs/examples/report.md,
docs/examples/report.html and, when Chromium is installed, the screenshot docs/report-html.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import find_browser, load  # noqa: E402
from hubserver import HubServer  # noqa: E402

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
TARGET = "evidence/chat-ft"
WINDOW = "1200,1500"


def main() -> None:
    server = HubServer().start()
    try:
        with tempfile.TemporaryDirectory() as home:
            # before huggingface_hub is imported: it reads these once
            os.environ.update(HF_ENDPOINT=server.url, HF_HOME=home, HF_HUB_CACHE=os.path.join(home, "hub"),
                              HF_HUB_DISABLE_TELEMETRY="1")
            for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
                os.environ.pop(name, None)
            from license_scan.report.html import render_html
            from license_scan.report.markdown import render_markdown
            from license_scan.scan import ScanOptions, run_scan

            report = run_scan([TARGET], ScanOptions(depth=5), now=NOW)
    finally:
        server.stop()
    examples = ROOT / "docs" / "examples"
    examples.mkdir(parents=True, exist_ok=True)
    (examples / "report.md").write_text(render_markdown(report), encoding="utf-8")
    page = examples / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    browser = find_browser()
    if browser is None:
        print("no Chromium: docs/report-html.png not regenerated", file=sys.stderr)
        return
    shot = ROOT / "docs" / "report-html.png"
    loaded = load(browser, page, screenshot=shot, window=WINDOW)
    if loaded.console:
        raise SystemExit(f"console messages: {loaded.console}")
    print(f"wrote {examples / 'report.md'}, {page}, {shot} ({shot.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
