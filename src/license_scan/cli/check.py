"""`license-scan check [PATH]`: the pre-merge gate over the Hub repos a codebase uses."""

from __future__ import annotations

from pathlib import Path

import click

from license_scan.cli.scan import Run, run_command
from license_scan.errors import UsageError
from license_scan.limits import DEFAULT_DEPTH, FETCH_WORKERS, MAX_DEPTH, MAX_JOBS
from license_scan.report.formats import RENDERERS


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False),
              help="Policy file (default: license-scan.yaml or .license-scan.yaml in PATH, else the built-in one).")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching this (gitignore syntax); repeatable.")
@click.option("--changed-only", "changed_since", metavar="BASE",
              help="Only references on lines added since this git revision (e.g. origin/main).")
@click.option("--offline", is_flag=True, help="Never touch the network; read the Hub cache only.")
@click.option("--jobs", "-j", type=click.IntRange(1, MAX_JOBS), default=FETCH_WORKERS, show_default=True,
              help="Repos fetched at once in the whole run (all targets and their trees together).")
@click.option("--quiet", "-q", is_flag=True, help="No progress display (there is none when stderr is not a terminal).")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=DEFAULT_DEPTH, show_default=True,
              help="How far base models, datasets and code references are followed.")
def check(path: str, policy_path: str | None, fmt: str, output: str | None, exclude: tuple[str, ...],
          changed_since: str | None, offline: bool, jobs: int, quiet: bool, depth: int) -> None:
    """Find every Hub model and dataset the code in PATH uses and judge each, with its tree, by the policy."""
    from license_scan.check import CheckOptions, run_check
    from license_scan.policy.load import resolve_policy

    def prepare() -> Run:
        root = Path(path)
        if not root.is_dir():
            raise UsageError(f"{path}: no such folder")
        options = CheckOptions(policy=resolve_policy(root, policy_path), exclude=exclude, offline=offline,
                               depth=depth, changed_since=changed_since, jobs=jobs)
        return lambda progress: run_check(root, options, progress=progress)

    run_command(prepare, fmt=fmt, output=output, quiet=quiet)
