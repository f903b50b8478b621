"""Output that never lies: -o checked before the scan, written atomically, any file name written;
a target written as a path that is not there is a usage error, never a Hub lookup."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from schema_check import assert_valid_report


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [["scan", "acme/apache-model"], ["check", "."], ["verify", "r.json"]])
def test_output_folder_is_checked_before_anything_is_read(hub_env, tmp_path, command):
    out = tmp_path / "no" / "such" / "report.json"
    result = invoke(*command, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"license-scan: cannot write {out}: no such folder {out.parent}"
    assert hub_env.server.requests == []  # refused before the scan, not after it


def test_a_failed_write_leaves_the_earlier_report_intact(hub_env, tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("earlier report\n")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("license_scan.fileio.os.replace", refuse)
    result = invoke("scan", "acme/apache-model", "--depth", "0", "--format", "json", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"license-scan: cannot write {out}: No space left on device"
    assert out.read_text() == "earlier report\n"
    assert [p for p in os.listdir(tmp_path) if p.endswith(".incomplete")] == []


@pytest.fixture
def odd_names(tmp_path):
    model = tmp_path / "m"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: mit\n---\n# m \udcff\n", errors="surrogateescape")
    with open(os.fsencode(model) + b"/LICENSE-\xff", "w") as fh:
        fh.write("MIT License\n")
    with open(os.fsencode(model) + b"/mod\xfe.py", "w") as fh:
        fh.write("# Copyright 2024 someone\n# SPDX-License-Identifier: MIT\n")
    return model


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html", "spdx-json", "cyclonedx-json", "sarif", "notice"])
def test_file_names_that_are_not_utf8_are_written(odd_names, tmp_path, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out = tmp_path / f"report.{fmt}"
    result = invoke("scan", str(odd_names), "--format", fmt, "-o", str(out))
    assert result.exit_code in (0, 3), result.output
    data = out.read_bytes().decode("utf-8")  # valid UTF-8, whatever the names were
    piped = invoke("scan", str(odd_names), "--format", fmt)
    assert piped.stdout_bytes.decode("utf-8") == data  # the same bytes piped
    if fmt == "json":
        report = assert_valid_report(data)
        files = {e.get("path") for c in report["results"][0]["components"].values() if c
                 for e in c.get("evidence", [])}
        assert "LICENSE-\udcff" in files or "LICENSE-\udcff" in json.dumps(report, ensure_ascii=False)


@pytest.mark.parametrize("target", ["./no-such-folder", "../no-such-folder", "/no/such/folder", "/acme/apache-model",
                                    "./acme/apache-model"])
def test_a_path_target_that_is_not_there_is_a_usage_error(hub_env, target):
    result = invoke("scan", target, "--depth", "0")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"license-scan: {target}: no such folder"
    assert hub_env.server.requests == []  # never looked up on the Hub
