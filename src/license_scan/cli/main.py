"""Entry point: `license-scan` / `python -m license_scan`."""

from __future__ import annotations

import importlib
import sys

import click

from license_scan import __version__
from license_scan.settings import disable_telemetry

# Each subcommand's module is imported when that command runs (or `--help` lists it): a scan does not pay
# for the imports of check, audit and verify.
COMMANDS = {
    "scan": "license_scan.cli.scan",
    "check": "license_scan.cli.check",
    "verify": "license_scan.cli.verify",
    "audit": "license_scan.cli.audit",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            command = getattr(importlib.import_module(COMMANDS[cmd_name]), cmd_name)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="license-scan")
def cli() -> None:
    """Under which terms may you use this model? Licenses of code, weights and data, with evidence."""


def main() -> None:
    disable_telemetry()  # before huggingface_hub is imported: it reads the setting then
    try:
        cli.main(prog_name="license-scan", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
