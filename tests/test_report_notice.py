"""--format notice: the attribution file a product must ship, from the rules' obligations, the
NOTICE files and license texts read, and a clear statement of what could not be attributed."""

from __future__ import annotations

from click.testing import CliRunner

from license_scan.cli.main import cli
from license_scan.report.notice import render_notice
from spdx2_support import APACHE, EVIDENCE, LOCAL, scan, synthetic_report


def entry(text: str, title: str) -> str:
    """The numbered entry whose heading contains `title`, up to the next one, its wrapped lines joined."""
    start = next(i for i, line in enumerate(text.splitlines()) if title in line and line[:1].isdigit())
    lines = text.splitlines()[start:]
    end = next((i for i, line in enumerate(lines[1:], 1) if line[:1].isdigit() and ". " in line[:4]
                or line in ("NOTICE FILES OF THE SCANNED REPOSITORIES, AS WRITTEN", "LICENSE TEXTS")), len(lines))
    return " ".join(" ".join(lines[:end]).split())


def test_evidence_notice(hub_env):
    report = scan(EVIDENCE)
    text = render_notice(report)
    head = " ".join(text.split("\n1. ")[0].split())
    assert f"license-scan {report.tool_version}, rule set {report.ruleset.version} ({report.ruleset.digest})" in head
    # unknown terms first, before any entry
    assert "!! SOME TERMS ARE UNKNOWN" in head
    assert "graph-gated/llama3-base: not read (gated)" in head
    assert f"{EVIDENCE}: the scan is incomplete (gated-files-unreadable)" in head
    # one entry per license, de-duplicated over the tree, each saying who requires it and how
    for title in ("[LicenseRef-llama2]", "[LicenseRef-llama3.1]", "[CC-BY-NC-4.0]", "[CC-BY-4.0]"):
        assert sum(1 for line in text.splitlines() if line[:1].isdigit() and title in line) == 1
    llama2 = entry(text, "[LicenseRef-llama2]")
    assert f"- {EVIDENCE}: weights (own license)" in llama2 and "- graph-meta/llama-2-7b: weights (own license)" in llama2
    assert ("Notice to keep, word for word: Llama 2 is licensed under the LLAMA 2 Community License, "
            "Copyright (c) Meta Platforms, Inc. All Rights Reserved.") in llama2
    llama31 = entry(text, "[LicenseRef-llama3.1]")
    assert f"- {EVIDENCE}: weights (inherited: merge of graph-gated/llama3-base)" in llama31
    assert "repository not read (gated), terms from Hub metadata only" in llama31
    assert "Display, word for word: Built with Llama" in llama31
    assert "A distributed derivative's name must begin with: Llama" in llama31
    nc = entry(text, "[CC-BY-NC-4.0]")
    assert "- datasets/graph-data/nc-set: data (own license)" in nc
    assert f"- {EVIDENCE}: data (inherited: dataset of datasets/graph-data/nc-set)" in nc
    # the NOTICE file as written, and the license texts: file read, reference text, or where to get it
    notices = text.split("NOTICE FILES OF THE SCANNED REPOSITORIES, AS WRITTEN")[1].split("LICENSE TEXTS")[0]
    assert f"From NOTICE of {EVIDENCE} (sha256 " in notices
    assert "  Llama 2 is licensed under the LLAMA 2 Community License,\n  Copyright (c) Meta" in notices
    texts = text.split("\nLICENSE TEXTS\n")[1]
    t_llama2 = texts.split("[T1] Llama 2 Community License Agreement [LicenseRef-llama2]")[1].split("\n[T2]")[0]
    assert "Source: file LICENSE of graph-meta/llama-2-7b@" in t_llama2
    assert "LLAMA 2 COMMUNITY LICENSE AGREEMENT" in t_llama2
    t_llama31 = texts.split("[LicenseRef-llama3.1]")[1].split("\n[T3]")[0]
    assert "was not available to license-scan. It must be obtained at" in t_llama31
    assert "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE" in t_llama31
    t_nc = texts.split("[CC-BY-NC-4.0]")[1]
    assert "Source: licensedcode-data" in t_nc and "Attribution-NonCommercial 4.0 International" in t_nc
    for hostile in ("<script", "javascript:", "onerror"):  # the card's markup is never copied
        assert hostile not in text


def test_complete_plain_model(hub_env):
    text = render_notice(scan(APACHE))
    assert "UNKNOWN" not in text
    assert "Every repository and file of the scanned trees was read and every license identified." in text
    apache = entry(text, "[Apache-2.0]")
    assert f"- {APACHE}: weights (own license)" in apache and "License text: [T1] below." in apache
    assert "Source: file LICENSE of acme/apache-model@" in text.split("LICENSE TEXTS")[1]


def test_local_folder_code_and_weights(hub_env):
    text = render_notice(scan(LOCAL))
    assert f"- {LOCAL}: code (own license)" in entry(text, "[MIT]")
    assert "License text:" in entry(text, "[MIT]")  # MIT's attribution is its permission notice: its text
    assert f"- {LOCAL}: weights (own license)" in entry(text, "[LicenseRef-llama3.1]")


def test_deterministic(hub_env):
    assert render_notice(scan(EVIDENCE, APACHE)) == render_notice(scan(EVIDENCE, APACHE))


def test_synthetic_unknowns_and_escapes():
    text = render_notice(synthetic_report())
    head = " ".join(text.split("\n1. ")[0].split())
    assert "org/gone: could not be read (not-found)" in head
    assert "datasets/org/data: not read (depth-limit)" in head
    assert "org/unknown: weights terms could not be identified (NOASSERTION)" in head
    assert "Display, word for word: Made with Odd" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "  Odd notice[31m red" in text
    assert "Other licenses in the trees, which ask for no notice: " in text


def test_cli(hub_env):
    result = CliRunner().invoke(cli, ["scan", APACHE, "--format", "notice"], catch_exceptions=False)
    assert result.exit_code == 0 and result.stdout.startswith("THIRD-PARTY NOTICES\n")
