"""Benchmark the license text matcher, and compare it with ScanCode Toolkit when installed.

Prints: the index build (cold) and the load from the disk cache (warm); ms
per text for every corpus license text and for two synthetic 10 KB texts;
the CLI cold start (`python -m license_scan --help`); and, when ScanCode is
installed in its own virtual environment ($SCANCODE_VENV, default
/work/scancode-venv), its answers and timings on the same texts next to ours.

    /work/venv/bin/python bench/bench_text.py [--repeat N] [--no-scancode] [--json FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from text_folders import scancode_exe, time_ours, time_scancode, write_folders

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
MANIFESTS = ("manifest.json", "manifest-2.json")
SYNTHETIC_BYTES = 10 * 1024
CLI_RUNS = 5


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def corpus_texts() -> list[tuple[str, str]]:
    entries = [e for manifest in MANIFESTS if (CORPUS / manifest).exists()
               for e in json.loads((CORPUS / manifest).read_text(encoding="utf-8"))]
    return [(e["file"], (CORPUS / e["file"]).read_text(encoding="utf-8")) for e in entries if e["kind"] == "license"]


def synthetic_texts() -> list[tuple[str, str]]:
    from license_scan.detect.text.reference import reference_text

    apache = reference_text("apache-2.0")
    license_10k = apache[: apache.rfind(" ", 0, SYNTHETIC_BYTES)]
    rng = random.Random(10)
    vocab = ("model weights license data train use the of and to a in for is with on by this that may "
             "not be are or from as at we you our it its can an each any all other").split()
    prose: list[str] = []
    size = 0
    while size < SYNTHETIC_BYTES:
        prose.append(rng.choice(vocab))
        size += len(prose[-1]) + 1
    return [("synthetic/apache-2.0-first-10KB", license_10k), ("synthetic/10KB-prose", " ".join(prose))]


def time_index(ruleset: Any) -> dict[str, Any]:
    from license_scan.detect.text import cache
    from license_scan.settings import TEXT_CACHE_ENV

    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get(TEXT_CACHE_ENV)
        os.environ[TEXT_CACHE_ENV] = tmp
        try:
            cache.clear_memory()
            t = time.perf_counter()
            cache.load_index(ruleset)
            cold = time.perf_counter() - t
            loads = []
            for _ in range(5):
                cache.clear_memory()
                t = time.perf_counter()
                index = cache.load_index(ruleset)
                loads.append(time.perf_counter() - t)
                assert index.source == "cache"
            size = cache.cache_path(ruleset).stat().st_size
        finally:
            if old is None:
                os.environ.pop(TEXT_CACHE_ENV, None)
            else:
                os.environ[TEXT_CACHE_ENV] = old
    return {"cold_build_s": cold, "cache_load_s": statistics.median(loads), "cache_bytes": size,
            "references": len(index.refs), "vocabulary": len(index.vocab)}


def time_texts(ruleset: Any, texts: list[tuple[str, str]], repeat: int) -> list[dict[str, Any]]:
    from license_scan.detect.text import identify_text
    from license_scan.detect.text.matcher import forget_texts

    rows = []
    for name, text in texts:
        forget_texts()  # a text seen before is answered from memory: time the work itself, every call
        t = time.perf_counter()
        matches = identify_text(text, ruleset)
        first = time.perf_counter() - t
        runs = []
        for _ in range(repeat):
            forget_texts()
            t = time.perf_counter()
            identify_text(text, ruleset)
            runs.append(time.perf_counter() - t)
        rows.append({
            "file": name, "bytes": len(text.encode()), "first_s": first, "warm_s": statistics.median(runs),
            "matches": [{"rule": m.rule_id, "score": m.score, "method": m.method, "modified": m.modified,
                         "partial": m.partial} for m in matches],
        })
    return rows


def time_cli() -> dict[str, Any]:
    if importlib.util.find_spec("license_scan.cli") is None:
        return {"skipped": "license_scan.cli is not there yet"}
    runs = []
    for _ in range(CLI_RUNS):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "license_scan", "--help"], capture_output=True, text=True)
        runs.append(time.perf_counter() - t)
        if done.returncode != 0:
            return {"skipped": f"--help exited {done.returncode}: {done.stderr.strip()[-200:]}"}
    return {"median_s": statistics.median(runs), "min_s": min(runs), "runs": CLI_RUNS}


def run_scancode(root: Path, names: dict[str, str]) -> dict[str, Any]:
    """ScanCode over the folder-per-text tree `root` (one call, twice); per file: its answer and scan time."""
    if not scancode_exe().exists():
        return {"skipped": f"no ScanCode at {scancode_exe()} (set SCANCODE_VENV)"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        run = time_scancode(root, out)
        if "skipped" in run:
            return run
        data = json.loads(out.read_text(encoding="utf-8"))
    per_file: dict[str, Any] = {}
    for f in data.get("files", []):
        if f.get("type") != "file":
            continue
        timing = f.get("scan_timings") or {}
        per_file[names[Path(f["path"]).parent.name]] = {
            "expression": f.get("detected_license_expression"),
            "spdx": f.get("detected_license_expression_spdx"),
            "scan_s": sum(v for v in timing.values() if isinstance(v, (int, float))),
        }
    return {**run, "files": per_file}


def _our_ids(ruleset: Any, row: dict[str, Any]) -> list[str]:
    from license_scan.detect.text.reference import REFERENCE_PREFIX

    ids = []
    for m in row["matches"]:
        rule = ruleset.get(m["rule"])
        ids.append((rule.spdx or "").lower())
        ref = rule.match.reference or ""
        if ref.startswith(REFERENCE_PREFIX):
            ids.append(ref[len(REFERENCE_PREFIX):].lower())
    return [i for i in ids if i]


def _family(value: str) -> str:
    from license_scan.ruleset import name_key

    key = name_key(value.lower().replace("licenseref-scancode-", ""))
    for noise in ("license", "agreement", "community"):
        key = key.replace(noise, "")
    return key


def agree(ruleset: Any, row: dict[str, Any], theirs: dict[str, Any] | None) -> str:
    """'=' same first license, '0' both find nothing, '~' same license family by name, else '≠'."""
    expr = " ".join(filter(None, [(theirs or {}).get("spdx"), (theirs or {}).get("expression")])).lower()
    if not row["matches"] and not expr:
        return "0"
    words = expr.replace("(", " ").replace(")", " ").split()
    ours = _our_ids(ruleset, row)
    if ours and any(i in words for i in ours):
        return "="
    if row["matches"]:
        mine = _family(row["matches"][0]["rule"])
        if mine and any(mine in _family(w) or (_family(w) and _family(w) in mine) for w in words
                        if w not in ("and", "or", "with")):
            return "~"
    return "\u2260"


def describe(row: dict[str, Any]) -> str:
    parts = []
    for m in row["matches"]:
        flags = ("M" if m["modified"] else "") + ("P" if m["partial"] else "")
        parts.append(f"{m['rule']}{'[' + flags + ']' if flags else ''}")
    return ", ".join(parts) or "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm runs per text (median is shown)")
    parser.add_argument("--no-scancode", action="store_true")
    parser.add_argument("--whole-runs", type=int, default=5, help="warm whole runs of the CLI (median is shown)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    from license_scan.ruleset import load_ruleset

    t = time.perf_counter()
    ruleset = load_ruleset()
    ruleset_s = time.perf_counter() - t
    index = time_index(ruleset)
    print(f"rule set load                 {ms(ruleset_s)} ms  ({len(ruleset.rules)} rules)")
    print(f"index build, cold             {ms(index['cold_build_s'])} ms  ({index['references']} reference texts, "
          f"{index['vocabulary']} words)")
    print(f"index load from disk cache    {ms(index['cache_load_s'])} ms  ({index['cache_bytes'] / 1e6:.1f} MB)")

    texts = corpus_texts() + synthetic_texts()
    rows = time_texts(ruleset, texts, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        names = write_folders(texts, Path(tmp) / "texts")
        whole = time_ours(Path(tmp) / "texts", args.whole_runs)
        scancode: dict[str, Any] = ({"skipped": "--no-scancode"} if args.no_scancode
                                    else run_scancode(Path(tmp) / "texts", names))
    theirs: dict[str, Any] = scancode.get("files", {})
    print()
    header = f"{'text':52} {'KB':>5} {'1st ms':>8} {'warm ms':>8}  ours"
    if theirs:
        header += " | scancode (ms)"
    print(header)
    agreement = []
    for row in rows:
        line = (f"{row['file'][-52:]:52} {row['bytes'] / 1024:5.1f} {ms(row['first_s'])} {ms(row['warm_s'])}  "
                f"{describe(row)}")
        if theirs:
            sc = theirs.get(row["file"])
            mark = agree(ruleset, row, sc)
            agreement.append(mark)
            line += f" | {mark} {(sc or {}).get('spdx') or '-'} ({(sc or {}).get('scan_s', 0) * 1000:.0f})"
        print(line)
    warm = [r["warm_s"] for r in rows]
    per_kb = [r["warm_s"] / max(r["bytes"] / 1024, 0.1) for r in rows if r["bytes"] > 2048]
    print()
    print(f"warm per text: median {ms(statistics.median(warm))} ms, max {ms(max(warm))} ms, "
          f"total {ms(sum(warm))} ms for {len(rows)} texts; median {statistics.median(per_kb) * 1000:.2f} ms/KB")
    syn = next(r for r in rows if r["file"] == "synthetic/apache-2.0-first-10KB")
    print(f"10 KB license text (warm)     {ms(syn['warm_s'])} ms")

    cli = time_cli()
    if "skipped" in cli:
        print(f"CLI cold start                skipped: {cli['skipped']}")
    else:
        print(f"CLI cold start (--help)       {ms(cli['median_s'])} ms median of {cli['runs']} "
              f"(min {ms(cli['min_s'])})")

    print(f"whole run, one CLI call       license-scan scan --offline over {whole['folders']} folders (one text "
          f"each): {whole['cold_s']:.2f} s cold (index built), {whole['warm_s']:.2f} s warm (median of "
          f"{len(whole['warm_runs_s'])}), {whole['failed']} failed")

    if "skipped" in scancode:
        print(f"ScanCode                      skipped: {scancode['skipped']}")
    else:
        ours_total = index["cache_load_s"] + sum(r["first_s"] for r in rows)
        theirs_scan = sum(f["scan_s"] for f in theirs.values())
        same = agreement.count("=") + agreement.count("0")
        close = agreement.count("~")
        print(f"ScanCode wall time            {ms(scancode['wall_s'])} ms first run, "
              f"{ms(scancode['wall_second_run_s'])} ms second run, for {len(texts)} texts")
        print(f"ScanCode per-file scan time   {ms(theirs_scan / max(len(theirs), 1))} ms mean "
              f"(ours {ms(statistics.mean(warm))} ms warm): {theirs_scan / max(sum(warm), 1e-9):.0f}x")
        print(f"identification alone          ours {ms(ours_total)} ms (cache load + first calls) vs ScanCode "
              f"{ms(scancode['wall_second_run_s'])} ms: {scancode['wall_second_run_s'] / ours_total:.0f}x")
        print(f"whole run, one CLI call       ScanCode {scancode['wall_second_run_s']:.2f} s (second run) / ours "
              f"{whole['warm_s']:.2f} s (warm) = {scancode['wall_second_run_s'] / whole['warm_s']:.1f}x; "
              f"first runs {scancode['wall_s']:.2f} s / ours cold {whole['cold_s']:.2f} s = "
              f"{scancode['wall_s'] / whole['cold_s']:.1f}x")
        print(f"agreement                     {same}/{len(agreement)} texts the same (= same first license, "
              f"0 both nothing), {close} more by name only (~), {len(agreement) - same - close} differ (\u2260)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"index": index, "texts": rows, "cli": cli, "whole_run": whole, "scancode": scancode},
                                        indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
