"""`license-scan audit` of a small organisation through the test Hub server: real output, requests, a rerun.

    python bench/audit_demo.py [--format text|markdown]

Builds the estate the audit tests use (tests/test_audit.py `estate`: eight repos of `estate-co`, one base
outside it, a laundering chain across repos, repos whose terms rest on files), serves it with
tests/hubserver.py on 127.0.0.1, and runs the real CLI in a subprocess twice (cold, then with the caches
warm), printing the first run's summary and the HTTP requests each run made.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubserver import HubServer  # noqa: E402
from test_audit import ORG, estate  # noqa: E402


def main() -> None:
    fmt = sys.argv[sys.argv.index("--format") + 1] if "--format" in sys.argv else "text"
    server = HubServer().start()
    try:
        with tempfile.TemporaryDirectory() as work:
            server.add_root(estate(Path(work) / "hub"))
            env = {**os.environ, "HF_ENDPOINT": server.url, "HF_HOME": str(Path(work) / "home"),
                   "HF_HUB_DISABLE_TELEMETRY": "1"}
            env.pop("HF_HUB_CACHE", None)
            env.pop("HF_TOKEN", None)
            lines = Path(work) / "estate.jsonl"
            shown = ""
            for run in ("cold", "warm"):
                before = len(server.requests)
                done = subprocess.run([sys.executable, "-m", "license_scan", "audit", "--author", ORG, "--quiet",
                                       "--format", "jsonl", "-o", str(lines), "--summary",
                                       str(Path(work) / f"summary.{'md' if fmt == 'markdown' else 'txt'}")],
                                      capture_output=True, text=True, env=env, timeout=300)
                shown = shown or (Path(work) / f"summary.{'md' if fmt == 'markdown' else 'txt'}").read_text()
                requests = server.requests[before:]
                api = sum(1 for _, p in requests if p.startswith("/api/"))
                print(f"{run}: exit {done.returncode}, {len(requests)} HTTP requests ({api} API, "
                      f"{len(requests) - api} file downloads)", file=sys.stderr)
            print(f"$ license-scan audit --author {ORG} --format jsonl -o estate.jsonl --summary summary.txt")
            print(shown, end="")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
