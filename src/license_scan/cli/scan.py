"""`license-scan scan TARGET...`: classify Hub repos and local model folders."""

from __future__ import annotations

import sys

import click

from license_scan.errors import LicenseScanError, UsageError
from license_scan.limits import DEFAULT_DEPTH, MAX_DEPTH
from license_scan.policy.exit import EXIT_USAGE
from license_scan.report.formats import RENDERERS


@click.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--revision", help="Branch, tag or commit to read (Hub targets).")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--offline", is_flag=True, help="Never touch the network; read the Hub cache only.")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=DEFAULT_DEPTH, show_default=True,
              help="How far base models, datasets and code references are followed (0: the target alone).")
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Policy file; violations exit 1.")
def scan(targets: tuple[str, ...], revision: str | None, fmt: str, output: str | None, offline: bool,
         depth: int, policy_path: str | None) -> None:
    """Scan Hub models (org/name, hf://..., URLs), datasets (datasets/org/name) or local folders."""
    import os

    from license_scan.policy.rules import load_policy
    from license_scan.scan import ScanOptions, run_scan

    try:
        policy = load_policy(policy_path) if policy_path else None
        offline = offline or os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")
        options = ScanOptions(revision=revision, offline=offline, depth=depth, policy=policy)
        report = run_scan(list(targets), options)
        text = RENDERERS[fmt](report)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            click.echo(text, nl=False)
        for result in report.results:
            if result.error is not None:
                click.echo(f"license-scan: {result.error.message}", err=True)
    except UsageError as exc:
        click.echo(f"license-scan: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except LicenseScanError as exc:
        click.echo(f"license-scan: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"license-scan: cannot write {output}: {exc.strerror}", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(report.exit_code)
