"""Write the README excerpts of the evidence formats: docs/examples/evidence.spdx3.json and evidence.cdx.json.

    python docs/gen_evidence_examples.py

Scans the fixture evidence/chat-ft (`--depth 5`) through the test Hub server on 127.0.0.1 with the clock
fixed at 2026-01-02T03:04:05Z, renders `spdx3-json` and `cyclonedx-json`, and keeps the part about the
target itself: its package / component, its licenses, lineage, files and findings, one dataset. Long
license texts are cut (a license text is never pasted into the repository). tests/test_evidence_examples.py
fails when the committed files differ from `excerpts(report)`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "examples"
TARGET = "evidence/chat-ft"
TEXT_CAP = 160


def _cut(text: str) -> str:
    return text if len(text) <= TEXT_CAP else f"{text[:TEXT_CAP]}… [excerpt: {len(text)} characters in the output]"


def spdx3_excerpt(text: str) -> str:
    graph = json.loads(text)["@graph"]
    by_id = {o["spdxId"]: o for o in graph if "spdxId" in o}
    root = next(o for o in graph if o.get("name") == TARGET and o["type"] == "ai_AIPackage")
    rels = [o for o in graph if o["type"] == "Relationship" and o["from"] == root["spdxId"]]
    keep = {root["spdxId"], *(r["spdxId"] for r in rels), *(t for r in rels for t in r["to"] if t in by_id)}
    keep |= {e["value"] for i in list(keep) for e in by_id[i].get("simplelicensing_customIdToUri", [])}
    keep |= {o["spdxId"] for o in graph if o["type"] == "Annotation" and o["annotationType"] == "review"}
    out: list[dict[str, Any]] = []
    for o in graph:
        if o["type"] == "CreationInfo" or o.get("spdxId") in keep or o["type"] in ("SpdxDocument", "Tool", "SoftwareAgent"):
            o = dict(o)
            if o.get("comment", "").startswith("The license text as read from"):  # a license file's text
                o["simplelicensing_licenseText"] = _cut(o["simplelicensing_licenseText"])
            if o["type"] == "SpdxDocument":
                o["element"] = [e for e in o["element"] if e in keep]
            out.append(o)
    return json.dumps({"@context": json.loads(text)["@context"], "@graph": out}, indent=2, ensure_ascii=False) + "\n"


def cdx_excerpt(text: str) -> str:
    data = json.loads(text)
    root = data["metadata"]["component"]
    obligations = [p for p in root["properties"] if p["name"] == "license-scan:obligation"]
    root["properties"] = [p for p in root["properties"] if p["name"] != "license-scan:obligation"] + obligations[:3]
    dataset = next(c["bom-ref"] for c in data["components"] if c["type"] == "data" and c["bom-ref"].endswith("nc-set"))
    data["components"] = [c for c in data["components"] if c["bom-ref"] in (dataset, "graph-gated/llama3-base")]
    data["dependencies"] = [d for d in data["dependencies"] if d["ref"] == root["bom-ref"]]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def excerpts(report: Any) -> dict[str, str]:
    from license_scan.report.cyclonedx import render_cyclonedx
    from license_scan.report.spdx3 import render_spdx3

    return {"evidence.spdx3.json": spdx3_excerpt(render_spdx3(report)),
            "evidence.cdx.json": cdx_excerpt(render_cyclonedx(report))}


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hubserver import HubServer

    server = HubServer().start()
    try:
        with tempfile.TemporaryDirectory() as home:
            os.environ.update(HF_ENDPOINT=server.url, HF_HOME=home, HF_HUB_CACHE=os.path.join(home, "hub"),
                              HF_HUB_DISABLE_TELEMETRY="1")
            from evidence_reports import scan

            for name, text in excerpts(scan(TARGET)).items():
                (OUT / name).write_text(text, encoding="utf-8")
                print(f"wrote docs/examples/{name}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
