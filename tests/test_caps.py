"""Every cap and truncation in the source layer is a coded finding; one that leaves something the
verdict may rest on unread makes the scan incomplete (exit 3). One test per cap, at the cap and over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from license_scan import limits
from license_scan.model import INCOMPLETE_FINDINGS
from license_scan.scan import ScanOptions, run_scan

MIT_CARD = "---\nlicense: mit\n---\n# A model\n"


def folder(root: Path, files: dict[str, str]) -> str:
    root.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return str(root)


def scan(target: str, **options: object) -> tuple[list[str], int, str]:
    report = run_scan([target], ScanOptions(**options))  # type: ignore[arg-type]
    (result,) = report.results
    return [f.code for f in result.findings], report.exit_code, " ".join(f.message for f in result.findings)


def test_incomplete_findings_are_warnings_or_worse():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "findings.md").read_text()
    for code in INCOMPLETE_FINDINGS:
        assert f"| `{code}` | warning |" in doc or f"| `{code}` | error |" in doc, code


@pytest.mark.parametrize("over", [False, True])
def test_card_size_cap(tmp_path, monkeypatch, over):
    card = MIT_CARD + "Released under the MIT license.\n"
    monkeypatch.setattr(limits, "MAX_CARD_BYTES", len(card.encode()) - (1 if over else 0))
    codes, exit_code, text = scan(folder(tmp_path / "m", {"README.md": card}))
    assert ("card-truncated" in codes) is over and exit_code == (3 if over else 0)
    if over:
        assert f"only the first {len(card.encode()) - 1}" in text


@pytest.mark.parametrize("over", [False, True])
def test_license_file_count_cap(tmp_path, monkeypatch, over):
    files = {"README.md": MIT_CARD, "LICENSE": "MIT\n", "NOTICE": "Copyright A\n", "deep/LICENSE": "x\n"}
    monkeypatch.setattr(limits, "MAX_LICENSE_FILES", 2 if over else 3)
    codes, exit_code, text = scan(folder(tmp_path / "m", files))
    assert ("license-files-capped" in codes) is over
    assert exit_code == (3 if over else 0)
    if over:
        assert "deep/LICENSE" in text and "only the first 2" in text


@pytest.mark.parametrize("over", [False, True])
def test_local_listing_cap(tmp_path, monkeypatch, over):
    files = {"README.md": MIT_CARD, "a.txt": "a", "b.txt": "b"}
    monkeypatch.setattr(limits, "MAX_LOCAL_FILES", 2 if over else 3)
    codes, exit_code, _ = scan(folder(tmp_path / "m", files))
    assert ("listing-truncated" in codes) is over
    assert exit_code == (3 if over else 0)


@pytest.mark.parametrize("over", [False, True])
def test_license_file_size_cap(tmp_path, monkeypatch, over):
    text = "Terms of use: be nice.\n"
    monkeypatch.setattr(limits, "MAX_LICENSE_FILE_BYTES", len(text) - (1 if over else 0))
    codes, exit_code, message = scan(folder(tmp_path / "m", {"README.md": MIT_CARD, "LICENSE": text}))
    assert ("file-too-large" in codes) is over
    if over:
        assert exit_code == 3 and f"LICENSE is {len(text)} bytes" in message


def test_config_size_cap(tmp_path, monkeypatch):
    config = json.dumps({"auto_map": {"AutoModel": "org/code--modeling.M"}})
    monkeypatch.setattr(limits, "MAX_CONFIG_BYTES", len(config) - 1)
    codes, exit_code, message = scan(folder(tmp_path / "m", {"README.md": MIT_CARD, "config.json": config}))
    assert "file-too-large" in codes and exit_code == 3 and "config.json" in message


def test_invalid_config_is_reported(tmp_path):
    codes, exit_code, _ = scan(folder(tmp_path / "m", {"README.md": MIT_CARD, "config.json": "[1, 2"}))
    assert "config-invalid" in codes and exit_code == 0


@pytest.mark.parametrize("over", [False, True])
def test_code_file_cap(tmp_path, monkeypatch, over):
    files = {"README.md": MIT_CARD, "a.py": "# SPDX-License-Identifier: MIT\n", "b.py": "x = 1\n"}
    monkeypatch.setattr(limits, "MAX_CODE_FILES_READ", 1 if over else 2)
    codes, exit_code, message = scan(folder(tmp_path / "m", files))
    assert ("code-files-capped" in codes) is over and exit_code == 0
    if over:
        assert "not from b.py" in message


@pytest.mark.parametrize("over", [False, True])
def test_prose_cap(tmp_path, monkeypatch, over):
    body = "# A model\n\nReleased under the MIT license.\n"
    monkeypatch.setattr(limits, "MAX_PROSE_CHARS", len(body) - (1 if over else 0))
    codes, _, _ = scan(folder(tmp_path / "m", {"README.md": body}))
    assert ("card-prose-truncated" in codes) is over


@pytest.mark.parametrize("over", [False, True])
def test_references_cap(tmp_path, monkeypatch, over):
    card = "---\nlicense: mit\nbase_model: [org/a, org/b]\ndatasets: [org/c]\n---\n"
    monkeypatch.setattr(limits, "MAX_REFS_PER_NODE", 2 if over else 3)
    codes, exit_code, _ = scan(folder(tmp_path / "m", {"README.md": card}), depth=0)
    assert ("references-truncated" in codes) is over
    assert exit_code == 3  # at depth 0 the references are listed as depth-limit nodes: incomplete either way


def test_revision_for_a_folder_is_ignored_with_a_finding(tmp_path):
    codes, exit_code, _ = scan(folder(tmp_path / "m", {"README.md": MIT_CARD}), revision="v1")
    assert "revision-ignored" in codes and exit_code == 0


def test_unreadable_license_file_makes_the_scan_incomplete(tmp_path):
    root = tmp_path / "m"
    folder(root, {"README.md": MIT_CARD})
    (root / "LICENSE").write_bytes(b"\x00binary")
    codes, exit_code, message = scan(str(root))
    assert "files-unreadable" in codes and exit_code == 3 and "LICENSE (binary)" in message


def test_renamed_hub_repo_is_reported(hub_env):
    codes, exit_code, message = scan("acme/old-name")
    assert "repo-renamed" in codes and exit_code == 0
    assert "acme/old-name" in message and "acme/new-name" in message


def test_download_failure_on_the_hub_makes_the_scan_incomplete(hub_env, monkeypatch):
    from types import SimpleNamespace
    import time

    from huggingface_hub.utils import _http

    monkeypatch.setattr(_http, "time", SimpleNamespace(sleep=lambda s: None, time=time.time))  # skip client backoff
    hub_env.server.add_fault("/resolve/", 503, times=None)
    codes, exit_code, message = scan("acme/apache-model")
    assert "files-unreadable" in codes and exit_code == 3 and "(network)" in message
