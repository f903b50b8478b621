"""Every exception license-scan raises on purpose, under one root.

The CLI catches `LicenseScanError` once and turns it into a one-line message;
anything else escaping is a bug.
"""

from __future__ import annotations


class LicenseScanError(Exception):
    """Root of all expected failures."""


class UsageError(LicenseScanError):
    """Bad arguments or a malformed input file given by the user (exit code 2)."""


class RulesetError(LicenseScanError):
    """A rule file is malformed: unknown key, bad category, duplicate id. Raised at load."""


class TargetError(LicenseScanError):
    """One target could not be read; carries the DESIGN.md error type.

    Raised by the source layer and caught per target, so the other targets are
    still scanned.
    """

    def __init__(self, target: str, type_: str, message: str) -> None:
        super().__init__(f"{target}: {message}")
        self.target = target
        self.type = type_
        self.message = message


class InvalidTargetError(TargetError):
    """The argument is neither an existing folder nor a Hub reference."""

    def __init__(self, target: str, message: str) -> None:
        super().__init__(target, "invalid-target", message)
