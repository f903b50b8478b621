"""The whole-run measure of bench_text.py: many license texts, one folder each, ONE command.

What a user runs on an estate of model folders: `license-scan scan --offline DIR...` over every
folder at once, and ScanCode over their parent folder. Each corpus text is written to its own
folder as LICENSE; both tools read the same files.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import license_scan

WARM_RUNS = 5


def write_folders(texts: list[tuple[str, str]], root: Path) -> dict[str, str]:
    """Each text as <root>/<NNN>/LICENSE; returns folder name -> text name."""
    names = {}
    for n, (name, text) in enumerate(texts):
        folder = root / f"{n:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "LICENSE").write_text(text, encoding="utf-8")
        names[folder.name] = name
    return names


def time_ours(root: Path, runs: int = WARM_RUNS) -> dict[str, Any]:
    """`python -m license_scan scan --offline <every folder> --format json -o FILE`, one process per run:
    first with an empty cache folder (the text index is built), then `runs` times with it warm."""
    folders = sorted(str(p) for p in root.iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, LICENSE_SCAN_CACHE_DIR=str(Path(tmp) / "cache"), HF_HOME=str(Path(tmp) / "hf"),
                   SOURCE_DATE_EPOCH="1700000000", PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"))
        # As installed by pip (and as ScanCode is): with bytecode. An editable checkout run with
        # PYTHONDONTWRITEBYTECODE=1 compiles every module on every start instead (~0.1 s).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(license_scan.__file__).parent)],
                       check=True, env=env)
        out = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "license_scan", "scan", "--offline", *folders, "--format", "json", "-o", str(out)]

        def once() -> float:
            out.unlink(missing_ok=True)
            t = time.perf_counter()
            done = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env)
            took = time.perf_counter() - t
            if done.returncode == 2 or not out.exists():
                raise RuntimeError(f"license-scan exited {done.returncode}: {done.stderr.strip()[-300:]}")
            return took

        cold = once()
        warm = [once() for _ in range(runs)]
        results = json.loads(out.read_text(encoding="utf-8"))["results"]
    return {"folders": len(folders), "cold_s": cold, "warm_s": statistics.median(warm), "warm_runs_s": warm,
            "failed": sum(1 for r in results if r.get("error"))}


def scancode_exe() -> Path:
    return Path(os.environ.get("SCANCODE_VENV", "/work/scancode-venv")) / "bin" / "scancode"


def time_scancode(root: Path, out: Path) -> dict[str, Any]:
    """`scancode --license --json FILE -n 1 <root>`, twice: the second run has its license index cached."""
    cmd = [str(scancode_exe()), "--license", "--timing", "--json", str(out), "-n", "1", "--quiet", str(root)]
    walls = []
    for _ in range(2):
        t = time.perf_counter()
        done = subprocess.run(cmd, check=False, capture_output=True, text=True)
        walls.append(time.perf_counter() - t)
        if done.returncode != 0 or not out.exists():
            return {"skipped": f"scancode exited {done.returncode}: {done.stderr.strip()[-300:]}"}
    return {"wall_s": walls[0], "wall_second_run_s": walls[1]}
