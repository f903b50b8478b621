"""Headless Chromium for the HTML report: load a file, collect console messages, save a screenshot.

Console messages come from Chromium's own log (`--enable-logging=stderr --v=0` prints every console
message, Content-Security-Policy violations included, as a `...:CONSOLE...` line): no DevTools client
needed. The report has no script, so any console line means something ran or was blocked.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0")


def find_browser() -> str | None:
    return next((path for name in NAMES if (path := shutil.which(name))), None)


@dataclass(frozen=True)
class Loaded:
    returncode: int
    console: list[str]  # the CONSOLE lines of Chromium's log
    log: str


def load(browser: str, page: Path, *, screenshot: Path | None = None, pdf: Path | None = None,
         window: str = "1280,1600", timeout: float = 120) -> Loaded:
    """Open `page` once in a fresh profile; write a screenshot or a PDF of it."""
    with tempfile.TemporaryDirectory(prefix="ls-chromium-") as profile:
        args = [browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={window}"]
        if screenshot is not None:
            args.append(f"--screenshot={screenshot}")
        if pdf is not None:
            args += [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"]
        done = subprocess.run([*args, page.resolve().as_uri()], capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return Loaded(done.returncode, console, done.stderr)
