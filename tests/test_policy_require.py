"""`require`: capabilities forbidden by obligation kinds; the table is data, docs/policy.md shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from license_scan.fileio import load_yaml
from license_scan.policy.load import parse_policy
from license_scan.policy.names import capabilities
from license_scan.detect.text.reference import reference_text
from license_scan.ruleset import load_ruleset
from license_scan.scan import ScanOptions, run_scan
from license_scan.target import Target
from snapshots import snapshot

ROOT = Path(__file__).resolve().parents[1]
CARDS = {
    "org/mit": "---\nlicense: mit\n---\n",
    "org/nc": "---\nlicense: cc-by-nc-4.0\n---\n",
    "org/llama3": "---\nlicense: llama3.1\n---\n",
    "org/llama2": "---\nlicense: llama2\n---\n",
    "org/rail": "---\nlicense: creativeml-openrail-m\n---\n",
    "org/gpl": "---\nlicense: gpl-3.0\n---\n",
    "org/ft-llama2": "---\nlicense: mit\nbase_model: org/llama2\nbase_model_relation: finetune\n---\n",
}


def fetch(target: Target):
    if target.repo_id == "org/mit-shipped":  # the MIT text with a copyright line ships with the model
        text = "MIT License\n\nCopyright (c) 2025 Org\n" + reference_text("mit")
        return snapshot(CARDS["org/mit"], repo=target.repo_id, files={"LICENSE": text})
    return snapshot(CARDS[target.repo_id], repo=target.repo_id)


def test_capability_table_uses_known_obligation_kinds_and_matches_the_docs():
    kinds = load_yaml((ROOT / "src" / "license_scan" / "rules" / "obligation-kinds.yaml").read_text())
    raw_table = load_yaml((ROOT / "src" / "license_scan" / "policy" / "capabilities.yaml").read_text())
    for name, forbidden in capabilities().items():
        assert (forbidden or raw_table[name].get("unmet")) and set(forbidden) <= set(kinds), name
    raw = load_yaml((ROOT / "src" / "license_scan" / "policy" / "capabilities.yaml").read_text())
    rows = re.findall(r"^\| `([a-z-]+)` \| (.+?) \| (.*`.+`.*) \|$", (ROOT / "docs" / "policy.md").read_text(), re.M)
    documented = {name: (meaning, () if "status `unmet`" in kinds_cell else
                         tuple(re.findall(r"`([a-z-]+)`", kinds_cell))) for name, meaning, kinds_cell in rows}
    assert documented == {n: (e["description"], tuple(e["forbidden_by"])) for n, e in raw.items()}
    assert {n for n, e in raw.items() if e.get("unmet")} == {"obligations-met"}


# (repo, capability, fails?, obligation kind named)
CASES = [
    ("org/nc", "commercial-use", True, "non-commercial"),
    ("org/mit", "commercial-use", False, None),
    ("org/llama3", "commercial-use", False, None),
    ("org/llama3", "unlimited-scale", True, "user-threshold"),
    ("org/llama3", "any-name", True, "naming"),
    ("org/llama2", "train-other-models", True, "no-model-improvement"),
    ("org/llama3", "train-other-models", False, None),
    ("org/rail", "unrestricted-use", True, "use-restrictions"),
    ("org/gpl", "closed-derivatives", True, "share-alike"),
    ("org/mit", "closed-derivatives", False, None),
    ("org/ft-llama2", "train-other-models", True, "inherited:org/llama2"),
    ("org/mit", "obligations-met", True, "unmet attribution"),  # the card says MIT; no text, no copyright line
    ("org/mit-shipped", "obligations-met", False, None),
]


@pytest.mark.parametrize("repo, capability, fails, named", CASES)
def test_require(repo, capability, fails, named):
    text = f"allow: {{categories: [osi-approved, permissive-weights, rail-style, custom-restricted]}}\n" \
           f"require: [{capability}]\n"
    policy = parse_policy(text, "policy.yaml", load_ruleset())
    report = run_scan([repo], ScanOptions(policy=policy, depth=1), fetch=fetch)
    violations = [f for f in report.results[0].findings if f.code == "policy-violation"]
    assert bool(violations) == fails and report.exit_code == (1 if fails else 0), violations
    if fails:
        assert f"require: {capability} (policy.yaml line 2)" in violations[0].message
        assert named in violations[0].message


def test_several_capabilities_each_fail_on_their_own():
    text = "allow: {categories: [custom-restricted]}\nrequire: [commercial-use, unlimited-scale, any-name]\n"
    report = run_scan(["org/llama3"], ScanOptions(policy=parse_policy(text, "p.yaml", load_ruleset())), fetch=fetch)
    messages = [f.message for f in report.results[0].findings if f.code == "policy-violation"]
    assert len(messages) == 2 and "require: unlimited-scale" in messages[0] and "require: any-name" in messages[1]
