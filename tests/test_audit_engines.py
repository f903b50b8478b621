"""`license-scan audit` on every engine and through interruptions: the same lines in-process, on local
processes and on a Dask LocalCluster; a kill -9 and --resume; a listing that fails half-way; the request
budget's rate and the Hub's pauses."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from license_scan.source.budget import BudgetExhausted, RequestBudget
from test_audit import ORG, audit, lines_of, org  # noqa: F401 - org is a fixture


def test_the_same_audit_in_process_on_local_processes_and_on_dask(org, tmp_path):
    distributed = pytest.importorskip("distributed")
    runs = {}
    _, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(tmp_path / "inline.jsonl"))
    runs["inline"] = lines_of(tmp_path / "inline.jsonl")
    audit("--author", ORG, "--workers", "2", "--format", "jsonl", "-o", str(tmp_path / "procs.jsonl"))
    runs["processes"] = lines_of(tmp_path / "procs.jsonl")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        code, stdout, _ = audit("--author", ORG, "--scheduler", cluster.scheduler_address,
                                "--format", "jsonl", "-o", str(tmp_path / "dask.jsonl"), "--summary",
                                str(tmp_path / "summary.txt"))
    runs["dask"] = lines_of(tmp_path / "dask.jsonl")
    assert runs["inline"] == runs["processes"] == runs["dask"]
    assert len(runs["dask"]) == 8
    assert "Dask cluster at tcp://" in (tmp_path / "summary.txt").read_text(encoding="utf-8")


def test_a_killed_audit_resumes_where_it_stopped(org, hub_env, tmp_path):
    clean = tmp_path / "clean.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(clean))
    expected = lines_of(clean)
    hub_env.server.reset()
    hub_env.server.add_root(org)
    hub_env.server.set_latency(0.3)  # tier 2 takes seconds: the kill lands while files are being read
    out = tmp_path / "killed.jsonl"
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "other-cache")}  # cold: the killed run must read files
    proc = subprocess.Popen([sys.executable, "-m", "license_scan", "audit", "--author", ORG, "--quiet",
                             "--format", "jsonl", "-o", str(out)], env=env)
    partial = tmp_path / "killed.jsonl.partial"  # where lines go until the audit ends
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not partial.exists() or not partial.read_text(encoding="utf-8").strip()):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    hub_env.server.set_latency(0.0)
    written = partial.read_text(encoding="utf-8")
    before = len(written.splitlines())
    assert 0 < before < len(expected), "the kill should land after some repos were reported, before all"
    assert not out.exists()  # -o is only ever a finished audit
    with partial.open("a", encoding="utf-8") as f:
        f.write('{"format": "license-scan-audit/1", "repo": "cut-off')  # what a kill mid-write leaves
    os.environ["HF_HUB_CACHE"] = env["HF_HUB_CACHE"]
    try:
        code, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(out), "--resume")
    finally:
        os.environ["HF_HUB_CACHE"] = str(hub_env.cache)
    assert lines_of(out) == expected  # every repo once, the same verdicts as the uninterrupted run
    assert code == 0 and not partial.exists()


def test_a_listing_that_fails_half_way_still_audits_what_it_listed(org, hub_env, tmp_path, monkeypatch):
    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "2")
    monkeypatch.setenv("LICENSE_SCAN_RETRY_BASE_WAIT", "0")
    hub_env.server.page_size = 3
    hub_env.server.add_fault("cursor=", 500, times=None)
    out = tmp_path / "a.jsonl"
    code, _, stderr = audit("--author", ORG, "--kind", "model", "--format", "jsonl", "-o", str(out))
    assert len(lines_of(out)) == 3
    assert code == 3 and "listing stopped after 3 repos" in stderr


def test_a_429_pauses_the_whole_run_and_the_audit_completes(org, hub_env, tmp_path, monkeypatch):
    monkeypatch.setenv("LICENSE_SCAN_RETRY_BASE_WAIT", "0")
    hub_env.server.add_fault("/resolve/", 429, retry_after=1)
    out = tmp_path / "a.jsonl"
    code, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(out), "--summary", str(tmp_path / "s.txt"))
    assert code == 0 and len(lines_of(out)) == 8
    paused = [l for l in (tmp_path / "s.txt").read_text(encoding="utf-8").splitlines() if "paused" in l]
    assert paused and float(paused[0].rsplit(":", 1)[1]) >= 0.9


class Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_budget_limit_rate_and_pause():
    clock = Clock()
    budget = RequestBudget(limit=3, rate=2.0, clock=clock.time, sleep=clock.sleep)
    budget.acquire()
    budget.acquire()
    assert clock.slept == [0.5]  # two a second: the second waits half a second
    budget.pause(5)
    budget.acquire()
    assert clock.slept[-1] == pytest.approx(5.0)  # the Hub's pause holds every request
    with pytest.raises(BudgetExhausted):
        budget.acquire()
    assert budget.used == 3 and budget.refused == 1 and budget.paused_s == pytest.approx(4.5)


def test_a_terminal_sees_the_audit_stages_and_a_closing_line(org, hub_env, tmp_path):
    from test_progress import run_on_a_terminal

    hub_env.server.set_latency(0.05)
    out = tmp_path / "a.jsonl"
    code, stdout, err = run_on_a_terminal(tmp_path, "audit", "--author", ORG, "--format", "jsonl", "-o", str(out))
    assert code == 0, err
    assert "tier 1: metadata" in err and "tier 2: files" in err
    assert re.search(r"license-scan audit: 8 repos, 3 read at tier 2, \d+ Hub requests in [\d.]+ s", err)
    assert stdout == "" and len(lines_of(out)) == 8


def test_the_budget_hook_is_gone_after_the_audit(org, tmp_path):
    import huggingface_hub.utils._http as hf_http

    before = hf_http._GLOBAL_CLIENT_FACTORY
    audit("--author", ORG, "--budget", "2", "--format", "jsonl", "-o", str(tmp_path / "a.jsonl"))
    assert hf_http._GLOBAL_CLIENT_FACTORY is before  # a scan after the audit in this process is not budgeted
