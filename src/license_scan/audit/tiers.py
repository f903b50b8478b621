"""Which repos of an estate need their files read (tier 2), and why.

Tier 1 judges a repo by what it declares; that answer is only as good as the declaration. A verdict rests
on files when the declaration says so (`license: other`), says nothing, is unknown, conflicts with itself,
or when the repo ships code whose headers may carry other terms: those repos are read as `scan` reads them.
"""

from __future__ import annotations

from typing import Literal

from license_scan.classify.snapshot import Classified
from license_scan.source.card import field_strings
from license_scan.source.estate import Listed
from license_scan.source.patterns import is_code

Tier2 = Literal["needed", "all", "none"]  # --tier2: read files where the verdict rests on them, always, never
CUSTOM_CODE_TAG = "custom_code"  # the Hub's tag for a repo whose config loads code from the repo
OTHER = "other"  # the Hub's license value for "terms in a file or a name"


def files_needed(listed: Listed, classified: Classified) -> str | None:
    """Why this repo's files must be read, or None when its metadata verdict stands (`--tier2 all` and `none`
    are the run's choice, audit/run.py)."""
    components = classified.components
    main = classified.components.data if listed.kind == "dataset" else classified.components.weights
    declared = [v.lower() for v in field_strings((listed.card_data or {}).get("license"))]
    if OTHER in declared:
        return "license: other (the terms are in a file or a name)"
    if main is None or not main.licenses:
        return "no license declared"
    if any(c is not None and c.category == "unknown" for c in (components.code, components.weights, components.data)):
        return "terms unknown from the metadata"
    if any(f.severity == "error" for f in classified.findings):
        return "the metadata conflicts with itself"
    if CUSTOM_CODE_TAG in listed.tags or any(is_code(p) for p in listed.files):
        return "ships code (its headers may carry other terms)"
    return None
