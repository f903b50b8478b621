"""`license-scan verify` on a real report, through the test Hub server: writes docs/examples/verify.txt.

    python bench/verify_demo.py [OUTPUT]

Starts tests/hubserver.py on 127.0.0.1 (serving fixtures/hub/ and two changed copies), runs the
real CLI in subprocesses: `scan ... --format json -o report.json` with SOURCE_DATE_EPOCH set, then
changes what the server serves, then `verify report.json`:
  - verify/moving-terms: `main` was at its Apache-2.0 commit when scanned, then moved to the MIT one
  - acme/apache-model: its config.json reads differently at the same commit
  - evidence/chat-ft: unchanged, but its gated base's files were never read
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from hubserver import FIXTURES, HubServer  # noqa: E402

TARGETS = ["evidence/chat-ft", "verify/moving-terms", "acme/apache-model"]
OLD = "1b7e0c9a5d3f2e8b4a6c1d0e9f8a7b6c5d4e3f21"  # verify/moving-terms v1 (Apache-2.0)


def run(args: list[str], env: dict[str, str], cwd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "license_scan", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


def main() -> None:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "examples" / "verify.txt"
    server = HubServer().start()
    try:
        with tempfile.TemporaryDirectory() as work:
            root = Path(work) / "hub" / "models"
            for repo in ("verify/moving-terms", "acme/apache-model"):
                shutil.copytree(FIXTURES / "models" / repo, root / repo)
            server.add_root(root.parent)
            moving = root / "verify" / "moving-terms" / "repo.yaml"
            original = moving.read_text()
            meta = yaml.safe_load(original)
            moving.write_text(yaml.safe_dump({**meta, "revisions": {"main": OLD, "v1": OLD}}))
            env = dict(os.environ, HF_ENDPOINT=server.url, HF_HOME=os.path.join(work, "home"),
                       HF_HUB_CACHE=os.path.join(work, "home", "hub"), HF_HUB_DISABLE_TELEMETRY="1",
                       SOURCE_DATE_EPOCH="1767225600")
            for name in ("HF_TOKEN", "HF_HUB_OFFLINE"):
                env.pop(name, None)
            scan = ["scan", *TARGETS, "--depth", "5", "--format", "json", "-o", "report.json"]
            scanned = run(scan, env, work)
            moving.write_text(original)  # main moves on to the MIT commit
            config = root / "acme" / "apache-model" / "files" / "config.json"
            config.write_text(config.read_text().replace('"hidden_size": 8', '"hidden_size": 8, "license": "other"'))
            verified = run(["verify", "report.json"], env, work)
            text = (f"$ license-scan {' '.join(scan)}\n(exit {scanned.returncode})\n"
                    f"$ license-scan verify report.json\n{verified.stdout}{verified.stderr}(exit {verified.returncode})\n")
    finally:
        server.stop()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
