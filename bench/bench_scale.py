"""Many targets in one run on the test Hub server: wall time, requests per repo and peak memory.

    python bench/bench_scale.py [--repos 1000] [--latency 0.05]

Writes `repos` model repos (a README declaring one of several licenses, a LICENSE text on
every third) to a temporary folder, serves them with tests/hubserver.py with `latency`
seconds added to every answer, and runs the real CLI in a subprocess over all of them:
cold with `--jobs 1`, cold with the default, warm, and `--offline`. Peak memory is the
child process's maximum resident set size. A benchmark, not a test: the figures go in the
README.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubserver import HubServer  # noqa: E402

ORG = "scale"
LICENSES = ("apache-2.0", "mit", "llama2", "cc-by-4.0", "creativeml-openrail-m", "cc-by-nc-4.0")


def build(root: Path, repos: int) -> list[str]:
    ids = []
    for i in range(repos):
        name = f"model-{i:04d}"
        folder = root / "models" / ORG / name
        (folder / "files").mkdir(parents=True)
        lines = [f"sha: {hashlib.sha1(name.encode()).hexdigest()}"]
        if i % 3 == 0:
            lines += ["files_from:", '  LICENSE: "licensedcode:apache-2.0"']
        (folder / "repo.yaml").write_text("\n".join(lines) + "\n")
        (folder / "files" / "README.md").write_text(f"---\nlicense: {LICENSES[i % len(LICENSES)]}\n---\n# {name}\n")
        ids.append(f"{ORG}/{name}")
    return ids


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB of this child, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "license_scan", *args], capture_output=True, text=True, env=env,
                          timeout=3600)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux, the largest child so far
    return seconds, max(peak, before) / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ids = build(work / "hub", opts.repos)
        server = HubServer(root=work / "hub").start()
        try:
            rows = []
            for label, jobs, cache, extra in (("cold, --jobs 1", "1", "a", []), ("cold, default --jobs", None, "b", []),
                                              ("warm, default --jobs", None, "b", []),
                                              ("--offline", None, "b", ["--offline"])):
                env = dict(os.environ, HF_ENDPOINT=server.url, HF_HOME=str(work / cache),
                           HF_HUB_CACHE=str(work / cache / "hub"), HF_HUB_DISABLE_TELEMETRY="1",
                           LICENSE_SCAN_CACHE_DIR=str(work / "index"))
                env.pop("HF_TOKEN", None)
                env.pop("HF_HUB_OFFLINE", None)
                args = ["scan", *ids, "--depth", "0", "--format", "json", "-o", str(work / "out.json"), "--quiet",
                        *(["--jobs", jobs] if jobs else []), *extra]
                server.reset()  # clears the request log, and the latency with it: set it again for every run
                server.set_latency(opts.latency)
                seconds, peak, code = run(args, env)
                rows.append((label, seconds, len(server.requests) / len(ids), peak, code))
        finally:
            server.stop()
    print(f"{opts.repos} repos, one target each, {opts.latency * 1000:.0f} ms added per request\n")
    print("| run | wall time | requests per repo | peak memory (largest child so far) | exit |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, seconds, per_repo, peak, code in rows:
        print(f"| {label} | {seconds:.1f} s | {per_repo:.2f} | {peak:.0f} MB | {code} |")


if __name__ == "__main__":
    main()
