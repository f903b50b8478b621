"""Reports for the evidence formats, scanned through the test Hub server with a fixed clock."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from license_scan.model import Report
from license_scan.scan import ScanOptions, run_scan

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
LOCAL_EXAMPLE = str(ROOT / "examples" / "llama-chat-finetune")


def scan(*targets: str, depth: int = 5, now: datetime = NOW) -> Report:
    """Call inside hub_env."""
    return run_scan(list(targets), ScanOptions(depth=depth), now=now)
