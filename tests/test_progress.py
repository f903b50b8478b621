"""The progress display: on a terminal only, never with --quiet, never in the pipeline's own modules."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from test_jobs import TARGETS, make_repos

SRC = Path(__file__).resolve().parents[1] / "src" / "license_scan"


def run_on_a_terminal(tmp: Path, *args: str) -> tuple[int, str, str]:
    """license-scan with stderr on a pseudo-terminal, stdout to a file: (exit code, stdout, stderr)."""
    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="200", TERM="xterm")
    stdout = tmp / "stdout"
    with open(stdout, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "license_scan", *args], stdout=fh, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    code = proc.wait(timeout=120)
    return code, stdout.read_text(encoding="utf-8"), seen.decode(errors="replace")


@pytest.fixture
def slow_hub(hub_env, tmp_path):
    make_repos(tmp_path)
    hub_env.server.add_root(tmp_path)
    hub_env.server.add_fault("/jobs-tmp/", delay=0.1, times=None)
    return hub_env


def test_a_terminal_sees_progress_and_a_summary_and_stdout_stays_clean(slow_hub):
    code, out, err = run_on_a_terminal(slow_hub.home.parent, "scan", *TARGETS, "--depth", "1", "--format", "json", "--jobs", "2")
    assert code == 0, err
    assert [r["target"] for r in json.loads(out)["results"]] == TARGETS  # no display bytes in the report
    assert "scanning" in err and "repos fetched" in err and re.search(r"\d+/10", err)
    assert "license-scan: 10 target(s), 11 repo(s) fetched in " in err


def test_quiet_draws_nothing(slow_hub):
    code, out, err = run_on_a_terminal(slow_hub.home.parent, "scan", *TARGETS, "--depth", "1", "--format", "json", "--quiet")
    assert code == 0
    assert err == ""


def test_piped_stderr_draws_nothing(slow_hub):
    result = CliRunner().invoke(cli, ["scan", *TARGETS, "--depth", "1"])
    assert result.exit_code == 0 and result.stderr == ""


def test_only_the_cli_knows_rich():
    users = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
             if re.search(r"^\s*(import|from) rich\b", p.read_text(encoding="utf-8"), re.M)]
    assert users and all(u.startswith("cli/") for u in users), users
