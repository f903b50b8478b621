"""Scan fixture repos through the test Hub server: real output for the README, and request counts.

    python bench/hub_demo.py [--depth N] [TARGET ...]

Starts tests/hubserver.py on 127.0.0.1 (serving fixtures/hub/), points a fresh
HF_HOME at it and runs the real CLI in a subprocess, cold then warm, printing
each command's output and the HTTP requests it cost.
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

DEFAULT_TARGETS = ["acme/apache-model", "acme/gated-model", "datasets/acme/cc-dataset", "acme/does-not-exist"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "license_scan", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def main() -> None:
    argv = sys.argv[1:]
    depth = "0"
    if argv[:1] == ["--depth"]:
        depth, argv = argv[1], argv[2:]
    targets = argv or DEFAULT_TARGETS
    server = HubServer().start()
    try:
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, HF_ENDPOINT=server.url, HF_HOME=home, HF_HUB_CACHE=os.path.join(home, "hub"),
                       HF_HUB_DISABLE_TELEMETRY="1")
            for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
                env.pop(name, None)
            args = ["scan", *targets, "--depth", depth]
            server.reset()
            cold = run(args, env)
            cold_requests = len(server.requests)
            print(f"$ license-scan {' '.join(args)}")
            print(cold.stdout, end="")
            print(cold.stderr, end="")
            print(f"(exit {cold.returncode})\n")
            server.reset()
            run(args, env)
            warm_requests = len(server.requests)
            server.reset()
            offline = run([*args, "--offline"], env)
            print(f"requests: cold {cold_requests}, warm {warm_requests}, offline {len(server.requests)} "
                  f"(offline exit {offline.returncode})")
            for target in targets:
                server.reset()
                with tempfile.TemporaryDirectory() as fresh:
                    one = dict(env, HF_HOME=fresh, HF_HUB_CACHE=os.path.join(fresh, "hub"))
                    run(["scan", target, "--depth", depth], one)
                    cold_one = len(server.requests)
                    server.reset()
                    run(["scan", target, "--depth", depth], one)
                    print(f"  {target}: cold {cold_one}, warm {len(server.requests)}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
