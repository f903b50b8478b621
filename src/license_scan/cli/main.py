"""Entry point: `license-scan` / `python -m license_scan`."""

from __future__ import annotations

import os
import sys

import click

from license_scan import __version__
from license_scan.cli.scan import scan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="license-scan")
def cli() -> None:
    """Under which terms may you use this model? Licenses of code, weights and data, with evidence."""


cli.add_command(scan)


def main() -> None:
    # A compliance scan sends nothing about the user to anyone; huggingface_hub reads this at import.
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        cli.main(prog_name="license-scan", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
