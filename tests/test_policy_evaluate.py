"""A policy over whole scans: defaults, unknown, review, exceptions, clarify, datasets, modified copies."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

import pytest

from license_scan.detect.text import reference as ref_mod
from license_scan.errors import NotFoundError
from license_scan.policy.evaluate import evaluate_report
from license_scan.policy.load import parse_policy
from license_scan.ruleset import load_ruleset
from license_scan.scan import ScanOptions, run_scan
from license_scan.target import Target
from snapshots import snapshot

BESPOKE = "These weights are licensed to Acme customers under the Acme evaluation agreement only.\n"
BESPOKE_V2 = BESPOKE + "Use in production needs a separate agreement.\n"
NARROWED_MIT = ref_mod.reference_text("mit").strip().replace("to any person obtaining",
                                                            "to any academic institution obtaining")
REPOS: dict[str, tuple[str, dict[str, str], str]] = {  # repo -> (card, files, kind)
    "org/mit": ("---\nlicense: mit\n---\n", {}, "model"),
    "org/cc-by": ("---\nlicense: cc-by-4.0\n---\n", {}, "model"),
    "org/llama": ("---\nlicense: llama3.1\n---\n", {}, "model"),
    "org/llama2": ("---\nlicense: llama2\n---\n", {}, "model"),
    "org/nc": ("---\nlicense: cc-by-nc-4.0\n---\n", {}, "model"),
    "org/rail": ("---\nlicense: creativeml-openrail-m\n---\n", {}, "model"),
    "org/none": ("# no license anywhere\n", {}, "model"),
    "org/bespoke": ("---\nlicense: other\n---\n", {"LICENSE": BESPOKE}, "model"),
    "org/bespoke-v2": ("---\nlicense: other\n---\n", {"LICENSE": BESPOKE_V2}, "model"),
    "org/ft-of-bespoke": ("---\nlicense: mit\nbase_model: org/bespoke\nbase_model_relation: finetune\n---\n", {},
                          "model"),
    "org/mit-modified": ("---\nlicense: mit\n---\n", {"LICENSE": NARROWED_MIT}, "model"),
    "org/nc-data": ("---\nlicense: cc-by-nc-4.0\n---\n", {}, "dataset"),
    "org/mit-on-nc-data": ("---\nlicense: mit\ndatasets: [org/nc-data]\n---\n", {}, "model"),
}
TODAY = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)


def fetch(target: Target):
    if target.repo_id not in REPOS or REPOS[target.repo_id][2] != target.kind:
        raise NotFoundError(target.raw, "repository not found")
    card, files, kind = REPOS[target.repo_id]
    return snapshot(card, repo=target.repo_id, files=files, kind=kind)


def policy(text: str):
    return parse_policy(text, "policy.yaml", load_ruleset())


def scan(targets, text, *, depth=0, now=TODAY):
    return run_scan(list(targets), ScanOptions(policy=policy(text), depth=depth), fetch=fetch, now=now)


def codes(result, code):
    return [f for f in result.findings if f.code == code]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- allow-only vs deny-only, unknown ------------------------------------------------------------

def test_allow_only_fails_what_it_does_not_name():
    report = scan(["org/mit", "org/cc-by"], "allow: {categories: [osi-approved]}\n")
    assert report.exit_code == 1
    assert not codes(report.results[0], "policy-violation")
    [v] = codes(report.results[1], "policy-violation")
    assert "what the allow section (policy.yaml line 1) does not name fails" in v.message


def test_deny_only_passes_what_it_does_not_name():
    report = scan(["org/mit", "org/cc-by", "org/nc"], "deny: {licenses: [cc-by-nc-4.0]}\n")
    assert [bool(codes(r, "policy-violation")) for r in report.results] == [False, False, True]
    assert "deny.licenses: cc-by-nc-4.0 (policy.yaml line 1)" in codes(report.results[2], "policy-violation")[0].message


def test_unknown_fails_a_deny_only_policy_and_passes_only_when_allowed_by_name():
    assert scan(["org/none"], "deny: {categories: [custom-restricted]}\n").exit_code == 1
    assert scan(["org/none"], "allow: {categories: [unknown]}\n").exit_code == 0
    assert scan(["org/bespoke"], "deny: {licenses: [mit]}\n").exit_code == 1


def test_review_warns_and_never_fails():
    report = scan(["org/rail", "org/mit"], "allow: {categories: [osi-approved]}\nreview: {categories: [rail-style]}\n")
    assert report.exit_code == 0
    [w] = codes(report.results[0], "policy-review")
    assert w.severity == "warning" and "review.categories: rail-style (policy.yaml line 2)" in w.message
    assert not codes(report.results[0], "policy-violation")


def test_modified_copy_is_never_covered_by_an_allowed_license():
    report = scan(["org/mit-modified"], "allow: {licenses: [mit], categories: [osi-approved]}\n")
    weights = report.results[0].components.weights
    assert any(lic.modified for lic in weights.licenses), weights
    [v] = codes(report.results[0], "policy-violation")
    assert "does not cover a modified copy" in v.message and report.exit_code == 1


def test_a_dataset_target_s_data_is_judged_whatever_components_says():
    report = run_scan(["datasets/org/nc-data"], ScanOptions(policy=policy("components: [weights]\n")), fetch=fetch)
    [v] = codes(report.results[0], "policy-violation")
    assert "data is custom-restricted" in v.message and report.exit_code == 1


def test_components_limits_what_a_model_is_judged_on():
    text = "allow: {categories: [osi-approved]}\ncomponents: [WHICH]\n"
    assert scan(["org/mit-on-nc-data"], text.replace("WHICH", "weights"), depth=1).exit_code == 0
    assert scan(["org/mit-on-nc-data"], text.replace("WHICH", "data"), depth=1).exit_code == 1


def test_fail_on_findings_keeps_its_meaning():
    text = "allow: {categories: [osi-approved, unknown]}\n"  # a laundering error fails by default
    assert scan(["org/none"], text).exit_code == 0
    report = scan(["org/none"], text + "fail_on_findings: warning\n")  # license-missing is a warning
    [v] = codes(report.results[0], "policy-violation")
    assert "license-missing" in v.message and "fail_on_findings: warning, policy.yaml line 2" in v.message


# --- exceptions ------------------------------------------------------------------------------------

EXCEPTION = ("allow: {{categories: [osi-approved]}}\nexceptions:\n"
             "  - {{target: org/nc, reason: \"legal approved, ticket 123\", expires: {}}}\n")


def test_exception_applies_before_its_date():
    report = scan(["org/nc", "org/llama"], EXCEPTION.format("2026-06-02"))
    [applied] = codes(report.results[0], "policy-exception-applied")
    assert applied.severity == "info" and "ticket 123" in applied.message and "2026-06-02" in applied.message
    assert "exceptions: org/nc (policy.yaml line 3)" in applied.message and "custom-restricted" in applied.message
    assert not codes(report.results[0], "policy-violation")
    assert codes(report.results[1], "policy-violation")  # only the named target


def test_exception_names_a_dataset_by_its_datasets_id():
    text = EXCEPTION.format("2026-06-02").replace("target: org/nc", "target: datasets/org/nc-data")
    report = scan(["datasets/org/nc-data", "org/nc-data"], text)
    assert codes(report.results[0], "policy-exception-applied") and not codes(report.results[0], "policy-violation")
    assert report.results[1].error is not None  # org/nc-data is no model


@pytest.mark.parametrize("expires", ["2026-06-01", "2025-12-31"])
def test_exception_stops_on_its_expiry_date(expires):
    report = scan(["org/nc"], EXCEPTION.format(expires))
    [expired] = codes(report.results[0], "policy-exception-expired")
    assert expired.severity == "warning" and f"expired on {expires}" in expired.message
    assert codes(report.results[0], "policy-violation") and report.exit_code == 1


def test_exception_expiry_reads_today_from_the_report():
    text = EXCEPTION.format("2026-06-02")
    late = run_scan(["org/nc"], ScanOptions(), fetch=fetch, now=datetime(2026, 6, 2, tzinfo=timezone.utc))
    judged = evaluate_report(policy(text), late)
    assert judged.exit_code == 1 and codes(judged.results[0], "policy-exception-expired")
    early = run_scan(["org/nc"], ScanOptions(), fetch=fetch, now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert evaluate_report(policy(text), early).exit_code == 0


# --- clarify --------------------------------------------------------------------------------------

CLARIFY = ("allow: {{categories: [osi-approved]{allow}}}\nclarify:\n"
           "  - target: {target}\n    component: weights\n    expression: {expression}\n"
           "    reason: signed contract\n    files: {{LICENSE: {sha}}}\n")


ACME = ", licenses: [LicenseRef-acme-eval]"  # a LicenseRef of the team's own, declared by the clarification


def test_clarify_with_matching_hash_replaces_the_verdict():
    report = scan(["org/bespoke"], CLARIFY.format(target="org/bespoke", expression="LicenseRef-acme-eval", allow=ACME,
                                                  sha=sha(BESPOKE)))
    weights = report.results[0].components.weights
    assert (weights.expression, weights.category) == ("LicenseRef-acme-eval", "custom-restricted")
    [note] = codes(report.results[0], "policy-clarified")
    assert "clarify: org/bespoke weights (policy.yaml line 3)" in note.message
    assert report.exit_code == 0


def test_clarify_with_a_changed_hash_no_longer_applies():
    text = CLARIFY.format(target="org/bespoke-v2", expression="LicenseRef-acme-eval", allow=ACME, sha=sha(BESPOKE))
    report = scan(["org/bespoke-v2"], text)
    assert report.results[0].components.weights.category == "unknown"
    [stale] = codes(report.results[0], "policy-clarify-stale")
    assert "LICENSE changed" in stale.message and sha(BESPOKE)[:12] in stale.message
    assert sha(BESPOKE_V2)[:12] in stale.message and report.exit_code == 1


def test_clarify_naming_a_file_the_repo_lacks_does_not_apply():
    text = CLARIFY.format(target="org/bespoke", expression="mit", allow="", sha=sha(BESPOKE)).replace("LICENSE:", "TERMS.md:")
    [stale] = codes(scan(["org/bespoke"], text).results[0], "policy-clarify-stale")
    assert "TERMS.md was not read" in stale.message


def test_clarify_of_a_dependency_reaches_the_target_through_inheritance():
    text = CLARIFY.format(target="org/bespoke", expression="apache-2.0", allow="", sha=sha(BESPOKE))
    report = scan(["org/ft-of-bespoke"], text, depth=1)
    weights = report.results[0].components.weights
    assert (weights.expression, weights.category) == ("MIT AND Apache-2.0", "osi-approved")
    assert codes(report.results[0], "policy-clarified") and report.exit_code == 0
    unclarified = scan(["org/ft-of-bespoke"], "allow: {categories: [osi-approved]}\n", depth=1)
    assert unclarified.results[0].components.weights.category == "unknown" and unclarified.exit_code == 1


def test_clarify_of_a_target_keeps_what_it_inherits():
    text = CLARIFY.format(target="org/ft-of-bespoke", expression="apache-2.0", allow="", sha=sha(BESPOKE))
    text = text.replace("LICENSE:", "README.md:").replace(sha(BESPOKE), sha(REPOS["org/ft-of-bespoke"][0]))
    report = scan(["org/ft-of-bespoke"], text, depth=1)
    weights = report.results[0].components.weights
    assert codes(report.results[0], "policy-clarified")
    assert weights.category == "unknown" and report.exit_code == 1  # the unknown base still binds it


def test_a_report_made_without_the_policy_does_not_pretend_clarify_applied():
    text = CLARIFY.format(target="org/bespoke", expression="LicenseRef-acme-eval", allow=ACME, sha=sha(BESPOKE))
    judged = evaluate_report(policy(text), run_scan(["org/bespoke"], ScanOptions(), fetch=fetch, now=TODAY))
    [stale] = codes(judged.results[0], "policy-clarify-stale")
    assert "did not apply it" in stale.message and judged.exit_code == 1


def test_today_is_never_read_from_the_clock_in_the_policy_code():
    from pathlib import Path

    import license_scan.policy as pkg

    for path in Path(pkg.__file__).parent.glob("*.py"):
        text = path.read_text()
        assert "datetime.now" not in text and "date.today" not in text, path
    assert date(2026, 6, 1) == TODAY.date()
