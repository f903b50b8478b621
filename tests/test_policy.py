"""Policy files, policy findings and the exit-code order of DESIGN.md."""

import pytest

from license_scan.errors import NotFoundError, UsageError
from license_scan.policy.load import load_policy
from license_scan.scan import ScanOptions, run_scan
from license_scan.target import Target
from snapshots import snapshot

CARDS = {
    "org/mit": "---\nlicense: mit\n---\n",
    "org/llama": "---\nlicense: llama3.1\n---\n",
    "org/nc": "---\nlicense: cc-by-nc-4.0\n---\n",
}


def fetch(target: Target):
    if target.repo_id not in CARDS:
        raise NotFoundError(target.raw, f"{target.raw}: repository not found")
    return snapshot(CARDS[target.repo_id], repo=target.repo_id)


def write(tmp_path, text):
    p = tmp_path / "policy.yaml"
    p.write_text(text)
    return str(p)


def run(targets, policy=None):
    return run_scan(targets, ScanOptions(policy=policy), fetch=fetch)


def test_no_policy_all_read_is_exit_0():
    assert run(["org/mit", "org/llama"]).exit_code == 0


def test_missing_target_is_exit_3_and_others_still_scanned():
    report = run(["org/mit", "org/missing", "org/llama"])
    assert report.exit_code == 3
    assert [r.target for r in report.results] == ["org/mit", "org/missing", "org/llama"]
    assert report.results[1].error.type == "not-found"
    assert report.results[2].components.weights.expression == "LicenseRef-llama3.1"


def test_policy_violation_is_exit_1(tmp_path):
    policy = load_policy(write(tmp_path, "allow_categories: [osi-approved]\n"))
    report = run(["org/mit", "org/llama"], policy)
    assert report.exit_code == 1
    violations = [f for f in report.results[1].findings if f.code == "policy-violation"]
    assert violations and "custom-restricted" in violations[0].message
    assert not [f for f in report.results[0].findings if f.code == "policy-violation"]


def test_policy_violation_wins_over_incomplete(tmp_path):
    policy = load_policy(write(tmp_path, "allow_categories: [osi-approved]\n"))
    assert run(["org/llama", "org/missing"], policy).exit_code == 1


def test_policy_pass_but_incomplete_is_3(tmp_path):
    policy = load_policy(write(tmp_path, "allow_categories: [osi-approved, custom-restricted]\n"))
    assert run(["org/llama", "org/missing"], policy).exit_code == 3


def test_allow_and_deny_licenses(tmp_path):
    policy = load_policy(write(tmp_path, "allow_categories: [osi-approved]\nallow_licenses: [LicenseRef-llama3.1]\n"
                                         "deny_licenses: [MIT]\n"))
    report = run(["org/mit", "org/llama"], policy)
    assert [f.code for f in report.results[0].findings if f.code == "policy-violation"]
    assert not [f for f in report.results[1].findings if f.code == "policy-violation"]


def test_default_policy_allows_osi_and_permissive(tmp_path):
    policy = load_policy(write(tmp_path, "{}\n"))
    report = run(["org/mit", "org/nc"], policy)
    assert report.exit_code == 1
    assert not [f for f in report.results[0].findings if f.code == "policy-violation"]


@pytest.mark.parametrize("text, needle", [
    ("allow_categories: [osi]\n", "not a category"),
    ("colours: [red]\n", "unknown key 'colours'"),
    ("allow_categories: osi-approved\n", "must be a list"),
    ("[a, b\n", "not valid YAML"),
    ("- a\n", "mapping"),
    ("fail_on_findings: sometimes\n", "fail_on_findings"),
])
def test_malformed_policy_is_a_usage_error(tmp_path, text, needle):
    with pytest.raises(UsageError, match=needle):
        load_policy(write(tmp_path, text))


def test_missing_policy_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot read"):
        load_policy(str(tmp_path / "nope.yaml"))


def test_error_result_keeps_the_target_kind_and_repo():
    report = run(["datasets/org/missing"])
    r = report.results[0]
    assert (r.kind, r.repo_id, r.error.type) == ("dataset", "org/missing", "not-found")


def test_an_unforeseen_failure_costs_only_that_target():
    def flaky(target: Target):
        if target.repo_id == "org/boom":
            raise ConnectionResetError("peer went away")
        return fetch(target)

    from license_scan.scan import ScanOptions, run_scan
    report = run_scan(["org/boom", "org/mit"], ScanOptions(), fetch=flaky)
    assert report.results[0].error.type == "network"
    assert "org/boom" in report.results[0].error.message and "ConnectionResetError" in report.results[0].error.message
    assert report.results[1].components.weights.expression == "MIT"
    assert report.exit_code == 3


# --- nothing passes silently: what cannot be read or identified never passes an open policy --------

TRUST_CARDS = {
    "org/none": ("# A model with no license anywhere\n", {}),
    "org/unidentified": ("---\nlicense: mit\n---\n", {"LICENSE": "These weights are ours. You need our written "
                                                              "permission before any use in a product.\n"}),
    "org/other": ("---\nlicense: other\n---\n", {}),
    "org/list-other": ("---\nlicense: [mit, other]\n---\n", {}),
    "org/unknown-name": ("---\nlicense: other\nlicense_name: acme-model-license\n---\n", {}),
    "org/misspelt": ("---\nlicence: cc-by-nc-4.0\n---\n", {}),
    "org/broken-yaml": ("---\nlicense: cc-by-nc-4.0\ntags: [a\n---\n", {}),
    "org/nc-prose": ("# M\n\nThe weights are for non-commercial use only.\n", {}),
}


def trust_fetch(target: Target):
    card, files = TRUST_CARDS[target.repo_id]
    return snapshot(card, repo=target.repo_id, files=files)


@pytest.mark.parametrize("repo", sorted(TRUST_CARDS))
def test_what_cannot_be_identified_never_passes_an_open_policy(tmp_path, repo):
    policy = load_policy(write(tmp_path, "allow_categories: [osi-approved, permissive-weights]\n"))
    report = run_scan([repo], ScanOptions(policy=policy), fetch=trust_fetch)
    weights = report.results[0].components.weights
    assert weights is not None and weights.category in ("unknown", "custom-restricted"), weights
    assert report.exit_code == 1
    assert any(f.code == "policy-violation" for f in report.results[0].findings)


def test_unknown_passes_only_when_the_policy_names_it(tmp_path):
    policy = load_policy(write(tmp_path, "allow_categories: [osi-approved, unknown]\n"))
    report = run_scan(["org/none"], ScanOptions(policy=policy), fetch=trust_fetch)
    assert report.exit_code == 0
