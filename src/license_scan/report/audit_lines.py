"""`audit --format jsonl`: one JSON object per repo, in the scan contract's shapes, one line each.

A line holds what a later run needs to compare against (`--since`) and to continue (`--resume`):
the repo, its commit, the tier that produced the verdict, its components and findings as `scan --format
json` writes them, and its tree's edges. Lines are written as each repo is ready, so a killed audit keeps
every line it finished; a last line cut short is recognised (not valid JSON) and dropped on resume.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from license_scan.model import AuditRecord
from license_scan.policy.exit import is_complete
from license_scan.report.jsonout import components_dict, finding_dict

LINE_FORMAT = "license-scan-audit/1"  # `format` of every line; bump when a line changes shape


def audit_line(record: AuditRecord, ruleset_digest: str, tool_version: str) -> dict[str, Any]:
    r = record.result
    return {
        "format": LINE_FORMAT, "repo": r.repo_id, "kind": r.kind, "commit": r.revision,
        "tier": record.tier, "tier_reason": record.reason, "last_modified": record.last_modified,
        "ruleset": ruleset_digest, "tool_version": tool_version,
        "complete": is_complete(r), "components": components_dict(r.components),
        "findings": [finding_dict(f) for f in r.findings],
        "edges": [{"from": e.source, "to": e.target, "relation": e.relation} for e in r.dependencies.edges],
        "error": None if r.error is None else {"type": r.error.type, "message": r.error.message},
    }


def dump_line(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def read_lines(text: str) -> Iterator[dict[str, Any]]:
    """Every complete audit line of `text`; a line that is not valid JSON (cut by a kill) is skipped."""
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and line.get("format") == LINE_FORMAT:
            yield line
