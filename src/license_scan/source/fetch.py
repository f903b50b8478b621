"""Dispatch a target to the reader for its kind."""

from __future__ import annotations

from license_scan.source.snapshot import Snapshot
from license_scan.target import Target


def fetch(target: Target, *, offline: bool = False) -> Snapshot:
    if target.kind == "local":
        from license_scan.source.local import read_local

        return read_local(target)
    from license_scan.source.hub import fetch_hub

    return fetch_hub(target, offline=offline)
