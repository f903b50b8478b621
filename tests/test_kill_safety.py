"""A run killed with SIGKILL at any point leaves caches a later run can trust: the metadata cache, the verdict
cache under <HF cache>/license-scan/ and the text index are written through fileio.atomic_write, so a kill
leaves at most a `.incomplete` file, which nothing reads as valid."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

from test_jobs import TARGETS, make_repos

KILLS = 15
SEED = 11


def scan_cmd(out) -> list[str]:
    return [sys.executable, "-m", "license_scan", "scan", *TARGETS, "--depth", "1", "--format", "json",
            "--quiet", "-o", str(out)]


def test_killed_runs_then_a_full_run_equal_a_clean_run(hub_env, tmp_path, monkeypatch):
    make_repos(tmp_path / "repos")
    hub_env.server.add_root(tmp_path / "repos")
    hub_env.server.add_fault("/jobs-tmp/", delay=0.03, times=None)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("LICENSE_SCAN_CACHE_DIR", str(tmp_path / "text-cache"))
    rng = random.Random(SEED)
    out = tmp_path / "report.json"
    out.write_text("earlier\n")
    for _ in range(KILLS):
        proc = subprocess.Popen(scan_cmd(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 3.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        text = out.read_text()
        assert text == "earlier\n" or json.loads(text)["results"]  # never half a report
    assert subprocess.run(scan_cmd(out), timeout=300).returncode == 0
    after_kills = json.loads(out.read_text())

    monkeypatch.setenv("HF_HOME", str(tmp_path / "fresh"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "fresh" / "hub"))
    monkeypatch.setenv("LICENSE_SCAN_CACHE_DIR", str(tmp_path / "fresh-text"))
    clean_out = tmp_path / "clean.json"
    assert subprocess.run(scan_cmd(clean_out), timeout=300).returncode == 0
    assert after_kills == json.loads(clean_out.read_text())
