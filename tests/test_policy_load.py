"""Reading policy files: every malformed one is a usage error naming the file and the line; the flat keys
of the first policy format keep their meaning; where the policy comes from."""

from __future__ import annotations

import pytest

from license_scan.errors import UsageError
from license_scan.policy.load import find_policy, load_policy, parse_policy, resolve_policy
from license_scan.policy.spec import default_policy
from license_scan.ruleset import load_ruleset

GOOD = """\
allow:   {categories: [osi-approved, permissive-weights], licenses: [llama3.1]}
deny:    {categories: [custom-restricted, unknown], licenses: [cc-by-nc-4.0]}
review:  {categories: [rail-style]}
components: [weights, code, data]
require: [commercial-use]
exceptions:
  - {target: org/model, reason: "legal approved, ticket 123", expires: 2027-06-30}
clarify:
  - {target: org/model, component: weights, expression: LicenseRef-acme-eval, reason: "signed contract",
     files: {LICENSE: 0000000000000000000000000000000000000000000000000000000000000000}}
"""

# (policy text, line the error names, words of the message)
MALFORMED = [
    ("allow: {licenses: [cc-by-nc-5.0]}\n", 1, "did you mean cc-by-nc-4.0?"),
    ("allow:\n  categories: [osi-approved]\ndeny:\n  licenses: [mit, apache-2.0, lama3.1]\n", 4,
     "'lama3.1' is not a license the rule set knows (did you mean llama3.1?)"),
    ("allow:\n  categories: [osi-approved]\n  categories: [unknown]\n", 3, "duplicate key 'categories' (first on line 2)"),
    ("deny: {licenses: [mit]}\ndeny: {categories: [unknown]}\n", 2, "duplicate key 'deny'"),
    ("components: []\n", 1, "components is empty"),
    ("components: [weights, wieghts]\n", 1, "'wieghts' is not a component (did you mean weights?)"),
    ("exceptions:\n  - {target: a/b, expires: 2027-01-01}\n", 2, "reason (why the exception was granted) is required"),
    ("exceptions:\n  - {target: a/b, reason: ok}\n", 2, "needs an expiry date"),
    ("exceptions:\n  - target: a/b\n    reason: ok\n    expires: someday\n", 4, "'someday' is not a date"),
    ("exceptions:\n  - {target: a/b, reason: ok, expires: 2027-01-01}\n  - {target: A/b, reason: x, expires: 2027-01-01}\n",
     3, "already has an exception"),
    ("exceptions:\n  - {target: just-a-name, reason: ok, expires: 2027-01-01}\n", 2, "is not a repo id"),
    ("require: [comercial-use]\n", 1, "'comercial-use' is not a capability (did you mean commercial-use?)"),
    ("colours: [red]\n", 1, "unknown key 'colours' in the policy"),
    ("allow: {licences: [mit]}\n", 1, "unknown key 'licences' in allow (did you mean licenses?)"),
    ("exceptions:\n  - {target: a/b, reason: ok, expires: 2027-01-01, ticket: 5}\n", 2, "unknown key 'ticket'"),
    ("allow: {categories: [osi]}\n", 1, "'osi' is not a category"),
    ("allow: {licenses: [mit]}\ndeny: {licenses: [MIT]}\n", 2, "already named by allow.licenses: mit ("),
    ("review: {categories: [unknown]}\n", 1, "unknown cannot be reviewed"),
    ("allow_categories: [osi-approved]\nallow: {categories: [unknown]}\n", 1, "say the same thing"),
    ("fail_on_findings: sometimes\n", 1, "fail_on_findings must be one of"),
    ("allow: [x\n", 2, "not valid YAML"),
    ("- a\n", 1, "must be a YAML mapping"),
    ("allow: {categories: osi-approved}\n", 1, "allow.categories must be a list"),
    ("clarify:\n  - {target: a/b, component: weights, expression: mit, reason: r}\n", 2, "files is required"),
    ("clarify:\n  - {target: a/b, component: weights, expression: mit, reason: r, files: {}}\n", 2, "files is empty"),
    ("clarify:\n  - {target: a/b, component: weights, expression: mit, reason: r, files: {LICENSE: abc}}\n", 2,
     "'abc' is not a sha256"),
    ("clarify:\n  - {target: a/b, component: wheels, expression: mit, reason: r, files: {L: " + "a" * 64 + "}}\n", 2,
     "component 'wheels'"),
    ("clarify:\n  - target: a/b\n    component: weights\n    expression: mit AND acme\n    reason: r\n"
     "    files: {L: " + "a" * 64 + "}\n", 4, "'acme' is not a license"),
    ("clarify:\n  - target: a/b\n    component: weights\n    expression: mit AND (apache-2.0\n    reason: r\n"
     "    files: {L: " + "a" * 64 + "}\n", 4, "does not parse"),
    ("clarify:\n  - {target: a/b, component: weights, expression: mit, files: {L: " + "a" * 64 + "}}\n", 2,
     "reason is required"),
    ("allow: {licenses: [LicenseRef-acme-eval]}\n", 1, "must be stated by a `clarify` entry"),
]


