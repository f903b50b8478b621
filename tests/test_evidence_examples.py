"""docs/examples/evidence.{spdx3,cdx}.json are real output: what docs/gen_evidence_examples.py writes now."""

from __future__ import annotations

import importlib.util
import json

from evidence_reports import ROOT, scan
from spdx3_check import validate_schema


def _generator():
    spec = importlib.util.spec_from_file_location("gen_evidence_examples", ROOT / "docs" / "gen_evidence_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_examples_are_current(hub_env):
    gen = _generator()
    for name, text in gen.excerpts(scan(gen.TARGET)).items():
        committed = (ROOT / "docs" / "examples" / name).read_text(encoding="utf-8")
        assert committed == text, f"docs/examples/{name} is stale: run python docs/gen_evidence_examples.py"
    # the SPDX excerpt is a subset of the document and still valid on its own
    validate_schema(json.loads((ROOT / "docs" / "examples" / "evidence.spdx3.json").read_text(encoding="utf-8")))
