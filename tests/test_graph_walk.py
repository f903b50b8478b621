"""graph.walk: the dependency tree fetched through the real Hub client from tests/hubserver.py.

The fixtures are fixtures/hub/models/graph-*/ and fixtures/hub/datasets/graph-*/. The nodes, edges, statuses,
findings and exit code of a scan of each are in its expected.yaml (tests/test_fixture_expectations.py); the tests
here check what those files cannot say: request counts, caching and offline runs, depth bounds, faults, ordering
and message text.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from license_scan.errors import GatedError, NetworkError, NotFoundError, OfflineMissError
from license_scan.classify.snapshot import Classified
from license_scan.graph.walk import walk
from license_scan.limits import DEFAULT_DEPTH
from license_scan.model import Components
from license_scan.report.jsonout import render_json
from license_scan.report.text import render_text
from license_scan.scan import ScanOptions, run_scan
from schema_check import assert_valid_report
from snapshots import snapshot


def scan(*targets: str, depth: int = DEFAULT_DEPTH, **options):
    report = run_scan(list(targets), ScanOptions(depth=depth, **options))
    return report, assert_valid_report(render_json(report))


def tree(data: dict, i: int = 0) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    deps = data["results"][i]["dependencies"]
    return ({n["id"]: n["status"] for n in deps["nodes"]},
            {(e["from"], e["to"], e["relation"]) for e in deps["edges"]})


def finding_codes(data: dict, i: int = 0) -> Counter[str]:
    return Counter(f["code"] for f in data["results"][i]["findings"])


def info_requests(hub_env) -> Counter[str]:
    return Counter(path for method, path in hub_env.server.requests if path.startswith("/api/"))


# --- relations: node kinds and order, inference messages, what is never downloaded ------------

def test_adapter_tree_kinds_order_and_relation_notes(hub_env):
    _, data = scan("graph-adapter/llama2-lora")
    kinds = {n["id"]: n["kind"] for n in data["results"][0]["dependencies"]["nodes"]}
    assert kinds["datasets/graph-data/cc-by-set"] == "dataset" and kinds["graph-meta/llama-2-7b"] == "model"
    assert data["results"][0]["dependencies"]["nodes"][0]["id"] == "graph-adapter/llama2-lora"  # the target first
    revisions = {n["id"]: n["revision"] for n in data["results"][0]["dependencies"]["nodes"]}
    assert all(len(r) == 40 for r in revisions.values())
    assert data["summary"]["counts_by_category"] == {
        "osi-approved": 0, "permissive-weights": 1, "rail-style": 0, "custom-restricted": 2, "unknown": 1}
    relation_notes = [f["message"] for f in data["results"][0]["findings"] if f["code"] == "relation-inferred"]
    assert relation_notes == [
        "graph-adapter/llama2-lora: no base_model_relation; read as adapter (library_name: peft)",
        "graph-ft/llama2-chat: no base_model_relation; read as finetune (nothing says otherwise)"]


def test_gguf_weights_are_never_downloaded(hub_env):
    scan("graph-quant/llama2-chat-gguf", depth=1)
    assert not any(path.endswith(".gguf") for _, path in hub_env.server.requests)  # weights never downloaded


# --- shapes: diamond, cycle ------------------------------------------------------------------

def test_diamond_fetches_the_shared_base_once(hub_env):
    scan("graph-diamond/merged")
    assert info_requests(hub_env) == Counter({f"/api/models/graph-diamond/{n}": 1
                                              for n in ("merged", "left", "right", "base")})
    requests = hub_env.server.requests
    assert len(requests) == len(set(requests)) == 4 + 4 * 2  # one info + README (HEAD, GET) per repo


def test_cycle_is_reported_with_its_chain_and_each_repo_read_once(hub_env):
    _, data = scan("graph-cycle/a")
    cycles = [f for f in data["results"][0]["findings"] if f["code"] == "dependency-cycle"]
    assert [(f["severity"], f["message"]) for f in cycles] == [(
        "warning", "dependency cycle: graph-cycle/a ← finetune ← graph-cycle/b ← finetune ← graph-cycle/a; "
                   "each repo was read once and the cycle not followed again")]
    assert info_requests(hub_env) == Counter({"/api/models/graph-cycle/a": 1, "/api/models/graph-cycle/b": 1})


# --- unreadable dependencies -----------------------------------------------------------------

def test_missing_base_stays_in_the_tree(hub_env):
    _, data = scan("graph-broken/orphan")
    (finding,) = [f for f in data["results"][0]["findings"] if f["code"] == "dependency-unreadable"]
    assert finding["severity"] == "warning" and finding["message"].startswith(
        "graph-broken/orphan ← finetune ← graph-broken/does-not-exist: missing (repository not found")
    missing = data["results"][0]["dependencies"]["nodes"][1]
    assert missing["id"] == "graph-broken/does-not-exist" and missing["revision"] is None
    assert data["summary"]["complete"] is False


def test_gated_base_finding_names_the_base(hub_env):
    _, data = scan("graph-broken/gated-child")
    (gated,) = [f for f in data["results"][0]["findings"] if f["code"] == "gated-files-unreadable"]
    assert gated["source"]["repo"] == "graph-gated/llama3-base"


def test_dependency_network_error_is_status_error(hub_env):
    hub_env.server.add_fault("/api/models/graph-meta/llama-2-7b", 400, times=None)
    _, data = scan("graph-ft/llama2-apache")
    nodes, _ = tree(data)
    assert nodes["graph-meta/llama-2-7b"] == "error"
    assert finding_codes(data)["dependency-unreadable"] == 1


def test_offline_dependency_not_in_cache(hub_env):
    scan("graph-ft/llama2-chat", depth=0)  # warms the root only
    hub_env.server.reset()
    report, data = scan("graph-ft/llama2-chat", offline=True)
    assert hub_env.server.requests == []
    nodes, _ = tree(data)
    assert nodes == {"graph-ft/llama2-chat": "ok", "graph-meta/llama-2-7b": "offline",
                     "datasets/graph-data/cc-by-set": "offline"}
    assert report.exit_code == 3


def test_warm_and_offline_rescan_give_the_same_tree(hub_env):
    _, cold = scan("graph-adapter/llama2-lora")
    hub_env.server.reset()
    _, warm = scan("graph-adapter/llama2-lora")
    assert all(path.startswith("/api/") for _, path in hub_env.server.requests)  # files come from the cache
    assert len(hub_env.server.requests) == 4
    hub_env.server.reset()
    _, offline = scan("graph-adapter/llama2-lora", offline=True)
    assert hub_env.server.requests == []
    for other in (warm, offline):
        assert other["results"][0]["dependencies"] == cold["results"][0]["dependencies"]


# --- depth and size bounds -------------------------------------------------------------------

def test_depth_bounds_the_walk(hub_env):
    report, data = scan("graph-adapter/llama2-lora", depth=1)
    nodes, edges = tree(data)
    assert nodes == {"graph-adapter/llama2-lora": "ok", "graph-ft/llama2-chat": "ok",
                     "graph-meta/llama-2-7b": "depth-limit", "datasets/graph-data/cc-by-set": "depth-limit"}
    assert len(edges) == 3
    assert set(info_requests(hub_env)) == {"/api/models/graph-adapter/llama2-lora", "/api/models/graph-ft/llama2-chat"}
    (finding,) = [f for f in data["results"][0]["findings"] if f["code"] == "depth-limit-reached"]
    assert finding["message"].startswith("2 repo(s) beyond --depth 1 were not read: graph-meta/llama-2-7b, "
                                         "datasets/graph-data/cc-by-set")
    assert report.exit_code == 3


def test_depth_zero_reads_the_target_alone_and_lists_what_it_stops_before(hub_env):
    report, data = scan("graph-adapter/llama2-lora", depth=0)
    nodes, edges = tree(data)
    assert nodes == {"graph-adapter/llama2-lora": "ok", "graph-ft/llama2-chat": "depth-limit"}
    assert edges == {("graph-adapter/llama2-lora", "graph-ft/llama2-chat", "adapter")}
    assert set(info_requests(hub_env)) == {"/api/models/graph-adapter/llama2-lora"}
    codes = [f["code"] for f in data["results"][0]["findings"]]
    assert "depth-limit-reached" in codes
    assert report.exit_code == 3  # nothing followed is silently dropped: the verdict is incomplete


def test_shared_dependencies_fetched_once_per_run(hub_env):
    report, data = scan("graph-diamond/left", "graph-diamond/right", "graph-diamond/merged")
    assert info_requests(hub_env) == Counter({f"/api/models/graph-diamond/{n}": 1
                                              for n in ("merged", "left", "right", "base")})
    assert [len(r["dependencies"]["nodes"]) for r in data["results"]] == [2, 2, 4]


# --- the walk on its own: node cap, concurrency ---------------------------------------------

def fake_tree(n: int) -> dict[str, str]:
    """org/m0 merges org/m1..org/m{n-1}."""
    bases = "".join(f"- org/m{i}\n" for i in range(1, n))
    cards = {"org/m0": f"---\nlicense: mit\nbase_model:\n{bases}---\n"}
    cards.update({f"org/m{i}": "---\nlicense: mit\n---\n" for i in range(1, n)})
    return cards


def classify(snap) -> Classified:
    return Classified(Components(), ())


def test_node_cap_at_and_over_the_limit():
    cards = fake_tree(5)
    fetched: list[str] = []

    def fetch(target):
        fetched.append(target.repo_id)
        return snapshot(cards[target.repo_id], repo=target.repo_id)

    root = snapshot(cards["org/m0"], repo="org/m0")
    at_cap = walk(root, fetch, classify, depth=3, max_nodes=5)
    assert [v.status for v in at_cap.visits.values()] == ["ok"] * 5 and at_cap.findings == ()
    fetched.clear()
    over = walk(root, fetch, classify, depth=3, max_nodes=4)
    assert [v.status for v in over.visits.values()] == ["ok"] * 4 + ["depth-limit"]
    assert len(fetched) == 3
    (finding,) = over.findings
    assert finding.code == "tree-truncated" and "more than 4 repos; 1 more were listed but not read" in finding.message


@pytest.mark.parametrize("workers, concurrent", [(1, False), (4, True)])
def test_a_level_is_fetched_concurrently(workers, concurrent):
    cards = fake_tree(9)
    lock = threading.Lock()
    active = [0, 0]  # now, most at once

    def fetch(target):
        with lock:
            active[0] += 1
            active[1] = max(active[1], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        return snapshot(cards[target.repo_id], repo=target.repo_id)

    result = walk(snapshot(cards["org/m0"], repo="org/m0"), fetch, classify, depth=1, workers=workers)
    assert len(result.visits) == 9
    assert [v.node_id for v in result.visits.values()] == [f"org/m{i}" for i in range(9)]  # deterministic order
    assert (active[1] > 1) is concurrent and active[1] <= workers


def test_fetch_errors_other_than_target_errors_propagate():
    def fetch(target):
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        walk(snapshot(fake_tree(2)["org/m0"], repo="org/m0"), fetch, classify, depth=1)


def test_target_error_types_map_to_statuses():
    cards = fake_tree(5)
    errors = {"org/m1": NotFoundError, "org/m2": OfflineMissError, "org/m3": NetworkError, "org/m4": GatedError}

    def fetch(target):
        raise errors[target.repo_id](target.raw, "nope")

    result = walk(snapshot(cards["org/m0"], repo="org/m0"), fetch, classify, depth=1)
    assert [v.status for v in result.visits.values()] == ["ok", "missing", "offline", "error", "gated"]
    assert [f.code for f in result.findings] == ["dependency-unreadable"] * 4


# --- the text report draws the tree ----------------------------------------------------------

def test_text_report_draws_the_tree(hub_env):
    report = run_scan(["graph-diamond/merged", "graph-cycle/b", "graph-broken/orphan"],
                      ScanOptions(depth=DEFAULT_DEPTH))
    text = render_text(report)
    assert (
        "  dependencies: 4 nodes, 4 edges (relation, repo, category, status)\n"
        "    graph-diamond/merged  rail-style\n"
        "       merge graph-diamond/left  rail-style\n"
        "          finetune graph-diamond/base  rail-style\n"
        "       merge graph-diamond/right  rail-style\n"
        "          finetune graph-diamond/base  rail-style (see above)\n") in text
    assert (
        "    graph-cycle/b  osi-approved\n"
        "       finetune graph-cycle/a  osi-approved [cycle]\n"
        "          finetune graph-cycle/b  osi-approved (cycle)\n") in text
    assert "       finetune graph-broken/does-not-exist  - [missing]\n" in text
    assert text.rstrip().splitlines()[-1].startswith(
        "3 target(s), 0 error(s); 8 node(s): osi-approved 2, rail-style 4, unknown 2; exit 3 (incomplete)")


# --- renamed repos, local roots --------------------------------------------------------------

def test_a_renamed_base_named_twice_is_one_node(hub_env, tmp_path):
    folder = tmp_path / "models" / "graph-tmp" / "renamed-user"
    (folder / "files").mkdir(parents=True)
    (folder / "repo.yaml").write_text("sha: " + "1" * 40 + "\n")
    (folder / "files" / "README.md").write_text(
        "---\nlicense: mit\nbase_model: [acme/old-name, acme/new-name]\nbase_model_relation: merge\n---\n")
    hub_env.server.add_root(tmp_path)
    _, data = scan("graph-tmp/renamed-user")
    nodes, edges = tree(data)
    assert nodes == {"graph-tmp/renamed-user": "ok", "acme/new-name": "ok"}
    assert edges == {("graph-tmp/renamed-user", "acme/new-name", "merge")}


def test_a_local_folder_follows_its_hub_base(hub_env, tmp_path):
    root = tmp_path / "my-finetune"
    root.mkdir()
    (root / "README.md").write_text("---\nlicense: apache-2.0\nbase_model: graph-meta/llama-2-7b\n---\n# mine\n")
    report, data = scan(str(root))
    nodes, edges = tree(data)
    assert nodes == {str(root): "ok", "graph-meta/llama-2-7b": "ok"}
    assert edges == {(str(root), "graph-meta/llama-2-7b", "finetune")}
    assert [f["code"] for f in data["results"][0]["findings"] if f["severity"] == "error"] == ["license-laundering"]
