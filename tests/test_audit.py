"""`license-scan audit`: an organisation of repos on the test Hub server, through both tiers, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from schema_check import assert_valid_audit_line

ORG = "estate-co"
SHA = "1" * 40
APACHE_HEADER = "# Copyright 2024 X\n# Licensed under the Apache License, Version 2.0\n"
CUSTOM_TERMS = "Sample Model License\n\nYou may use this model for research only. Commercial use is prohibited.\n"


def repo(root: Path, kind: str, repo_id: str, card: dict | None, files: dict[str, str] | None = None,
         sha: str = SHA, body: str = "A model.\n", files_from: dict[str, str] | None = None) -> None:
    folder = root / f"{kind}s" / repo_id
    (folder / "files").mkdir(parents=True, exist_ok=True)
    served = "".join(f"  {path}: '{source}'\n" for path, source in (files_from or {}).items())
    (folder / "repo.yaml").write_text(f"sha: '{sha}'\n" + (f"files_from:\n{served}" if served else ""), encoding="utf-8")
    for old in (folder / "files").iterdir():
        old.unlink()
    front = "" if card is None else "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in card.items()) + "---\n"
    (folder / "files" / "README.md").write_text(front + body, encoding="utf-8")
    for path, text in (files or {}).items():
        (folder / "files" / path).write_text(text, encoding="utf-8")


def estate(root: Path) -> Path:
    """An organisation whose repos need each tier, with a laundering chain across repos and one outside."""
    repo(root, "model", "upstream-lab/llama-base", {"license": "llama3.1"})  # outside the organisation
    repo(root, "model", f"{ORG}/chat-ft", {"license": "apache-2.0", "base_model": "upstream-lab/llama-base",
                                            "base_model_relation": "finetune"})
    repo(root, "model", f"{ORG}/chat-ft-gguf", {"license": "mit", "base_model": f"{ORG}/chat-ft",
                                                 "base_model_relation": "quantized"})
    repo(root, "model", f"{ORG}/clean-mit", {"license": "mit"}, files_from={"LICENSE": "licensedcode:mit"})
    repo(root, "model", f"{ORG}/custom-terms", {"license": "other", "license_name": "sample-model-license",
                                                 "license_link": "LICENSE"}, {"LICENSE": CUSTOM_TERMS})
    repo(root, "model", f"{ORG}/no-license", None)
    repo(root, "model", f"{ORG}/with-code", {"license": "mit"}, {"modeling_x.py": APACHE_HEADER + "x = 1\n"})
    repo(root, "dataset", f"{ORG}/nc-data", {"license": "cc-by-nc-4.0"})
    repo(root, "model", f"{ORG}/trained-on-nc", {"license": "mit", "datasets": [f"{ORG}/nc-data"]})
    return root


@pytest.fixture
def org(hub_env, tmp_path: Path) -> Path:
    root = estate(tmp_path / "hub")
    hub_env.server.add_root(root)
    return root


def audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["audit", "--quiet", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def lines_of(path: Path) -> dict[str, dict]:
    """Every line of an audit's JSON Lines, each valid against the line schema, by repo (each repo once)."""
    out = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = assert_valid_audit_line(raw)
        name = f"datasets/{line['repo']}" if line["kind"] == "dataset" else line["repo"]
        assert name not in out, f"{name} reported twice"
        out[name] = line
    return out


def test_an_organisation_through_both_tiers(org, tmp_path):
    out = tmp_path / "audit.jsonl"
    code, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    lines = lines_of(out)
    assert set(lines) == {f"{ORG}/{n}" for n in ("chat-ft", "chat-ft-gguf", "clean-mit", "custom-terms",
                                                  "no-license", "with-code", "trained-on-nc")} | {f"datasets/{ORG}/nc-data"}
    tiers = {n: l["tier"] for n, l in lines.items()}
    assert tiers[f"{ORG}/clean-mit"] == 1 and tiers[f"{ORG}/chat-ft"] == 1 and tiers[f"datasets/{ORG}/nc-data"] == 1
    assert tiers[f"{ORG}/custom-terms"] == 2 and tiers[f"{ORG}/no-license"] == 2 and tiers[f"{ORG}/with-code"] == 2
    assert all(l["commit"] == SHA for l in lines.values())
    # laundering across repos, found from the metadata alone: the base outside the organisation binds both
    for name in (f"{ORG}/chat-ft", f"{ORG}/chat-ft-gguf"):
        line = lines[name]
        assert line["components"]["weights"]["category"] == "custom-restricted", name
        assert any(f["code"] == "license-laundering" for f in line["findings"]), name
    assert lines[f"{ORG}/clean-mit"]["components"]["weights"]["category"] == "osi-approved"
    assert lines[f"{ORG}/no-license"]["components"]["weights"]["category"] == "unknown"
    assert lines[f"{ORG}/custom-terms"]["components"]["weights"]["category"] != "osi-approved"
    assert lines[f"{ORG}/trained-on-nc"]["components"]["data"]["category"] == "custom-restricted"
    assert "NC" in lines[f"{ORG}/trained-on-nc"]["components"]["data"]["expression"].upper()
    assert code == 0


