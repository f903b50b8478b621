"""Write docs/examples/evidence.spdx.json and docs/examples/NOTICE.txt.

Both are excerpts of real output: `evidence/chat-ft` (fixtures/hub) scanned at depth 5 through
the tests' Hub server with the tests' fixed clock, rendered by `--format spdx-json` and
`--format notice`. License texts are cut to their first lines (the repository never holds a
pasted license text); everything else is as rendered. Run from the repository root with the
test dependencies installed:

    python docs/examples/gen_spdx2_notice.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEEP_LINES = 4  # lines of each license text kept in the excerpts
NOTICE_HEAD = 6  # title, rule, source (two lines), blank line: before a text in NOTICE


def _cut(text: str, keep: int = KEEP_LINES) -> str:
    lines = text.splitlines()
    if len(lines) <= keep + 1:
        return text
    return "\n".join(lines[:keep]) + f"\n[... {len(lines) - keep} more lines in the real output ...]\n"


def _notice_excerpt(text: str) -> str:
    head, sep, texts = text.partition("\nLICENSE TEXTS\n")
    out, block = [], []
    for line in texts.splitlines():
        if line.startswith("[T") and block:
            out.append(_cut("\n".join(block), NOTICE_HEAD + KEEP_LINES).rstrip("\n"))
            block = []
        block.append(line)
    out.append(_cut("\n".join(block), NOTICE_HEAD + KEEP_LINES).rstrip("\n"))
    return head + sep + "\n\n".join(out) + "\n"


def main() -> None:
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    sys.path.insert(0, str(ROOT / "tests"))
    from hubserver import HubServer

    server = HubServer().start()
    home = tempfile.mkdtemp()
    os.environ.update(HF_ENDPOINT=server.url, HF_HOME=home, HF_HUB_CACHE=f"{home}/hub")
    try:
        from spdx2_support import EVIDENCE, scan

        from license_scan.report.notice import render_notice
        from license_scan.report.spdx2 import render_spdx_json

        report = scan(EVIDENCE)
    finally:
        server.stop()
    doc = json.loads(render_spdx_json(report))
    for info in doc.get("hasExtractedLicensingInfos", []):
        info["extractedText"] = _cut(info["extractedText"])
    out = ROOT / "docs" / "examples"
    (out / "evidence.spdx.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    (out / "NOTICE.txt").write_text(_notice_excerpt(render_notice(report)))


if __name__ == "__main__":
    main()
