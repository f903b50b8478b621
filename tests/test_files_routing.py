"""Issue 8 item 7: every license file is found (any name, case, extension, folder; documents listed
unread), and routed to code, weights or data by an explicit marker in its name, not a substring."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshots import SHA, MemoryReader

from license_scan import limits
from license_scan.detect.files import component_for
from license_scan.scan import ScanOptions, run_scan
from license_scan.source.builder import Listing, build_snapshot
from license_scan.source.local import read_local
from license_scan.source.patterns import is_license_like, is_not_text
from license_scan.target import Target, parse_target

MIT_CARD = "---\nlicense: mit\n---\n# A model\n"

# (path, found as a license file)
FOUND = [
    ("LICENSE", True), ("license", True), ("License.txt", True), ("license.txt", True), ("LICENCE.md", True),
    ("Model-License.md", True), ("LICENSE-decoder.txt", True), ("LICENSE_code.txt", True), ("CODE_LICENSE", True),
    ("MODEL_LICENSE", True), ("LICENSE-MODEL", True), ("LICENSE-WEIGHTS.md", True), ("DATA_LICENSE", True),
    ("LICENSE-DATASET", True), ("LICENSE-metadata.md", True), ("sub/folder/LICENSE", True),
    ("text_encoder/LICENSE.txt", True), ("LICENSES/MIT.txt", True), ("LICENSES/LicenseRef-Acme.md", True),
    ("vendor/LICENSES/Apache-2.0.txt", True), ("EULA", True), ("EULA.md", True), ("Model-EULA.pdf", True),
    ("TERMS", True), ("TERMS_OF_USE.md", True), ("terms-of-use.txt", True), ("docs/terms_of_service.html", True),
    ("COPYING", True), ("NOTICE", True), ("USE_POLICY.md", True), ("Acceptable-Use-Policy.md", True),
    ("Tongyi Qianwen LICENSE AGREEMENT", True), ("LICENSE.pdf", True), ("license.docx", True), ("LICENSE.png", True),
    ("COPYRIGHT", True), ("USAGE_POLICY.md", True), ("MODEL_AGREEMENT.md", True), ("Community Agreement.txt", True),
    ("RAIL.md", True), ("OpenRAIL-M.txt", True), ("OpenRAIL++-M.md", True), ("bigcode-openrail-m.txt", True),
    ("guardrail.md", False), ("trail_notes.md", False), ("agreements_test.py", False), ("DISCLAIMER.md", False),
    # code, configuration and weights are never license files, whatever the name says
    ("license_utils.py", False), ("license_config.json", False), ("license_plate.onnx", False),
    ("licenses.yaml", False), ("README.md", False), ("config.json", False), ("model.safetensors", False),
    ("terminal.py", False), ("determinism.md", False), ("notes.txt", False),
]


@pytest.mark.parametrize("path, found", FOUND)
def test_license_file_names(path, found):
    assert is_license_like(path) is found


@pytest.mark.parametrize("path, not_text", [
    ("LICENSE.pdf", True), ("EULA.docx", True), ("license.PNG", True), ("LICENSE.jpg", True), ("terms.odt", True),
    ("LICENSE", False), ("LICENSE.md", False), ("license.txt", False), ("TERMS.html", False),
])
def test_documents_and_images_are_not_text(path, not_text):
    assert is_not_text(path) is not_text


# (name, main component, expected component)
ROUTES = [
    ("LICENSE-CODE", "weights", "code"), ("LICENSE_code.txt", "weights", "code"), ("CODE_LICENSE", "weights", "code"),
    ("code-license.md", "weights", "code"), ("LICENSE-MODEL", "data", "weights"), ("MODEL_LICENSE", "data", "weights"),
    ("LICENSE-WEIGHTS", "data", "weights"), ("LICENSE-DATA", "weights", "data"), ("DATA_LICENSE", "weights", "data"),
    ("LICENSE-DATASET.txt", "weights", "data"), ("sub/LICENSE-CODE", "weights", "code"),
    # a word that merely contains a marker is no marker
    ("LICENSE-decoder.txt", "weights", "weights"), ("LICENSE-metadata.md", "weights", "weights"),
    ("LICENSE-encoder", "weights", "weights"), ("barcode_LICENSE", "weights", "weights"),
    ("LICENSE-datasheet", "weights", "weights"), ("LICENSE", "weights", "weights"), ("LICENSE", "data", "data"),
    ("code/LICENSE", "weights", "weights"), ("LICENSES/MIT.txt", "weights", "weights"),
    # a marker away from the license word, or several components at once: the default
    ("LICENSE-for-code", "weights", "weights"), ("LICENSE-CODE-AND-MODEL", "weights", "weights"),
]


@pytest.mark.parametrize("path, default, expected", ROUTES)
def test_license_file_routing(path, default, expected):
    assert component_for(path, default) == expected


def folder(root: Path, files: dict[str, str | bytes]) -> str:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            (root / path).write_bytes(text)
        else:
            (root / path).write_text(text)
    return str(root)


def test_every_license_file_in_a_folder_is_read_root_first(tmp_path):
    root = folder(tmp_path / "m", {
        "README.md": MIT_CARD, "license.txt": "MIT\n", "Model-License.md": "terms\n", "LICENSES/BSD-3-Clause.txt": "x\n",
        "text_encoder/LICENSE": "y\n", "EULA.md": "e\n", "TERMS_OF_USE.txt": "t\n", "modeling.py": "x = 1\n",
    })
    snap = read_local(parse_target(root))
    assert [f.path for f in snap.license_files] == [
        "EULA.md", "license.txt", "Model-License.md", "TERMS_OF_USE.txt", "LICENSES/BSD-3-Clause.txt",
        "text_encoder/LICENSE"]
    assert all(f.text is not None for f in snap.license_files)


class CountingReader(MemoryReader):
    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.loaded: list[str] = []

    def load_file(self, path: str, max_bytes: int, *, truncate: bool = False):
        self.loaded.append(path)
        return super().load_file(path, max_bytes, truncate=truncate)


def test_documents_are_listed_unread_never_downloaded():
    texts = {"README.md": MIT_CARD, "LICENSE": "MIT License\n", "EULA.pdf": "%PDF-1.4", "legal/license.docx": "PK"}
    listing = Listing(kind="model", repo_id="org/m", revision=SHA, files=tuple(texts))
    reader = CountingReader(listing, texts, {})
    snap = build_snapshot(Target("org/m", "model", "org/m", None), reader)
    assert "EULA.pdf" not in reader.loaded and "legal/license.docx" not in reader.loaded
    unread = {f.path: f.unreadable_reason for f in snap.license_files if f.text is None}
    assert unread == {"EULA.pdf": "not-text", "legal/license.docx": "not-text"}
    (finding,) = [f for f in snap.findings if f.code == "files-unreadable"]
    assert "EULA.pdf (not-text)" in finding.message and "legal/license.docx (not-text)" in finding.message


def test_a_document_makes_the_scan_incomplete_and_its_terms_unknown(tmp_path):
    root = folder(tmp_path / "m", {"README.md": MIT_CARD, "LICENSE.pdf": b"%PDF-1.4\n"})
    report = run_scan([root], ScanOptions())
    (result,) = report.results
    assert report.exit_code == 3 and "files-unreadable" in [f.code for f in result.findings]
    weights = result.components.weights
    assert weights is not None
    assert [(e.path, e.rule, e.value) for e in weights.evidence if e.source == "file"] == [
        ("LICENSE.pdf", None, "unreadable: not-text")]


@pytest.mark.parametrize("over", [False, True])
def test_the_license_file_cap_counts_documents_and_keeps_its_finding(tmp_path, monkeypatch, over):
    files = {"README.md": MIT_CARD, "LICENSE": "MIT\n", "EULA.pdf": b"%PDF", "z/LICENSE-CODE": "x\n"}
    monkeypatch.setattr(limits, "MAX_LICENSE_FILES", 2 if over else 3)
    report = run_scan([folder(tmp_path / "m", files)], ScanOptions())
    codes = [f.code for f in report.results[0].findings]
    assert ("license-files-capped" in codes) is over and report.exit_code == 3  # the PDF is unread either way


def test_routing_reaches_the_components(tmp_path):
    root = folder(tmp_path / "m", {
        "README.md": "# A model\n", "LICENSE-decoder.txt": "Released under the Apache-2.0 license.\n",
        "LICENSE_code.txt": "Released under the MIT license.\n", "DATA_LICENSE": "Released under the CC-BY-4.0 license.\n",
        "run.py": "x = 1\n",
    })
    (result,) = run_scan([root], ScanOptions()).results
    c = result.components
    assert c.weights is not None and c.weights.expression == "Apache-2.0"
    assert c.code is not None and c.code.expression == "MIT"
    assert c.data is not None and "CC-BY-4.0" in c.data.expression


def test_hub_fixture_license_zoo(hub_env):
    (result,) = run_scan(["acme/license-zoo"], ScanOptions(depth=0)).results
    weights, code = result.components.weights, result.components.code
    assert weights is not None and code is not None
    assert {e.path for e in weights.evidence if e.source == "file"} == {
        "LICENSE", "LICENSE-decoder.txt", "LICENSES/BSD-3-Clause.txt"}
    assert {e.path for e in code.evidence if e.rule} == {"LICENSE_code.txt"}


def test_hub_fixture_pdf_is_not_downloaded(hub_env):
    run_scan(["acme/eula-pdf"], ScanOptions(depth=0))
    assert not any("EULA.pdf" in path for _, path in hub_env.server.requests)
