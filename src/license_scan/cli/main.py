"""Entry point: `license-scan` / `python -m license_scan`."""

from __future__ import annotations

import sys

import click

from license_scan import __version__
from license_scan.cli.audit import audit
from license_scan.cli.check import check
from license_scan.cli.scan import scan
from license_scan.cli.verify import verify
from license_scan.settings import disable_telemetry


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="license-scan")
def cli() -> None:
    """Under which terms may you use this model? Licenses of code, weights and data, with evidence."""


cli.add_command(scan)
cli.add_command(check)
cli.add_command(verify)
cli.add_command(audit)


def main() -> None:
    disable_telemetry()  # before huggingface_hub is imported: it reads the setting then
    try:
        cli.main(prog_name="license-scan", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