def test_tier_one_costs_no_request_per_repo(org, hub_env, tmp_path):
    audit("--author", ORG, "--format", "jsonl", "-o", str(tmp_path / "a.jsonl"))
    api = [p for m, p in hub_env.server.requests if p.startswith("/api/")]
    per_repo_info = {p for p in api if p.count("/") >= 4}
    # one info request: the base outside the organisation; none for the organisation's own repos
    assert per_repo_info == {"/api/models/upstream-lab/llama-base"}
    downloads = {p.split("/resolve/")[0].lstrip("/") for m, p in hub_env.server.requests if "/resolve/" in p}
    assert downloads == {f"{ORG}/custom-terms", f"{ORG}/no-license", f"{ORG}/with-code"}


def test_summary_counts_tiers_categories_and_chains(org, tmp_path):
    code, stdout, _ = audit("--author", ORG)
    assert "8 repos (7 models, 1 dataset)" in stdout
    assert "tier 1 (metadata only): 5   tier 2 (files read): 3" in stdout
    assert "laundering chains (2):" in stdout
    assert "upstream-lab/llama-base" in stdout
    md = tmp_path / "summary.md"
    audit("--author", ORG, "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"), "--summary", str(md))
    assert "laundering" in md.read_text(encoding="utf-8").lower()


def test_a_second_audit_reads_nothing_again_for_unmoved_commits(org, hub_env, tmp_path):
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(first))
    hub_env.server.reset()
    hub_env.server.add_root(org)
    audit("--author", ORG, "--format", "jsonl", "-o", str(second))
    assert not [p for m, p in hub_env.server.requests if "/resolve/" in p]  # tier-2 files: from the cache
    assert lines_of(first) == lines_of(second)


def test_since_reports_new_repos_and_changed_terms(org, hub_env, tmp_path):
    first = tmp_path / "1.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(first))
    repo(org, "model", f"{ORG}/clean-mit", {"license": "cc-by-nc-4.0"}, sha="2" * 40)
    repo(org, "model", f"{ORG}/brand-new", {"license": "apache-2.0"})
    code, stdout, _ = audit("--author", ORG, "--since", str(first))
    assert "1 new, 0 gone, 1 with changed terms, 1 commits moved" in stdout
    assert f"{ORG}/brand-new" in stdout
    assert f"{ORG}/clean-mit: MIT" in stdout


