"""Every exception license-scan raises on purpose, under one root.

The CLI catches `LicenseScanError` once and turns it into a one-line message;
anything else escaping is a bug.
"""

from __future__ import annotations

from typing import ClassVar

from license_scan.model import ErrorType, NodeStatus


class LicenseScanError(Exception):
    """Root of all expected failures."""


class UsageError(LicenseScanError):
    """Bad arguments or a malformed input file given by the user (exit code 2)."""


class OutputError(UsageError):
    """The report could not be written where `-o` asked (exit code 2)."""


class RulesetError(LicenseScanError):
    """A rule file is malformed: unknown key, bad category, duplicate id. Raised at load."""


class TargetError(LicenseScanError):
    """One target (or dependency) could not be read. Raised by the source layer, caught per target.

    Each subclass is one error type of the JSON contract (`type`) and fixes the
    status a dependency that fails this way gets in the tree (`status`).
    """

    type: ClassVar[ErrorType] = "network"
    status: ClassVar[NodeStatus] = "error"

    def __init_subclass__(cls, *, type: ErrorType, status: NodeStatus, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.type, cls.status = type, status

    def __init__(self, target: str, message: str) -> None:
        super().__init__(f"{target}: {message}")
        self.target = target
        self.message = message


class GatedError(TargetError, type="gated", status="gated"):
    """A gated repo whose metadata the token may not read."""


class NotFoundError(TargetError, type="not-found", status="missing"):
    """No such repo or folder (or private, disabled, access denied)."""


class RevisionNotFoundError(TargetError, type="revision-not-found", status="missing"):
    """The repo exists but the branch, tag or commit does not."""


class NetworkError(TargetError, type="network", status="error"):
    """The Hub could not be reached, or kept failing after the retries."""


class OfflineMissError(TargetError, type="offline-miss", status="offline"):
    """Offline, and the repo was never fetched into the cache."""


class InvalidTargetError(TargetError, type="invalid-target", status="error"):
    """The argument is neither an existing folder nor a Hub reference."""
