"""Requests and wall time for scanning a 200-node dependency tree on the test Hub server.

    python bench/bench_graph.py [--latency 0.05] [--nodes 200]

Builds the tree in a temporary folder (a ternary tree of models: each one merges
or fine-tunes up to three others, leaves alternate between models and datasets,
and every inner model also names one shared dataset), serves it with
tests/hubserver.py with `latency` seconds added to every answer, and scans the
root three times: cold with FETCH_WORKERS concurrent fetches, cold one at a
time, and warm (the same cache again). Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"  # read once, when huggingface_hub is imported
os.environ.pop("HF_HUB_OFFLINE", None)

from hubserver import HubServer  # noqa: E402

from license_scan.limits import DEFAULT_DEPTH, FETCH_WORKERS  # noqa: E402
from license_scan.scan import ScanOptions, run_scan  # noqa: E402

ORG = "bench"
LICENSES = ("apache-2.0", "mit", "llama2", "cc-by-4.0", "creativeml-openrail-m")
SHARED_DATASET = "common-data"
BRANCHING = 3


def _write(root: Path, kind: str, name: str, card: str, files: dict[str, str], files_from: dict[str, str]) -> None:
    folder = root / f"{kind}s" / ORG / name
    (folder / "files").mkdir(parents=True)
    lines = [f"sha: {hashlib.sha1(f'{kind}/{name}'.encode()).hexdigest()}"]
    if files_from:
        lines += ["files_from:"] + [f'  {path}: "{source}"' for path, source in files_from.items()]
    (folder / "repo.yaml").write_text("\n".join(lines) + "\n")
    (folder / "files" / "README.md").write_text(card)
    for path, text in files.items():
        (folder / "files" / path).write_text(text)


def build_tree(root: Path, nodes: int) -> str:
    """`nodes` repos in all: node i has children BRANCHING*i+1 … (a heap); returns the root's id."""
    heap = nodes - 1  # the shared dataset is the last node
    is_leaf = [BRANCHING * i + 1 >= heap for i in range(heap)]
    is_dataset = [is_leaf[i] and i % 2 == 0 for i in range(heap)]
    for i in range(heap):
        license_id = LICENSES[i % len(LICENSES)]
        if is_dataset[i]:
            _write(root, "dataset", f"d{i}", f"---\nlicense: {license_id}\n---\n# dataset {i}\n", {}, {})
            continue
        children = [c for c in range(BRANCHING * i + 1, BRANCHING * i + 1 + BRANCHING) if c < heap]
        bases = [f"{ORG}/m{c}" for c in children if not is_dataset[c]]
        datasets = [f"{ORG}/d{c}" for c in children if is_dataset[c]] + ([f"{ORG}/{SHARED_DATASET}"] if children else [])
        meta = [f"license: {license_id}"]
        if bases:
            meta += ["base_model:"] + [f"- {b}" for b in bases]
            meta.append(f"base_model_relation: {'merge' if len(bases) > 1 else 'finetune'}")
        if datasets:
            meta += ["datasets:"] + [f"- {d}" for d in datasets]
        card = "---\n" + "\n".join(meta) + f"\n---\n# model {i}\n"
        files_from = {"LICENSE": "licensedcode:mit"} if license_id == "mit" else {}
        _write(root, "model", f"m{i}", card, {"config.json": json.dumps({"model_type": "bench"})}, files_from)
    _write(root, "dataset", SHARED_DATASET, "---\nlicense: cc0-1.0\n---\n# shared dataset\n", {}, {})
    return f"{ORG}/m0"


def scan(server: HubServer, target: str, cache: Path, workers: int) -> tuple[int, float, int]:
    os.environ.update(HF_ENDPOINT=server.url, HF_HOME=str(cache), HF_HUB_CACHE=str(cache / "hub"))
    server.reset()
    started = time.perf_counter()
    report = run_scan([target], ScanOptions(depth=DEFAULT_DEPTH, jobs=workers))
    elapsed = time.perf_counter() - started
    requests = len(server.requests)
    return requests, elapsed, len(report.results[0].dependencies.nodes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every answer")
    parser.add_argument("--nodes", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="license-scan-bench-"))
    try:
        target = build_tree(work / "hub", args.nodes)
        server = HubServer(root=work / "hub").start()
        try:
            scan(server, target, work / "warm-up", FETCH_WORKERS)  # loads the rule set and text index once
            server.set_latency(args.latency)
            rows = []
            for label, cache, workers in (
                (f"cold, {FETCH_WORKERS} workers", work / "cache-a", FETCH_WORKERS),
                ("cold, 1 worker", work / "cache-b", 1),
                (f"warm, {FETCH_WORKERS} workers", work / "cache-a", FETCH_WORKERS),
                ("warm, 1 worker", work / "cache-b", 1),
            ):
                server.set_latency(args.latency)
                requests, elapsed, nodes = scan(server, target, cache, workers)
                rows.append((label, nodes, requests, elapsed))
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.nodes}-node tree, depth {DEFAULT_DEPTH}, {args.latency * 1000:.0f} ms added per request\n")
    print("| run | nodes | requests | wall time |")
    print("| --- | ---: | ---: | ---: |")
    for label, nodes, requests, elapsed in rows:
        print(f"| {label} | {nodes} | {requests} | {elapsed:.1f} s |")


if __name__ == "__main__":
    main()
