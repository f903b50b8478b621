"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub's upload-sarif and other SARIF viewers).

One run; one rule per finding code that occurs (its help from templates/help.yaml); one result per
failing or warned finding and per place the codebase names the finding's target (`report.references`),
so each line that loads a model gets its own annotation. A result no reference places (a plain `scan`)
names the repo as a logical location. Results are sorted; `partialFingerprints` hash (code, target,
path, line) with an ordinal among equal hashes, so code scanning matches alerts across runs.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from license_scan.model import Report, Severity
from license_scan.report.gate import GateFinding, Place, gate_findings, rule_help
from license_scan.report.view import EXIT_WORDS, clean

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://license-scan.dev"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "licenseScan/v1"
LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}
_RANK = {"error": 0, "warning": 1, "info": 2}


def artifact_uri(path: str) -> str:
    """A codebase path as a relative URI reference: percent-encoded, never absolute or network-path."""
    return quote(path.replace("\\", "/").lstrip("/"), safe="/")


def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", code.lower()) if part) or "Finding"


def _rules(found: list[GateFinding]) -> list[dict[str, Any]]:
    levels: dict[str, Severity] = {}
    for g in found:
        code = clean(g.code)
        if code not in levels or _RANK[g.severity] < _RANK[levels[code]]:
            levels[code] = g.severity
    rules = []
    for code in sorted(levels):
        short, how = rule_help(code)
        rules.append({
            "id": code, "name": _rule_name(code), "shortDescription": {"text": short},
            "help": {"text": how, "markdown": how},
            "defaultConfiguration": {"level": LEVELS[levels[code]]},
            "properties": {"tags": ["license", "license-scan"]},
        })
    return rules


def _message(g: GateFinding, place: Place | None) -> str:
    parts = [clean(g.message).rstrip(".") + "."]
    if g.where:
        parts.append(f"Read from {clean(g.where)}.")
    if g.chains:
        parts.append(f"Terms carried by: {'; '.join(clean(c) for c in g.chains)}.")
    if place is not None and place.named_as:
        how = f" ({clean(place.how)})" if place.how else ""
        parts.append(f"Named here as {clean(place.named_as)}{how}.")
    return " ".join(parts)


def _location(g: GateFinding, place: Place | None) -> dict[str, Any]:
    logical = [{"name": clean(g.repo), "fullyQualifiedName": clean(g.target or g.repo), "kind": "module"}]
    if place is None:
        return {"logicalLocations": logical}
    region: dict[str, int] = {"startLine": max(1, place.line)}
    if place.column:
        region["startColumn"] = max(1, place.column)
    physical = {"artifactLocation": {"uri": artifact_uri(place.path), "uriBaseId": SRCROOT}, "region": region}
    return {"physicalLocation": physical, **({"logicalLocations": logical} if g.target else {})}


def _fingerprint(code: str, target: str, path: str, line: int) -> str:
    h = hashlib.sha256()
    for part in (code, target, path, str(line)):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _results(found: list[GateFinding], index: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for g in found:
        for place in g.places or (None,):
            path, line, column = (place.path, place.line, place.column or 0) if place else ("", 0, 0)
            key = (path, line, column, clean(g.code), g.target, g.repo, _message(g, place))
            rows.append((key, g, place))
    rows.sort(key=lambda row: row[0])
    seen: dict[str, int] = {}
    results = []
    for (path, line, _, code, target, repo, text), g, place in rows:
        base = _fingerprint(code, target or repo, path, line)
        ordinal = seen[base] = seen.get(base, -1) + 1
        props = {"target": clean(g.target), "repo": clean(repo), "severity": g.severity}
        if place is not None and place.how:
            props["how"] = clean(place.how)
        results.append({
            "ruleId": code, "ruleIndex": index[code], "level": LEVELS[g.severity], "message": {"text": text},
            "locations": [_location(g, place)], "partialFingerprints": {FINGERPRINT_KEY: f"{base}:{ordinal}"},
            "properties": props,
        })
    return results


def sarif_dict(report: Report) -> dict[str, Any]:
    found = gate_findings(report)
    rules = _rules(found)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    driver = {"name": clean(report.tool_name), "version": clean(report.tool_version),
              "informationUri": INFORMATION_URI, "rules": rules}
    return {
        "$schema": SARIF_SCHEMA, "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{
                "executionSuccessful": report.exit_code in (0, 1), "exitCode": report.exit_code,
                "exitCodeDescription": EXIT_WORDS.get(report.exit_code, str(report.exit_code)),
            }],
            "columnKind": "unicodeCodePoints",
            "results": _results(found, index),
            "properties": {"ruleset": clean(report.ruleset.version), "rulesetDigest": clean(report.ruleset.digest),
                           "generatedAt": clean(report.generated_at)},
        }],
    }


def render_sarif(report: Report) -> str:
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
