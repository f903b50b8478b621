"""`license-scan check` on the fixture codebase through the test Hub server: real output, time and requests.

    python bench/check_demo.py [--repeat N] [--format FMT]

Starts tests/hubserver.py on 127.0.0.1 (serving fixtures/hub/), copies
fixtures/codebases/gate-app (without its expected.yaml) to a temporary folder,
and runs the real CLI in a subprocess: cold (empty Hub cache), warm and
--offline, printing the cold run's output, the wall time of each (median of
N runs; a cold run gets a fresh cache each time) and the HTTP requests each made.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubserver import HubServer  # noqa: E402


def run(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "license_scan", *args], capture_output=True, text=True, env=env,
                          timeout=300)
    return done, time.perf_counter() - started


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    fmt = sys.argv[sys.argv.index("--format") + 1] if "--format" in sys.argv else "text"
    server = HubServer().start()
    try:
        with tempfile.TemporaryDirectory() as work:
            app = Path(work) / "gate-app"
            shutil.copytree(ROOT / "fixtures" / "codebases" / "gate-app", app,
                            ignore=shutil.ignore_patterns("expected.yaml"))
            args = ["check", str(app), "--format", fmt]
            figures: dict[str, list[float]] = {"cold": [], "warm": [], "offline": []}
            requests: dict[str, int] = {}
            shown = None
            for i in range(repeat):
                home = Path(work) / f"home{i}"
                env = dict(os.environ, HF_ENDPOINT=server.url, HF_HOME=str(home), HF_HUB_CACHE=str(home / "hub"),
                           HF_HUB_DISABLE_TELEMETRY="1", LICENSE_SCAN_CACHE_DIR=str(Path(work) / "index"))
                for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
                    env.pop(name, None)
                for label, extra in (("cold", []), ("warm", []), ("offline", ["--offline"])):
                    server.reset()
                    done, seconds = run([*args, *extra], env)
                    figures[label].append(seconds)
                    requests[label] = len(server.requests)
                    if shown is None:
                        shown = done
            assert shown is not None
            shown_out = shown.stdout.replace(str(app), "gate-app")
            print(f"$ license-scan check gate-app --format {fmt}\n{shown_out}{shown.stderr}(exit {shown.returncode})\n")
            for label, times in figures.items():
                print(f"{label:8} {statistics.median(times):6.2f} s median of {len(times)}, "
                      f"{requests[label]} HTTP requests")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
