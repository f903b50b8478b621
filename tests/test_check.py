"""`license-scan check`: a codebase → the Hub repos it names → their trees → the policy, end to end
through the test Hub server (fixtures/codebases/gate-app)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from schema_check import assert_valid_report

GATE_APP = Path(__file__).resolve().parents[1] / "fixtures" / "codebases" / "gate-app"
TARGETS = {"graph-ft/llama2-apache", "acme/apache-model", "gpt2", "datasets/graph-data/nc-set",
           "datasets/acme/cc-dataset"}


@pytest.fixture
def app(tmp_path: Path) -> Path:
    """The codebase without its expected.yaml (test data, not code)."""
    root = tmp_path / "app"
    shutil.copytree(GATE_APP, root, ignore=shutil.ignore_patterns("expected.yaml"))
    return root


def check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, assert_valid_report(result.stdout)


def info_requests(hub_env) -> Counter:
    return Counter(p for m, p in hub_env.server.requests if p.startswith("/api/"))


def test_default_policy_fails_the_restricted_references_at_their_lines(hub_env, app):
    code, data = check(str(app))
    assert code == 1
    by_target = {r["target"]: r for r in data["results"]}
    assert set(by_target) == TARGETS
    failing = {t for t, r in by_target.items() if any(f["code"] == "policy-violation" for f in r["findings"])}
    assert failing == {"graph-ft/llama2-apache", "datasets/graph-data/nc-set"}
    refs = {r["target"]: [(l["path"], l["line"]) for l in r["locations"]] for r in data["references"]}
    assert refs["graph-ft/llama2-apache"] == [("app.py", 11), ("app.py", 12), ("recipes/axolotl.yml", 1),
                                              ("recipes/sft.yaml", 2)]
    assert refs["datasets/graph-data/nc-set"] == [("app.py", 15), ("recipes/axolotl.yml", 4), ("recipes/sft.yaml", 4)]
    assert refs["acme/apache-model"] == [("app.py", 13), ("notebooks/explore.ipynb", 3)]
    assert not any("graph-meta/llama-2-7b" == r["target"] for r in data["references"])  # prose, not a dependency
    assert not any("my-org" in r["target"] for r in data["references"])  # outputs, not dependencies
    assert by_target["gpt2"]["repo_id"] == "openai-community/gpt2"  # the Hub's answer for a legacy id
    assert [f["code"] for f in data["findings"]] == ["ref-unresolved"]  # the env var is named, not guessed


def test_each_repo_is_scanned_once_however_many_lines_name_it(hub_env, app):
    check(str(app))
    requests = info_requests(hub_env)
    assert requests["/api/models/graph-ft/llama2-apache"] == 1
    assert requests["/api/datasets/graph-data/nc-set"] == 1


def test_a_warm_check_makes_one_request_per_repo_and_offline_none(hub_env, app):
    cold_code, cold = check(str(app))
    hub_env.server.reset()
    warm_code, warm = check(str(app))
    assert warm_code == cold_code
    repos = {n["id"] for r in warm["results"] for n in r["dependencies"]["nodes"]}
    assert all(count == 1 for count in info_requests(hub_env).values())
    assert len(info_requests(hub_env)) == len(repos)
    assert not [p for m, p in hub_env.server.requests if not p.startswith("/api/")]  # files from the cache
    hub_env.server.reset()
    offline_code, offline = check(str(app), "--offline")
    assert hub_env.server.requests == [] and offline_code == cold_code
    assert [r["components"] for r in offline["results"]] == [r["components"] for r in warm["results"]]


def test_a_policy_file_at_the_root_is_used(hub_env, app):
    (app / "license-scan.yaml").write_text(
        "allow: {categories: [osi-approved, permissive-weights], licenses: [llama2]}\n"
        "exceptions:\n"
        "  - {target: graph-ft/llama2-apache, reason: \"relabelled, see ticket 7\", expires: 2999-01-01}\n"
        "  - {target: datasets/graph-data/nc-set, reason: evaluation only, expires: 2999-01-01}\n")
    code, data = check(str(app))
    assert code == 0
    codes = {f["code"] for r in data["results"] for f in r["findings"]}
    assert "policy-exception-applied" in codes and "policy-violation" not in codes


def test_an_explicit_policy_wins_and_a_malformed_one_is_exit_2(hub_env, app, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("allow: {licenses: [not-a-license-anyone-knows]}\n")
    result = CliRunner().invoke(cli, ["check", str(app), "--policy", str(bad)])
    assert result.exit_code == 2 and "bad.yaml" in result.stderr and "line 1" in result.stderr


def test_exclude_and_a_missing_folder(hub_env, app):
    code, data = check(str(app), "--exclude", "recipes/", "--exclude", "app.py", "--exclude", "notebooks/")
    assert code == 0 and {r["target"] for r in data["results"]} == {"datasets/acme/cc-dataset"}
    result = CliRunner().invoke(cli, ["check", str(app / "nope")])
    assert result.exit_code == 2 and "no such folder" in result.stderr


def test_a_codebase_naming_nothing_passes(hub_env, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "main.py").write_text("print('hello')\n")
    code, data = check(str(tmp_path / "empty"))
    assert code == 0 and data["results"] == [] and data["references"] == []


def test_a_reference_that_cannot_be_read_is_incomplete(hub_env, app):
    (app / "license-scan-models.txt").write_text("acme/does-not-exist\n")
    (app / "app.py").unlink()
    shutil.rmtree(app / "recipes")
    shutil.rmtree(app / "notebooks")
    code, data = check(str(app))
    assert code == 3 and data["results"][0]["error"]["type"] == "not-found"


def test_text_output_lists_where_each_repo_is_named(hub_env, app):
    result = CliRunner().invoke(cli, ["check", str(app)])
    assert result.exit_code == 1
    assert "graph-ft/llama2-apache  <- app.py:11, app.py:12, recipes/axolotl.yml:1, recipes/sft.yaml:2" in result.stdout


def git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True, timeout=60)


def test_changed_only_judges_the_references_a_change_adds(hub_env, app):
    git(app, "init", "-q")
    shutil.rmtree(app / "recipes")
    shutil.rmtree(app / "notebooks")
    (app / "app.py").write_text("from transformers import AutoModel\n\nOLD = AutoModel.from_pretrained('acme/apache-model')\n")
    git(app, "add", "-A")
    git(app, "commit", "-q", "-m", "base")
    with (app / "app.py").open("a") as fh:  # the change under review adds one restricted model
        fh.write("NEW = AutoModel.from_pretrained('graph-ft/llama2-apache')\n")
    code, data = check(str(app), "--changed-only", "HEAD")
    assert code == 1
    assert [(r["target"], [(l["path"], l["line"]) for l in r["locations"]]) for r in data["references"]] == [
        ("graph-ft/llama2-apache", [("app.py", 4)])]
    assert {r["target"] for r in data["results"]} == {"graph-ft/llama2-apache"}


def test_changed_only_counts_files_git_does_not_track_yet(hub_env, app):
    git(app, "init", "-q")
    git(app, "add", "README.md")
    git(app, "commit", "-q", "-m", "base")
    code, data = check(str(app), "--changed-only", "HEAD")
    assert {r["target"] for r in data["references"]} == TARGETS  # every file but README.md is new


def test_changed_only_with_a_bad_base_or_no_git_is_a_usage_error(hub_env, app):
    result = CliRunner().invoke(cli, ["check", str(app), "--changed-only", "HEAD"])
    assert result.exit_code == 2 and "--changed-only" in result.stderr
    git(app, "init", "-q")
    git(app, "add", "-A")
    git(app, "commit", "-q", "-m", "base")
    result = CliRunner().invoke(cli, ["check", str(app), "--changed-only", "no-such-branch"])
    assert result.exit_code == 2 and "no-such-branch" in result.stderr


def test_a_repo_named_only_in_a_shell_script_is_judged_at_its_line(hub_env, tmp_path):
    root = tmp_path / "trainer"
    (root / "scripts").mkdir(parents=True)
    (root / "scripts" / "train.sh").write_text("#!/bin/bash\npython train.py \\\n"
                                               "  --model_name_or_path graph-ft/llama2-apache \\\n  --output_dir out\n")
    code, data = check(str(root))
    assert code == 1  # the relabelled Llama fine-tune fails the default policy
    (ref,) = data["references"]
    assert ref["target"] == "graph-ft/llama2-apache"
    assert [(loc["path"], loc["line"]) for loc in ref["locations"]] == [("scripts/train.sh", 3)]
    sarif = CliRunner().invoke(cli, ["check", str(root), "--format", "sarif"])
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    where = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results if r.get("locations")}
    assert ("scripts/train.sh", 3) in where
