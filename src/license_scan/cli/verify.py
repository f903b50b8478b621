"""`license-scan verify REPORT.json`: does the evidence a JSON report rests on still hold?"""

from __future__ import annotations

import sys

import click

from license_scan.cli.scan import check_output, write_report
from license_scan.errors import LicenseScanError
from license_scan.limits import MAX_DEPTH
from license_scan.policy.exit import EXIT_USAGE


@click.command()
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the result here.")
@click.option("--offline", is_flag=True, help="Never touch the network; check against the Hub cache only.")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=None,
              help="Depth of the terms re-scan (default: the depth the report records).")
def verify(report: str, fmt: str, output: str | None, offline: bool, depth: int | None) -> None:
    """Re-read every repo of a JSON report at its recorded commit and compare every file's SHA-256;
    re-scan targets read at a moving revision (a branch, main, a folder) and compare their terms.

    Exit 0: everything holds; 1: something changed; 3: something could not be checked; 2: usage error.
    """
    from license_scan.verify import verify_report
    from license_scan.verify.render import RENDERERS

    try:
        check_output(output)
        outcome = verify_report(report, offline=offline, depth=depth)
        write_report(RENDERERS[fmt](outcome), output)
    except LicenseScanError as exc:  # a malformed report, a bad setting, an unwritable output: one line, exit 2
        click.echo(f"license-scan: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(outcome.exit_code)
