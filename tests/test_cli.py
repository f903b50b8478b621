"""End to end through the CLI, the real huggingface_hub client and the test Hub server."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from schema_check import assert_valid_report

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(*args: str):
    return CliRunner().invoke(cli, ["scan", *args], catch_exceptions=False)


def run_json(*args: str):
    result = run(*args, "--format", "json", "--depth", "0")
    return result, assert_valid_report(result.stdout)


def test_scan_hub_model_text(hub_env):
    result = run("acme/apache-model", "--depth", "0")
    assert result.exit_code == 0, result.output
    assert "acme/apache-model (model) at " in result.stdout
    assert "osi-approved" in result.stdout and "Apache-2.0" in result.stdout
    assert "exit 0 (pass)" in result.stdout


def test_scan_json_contract(hub_env):
    result, data = run_json("acme/apache-model")
    assert result.exit_code == 0
    r = data["results"][0]
    assert r["kind"] == "model" and r["repo_id"] == "acme/apache-model"
    assert len(r["revision"]) == 40
    weights = r["components"]["weights"]
    assert weights["licenses"][0]["hub_id"] == "apache-2.0"
    sources = {e["source"] for e in weights["evidence"]}
    assert "front-matter" in sources
    files = [e for e in weights["evidence"] if e["source"] == "file"]
    assert files and all(len(e["sha256"]) == 64 for e in files)


@pytest.mark.parametrize("form", [
    "acme/apache-model", "hf://acme/apache-model", "https://huggingface.co/acme/apache-model",
    "https://huggingface.co/acme/apache-model/tree/main",
])
def test_target_forms(hub_env, form):
    result, data = run_json(form)
    assert data["results"][0]["repo_id"] == "acme/apache-model"
    assert data["results"][0]["target"] == form


def test_dataset_target(hub_env):
    for form in ("datasets/acme/cc-dataset", "hf://datasets/acme/cc-dataset"):
        result, data = run_json(form)
        r = data["results"][0]
        assert (r["kind"], r["repo_id"], r["target"]) == ("dataset", "acme/cc-dataset", form)


def test_revision_pin(hub_env):
    _, main = run_json("acme/tagged-model")
    _, old = run_json("acme/tagged-model", "--revision", "v1.0")
    assert old["results"][0]["requested_revision"] == "v1.0"
    assert old["results"][0]["revision"] != main["results"][0]["revision"]
    assert main["results"][0]["components"]["weights"]["expression"] == "Apache-2.0"  # v1.0: its expected.yaml
    _, url = run_json("https://huggingface.co/acme/tagged-model/tree/v1.0")
    assert url["results"][0]["revision"] == old["results"][0]["revision"]


def test_missing_repo_other_targets_still_scanned_exit_3(hub_env):
    result = run("acme/apache-model", "acme/does-not-exist", "datasets/acme/cc-dataset", "--depth", "0",
                 "--format", "json")
    assert result.exit_code == 3
    data = assert_valid_report(result.stdout)
    assert [r["error"] and r["error"]["type"] for r in data["results"]] == [None, "not-found", None]
    assert data["summary"]["complete"] is False
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 1 and "acme/does-not-exist" in errors[0] and "HF_TOKEN" in errors[0]
    assert "Traceback" not in result.output


def test_missing_revision(hub_env):
    result, data = run_json("acme/apache-model", "--revision", "no-such-branch")
    assert result.exit_code == 3
    err = data["results"][0]["error"]
    assert err["type"] == "revision-not-found" and "no-such-branch" in err["message"]


def test_gated_repo_classified_from_metadata(hub_env):
    result, data = run_json("acme/gated-model")
    r = data["results"][0]
    assert r["error"] is None
    weights = r["components"]["weights"]
    # the card data names Llama 3.1, but the LICENSE it could not read might say more: unknown, never less
    assert weights["category"] == "unknown" and weights["expression"] == "NOASSERTION"
    assert [lic["id"] for lic in weights["licenses"]] == ["LicenseRef-llama3.1"]
    assert {o["kind"] for o in weights["obligations"]} >= {"display-notice", "naming"}
    gated = [f for f in r["findings"] if f["code"] == "gated-files-unreadable"]
    assert gated and gated[0]["severity"] == "warning" and "HF_TOKEN" in gated[0]["message"]
    assert result.exit_code == 3  # the verdict rests on files it could not read: never a pass


def test_output_file(hub_env, tmp_path):
    out = tmp_path / "report.json"
    result = run("acme/apache-model", "--depth", "0", "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert_valid_report(out.read_text())


def test_offline_after_warm_cache(hub_env):
    _, online = run_json("acme/apache-model")
    hub_env.server.reset()
    result, offline = run_json("acme/apache-model", "--offline")
    assert hub_env.server.requests == []
    assert result.exit_code == 0
    a, b = online["results"][0], offline["results"][0]
    assert (a["revision"], a["components"]) == (b["revision"], b["components"])


def test_offline_cold_cache_is_a_clear_error(hub_env):
    result, data = run_json("acme/apache-model", "--offline")
    assert result.exit_code == 3
    assert data["results"][0]["error"]["type"] == "offline-miss"
    assert hub_env.server.requests == []


def test_hf_hub_offline_env(hub_env, monkeypatch):
    run_json("acme/apache-model")
    hub_env.server.reset()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result, data = run_json("acme/apache-model")
    assert hub_env.server.requests == [] and result.exit_code == 0


def test_local_folder(tmp_path):
    (tmp_path / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n# m\n")
    result, data = run_json(str(tmp_path))
    r = data["results"][0]
    assert r["kind"] == "local" and r["revision"] is None
    assert r["components"]["weights"]["category"] == "custom-restricted"


@pytest.mark.parametrize("args", [
    ["--format", "nope", "x/y"],
    ["--depth", "-1", "x/y"],
    [],
])
def test_usage_errors_exit_2(args):
    result = CliRunner().invoke(cli, ["scan", *args])
    assert result.exit_code == 2


def test_malformed_policy_exit_2(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("allow_categories: [free]\n")
    result = CliRunner().invoke(cli, ["scan", str(tmp_path), "--policy", str(bad)])
    assert result.exit_code == 2
    assert "line 1" in result.stderr and "not a category" in result.stderr and "Traceback" not in result.output


def test_a_missing_folder_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["scan", str(tmp_path / "no" / "such" / "folder"), "--depth", "0"])
    assert result.exit_code == 2  # a usage error (tests/test_output.py), not an unreadable target
    assert "no such folder" in result.stderr


def test_python_m_entry_point_without_traceback(hub_env):
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "license_scan", "scan", "acme/nothing-here", "--depth", "0"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "acme/nothing-here" in proc.stderr


def test_scan_policy_through_the_cli(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: creativeml-openrail-m\n---\n# m\n")
    policy = tmp_path / "policy.yaml"
    policy.write_text("allow: {categories: [osi-approved]}\nreview: {categories: [rail-style]}\n")
    result = CliRunner().invoke(cli, ["scan", str(model), "--policy", str(policy)])
    assert result.exit_code == 0, result.output  # review warns, never fails
    assert "policy-review: " in result.stdout and f"review.categories: rail-style ({policy} line 2)" in result.stdout
    policy.write_text("allow:\n  categories: [osi-approved]\ndeny:\n  categories: [rail-style]\n")
    result = CliRunner().invoke(cli, ["scan", str(model), "--policy", str(policy), "--format", "json"])
    assert result.exit_code == 1
    found = [f for f in assert_valid_report(result.stdout)["results"][0]["findings"] if f["code"] == "policy-violation"]
    assert found and f"deny.categories: rail-style ({policy} line 4)" in found[0]["message"]
    policy.write_text("allow:\n  categories: [osi-approved]\n  licenses: [creativeml-openrail]\n")
    result = CliRunner().invoke(cli, ["scan", str(model), "--policy", str(policy)])
    assert result.exit_code == 2 and f"{policy}, line 3: " in result.stderr
    assert "did you mean creativeml-openrail-m?" in result.stderr and "Traceback" not in result.output