def test_from_file_reports_a_missing_repo_and_the_rest(org, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text(f"# estate\n{ORG}/clean-mit\n{ORG}/does-not-exist\ndatasets/{ORG}/nc-data\n", encoding="utf-8")
    out = tmp_path / "a.jsonl"
    code, _, stderr = audit("--from", str(ids), "--format", "jsonl", "-o", str(out))
    lines = [assert_valid_audit_line(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [l["repo"] for l in lines if l["error"]] == [f"{ORG}/does-not-exist"]
    assert {l["repo"] for l in lines if not l["error"]} == {f"{ORG}/clean-mit", f"{ORG}/nc-data"}
    assert code == 3 and "does-not-exist" in stderr


def test_a_spent_budget_leaves_metadata_verdicts_marked_incomplete(org, tmp_path):
    out = tmp_path / "a.jsonl"
    code, _, _ = audit("--author", ORG, "--budget", "3", "--format", "jsonl", "-o", str(out))
    lines = lines_of(out)
    not_read = [n for n, l in lines.items() if any(f["code"] == "audit-files-not-read" for f in l["findings"])]
    assert not_read and all(lines[n]["tier"] == 1 and not lines[n]["complete"] for n in not_read)
    assert lines[f"{ORG}/no-license"]["components"]["weights"]["category"] == "unknown"
    assert code == 3


def test_tier2_none_reads_no_file_and_says_so(org, hub_env, tmp_path):
    out = tmp_path / "a.jsonl"
    code, _, _ = audit("--author", ORG, "--tier2", "none", "--format", "jsonl", "-o", str(out))
    assert not [p for m, p in hub_env.server.requests if "/resolve/" in p]
    lines = lines_of(out)
    assert all(l["tier"] == 1 for l in lines.values())
    assert lines[f"{ORG}/custom-terms"]["components"]["weights"]["category"] != "osi-approved"
    assert code == 3


@pytest.mark.parametrize("args, message", [
    ((), "name one source of repos"),
    (("--author", "a", "--search", "b"), "given: --author, --search"),
    (("--author", "a", "--resume"), "--resume continues a JSON Lines file"),
    (("--author", "a", "--workers", "2", "--scheduler", "tcp://x:1"), "exclude each other"),
    (("--author", "a", "-o", "/no/such/folder/x.jsonl"), "no such folder"),
])
def test_usage_errors_are_one_line(hub_env, args, message):
    code, _, stderr = audit(*args)
    assert code == 2 and message in stderr and stderr.count("\n") == 1


def test_summary_counts_repos_per_unmet_obligation_among_those_read(org, tmp_path):
    out = tmp_path / "a.jsonl"
    audit("--author", ORG, "--tier2", "all", "--format", "jsonl", "-o", str(out), "--summary", str(tmp_path / "s.txt"))
    lines = lines_of(out)

    def unmet(line: dict, kind: str) -> bool:
        return any(o.get("status") == "unmet" and o["kind"] == kind
                   for c in line["components"].values() if c for o in c["obligations"])

    assert not unmet(lines[f"{ORG}/with-code"], "naming")  # nothing it inherits asks for a name
    assert unmet(lines[f"{ORG}/chat-ft"], "include-license")  # the Llama agreement does not ship with it
    assert unmet(lines[f"{ORG}/with-code"], "attribution")  # MIT declared: neither its text nor a copyright line
    assert unmet(lines[f"{ORG}/chat-ft"], "naming") and unmet(lines[f"{ORG}/chat-ft"], "display-notice")
    checked = sum(any("status" in o for c in l["components"].values() if c for o in c["obligations"])
                  for l in lines.values())
    missing_text = sum(unmet(l, "include-license") for l in lines.values())
    summary = (tmp_path / "s.txt").read_text(encoding="utf-8")
    assert f"obligations checked on {checked} repos" in summary
    assert f"license text: {missing_text} ({100 * missing_text / checked:.1f}%)" in summary


def test_tier_one_never_checks_obligations(org, tmp_path):
    out = tmp_path / "a.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    line = lines_of(out)[f"{ORG}/clean-mit"]
    assert line["tier"] == 1
    assert all("status" not in o for c in line["components"].values() if c for o in c["obligations"])


def test_a_base_outside_the_estate_whose_terms_are_in_a_file_sends_its_derivative_to_tier_two(org, tmp_path):
    repo(org, "model", "upstream-lab/custom-base", {"license": "other"}, {"LICENSE": CUSTOM_TERMS})
    repo(org, "model", f"{ORG}/on-custom-base", {"license": "apache-2.0", "base_model": "upstream-lab/custom-base",
                                                  "base_model_relation": "finetune"})
    out = tmp_path / "a.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    line = lines_of(out)[f"{ORG}/on-custom-base"]
    assert line["tier"] == 2 and "upstream-lab/custom-base in its tree" in line["tier_reason"]
    assert line["components"]["weights"]["category"] != "osi-approved"  # the base's file binds it


def test_parquet_rows_for_analysts(org, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "a.parquet"
    code, _, _ = audit("--author", ORG, "--format", "parquet", "-o", str(out))
    table = pq.read_table(out).to_pylist()
    by_repo = {r["repo"]: r for r in table}
    assert len(table) == 8 and code == 0
    assert by_repo[f"{ORG}/chat-ft"]["laundering"] is True
    assert by_repo[f"{ORG}/chat-ft"]["weights_category"] == "custom-restricted"
    assert by_repo[f"{ORG}/clean-mit"]["weights_licenses"] == ["MIT"]
    assert json.loads(by_repo[f"{ORG}/clean-mit"]["line"])["tier"] == 1


def test_kind_and_search_narrow_the_listing(org, tmp_path):
    out = tmp_path / "a.jsonl"
    audit("--author", ORG, "--kind", "dataset", "--format", "jsonl", "-o", str(out))
    assert set(lines_of(out)) == {f"datasets/{ORG}/nc-data"}
    audit("--search", f"{ORG}/chat-ft", "--kind", "model", "--format", "jsonl", "-o", str(out))
    assert set(lines_of(out)) == {f"{ORG}/chat-ft", f"{ORG}/chat-ft-gguf"}


def test_the_token_never_appears_in_any_output(org, tmp_path, monkeypatch):
    token = "hf_SECRETsecretSECRETsecret1234"
    monkeypatch.setenv("HF_TOKEN", token)
    out, summary = tmp_path / "a.jsonl", tmp_path / "s.html"
    code, stdout, stderr = audit("--author", ORG, "--format", "jsonl", "-o", str(out), "--summary", str(summary),
                                 "--budget", "4")
    for text in (out.read_text(encoding="utf-8"), summary.read_text(encoding="utf-8"), stdout, stderr):
        assert token not in text


def test_a_gated_repo_is_judged_from_its_metadata_and_says_what_it_could_not_read(org, tmp_path):
    repo(org, "model", f"{ORG}/gated-other", {"license": "other", "license_name": "x-license"}, {"LICENSE": CUSTOM_TERMS})
    (org / "models" / ORG / "gated-other" / "repo.yaml").write_text(f"sha: '{SHA}'\ngated: manual\n", encoding="utf-8")
    out = tmp_path / "a.jsonl"
    code, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    line = lines_of(out)[f"{ORG}/gated-other"]
    assert line["components"]["weights"]["category"] == "unknown" and not line["complete"]
    assert any(f["code"] == "gated-files-unreadable" for f in line["findings"])
    assert code == 3


def test_resume_replaces_the_line_of_a_repo_whose_commit_moved(org, tmp_path):
    out = tmp_path / "a.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    repo(org, "model", f"{ORG}/clean-mit", {"license": "apache-2.0"}, sha="3" * 40)
    code, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(out), "--resume", "--summary",
                       str(tmp_path / "s.txt"))
    lines = lines_of(out)  # each repo once
    assert len(lines) == 8 and lines[f"{ORG}/clean-mit"]["commit"] == "3" * 40
    assert lines[f"{ORG}/clean-mit"]["components"]["weights"]["expression"] == "Apache-2.0"
    assert "license-scan audit: 8 repos" in (tmp_path / "s.txt").read_text(encoding="utf-8")


def test_all_lists_the_whole_hub(org, tmp_path):
    served = {f"{p.parent.parent.name}/{p.parent.name}" for root in (org, Path(__file__).resolve().parents[1] / "fixtures" / "hub")
              for p in (root / "datasets").glob("*/*/repo.yaml")}
    out = tmp_path / "a.jsonl"
    audit("--all", "--kind", "dataset", "--tier2", "none", "--format", "jsonl", "-o", str(out))
    assert {n.removeprefix("datasets/") for n in lines_of(out)} == served


def test_a_derivative_says_when_a_repo_in_its_tree_could_not_be_read(org, hub_env, tmp_path, monkeypatch):
    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "1")
    repo(org, "model", "upstream-lab/custom-base", {"license": "other"}, {"LICENSE": CUSTOM_TERMS})
    repo(org, "model", f"{ORG}/on-custom-base", {"license": "apache-2.0", "base_model": "upstream-lab/custom-base"})
    hub_env.server.add_fault("upstream-lab/custom-base/resolve/", 500, times=None)
    out = tmp_path / "a.jsonl"
    code, _, _ = audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    line = lines_of(out)[f"{ORG}/on-custom-base"]
    assert line["tier"] == 2 and not line["complete"] and code == 3
    assert any(f["code"] == "files-unreadable" and f["source"]["repo"] == "upstream-lab/custom-base"
               for f in line["findings"])
    assert line["components"]["weights"]["category"] == "unknown"


def test_a_repo_in_the_tree_left_unread_is_named_in_the_derivative():
    from license_scan.audit.emit import record
    from license_scan.audit.estate import Estate, EstateNode
    from license_scan.audit.work import tier1
    from license_scan.ruleset import load_ruleset
    from license_scan.source.estate import Listed

    rules = load_ruleset()
    base = Listed("model", "up/base", SHA, {"license": "other"}, None, (), ("LICENSE", "README.md"), None, ())
    child = Listed("model", "org/child", SHA, {"license": "mit", "base_model": "up/base"}, None, (), ("README.md",),
                   None, ())
    estate = Estate()
    keys = [estate.add(EstateNode(base)), estate.add(EstateNode(child))]
    for key, answer in zip(keys, tier1([base, child], rules.digest, rules, True)):
        node = estate.nodes[key]
        node.refs, node.wants_files, node.classified = answer.refs, answer.reason, answer.classified
    estate.nodes[keys[0]].unread, estate.nodes[keys[0]].reason = True, "license: other; not read: budget spent"
    findings = record(estate, keys[1], estate.nodes[keys[1]], rules, 5).result.findings
    unread = [f for f in findings if f.code == "audit-files-not-read"]
    assert [f.source.repo for f in unread] == ["up/base"] and "in its tree" in unread[0].message


def test_the_readme_shows_the_summary_this_audit_writes(org, tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"$ license-scan audit --author {ORG} --format jsonl -o estate.jsonl --summary summary.txt\n", 1)[1]
    shown = block.split("```", 1)[0]
    summary = tmp_path / "summary.txt"
    audit("--author", ORG, "--format", "jsonl", "-o", str(tmp_path / "estate.jsonl"), "--summary", str(summary))
    assert summary.read_text(encoding="utf-8") == shown, "regenerate it: python bench/audit_demo.py"


def test_an_earlier_audit_file_stays_whole_until_the_new_audit_ends(org, tmp_path, monkeypatch):
    out = tmp_path / "a.jsonl"
    out.write_text("an earlier audit\n", encoding="utf-8")
    monkeypatch.setenv("LICENSE_SCAN_RETRIES", "1")
    import license_scan.audit.run as run_module

    def fail(*args, **kwargs):
        raise KeyboardInterrupt  # stands for a run stopped half-way
    monkeypatch.setattr(run_module.Reporter, "finish", fail)
    result = CliRunner().invoke(cli, ["audit", "--quiet", "--author", ORG, "--format", "jsonl", "-o", str(out)])
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "an earlier audit\n"
    assert (tmp_path / "a.jsonl.partial").read_text(encoding="utf-8").strip()  # what it had finished


def test_the_summary_names_repos_read_in_part(org, tmp_path):
    repo(org, "model", f"{ORG}/gated-other", {"license": "other", "license_name": "x-license"}, {"LICENSE": CUSTOM_TERMS})
    (org / "models" / ORG / "gated-other" / "repo.yaml").write_text(f"sha: '{SHA}'\ngated: manual\n", encoding="utf-8")
    code, stdout, _ = audit("--author", ORG)
    section = stdout.split("not read, or read in part", 1)[1].split("\n\n", 1)[0]
    assert f"{ORG}/gated-other" in section and code == 3


def test_json_lines_on_stdout_when_no_file_is_named(org):
    code, stdout, _ = audit("--author", ORG, "--format", "jsonl")
    lines = [assert_valid_audit_line(l) for l in stdout.splitlines()]
    assert len(lines) == 8 and code == 0


def test_a_base_named_by_its_old_id_is_followed_to_the_renamed_repo(org, tmp_path):
    old = org / "models" / "upstream-lab" / "old-base"
    (old / "files").mkdir(parents=True)
    (old / "repo.yaml").write_text("renamed_to: upstream-lab/llama-base\n", encoding="utf-8")
    repo(org, "model", f"{ORG}/on-old-name", {"license": "apache-2.0", "base_model": "upstream-lab/old-base",
                                               "base_model_relation": "finetune"})
    out = tmp_path / "a.jsonl"
    audit("--author", ORG, "--format", "jsonl", "-o", str(out))
    line = lines_of(out)[f"{ORG}/on-old-name"]
    assert line["components"]["weights"]["category"] == "custom-restricted"
    assert any(f["code"] == "license-laundering" for f in line["findings"])
    assert {"from": f"{ORG}/on-old-name", "to": "upstream-lab/llama-base", "relation": "finetune"} in line["edges"]