def test_the_issue_s_example_loads():
    p = parse_policy(GOOD, "x.yaml", load_ruleset())
    assert p.licenses["LicenseRef-llama3.1"].rule == "allow.licenses: llama3.1 (x.yaml line 1)"
    assert p.licenses["CC-BY-NC-4.0"].rule == "deny.licenses: cc-by-nc-4.0 (x.yaml line 2)"
    assert p.categories["rail-style"].action == "review"
    assert [r.forbidden_by for r in p.require] == [("non-commercial", "research-only", "registration")]
    assert p.exceptions[0].expires.isoformat() == "2027-06-30" and p.exceptions[0].where.line == 7
    assert p.clarify[0].files == {"LICENSE": "0" * 64}  # digits only: kept as written, never an int
    assert p.custom_licenses == ("LicenseRef-acme-eval",) and p.allow_section.line == 1


@pytest.mark.parametrize("text, line, needle", MALFORMED, ids=[m[2][:40] for m in MALFORMED])
def test_malformed_policy_names_file_and_line(tmp_path, text, line, needle):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    with pytest.raises(UsageError) as err:
        load_policy(path)
    assert str(err.value).startswith(f"{path}, line {line}: "), str(err.value)
    assert needle in str(err.value)


@pytest.mark.parametrize("written", ["cc-by-nc-4.0", "CC-BY-NC-4.0", "LicenseRef-llama3.1", "llama3.1", "Llama-3.1"])
def test_licenses_are_named_by_hub_id_spdx_id_or_rule_id(written):
    p = parse_policy(f"deny: {{licenses: [{written}]}}\n", "x.yaml", load_ruleset())
    assert list(p.licenses) in (["CC-BY-NC-4.0"], ["LicenseRef-llama3.1"])


def test_flat_keys_are_aliases_with_their_old_meaning():
    flat = parse_policy("allow_licenses: [llama3.1]\ndeny_licenses: [mit]\n", "x.yaml", load_ruleset())
    assert flat.licenses["LicenseRef-llama3.1"].rule == "allow.licenses: llama3.1 (x.yaml line 1)"
    assert flat.licenses["MIT"].action == "deny"
    assert set(flat.categories) == {"osi-approved", "permissive-weights"}  # the default allowed categories stay
    only = parse_policy("allow_categories: [osi-approved]\n", "x.yaml", load_ruleset())
    assert set(only.categories) == {"osi-approved"} and only.allow_section.line == 1
    nested = parse_policy("allow: {licenses: [llama3.1]}\n", "x.yaml", load_ruleset())
    assert nested.categories == {}  # the nested form means what it says


def test_an_empty_file_is_the_default_policy():
    empty = parse_policy("", "x.yaml", load_ruleset())
    default = default_policy()
    assert set(empty.categories) == set(default.categories) == {"osi-approved", "permissive-weights"}
    assert empty.allow_section is not None and empty.fail_on_findings == default.fail_on_findings == "error"


def test_deny_only_has_no_allow_section():
    assert parse_policy("deny: {categories: [unknown]}\n", "x.yaml", load_ruleset()).allow_section is None


def test_find_and_resolve_policy(tmp_path):
    assert find_policy(tmp_path) is None
    assert resolve_policy(tmp_path).source == "default policy"
    (tmp_path / ".license-scan.yaml").write_text("deny: {licenses: [mit]}\n")
    assert find_policy(tmp_path) == tmp_path / ".license-scan.yaml"
    assert "MIT" in resolve_policy(tmp_path).licenses
    other = tmp_path / "elsewhere.yaml"
    other.write_text("deny: {licenses: [apache-2.0]}\n")
    assert "Apache-2.0" in resolve_policy(tmp_path, other).licenses  # --policy wins
    (tmp_path / "license-scan.yaml").write_text("{}\n")
    with pytest.raises(UsageError, match="keep one"):
        find_policy(tmp_path)


def test_unreadable_policy_file(tmp_path):
    with pytest.raises(UsageError, match="cannot read policy file"):
        load_policy(tmp_path / "nope.yaml")
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(UsageError, match="cannot read policy file"):
        load_policy(tmp_path / "bin.yaml")
