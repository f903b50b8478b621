"""`license-scan verify REPORT.json` through the CLI, the real huggingface_hub client and the test Hub server.

Each case scans first (the report is the real JSON `scan` writes), then changes what the server
serves where the case needs it, then verifies: nothing changed (exit 0), other bytes at the same
commit (1), a commit that no longer resolves (1), terms that moved upstream (1), a repo that is
gone (3), a malformed report (2).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from license_scan.cli.main import cli
from schema_check import assert_valid_report

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "fixtures" / "hub"
EXAMPLE = str(ROOT / "examples" / "llama-chat-finetune")
OLD = "1b7e0c9a5d3f2e8b4a6c1d0e9f8a7b6c5d4e3f21"  # verify/moving-terms at v1: Apache-2.0
NEW = "8d2f4a6c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d90"  # verify/moving-terms at main: MIT


def scan_report(tmp_path: Path, *targets: str, depth: int = 5, name: str = "report.json") -> Path:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["scan", *targets, "--depth", str(depth), "--format", "json", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code in (0, 3), result.output
    assert_valid_report(out.read_text())
    return out


def verify(report: Path, *args: str):
    return CliRunner().invoke(cli, ["verify", str(report), *args], catch_exceptions=False)


def verify_json(report: Path, *args: str) -> tuple[int, dict]:
    result = verify(report, "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def copy_repo(tmp_path: Path, hub_env, repo: str, as_id: str | None = None) -> Path:
    """A copy of fixtures/hub/models/<repo> the server serves instead of the original (or as `as_id`)."""
    root = tmp_path / "hub"
    folder = root / "models" / (as_id or repo)
    shutil.copytree(HUB / "models" / repo, folder)
    hub_env.server.add_root(root)
    return folder


def file_status(data: dict, repo: str) -> dict[str, str]:
    [check] = [r for r in data["repos"] if r["id"] == repo]
    return {f["path"]: f["status"] for f in check["files"]}


def test_unchanged_tree_holds_exit_0(hub_env, tmp_path):
    report = scan_report(tmp_path, "graph-ft/llama2-chat", "acme/apache-model", EXAMPLE)
    result = verify(report)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("holds") and "graph-meta/llama-2-7b@" in line and "commit resolves" in line
               for line in lines)
    assert any(line.split() == ["holds", "LICENSE", "sha256", line.split()[-1]] for line in lines)
    assert lines[-1].endswith("exit 0 (holds)") and "0 changed, 0 unreadable" in lines[-1]
    code, data = verify_json(report)
    assert code == 0 and data["summary"]["exit_code"] == 0 and data["findings"] == []
    assert {r["id"] for r in data["repos"]} >= {"graph-ft/llama2-chat", "graph-meta/llama-2-7b",
                                                "datasets/graph-data/cc-by-set", "acme/apache-model", EXAMPLE}
    files = [f for r in data["repos"] for f in r["files"]]
    assert files and all(f["sha256"] == f["recorded_sha256"] and f["status"] == "holds" for f in files)
    # every target moves (main, a folder, dependencies at their main): all three re-scanned, terms unchanged
    assert [(t["target"], t["status"]) for t in data["terms"]] == [
        ("graph-ft/llama2-chat", "holds"), ("acme/apache-model", "holds"), (EXAMPLE, "holds")]


def test_online_verify_downloads_again_and_offline_reads_only_the_cache(hub_env, tmp_path):
    report = scan_report(tmp_path, "acme/apache-model", depth=0)
    hub_env.server.reset()
    assert verify(report).exit_code == 0
    gets = [path for method, path in hub_env.server.requests if method == "GET" and "/resolve/" in path]
    assert sorted(p.rsplit("/", 1)[-1] for p in gets) == ["LICENSE", "README.md", "config.json"]  # not the cache's copy
    hub_env.server.reset()
    result = verify(report, "--offline")
    assert result.exit_code == 0, result.output
    assert hub_env.server.requests == []
    assert "checked offline (Hub cache)" in result.stdout and "commit resolves (in the Hub cache)" in result.stdout


def test_other_bytes_at_the_recorded_commit_exit_1_naming_the_file(hub_env, tmp_path):
    folder = copy_repo(tmp_path, hub_env, "acme/apache-model")
    report = scan_report(tmp_path, "acme/apache-model", depth=0)
    recorded = json.loads(report.read_text())["results"][0]
    sha = recorded["revision"]
    config = folder / "files" / "config.json"
    config.write_text(config.read_text().replace("}", ', "license": "other"}', 1))  # same commit, other bytes
    result = verify(report)
    assert result.exit_code == 1, result.output
    line = next(line for line in result.stdout.splitlines() if "config.json" in line)
    assert line.split()[0] == "changed" and "→" in line
    code, data = verify_json(report)
    assert code == 1 and file_status(data, "acme/apache-model") == {
        "README.md": "holds", "LICENSE": "holds", "config.json": "changed"}
    [changed] = [f for r in data["repos"] for f in r["files"] if f["status"] == "changed"]
    assert changed["sha256"] == hashlib.sha256(config.read_bytes()).hexdigest() != changed["recorded_sha256"]
    assert changed["recorded_sha256"] == next(f["sha256"] for f in recorded["dependencies"]["nodes"][0]["files"]
                                              if f["path"] == "config.json")
    [finding] = [f for f in data["findings"] if f["code"] == "evidence-changed"]
    assert finding["source"] == {"repo": "acme/apache-model", "path": "config.json", "line": None}
    assert f"acme/apache-model@{sha[:12]}" in finding["message"]


def test_local_folder_edited_on_disk_exit_1(hub_env, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(EXAMPLE, folder)
    report = scan_report(tmp_path, str(folder), depth=0)
    assert verify(report).exit_code == 0
    (folder / "NOTICE").write_text((folder / "NOTICE").read_text() + "\nAll rights reserved.\n")
    code, data = verify_json(report)
    assert code == 1
    assert file_status(data, str(folder))["NOTICE"] == "changed"
    (folder / "LICENSE").write_text("Proprietary. No use without a written agreement.\n")  # a new license file
    code, data = verify_json(report)
    assert code == 1 and file_status(data, str(folder))["LICENSE"] == "changed"
    [terms] = data["terms"]
    assert terms["status"] == "changed" and terms["repos"][0]["files_changed"] == ["NOTICE", "LICENSE"]


def test_terms_changed_upstream_names_old_and_new_expression(hub_env, tmp_path):
    folder = copy_repo(tmp_path, hub_env, "verify/moving-terms")
    repo_yaml = folder / "repo.yaml"
    original = repo_yaml.read_text()
    data = yaml.safe_load(original)
    data["revisions"] = {"main": OLD, "v1": OLD}  # main was at the Apache-2.0 commit when the report was made
    repo_yaml.write_text(yaml.safe_dump(data))
    report = scan_report(tmp_path, "verify/moving-terms", depth=0)
    scanned = json.loads(report.read_text())["results"][0]
    assert scanned["revision"] == OLD and scanned["components"]["weights"]["expression"] == "Apache-2.0"
    assert verify(report).exit_code == 0
    repo_yaml.write_text(original)  # main moves on to the MIT commit; the old commit still resolves
    result = verify(report)
    assert result.exit_code == 1, result.output
    assert f"terms of verify/moving-terms (main)  main moved {OLD[:12]} → {NEW[:12]}" in result.stdout
    line = next(line for line in result.stdout.splitlines() if line.startswith("changed") and "terms changed" in line)
    assert "declared Apache-2.0 → MIT" in line and "weights Apache-2.0 → MIT" in line
    assert "files changed: README.md, LICENSE" in line
    code, out = verify_json(report)
    assert code == 1
    assert all(f["status"] == "holds" for r in out["repos"] for f in r["files"])  # the recorded commit still holds
    [terms] = out["terms"]
    assert (terms["old_revision"], terms["new_revision"], terms["status"]) == (OLD, NEW, "changed")
    assert terms["components"] == {"weights": {"old": "Apache-2.0", "new": "MIT"}}
    [change] = terms["repos"]
    assert change["declared"] == {"old": "Apache-2.0", "new": "MIT"} and change["change"] == "changed"
    [finding] = [f for f in out["findings"] if f["code"] == "terms-changed"]
    assert finding["severity"] == "error" and "Apache-2.0 → MIT" in finding["message"]


def test_a_pinned_target_is_not_rescanned(hub_env, tmp_path):
    report = scan_report(tmp_path, "verify/moving-terms", "--revision", OLD, depth=0)
    code, data = verify_json(report)
    assert code == 0 and data["terms"] == [] and data["repos"][0]["revision"] == OLD


def test_commit_that_no_longer_resolves_exit_1(hub_env, tmp_path):
    folder = copy_repo(tmp_path, hub_env, "acme/apache-model")
    report = scan_report(tmp_path, "acme/apache-model", depth=0)
    repo_yaml = folder / "repo.yaml"
    repo_yaml.write_text(repo_yaml.read_text().replace("sha: 3684c5d1", "sha: 0000c5d1"))  # history rewritten
    result = verify(report)
    assert result.exit_code == 1, result.output
    assert "commit 3684c5d1d9c8 no longer resolves" in result.stdout
    _, data = verify_json(report)
    assert [f["code"] for f in data["findings"] if f["severity"] == "error"][0] == "commit-unresolved"


def test_repo_that_can_no_longer_be_read_exit_3(hub_env, tmp_path):
    folder = copy_repo(tmp_path, hub_env, "verify/moving-terms", as_id="verify/deleted-later")
    report = scan_report(tmp_path, "verify/deleted-later", "acme/apache-model", depth=0)
    shutil.rmtree(folder)  # deleted from the Hub (or made private)
    result = verify(report)
    assert result.exit_code == 3, result.output
    assert any(line.startswith("unreadable") and "verify/deleted-later@" in line and "not found" in line
               for line in result.stdout.splitlines())
    _, data = verify_json(report)
    assert data["summary"]["repos"] == {"holds": 1, "changed": 0, "unreadable": 1}
    assert {f["code"] for f in data["findings"]} == {"evidence-unreadable"}


def test_evidence_fixture_gated_base_is_not_a_pass(hub_env, tmp_path):
    report = scan_report(tmp_path, "evidence/chat-ft")
    code, data = verify_json(report)
    assert code == 3  # the gated base's files were never read: nothing recorded to check
    gated = file_status(data, "graph-gated/llama3-base")
    assert gated and set(gated.values()) == {"unreadable"}
    others = [f for r in data["repos"] if r["id"] != "graph-gated/llama3-base" for f in r["files"]]
    assert others and all(f["status"] == "holds" for f in others)
    assert data["terms"][0]["status"] == "holds"


@pytest.mark.parametrize("content, expected", [
    (None, "cannot read the report"),
    ("{not json", "not a JSON report (line 1"),
    ('{"schema": "1.0"}', "not a valid license-scan report: top level: 'tool' is a required property"),
    ('[]', "not a valid license-scan report"),
])
def test_malformed_report_is_a_one_line_usage_error(tmp_path, content, expected):
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content)
    result = CliRunner().invoke(cli, ["verify", str(path)])
    assert result.exit_code == 2
    assert expected in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_report_with_a_wrong_field_is_refused(hub_env, tmp_path):
    report = scan_report(tmp_path, "acme/apache-model", depth=0)
    data = json.loads(report.read_text())
    data["results"][0]["dependencies"]["nodes"][0]["files"][0]["sha256"] = "not-a-digest"
    report.write_text(json.dumps(data))
    result = CliRunner().invoke(cli, ["verify", str(report)])
    assert result.exit_code == 2 and "results/0/dependencies/nodes/0/files/0/sha256" in result.stderr


def test_a_new_base_model_upstream_is_a_repo_new_in_the_tree(hub_env, tmp_path):
    folder = copy_repo(tmp_path, hub_env, "verify/moving-terms")
    report = scan_report(tmp_path, "verify/moving-terms", depth=1)
    card = folder / "files" / "README.md"
    card.write_text(card.read_text().replace("license: mit\n", "license: mit\nbase_model: graph-meta/llama-2-7b\n"))
    code, data = verify_json(report)
    assert code == 1
    [terms] = data["terms"]
    changes = {c["id"]: c for c in terms["repos"]}
    assert changes["graph-meta/llama-2-7b"]["change"] == "new"
    assert changes["graph-meta/llama-2-7b"]["declared"] == {"old": None, "new": "LicenseRef-llama2"}
    assert changes["verify/moving-terms"]["components"]["weights"] == {"old": "MIT", "new": "MIT AND LicenseRef-llama2"}
    assert changes["verify/moving-terms"]["declared"] is None  # its own terms are still MIT


def test_offline_with_a_cold_cache_is_unreadable_not_a_pass(hub_env, tmp_path, monkeypatch):
    report = scan_report(tmp_path, "acme/apache-model", depth=0)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-cache"))
    hub_env.server.reset()
    code, data = verify_json(report, "--offline")
    assert code == 3 and hub_env.server.requests == []
    assert data["repos"][0]["commit"] == "unreadable" and "not in the local cache" in data["repos"][0]["detail"]
    assert data["terms"][0]["status"] == "unreadable"


def test_verify_output_is_reproducible(hub_env, tmp_path, monkeypatch):
    report = scan_report(tmp_path, "graph-ft/llama2-chat", EXAMPLE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first, second = verify(report, "--format", "json"), verify(report, "--format", "json")
    assert first.stdout == second.stdout and json.loads(first.stdout)["checked_at"] == "2026-01-01T00:00:00Z"


def test_a_report_without_a_recorded_depth_uses_the_default_or_depth(hub_env, tmp_path):
    report = scan_report(tmp_path, "graph-ft/llama2-chat", depth=1)
    data = json.loads(report.read_text())
    del data["summary"]["depth"]  # written before reports recorded it: still a valid report
    report.write_text(json.dumps(data))
    result = verify(report, "--depth", "1")
    assert result.exit_code == 0, result.output
    assert "terms at depth 1 (the report records none)" in result.stdout.splitlines()[0]
