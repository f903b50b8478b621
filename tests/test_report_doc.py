"""The JSON contract's documentation is the schema's, and the docs stand alone in the repository."""

import importlib.util
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "license_scan" / "report" / "schema" / "report.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
USER_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_report_doc", ROOT / "docs" / "gen_report_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_doc_is_generated_from_the_schema():
    committed = (ROOT / "docs" / "report-json.md").read_text(encoding="utf-8")
    assert committed == _generator().render(SCHEMA), "run python docs/gen_report_doc.py"


def _described(node) -> bool:
    return isinstance(node.get("description"), str) and node["description"].strip() != ""


def _undescribed(node, path):
    """Paths of the properties and definitions below `node` (objects included) that lack a description."""
    missing = []
    for keyword in ("properties", "$defs"):
        for name, sub in node.get(keyword, {}).items():
            if not _described(sub):
                missing.append(f"{path}/{keyword}/{name}")
            missing += _undescribed(sub, f"{path}/{keyword}/{name}")
    if isinstance(node.get("items"), dict):
        missing += _undescribed(node["items"], f"{path}/items")
    return missing


def test_every_field_of_the_schema_is_described():
    assert _described(SCHEMA)
    assert _undescribed(SCHEMA, "") == []


def test_every_type_of_the_schema_has_a_section():
    doc = (ROOT / "docs" / "report-json.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### (\S+)$", doc, re.M))
    assert set(SCHEMA["$defs"]) <= headings


# Markdown links [text](target), and paths written out: ../x, or an absolute path.
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
PARENT_PATH = re.compile(r"(?<![\w/.])((?:\.\./)+[\w.\-/]*)")
EXTERNAL = re.compile(r"^(?:https?|mailto):", re.I)


def _outside(doc: Path, target: str) -> bool:
    if target.startswith("/") or target.startswith("~") or target.lower().startswith("file:"):
        return True
    resolved = (doc.parent / target.split("#", 1)[0]).resolve()
    return resolved != ROOT and ROOT not in resolved.parents


def test_user_docs_reference_nothing_outside_the_repository():
    problems = []
    for doc in USER_DOCS:
        text = doc.read_text(encoding="utf-8")
        name = doc.relative_to(ROOT)
        if "../shared" in text or "shared/DESIGN" in text:
            problems.append(f"{name}: mentions ../shared")
        for target in LINK.findall(text):
            if EXTERNAL.match(target) or target.startswith("#"):
                continue
            if _outside(doc, target):
                problems.append(f"{name}: link to {target} leaves the repository")
            elif not (doc.parent / target.split("#", 1)[0]).exists():
                problems.append(f"{name}: link to {target}, which is not in the repository")
        for path in PARENT_PATH.findall(text):
            if _outside(doc, path):
                problems.append(f"{name}: path {path} leaves the repository")
    assert problems == []


def test_the_reference_check_catches_outside_paths():
    readme = ROOT / "README.md"
    assert _outside(readme, "../shared/DESIGN.md")
    assert _outside(readme, "/work/shared/corpus")
    assert not _outside(readme, "docs/report-json.md")
    assert not _outside(ROOT / "docs" / "findings.md", "../README.md")
    assert PARENT_PATH.findall("see `../shared/corpus` here") == ["../shared/corpus"]
