"""`license-scan scan TARGET...`: classify Hub repos and local model folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NoReturn

import click

from license_scan.errors import LicenseScanError, OutputError, UsageError
from license_scan.fileio import atomic_write
from license_scan.limits import DEFAULT_DEPTH, FETCH_WORKERS, MAX_DEPTH, MAX_JOBS
from license_scan.policy.exit import EXIT_USAGE
from license_scan.model import Report
from license_scan.report.formats import RENDERERS

if TYPE_CHECKING:
    from license_scan.scan import Progress


@click.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--revision", help="Branch, tag or commit to read (Hub targets).")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--offline", is_flag=True, help="Never touch the network; read the Hub cache only.")
@click.option("--jobs", "-j", type=click.IntRange(1, MAX_JOBS), default=FETCH_WORKERS, show_default=True,
              help="Repos fetched at once in the whole run (all targets and their trees together).")
@click.option("--quiet", "-q", is_flag=True, help="No progress display (there is none when stderr is not a terminal).")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=DEFAULT_DEPTH, show_default=True,
              help="How far base models, datasets and code references are followed (0: the target alone).")
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Policy file; violations exit 1.")
def scan(targets: tuple[str, ...], revision: str | None, fmt: str, output: str | None, offline: bool,
         jobs: int, quiet: bool, depth: int, policy_path: str | None) -> None:
    """Scan Hub models (org/name, hf://..., URLs), datasets (datasets/org/name) or local folders."""
    from license_scan.scan import ScanOptions, run_scan

    def prepare() -> Run:
        check_targets(targets)
        policy = None
        if policy_path:
            from license_scan.policy.load import load_policy

            policy = load_policy(policy_path)
        options = ScanOptions(revision=revision, offline=offline, depth=depth, policy=policy, jobs=jobs)
        return lambda progress: run_scan(list(targets), options, progress=progress)

    run_command(prepare, fmt=fmt, output=output, quiet=quiet)


Run = Callable[["Progress | None"], Report]


def run_command(prepare: Callable[[], Run], *, fmt: str, output: str | None, quiet: bool) -> NoReturn:
    """What every reporting command does around its run: check `-o` first, show progress on a terminal,
    render and write the report, name unreadable targets on stderr, exit with the report's code; an
    expected error (LicenseScanError) is one line and exit 2."""
    from license_scan.cli.progress import terminal_progress

    try:
        check_output(output)
        run = prepare()
        progress = terminal_progress(quiet)
        try:
            report = run(progress)
        finally:
            if progress is not None:
                progress.finish()
        write_report(RENDERERS[fmt](report), output)
    except LicenseScanError as exc:  # usage errors and anything else expected: one line, exit 2
        click.echo(f"license-scan: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for result in report.results:
        if result.error is not None:
            click.echo(f"license-scan: {result.error.message}", err=True)
    sys.exit(report.exit_code)


def check_output(output: str | None) -> None:
    """Before anything is read: `-o`'s folder must exist (a long scan must not end in "cannot write")."""
    if not output:
        return
    folder = os.path.dirname(output) or "."
    if not os.path.isdir(folder):
        raise OutputError(f"cannot write {output}: no such folder {folder}")


def check_targets(targets: tuple[str, ...]) -> None:
    """A target written as a path (./x, ../x, /x, ~/x) names a folder: if there is none, that is a usage
    error, never a Hub lookup of whatever the path spells."""
    from license_scan.target import looks_like_path

    for raw in targets:
        if looks_like_path(raw) and not os.path.isdir(raw):
            raise UsageError(f"{raw}: no such folder")


def write_report(text: str, output: str | None) -> None:
    """To `output` (atomically: a failure leaves an earlier file as it was), or stdout. A file name that is not
    UTF-8 (a lone surrogate from the file system) is written as its `\\udcXX` escape, valid in JSON strings.
    Raises OutputError naming the file when it cannot be written."""
    data = text.encode("utf-8", "backslashreplace")
    if not output:
        click.echo(data, nl=False)
        return
    try:
        atomic_write(Path(output), data)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
