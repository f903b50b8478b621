"""Reproducible evidence: the same inputs give the same bytes, in every format, in any process.

With SOURCE_DATE_EPOCH set (reproducible-builds.org), `generated_at` is that time; everything
else in a report is derived from the inputs. Every renderer registered in report/formats.py is
run twice, in two separate processes through the CLI, over the evidence fixture tree, a plain
Hub model and a local folder, with different PYTHONHASHSEEDs (so set and dict orders differ) and
a cold cache the first time, a warm one the second: the output must be byte-identical.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from license_scan.errors import UsageError
from license_scan.report.formats import RENDERERS
from license_scan.settings import source_date_epoch
from schema_check import assert_valid_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "llama-chat-finetune")
TARGETS = ["evidence/chat-ft", "acme/apache-model", EXAMPLE]
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
HEX40 = re.compile(r"^[0-9a-f]{40}$")


def scan_in_subprocess(fmt: str, hashseed: str, *, epoch: str = EPOCH) -> subprocess.CompletedProcess[bytes]:
    """`python -m license_scan scan ... --format fmt` in a fresh interpreter, with the hub_env environment."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONHASHSEED": hashseed}
    return subprocess.run([sys.executable, "-m", "license_scan", "scan", *TARGETS, "--depth", "5", "--format", fmt],
                          capture_output=True, env=env, timeout=300, cwd=ROOT)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_every_format_is_byte_identical_across_processes(hub_env, fmt):
    first = scan_in_subprocess(fmt, "0")  # cold cache
    second = scan_in_subprocess(fmt, "4242")  # warm cache, other set/dict order
    assert first.returncode == second.returncode == 3, first.stderr.decode()  # the gated base: incomplete
    assert b"Traceback" not in first.stderr + second.stderr
    assert first.stdout, f"--format {fmt} wrote nothing"
    assert first.stdout == second.stdout, f"--format {fmt}: two runs over the same inputs differ"


def test_generated_at_is_source_date_epoch_and_the_report_records_every_input(hub_env):
    proc = scan_in_subprocess("json", "1")
    data = assert_valid_report(proc.stdout.decode())
    assert data["generated_at"] == "2026-01-01T00:00:00Z"
    assert data["tool"] == {"name": "license-scan", "version": data["tool"]["version"]} and data["tool"]["version"]
    assert data["ruleset"]["version"] and re.fullmatch(r"sha256:[0-9a-f]{64}", data["ruleset"]["digest"])
    assert data["summary"]["depth"] == 5
    read = 0
    for result in data["results"]:
        for node in result["dependencies"]["nodes"]:
            if node["status"] not in ("ok", "cycle", "gated"):
                continue
            read += 1
            # the commit of every repo: a Hub repo's, and the git HEAD of the checkout holding the local folder
            assert node["revision"] and HEX40.match(node["revision"]), node["id"]
            files = {f["path"]: f for f in node["files"]}
            assert node["status"] == "gated" or "README.md" in files, node["id"]
            for f in files.values():  # the digest of every file read; the reason for every file not read
                assert (f["sha256"] is None) == (f["unreadable"] is not None), (node["id"], f)
            for component in node["components"].values():
                for ev in component["evidence"] if component else ():
                    if ev["source"] == "file" and ev["sha256"] and ev["path"] in files:
                        assert files[ev["path"]]["sha256"] == ev["sha256"], (node["id"], ev["path"])
    assert read == 8  # the six nodes of the evidence tree (one gated), the plain model, the local folder
    gated = [n for r in data["results"] for n in r["dependencies"]["nodes"] if n["status"] == "gated"]
    assert gated and all(f["sha256"] is None and f["unreadable"] == "gated" for n in gated for f in n["files"])


def test_source_date_epoch_values():
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": ""}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "0"}) == datetime(1970, 1, 1, tzinfo=timezone.utc)
    assert source_date_epoch({"SOURCE_DATE_EPOCH": " 1767225600\n"}) == datetime(2026, 1, 1, tzinfo=timezone.utc)
    for bad in ("abc", "1.5", "-1", "1e9", "2026-01-01", "9" * 30):
        with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
            source_date_epoch({"SOURCE_DATE_EPOCH": bad})


def test_bad_source_date_epoch_is_a_one_line_usage_error(hub_env, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = CliRunner().invoke(cli, ["scan", "acme/apache-model", "--depth", "0"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "SOURCE_DATE_EPOCH" in result.stderr
    assert "'yesterday'" in result.stderr and "Traceback" not in result.output
    assert hub_env.server.requests == []  # refused before anything was read


def test_source_date_epoch_sets_generated_at_in_process(hub_env, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = CliRunner().invoke(cli, ["scan", "acme/apache-model", "--depth", "0", "--format", "json"])
    assert json.loads(result.stdout)["generated_at"] == "2023-11-14T22:13:20Z"
