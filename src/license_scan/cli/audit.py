"""`license-scan audit`: every repo of an organisation, a list, a search or the whole Hub, as JSON Lines
and a summary (docs/audit.md)."""

from __future__ import annotations

import sys

import click

from license_scan.errors import LicenseScanError
from license_scan.limits import DEFAULT_DEPTH, FETCH_WORKERS, MAX_DEPTH, MAX_JOBS
from license_scan.policy.exit import EXIT_USAGE
from license_scan.report.audit_formats import LINES_FORMATS, SUMMARY_FORMATS


@click.command()
@click.option("--author", help="Every model and dataset this user or organisation publishes.")
@click.option("--from", "from_file", type=click.Path(dir_okay=False, exists=True),
              help="Repo ids, one a line (datasets/org/name for a dataset), or the JSON report of `check`/`scan`.")
@click.option("--search", help="Every repo whose id matches this search.")
@click.option("--all", "everything", is_flag=True, help="The whole Hub (millions of repos: see docs/audit.md).")
@click.option("--kind", "kinds", type=click.Choice(["model", "dataset"]), multiple=True,
              help="Only models or only datasets (default: both).")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=DEFAULT_DEPTH, show_default=True,
              help="How far base models and datasets are followed through the estate.")
@click.option("--tier2", type=click.Choice(["needed", "all", "none"]), default="needed", show_default=True,
              help="Read files where the verdict rests on them, for every repo, or never.")
@click.option("--workers", type=click.IntRange(1, 1024), default=1, show_default=True,
              help="Local worker processes for the per-repo work (1: in this process).")
@click.option("--scheduler", help="A Dask scheduler address (tcp://host:8786) to run the per-repo work on.")
@click.option("--jobs", "-j", type=click.IntRange(1, MAX_JOBS), default=FETCH_WORKERS, show_default=True,
              help="Hub requests in flight at once.")
@click.option("--budget", type=click.IntRange(1, None), help="Hub requests the whole run may make.")
@click.option("--rate", type=click.FloatRange(0.01, None), help="Hub requests a second, at most.")
@click.option("--format", "fmt", type=click.Choice([*LINES_FORMATS, *SUMMARY_FORMATS]), default="text",
              show_default=True, help="jsonl/parquet: one row per repo; text/markdown/html: the summary.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (jsonl: as each repo is done).")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
              help="Also write the summary here (.md Markdown, .html HTML, else text).")
@click.option("--resume", is_flag=True, help="Continue the JSON Lines file -o names: repos in it are not redone.")
@click.option("--since", "since_path", type=click.Path(dir_okay=False, exists=True),
              help="An earlier audit's JSON Lines: the summary says what changed since.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
def audit(author: str | None, from_file: str | None, search: str | None, everything: bool, kinds: tuple[str, ...],
          depth: int, tier2: str, workers: int, scheduler: str | None, jobs: int, budget: int | None,
          rate: float | None, fmt: str, output: str | None, summary_path: str | None, resume: bool,
          since_path: str | None, quiet: bool) -> None:
    """Audit an estate of repos: metadata first (tier 1), files where the verdict rests on them (tier 2)."""
    from license_scan.cli.audit_run import AuditCommand

    try:
        command = AuditCommand.prepare(
            author=author, from_file=from_file, search=search, everything=everything, kinds=kinds, depth=depth,
            tier2=tier2, workers=workers, scheduler=scheduler, jobs=jobs, budget=budget, rate=rate, fmt=fmt,
            output=output, summary_path=summary_path, resume=resume, since_path=since_path)
        code = command.run(quiet=quiet)
    except LicenseScanError as exc:
        click.echo(f"license-scan: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(code)
