"""The progress display on a terminal: targets done of all, repos fetched, the repo being read.

Drawn on stderr with rich, only when stderr is a terminal and `--quiet` is not given, and only once a
run has lasted PROGRESS_DELAY_S (a quick run draws nothing); then a summary line. The pipeline knows
nothing of it: it calls the `scan.Progress` methods, from worker threads (rich's Progress is thread-safe).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

from license_scan.limits import PROGRESS_DELAY_S
from license_scan.settings import terminal_forced

if TYPE_CHECKING:
    from rich.console import Console


class TerminalProgress:
    def __init__(self, console: Console, delay: float = PROGRESS_DELAY_S) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = console
        self.delay = delay
        self._lock = threading.Lock()
        self._bar = Progress(SpinnerColumn(), TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("targets · {task.fields[repos]} repos fetched · {task.fields[current]}"),
                             TimeElapsedColumn(), console=console, transient=True)
        self._task = self._bar.add_task("scan", total=0, repos=0, current="")
        self._timer: threading.Timer | None = None
        self._shown = False
        self._started = time.monotonic()
        self._targets = self._repos = 0

    def _show(self) -> None:
        with self._lock:
            if self._timer is not None:  # not finished yet
                self._bar.start()
                self._shown = True

    def run_started(self, targets: int) -> None:
        self._started = time.monotonic()
        self._targets = targets
        self._bar.update(self._task, total=targets)
        self._timer = threading.Timer(self.delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def target_started(self, raw: str) -> None:
        self._bar.update(self._task, current=raw)

    def target_done(self, raw: str) -> None:
        self._bar.advance(self._task)

    def repo_started(self, repo: str) -> None:
        self._bar.update(self._task, current=repo)

    def repo_fetched(self, repo: str) -> None:
        with self._lock:
            self._repos += 1
            repos = self._repos
        self._bar.update(self._task, repos=repos)

    def finish(self) -> None:
        """Take the display down and print the summary line."""
        with self._lock:
            timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
            if self._shown:
                self._bar.stop()
        took = time.monotonic() - self._started
        self.console.print(f"license-scan: {self._targets} target(s), {self._repos} repo(s) fetched "
                           f"in {took:.1f} s", highlight=False, markup=False)


def terminal_progress(quiet: bool) -> TerminalProgress | None:
    """A display on stderr if it is a terminal and the user did not ask for quiet; else None (nothing drawn)."""
    if quiet:
        return None
    if not _isatty(sys.stderr) and not terminal_forced():
        return None  # what rich would decide too: not importing it keeps a piped run's start-up short
    from rich.console import Console

    console = Console(stderr=True)
    return TerminalProgress(console) if console.is_terminal else None


class TerminalAuditProgress:
    """An audit's stages (listing, tier 1, referenced repos, tier 2, reporting), one bar each, on stderr."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = console
        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=console, transient=True)
        self._task: object | None = None
        self._started = time.monotonic()

    def stage(self, name: str, total: int | None) -> None:
        if self._task is None:
            self._bar.start()
        self._task = self._bar.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)  # type: ignore[arg-type]

    def finish(self, line: str) -> None:
        if self._task is not None:
            self._bar.stop()
        self.console.print(f"{line} in {time.monotonic() - self._started:.1f} s", highlight=False, markup=False)


def audit_progress(quiet: bool) -> TerminalAuditProgress | None:
    """As terminal_progress: nothing drawn (and rich not imported) unless stderr is a terminal."""
    if quiet or not (_isatty(sys.stderr) or terminal_forced()):
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return TerminalAuditProgress(console) if console.is_terminal else None


def _isatty(stream: object) -> bool:
    try:
        return bool(getattr(stream, "isatty", lambda: False)())
    except ValueError:  # closed
        return False
