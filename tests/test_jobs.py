"""--jobs: one bounded pool of fetches for the whole run, targets and tree levels together.

Measured at the test Hub server: the most requests it was answering at once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from license_scan.limits import FETCH_WORKERS
from schema_check import assert_valid_report

TARGETS = [f"jobs-tmp/t{i}" for i in range(10)]


def make_repos(root: Path) -> None:
    """Ten targets, each a fine-tune of one shared base."""
    def repo(name: str, card: str, sha: str) -> None:
        folder = root / "models" / "jobs-tmp" / name
        (folder / "files").mkdir(parents=True)
        (folder / "repo.yaml").write_text(f"sha: {sha * 40}\n")
        (folder / "files" / "README.md").write_text(card)

    repo("base", "---\nlicense: mit\n---\n# base\n", "b")
    for i in range(10):
        repo(f"t{i}", "---\nlicense: apache-2.0\nbase_model: jobs-tmp/base\n---\n# t\n", str(i))


@pytest.fixture
def in_flight(hub_env, monkeypatch):
    """[now, most at once] requests being answered by the test Hub server."""
    handler = hub_env.server._httpd.RequestHandlerClass
    serve = handler._serve
    lock = threading.Lock()
    count = [0, 0]

    def counted(self, method):
        with lock:
            count[0] += 1
            count[1] = max(count[1], count[0])
        try:
            return serve(self, method)
        finally:
            with lock:
                count[0] -= 1

    monkeypatch.setattr(handler, "_serve", counted)
    return count


def run(*args: str):
    return CliRunner().invoke(cli, ["scan", *TARGETS, "--format", "json", "--depth", "1", *args],
                              catch_exceptions=False)


@pytest.mark.parametrize("jobs", [None, 1, 3])
def test_jobs_bound_every_request_of_the_run(hub_env, tmp_path, in_flight, jobs):
    make_repos(tmp_path)
    hub_env.server.add_root(tmp_path)
    hub_env.server.add_fault("/jobs-tmp/", delay=0.1, times=None)
    started = time.monotonic()
    result = run(*(["--jobs", str(jobs)] if jobs else []))
    took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    data = assert_valid_report(result.stdout)
    assert [r["target"] for r in data["results"]] == TARGETS  # the order given, whatever finished first
    info = Counter(p for _, p in hub_env.server.requests if p.startswith("/api/"))
    assert info == Counter({f"/api/models/{t}": 1 for t in [*TARGETS, "jobs-tmp/base"]})  # each repo once
    bound = jobs or FETCH_WORKERS
    assert 1 <= in_flight[1] <= bound
    if bound > 1:
        assert in_flight[1] > 1  # targets overlap: not one after another
    print(f"--jobs {bound}: {took:.2f} s, {in_flight[1]} requests at once")


def test_jobs_is_checked(hub_env):
    for bad in ("0", "-1", "1000"):
        result = CliRunner().invoke(cli, ["scan", "x/y", "--jobs", bad])
        assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["check", ".", "--jobs", "0"])
    assert result.exit_code == 2
