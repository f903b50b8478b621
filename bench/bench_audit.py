"""Tier 1 of `license-scan audit` over a synthetic estate: cards per second per core, on every engine.

    python bench/bench_audit.py [--repos 200000] [--engines inline,workers,dask]

Builds `repos` listed repos shaped like the Hub's (card metadata with the licenses the Hub sees most,
`license: other` with a name on a share, no license on another, base models on a third, datasets on a
fifth, the file lists a sweep returns) and runs the real audit pipeline over them (`run_audit` with the
sweep handed in, `--tier2 none`: tier 1 alone, no network), each engine in a child process of its own so
its peak memory is its own (the run's process, and its largest worker process): in-process, 2 local worker processes, a Dask LocalCluster of 2 workers. Every
repo's JSON line is rendered, as `--format jsonl` would write it. Also times the per-repo classification
alone (`audit.work.tier1`, part of the work the engine spreads). A benchmark, not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LICENSES = (  # (Hub license value, weight): roughly the shares the Hub's listing shows
    ("apache-2.0", 30), ("mit", 14), (None, 15), ("other", 9), ("llama3.1", 4), ("llama3", 3), ("llama2", 3),
    ("cc-by-nc-4.0", 5), ("cc-by-4.0", 3), ("openrail", 3), ("creativeml-openrail-m", 2), ("gemma", 3),
    ("bsd-3-clause", 1), ("gpl-3.0", 1), ("cc-by-sa-4.0", 2), ("afl-3.0", 1), ("unknown", 1),
)
OTHER_NAMES = ("qwen", "deepseek-license", "my-custom-license", "tongyi-qianwen", "falcon-llm-license")


def synthetic(repos: int, seed: int = 7) -> list:
    from license_scan.source.estate import Listed

    rng = random.Random(seed)
    values = [v for v, w in LICENSES for _ in range(w)]
    out = []
    models: list[str] = []
    datasets: list[str] = []
    for i in range(repos):
        kind = "dataset" if i % 10 == 9 else "model"
        repo_id = f"org{i % 5000:04d}/{'data' if kind == 'dataset' else 'model'}-{i:06d}"
        card: dict = {"tags": ["text-generation", "en"], "library_name": "transformers"}
        value = rng.choice(values)
        if value:
            card["license"] = value
        if value == "other":
            card["license_name"] = rng.choice(OTHER_NAMES)
            card["license_link"] = "LICENSE"
        base = None
        if kind == "model" and models and rng.random() < 0.33:  # a base listed earlier: chains form
            base = models[max(0, len(models) - 1 - rng.randrange(200))]
            card["base_model"] = base
        if kind == "model" and datasets and rng.random() < 0.2:
            card["datasets"] = [rng.choice(datasets[-100:])]
        (models if kind == "model" else datasets).append(repo_id)
        files = ["README.md", ".gitattributes"] + (["config.json", "model.safetensors"] if kind == "model" else
                                                   ["data/train.parquet"])
        if rng.random() < 0.25:
            files.append("LICENSE")
        out.append(Listed(kind, repo_id, f"{i:040x}", card, None,
                          (("finetune", base),) if base else (), tuple(sorted(files)),
                          "2026-11-01T00:00:00.000Z", tuple(card["tags"])))
    return out


def run_engine(engine: str, repos: int) -> dict:
    from license_scan.audit.run import AuditOptions, run_audit
    from license_scan.ruleset import load_ruleset

    ruleset = load_ruleset()
    listing = synthetic(repos)
    count = 0
    size = 0

    def emit(line: str) -> None:  # what --format jsonl writes
        nonlocal count, size
        count += 1
        size += len(line)

    cluster = None
    options = AuditOptions(tier2="none", depth=5)
    if engine == "workers":
        options = AuditOptions(tier2="none", depth=5, workers=2)
    elif engine == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        options = AuditOptions(tier2="none", depth=5, scheduler=cluster.scheduler_address)
    started = time.perf_counter()
    stats = run_audit(options, emit, ruleset=ruleset, listing=listing)
    took = time.perf_counter() - started
    if cluster is not None:
        cluster.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker, once waited for
    return {"engine": stats.engine, "repos": count, "seconds": round(took, 2), "repos_per_s": round(count / took),
            "files_wanted": stats.tier2_not_read,  # repos tier 2 would read (--tier2 none: counted, not read)
            "jsonl_mb": round(size / 1e6, 1), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "worker_peak_mb": round(children)}


def classify_only(repos: int) -> dict:
    from license_scan.audit.work import tier1
    from license_scan.ruleset import load_ruleset

    ruleset = load_ruleset()
    listing = synthetic(repos)
    started = time.perf_counter()
    tier1(listing, ruleset.digest, ruleset)
    took = time.perf_counter() - started
    return {"engine": "tier-1 classification alone, one core", "repos": repos, "seconds": round(took, 2),
            "repos_per_s": round(repos / took)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200_000)
    parser.add_argument("--engines", default="inline,workers,dask")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = classify_only(args.repos) if args.child == "classify" else run_engine(args.child, args.repos)
        print(json.dumps(result))
        return 0
    print(f"{args.repos} synthetic repos, tier 1 only, {os.cpu_count()} cores")
    rows = []
    for engine in ["classify", *args.engines.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--child", engine, "--repos", str(args.repos)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            print(f"{engine}: failed\n{out.stderr[-2000:]}")
            continue
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(json.dumps(row))
    base = next((r for r in rows if r["engine"] == "in-process"), None)
    if base:
        for r in rows:
            if r is not base and "peak_mb" in r:
                print(f"{r['engine']}: {base['seconds'] / r['seconds']:.2f}x in-process")
    return 0


if __name__ == "__main__":
    if __package__ is None and str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
