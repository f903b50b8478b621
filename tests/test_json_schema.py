"""The JSON contract: shipped schema, closed vocabularies, and real reports valid against it."""

import json
from datetime import datetime, timezone
from importlib import resources

import pytest
import yaml

from license_scan.errors import NotFoundError
from license_scan.model import CATEGORIES, ERROR_TYPES, EVIDENCE_SOURCES, NODE_STATUSES, RELATIONS, SEVERITIES
from license_scan.report.jsonout import render_json
from license_scan.scan import ScanOptions, run_scan
from schema_check import assert_valid_report
from snapshots import snapshot

SCHEMA = json.loads((resources.files("license_scan") / "report" / "schema" / "report.schema.json").read_text())
DEFS = SCHEMA["$defs"]


def test_vocabularies_match_the_model():
    assert DEFS["category"]["enum"] == list(CATEGORIES)
    assert DEFS["evidence"]["properties"]["source"]["enum"] == list(EVIDENCE_SOURCES)
    assert DEFS["finding"]["properties"]["severity"]["enum"] == list(SEVERITIES)
    assert DEFS["node"]["properties"]["status"]["enum"] == list(NODE_STATUSES)
    assert DEFS["edge"]["properties"]["relation"]["enum"] == list(RELATIONS)
    assert DEFS["result"]["properties"]["error"]["properties"]["type"]["enum"] == list(ERROR_TYPES)


def test_obligation_kinds_match_the_rule_set_list():
    kinds = yaml.safe_load((resources.files("license_scan") / "rules" / "obligation-kinds.yaml").read_text())
    assert DEFS["obligationKind"]["enum"] == list(kinds)


CARDS = {
    "org/llama": "---\nlicense: llama3.1\ndatasets: [org/d]\n---\nThe code is released under the MIT license.\n",
    "org/list": "---\nlicense: [mit, cc-by-nc-4.0]\n---\n",
    "org/bad": "---\nlicense: [mit\n---\n",
    "org/none": "# nothing\n",
}


def fetch(target):
    if target.repo_id == "org/gated":
        return snapshot(None, repo="org/gated", card_data={"license": "gemma"}, gated="manual",
                        unreadable={"LICENSE": "gated"})
    if target.repo_id not in CARDS:
        raise NotFoundError(target.raw, f"{target.raw}: repository not found")
    return snapshot(CARDS[target.repo_id], repo=target.repo_id)


def test_reports_validate_and_keep_target_order():
    targets = ["org/llama", "org/list", "org/missing", "org/bad", "org/none", "org/gated"]
    report = run_scan(targets, ScanOptions(), fetch=fetch, now=datetime(2026, 1, 2, tzinfo=timezone.utc))
    data = assert_valid_report(render_json(report))
    assert [r["target"] for r in data["results"]] == targets
    assert data["generated_at"] == "2026-01-02T00:00:00Z"
    assert data["summary"]["exit_code"] == 3 and data["summary"]["complete"] is False
    assert data["ruleset"]["digest"].startswith("sha256:")
    llama = data["results"][0]
    assert llama["components"]["weights"]["licenses"][0] == {
        "id": "LicenseRef-llama3.1", "hub_id": "llama3.1", "name": "Llama 3.1 Community License Agreement",
        "category": "custom-restricted", "modified": False}
    assert llama["components"]["code"]["expression"] == "MIT"
    assert llama["revision"] and llama["error"] is None
    assert data["results"][2]["error"]["type"] == "not-found"
    assert data["results"][2]["components"] == {"code": None, "weights": None, "data": None}
    assert data["summary"]["counts_by_category"]["custom-restricted"] >= 2


def test_output_is_deterministic():
    now = datetime(2026, 1, 2, tzinfo=timezone.utc)
    one = render_json(run_scan(["org/llama", "org/gated"], ScanOptions(), fetch=fetch, now=now))
    two = render_json(run_scan(["org/llama", "org/gated"], ScanOptions(), fetch=fetch, now=now))
    assert one == two
