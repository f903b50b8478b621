"""The "Pull request check" section of `--format markdown` (a `check` report, with references): pass or fail
in words, then per failing or warned repo where the code names it (links relative to the repo root),
the policy finding and rule that decide, the chain that carries the terms, and how to fix or except it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone

from gate_reports import gate_report, passing_report
from hostile_report import PAYLOAD, hostile_report
from license_scan.model import Location, Reference
from license_scan.report.gate import rule_help
from license_scan.report.markdown import render_markdown
from test_report_human import MD_TAGS, assert_nothing_live, markdown_to_html, parse

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def _section(md: str) -> str:
    assert md.startswith("# Pull request check\n")
    return md[: md.index("# License summary")]


def _text(md: str) -> str:
    return " ".join(" ".join(parse(markdown_to_html(md)).text).split())


def test_a_plain_scan_has_no_pull_request_section():
    md = render_markdown(replace(gate_report(), references=()))
    assert md.startswith("# License summary") and "Pull request check" not in md


def test_failing_check():
    md = render_markdown(gate_report())
    section = _section(md)
    text = _text(section)
    assert "✖ Fails: 2 of 5 repo(s) the code names fail the license policy." in text
    # failing repos first, then the warned ones; passing and waived repos are not listed
    heads = re.findall(r"^## (.*)$", section, re.M)
    assert heads == ["✖ acme/llama-ft: fails", "✖ acme/unnamed: fails", "⚠ acme/rail: warnings",
                     "⚠ acme/old: warnings"]
    html = markdown_to_html(section)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert ("./recipes/sft.yaml#L3", "recipes/sft.yaml:3") in links and ("./train.py#L12", "train.py:12") in links
    assert ("./serve.py#L4", "serve.py:4") in links
    assert "Named in the code at recipes/sft.yaml:3 (config key model_name_or_path), train.py:12 " \
           "(AutoModelForCausalLM.from_pretrained)." in text
    assert ("✖ error policy-violation: acme/llama-ft: weights is custom-restricted (Apache-2.0 AND "
            "LicenseRef-llama3.1): fails the policy") in text
    assert ("decided by the policy: LicenseRef-llama3.1 [custom-restricted]: deny.categories: custom-restricted "
            "(license-scan.yaml line 2)") in text
    assert "terms carried by: LicenseRef-llama3.1: acme/llama-ft ← finetune ← meta/llama-base" in text
    assert f"policy-violation: {rule_help('policy-violation')[1]}" in text
    assert "review.categories: rail-style (license-scan.yaml line 3)" in text
    assert f"policy-exception-expired: {rule_help('policy-exception-expired')[1]}" in text
    assert "Not named in the code at any line the check read." in text  # acme/unnamed
    assert "acme/waived" not in section and "acme/apache" not in section
    # the obligation summary follows, unchanged
    assert md.index("# License summary") > md.index("How to fix or except it")
    assert render_markdown(replace(gate_report(), references=())) in md


def test_passing_check_names_what_to_review():
    section = _section(render_markdown(passing_report()))
    text = _text(section)
    assert "✔ Passes: the 2 repo(s) the code names pass the license policy; 1 with warnings to read." in text
    assert "⚠ acme/rail: warnings" in section and "apache" not in section
    all_clear = replace(passing_report(), results=passing_report().results[1:],
                        references=passing_report().references[1:])
    text = _text(_section(render_markdown(all_clear)))
    assert "✔ Passes: the 1 repo(s) the code names pass the license policy." in text


def test_a_legacy_id_shows_how_the_code_wrote_it():
    report = gate_report()
    refs = (replace(report.references[0], named_as="llama-ft"), *report.references[1:])
    assert "written as llama-ft" in _text(_section(render_markdown(replace(report, references=refs))))


def test_hostile_paths_and_ids_stay_text_and_links_stay_relative():
    md = render_markdown(hostile_report())
    html = markdown_to_html(_section(md))
    live = assert_nothing_live(html, MD_TAGS)
    text = " ".join(live.text)
    for label in ("src/path.py", "named", "how", "notebook.ipynb", "conf.yaml", "unscanned"):
        assert f"{label} <script>alert(1)</script>[click](javascript:alert(2))" in text, label
    hrefs = [v for k, v in live.attrs if k == "href"]
    assert "./evil.example/x%20javascript%3Aalert%288%29%20../../etc#L1" in hrefs
    assert all(h.startswith("./") for h in hrefs)
    assert "target-unreadable" in text  # the reference the report holds no result for never passes
    assert PAYLOAD not in md and "\u202e" not in text


def test_the_real_evidence_fixture(hub_env):
    from license_scan.policy.load import parse_policy
    from license_scan.ruleset import load_ruleset
    from license_scan.scan import ScanOptions, run_scan

    policy = parse_policy("allow: {categories: [osi-approved]}\n", "license-scan.yaml", load_ruleset())
    report = run_scan(["evidence/chat-ft", "acme/apache-model"], ScanOptions(depth=5, policy=policy), now=NOW)
    report = replace(report, references=(
        Reference("evidence/chat-ft", "model", "evidence/chat-ft", (Location("train.py", 7, 9, "from_pretrained"),)),
        Reference("acme/apache-model", "model", "acme/apache-model", (Location("serve.py", 2, 1, "pipeline"),)),
    ))
    md = render_markdown(report)
    assert_nothing_live(markdown_to_html(md), MD_TAGS)
    text = _text(_section(md))
    assert "✖ Fails: 1 of 2 repo(s) the code names fail the license policy." in text
    assert ("terms carried by: LicenseRef-llama2: evidence/chat-ft ← merge ← graph-ft/llama2-chat ← finetune ← "
            "graph-meta/llama-2-7b") in text
    assert "terms carried by: CC-BY-NC-4.0: evidence/chat-ft ← dataset ← datasets/graph-data/nc-set" in text
    assert "(license-scan.yaml line 1)" in text and "gated-files-unreadable" in text
    assert "acme/apache-model" not in _section(md)
