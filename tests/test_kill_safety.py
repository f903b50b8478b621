"""A run killed with SIGKILL at any point leaves caches a later run can trust: the metadata cache, the verdict
cache under <HF cache>/license-scan/, the text index and the parsed rule files are written through
fileio.atomic_write, so a kill leaves at most a `.incomplete` file, which nothing reads as valid; the Hub's own
cache (huggingface_hub) downloads into `blobs/<etag>.incomplete` and renames it the same way.

Kills at random moments mostly land between writes (a write takes microseconds). So some kills are aimed:
with LICENSE_SCAN_TEST_WRITE_PAUSE every atomic write waits half-way with half its data on disk, and a download
of the Hub's stalls after its headers (the test server's `stall`); the test kills the run the moment a
`.incomplete` file appears in the cache it aims at, and checks the file is still there afterwards (the kill
landed inside that write). Then every finished cache entry must be whole, and a full run must give what a
run on fresh caches gives."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_jobs import TARGETS, make_repos

from license_scan.settings import WRITE_PAUSE_ENV

RANDOM_KILLS = 6
SEED = 11
PAUSE_S = "0.5"  # each atomic write of an aimed run waits this long half-way
AIM_TIMEOUT_S = 60.0
# (label, which .incomplete files count, how many kills): in this order, so the text index is still unwritten
# (the rule files are parsed before anything is fetched, downloads come before the first text is identified)
AIMS = (
    ("parsed rule files", lambda p, f: p.is_relative_to(f["text"]) and p.name.startswith("yaml-"), 1),
    ("Hub cache", lambda p, f: p.is_relative_to(f["hub"]) and p.parent.name == "blobs", 2),
    ("text index", lambda p, f: p.is_relative_to(f["text"]) and p.name.startswith("text-index-"), 1),
    ("metadata cache", lambda p, f: p.is_relative_to(f["ours"]) and not p.is_relative_to(f["ours"] / "verdicts"), 2),
    ("verdict cache", lambda p, f: p.is_relative_to(f["ours"] / "verdicts"), 2),
)


def scan_cmd(out) -> list[str]:
    return [sys.executable, "-m", "license_scan", "scan", *TARGETS, "--depth", "1", "--format", "json",
            "--quiet", "-o", str(out)]


def _incomplete(folders: dict[str, Path]) -> list[Path]:
    """The `.incomplete` files in the caches right now. Walked with os.walk, which skips a folder that vanishes
    while it is read (huggingface_hub makes and removes a temporary folder in the cache to probe for symlinks;
    Path.rglob raises FileNotFoundError when it meets one mid-walk)."""
    return [Path(top, name) for root in (folders["text"], folders["hub"]) for top, _, names in os.walk(root)
            for name in names if name.endswith(".incomplete")]


def _aimed_kill(out: Path, folders: dict[str, Path], counts) -> Path:
    """Start a run with paused writes; kill -9 it as soon as a write `counts` is in progress. That file."""
    before = set(_incomplete(folders))
    proc = subprocess.Popen(scan_cmd(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, **{WRITE_PAUSE_ENV: PAUSE_S}))
    deadline = time.monotonic() + AIM_TIMEOUT_S
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            hit = [p for p in _incomplete(folders) if p not in before and counts(p, folders)]
            if hit:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(timeout=60)
                return hit[0]
            time.sleep(0.005)
        raise AssertionError(f"the run ended (exit {proc.poll()}) before the aimed write began")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)


def _forget_finished(folders: dict[str, Path], counts) -> None:
    """Remove the finished entries of the cache `counts` picks from ours, so a write to it is due in the next
    run however far the runs before got (they may have written every entry before they were killed)."""
    for path in list(folders["ours"].rglob("*")):
        if path.is_file() and not path.name.endswith(".incomplete") and counts(path, folders):
            path.unlink()


def _git_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _assert_every_entry_whole(folders: dict[str, Path]) -> int:
    """Every cache file under its final name holds a whole entry. Returns how many were checked."""
    checked = 0
    for path in folders["text"].rglob("*.pickle"):
        pickle.loads(path.read_bytes())
        checked += 1
    for path in folders["ours"].rglob("*"):
        if not path.is_file() or path.name.endswith(".incomplete"):
            continue
        if path.suffix == ".pickle":
            pickle.loads(path.read_bytes())
        elif path.parent.name == "info":
            json.loads(path.read_text())
        elif path.parent.name == "refs":  # names a commit whose info entry is there (written first)
            sha = path.read_text().strip()
            assert sha and (path.parent.parent / "info" / f"{sha}.json").is_file(), path
        checked += 1
    for path in folders["hub"].glob("models--*/blobs/*"):
        if not path.name.endswith(".incomplete"):
            assert _git_sha1(path.read_bytes()) == path.name, f"{path}: not the file its name says"
            checked += 1
    return checked


def test_killed_runs_then_a_full_run_equal_a_clean_run(hub_env, tmp_path, monkeypatch):
    make_repos(tmp_path / "repos")
    hub_env.server.add_root(tmp_path / "repos")
    hub_env.server.set_latency(0.03)  # every answer (a fault would shadow the stalls added below)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("LICENSE_SCAN_CACHE_DIR", str(tmp_path / "text-cache"))
    folders = {"text": tmp_path / "text-cache", "hub": hub_env.cache, "ours": hub_env.cache / "license-scan"}
    out = tmp_path / "report.json"
    out.write_text("earlier\n")

    landed = []
    for label, counts, kills in AIMS:
        for _ in range(kills):
            stall = None
            if label == "Hub cache":  # the next file download sends its headers, then waits before the body
                stall = hub_env.server.add_fault("/resolve/", method="GET", stall=5.0, times=1)
            if label in ("metadata cache", "verdict cache"):
                _forget_finished(folders, counts)
            path = _aimed_kill(out, folders, counts)
            if stall is not None:  # the kill may come before the download's request did
                hub_env.server.remove_fault(stall)
            assert path.exists(), f"{label}: the write finished before the kill"
            landed.append(label)
            assert out.read_text() == "earlier\n"
    assert len(landed) == sum(k for _, _, k in AIMS)
    assert _assert_every_entry_whole(folders) > 0

    rng = random.Random(SEED)
    for _ in range(RANDOM_KILLS):
        proc = subprocess.Popen(scan_cmd(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        text = out.read_text()
        assert text == "earlier\n" or json.loads(text)["results"]  # never half a report
    _assert_every_entry_whole(folders)

    assert subprocess.run(scan_cmd(out), timeout=300).returncode == 0
    after_kills = json.loads(out.read_text())
    assert _assert_every_entry_whole(folders) > 0

    monkeypatch.setenv("HF_HOME", str(tmp_path / "fresh"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "fresh" / "hub"))
    monkeypatch.setenv("LICENSE_SCAN_CACHE_DIR", str(tmp_path / "fresh-text"))
    clean_out = tmp_path / "clean.json"
    assert subprocess.run(scan_cmd(clean_out), timeout=300).returncode == 0
    assert after_kills == json.loads(clean_out.read_text())
