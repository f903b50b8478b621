"""Verdicts kept across runs (classify/cache.py): reused only for exactly the same inputs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from license_scan import limits
from license_scan.classify.cache import cached, verdict_key
from license_scan.classify.snapshot import classify_snapshot
from license_scan.ruleset import load_ruleset
from license_scan.scan import ScanOptions, run_scan
from snapshots import snapshot


def counting(ruleset):
    calls = []

    def compute(snap):
        calls.append(snap.repo_id)
        return classify_snapshot(snap, ruleset)

    return compute, calls


def test_the_same_inputs_are_classified_once(tmp_path: Path):
    ruleset = load_ruleset()
    compute, calls = counting(ruleset)
    classify = cached(compute, ruleset, root=tmp_path)
    snap = snapshot("---\nlicense: mit\n---\n", files={"LICENSE": "not a known text, but terms: no use\n"})
    first, second = classify(snap), classify(snap)
    assert first == second and calls == ["org/model"]
    assert list(tmp_path.rglob("*.pickle"))  # written, atomically (no .incomplete left)
    assert not list(tmp_path.rglob("*.incomplete"))


def test_anything_the_verdict_rests_on_changes_the_key(monkeypatch):
    ruleset = load_ruleset()
    base = snapshot("---\nlicense: mit\n---\n", files={"LICENSE": "x\n"})
    key = verdict_key(base, ruleset)
    assert key is not None
    assert verdict_key(snapshot("---\nlicense: mit\n---\n", files={"LICENSE": "y\n"}), ruleset) != key
    assert verdict_key(replace(base, revision="f" * 40), ruleset) != key
    assert verdict_key(replace(base, gated="manual"), ruleset) != key
    assert verdict_key(replace(base, tags=("license:cc-by-nc-4.0",)), ruleset) != key
    monkeypatch.setattr(limits, "MAX_PROSE_CHARS", 10)
    assert verdict_key(base, ruleset) != key


def test_local_folders_and_unpinned_repos_are_never_cached():
    ruleset = load_ruleset()
    assert verdict_key(replace(snapshot("# x\n"), kind="local"), ruleset) is None
    assert verdict_key(replace(snapshot("# x\n"), revision=None), ruleset) is None


def test_a_broken_entry_is_recomputed(tmp_path: Path):
    ruleset = load_ruleset()
    compute, calls = counting(ruleset)
    snap = snapshot("---\nlicense: mit\n---\n")
    key = verdict_key(snap, ruleset)
    assert key is not None
    path = tmp_path / "license-scan" / "verdicts" / key[:2] / f"{key}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"truncated")
    assert cached(compute, ruleset, root=tmp_path)(snap).components.weights.expression == "MIT"
    assert calls == ["org/model"]


def test_a_warm_scan_reuses_the_verdicts(hub_env):
    cold = run_scan(["graph-ft/llama2-apache"], ScanOptions(depth=5))
    entries = list(hub_env.cache.rglob("verdicts/*/*.pickle"))
    assert len(entries) == 2  # the target and its base
    warm = run_scan(["graph-ft/llama2-apache"], ScanOptions(depth=5))
    assert warm.results == cold.results
    assert sorted(hub_env.cache.rglob("verdicts/*/*.pickle")) == sorted(entries)
