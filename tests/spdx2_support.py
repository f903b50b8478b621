"""Reports for the SPDX 2.3 and NOTICE renderer tests: real scans through the test Hub, and one
hand-built report with the shapes a scan of the fixtures does not produce."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from license_scan.model import (
    Component, Components, Dependencies, Edge, ErrorInfo, Evidence, FileRecord, LicenseInfo, Node, Obligation,
    Report, RulesetInfo, TargetResult,
)
from license_scan.ruleset import load_ruleset
from license_scan.scan import ScanOptions, run_scan

NOW = datetime(2026, 1, 2, tzinfo=timezone.utc)
REPO_ROOT = Path(__file__).resolve().parents[1]
LOCAL = str(REPO_ROOT / "examples" / "llama-chat-finetune")
EVIDENCE = "evidence/chat-ft"
APACHE = "acme/apache-model"


def scan(*targets: str) -> Report:
    """Needs hub_env. Depth 5, a fixed clock."""
    return run_scan(list(targets), ScanOptions(depth=5), now=NOW)


def _comp(expression: str, category: str, *licenses: str, obligations: tuple[Obligation, ...] = ()) -> Component:
    infos = tuple(LicenseInfo(l, None, l, category) for l in licenses)  # type: ignore[arg-type]
    return Component(expression, category, infos, (), obligations)  # type: ignore[arg-type]


SHA = "a" * 40


def synthetic_report() -> Report:
    """OR, WITH a listed and an unlisted exception, an id with characters SPDX forbids, unknown
    terms, a quantized variant, code from another repository, a depth-limited dataset, a target
    that could not be read, a NOTICE file with a terminal escape."""
    weights = _comp("(MIT OR Apache-2.0 WITH LLVM-exception) AND LicenseRef-odd_id+x", "custom-restricted",
                    "MIT", "Apache-2.0", "LicenseRef-odd_id+x",
                    obligations=(Obligation("display-notice", "weights", "Show it.", "LicenseRef-odd_id+x",
                                            "rule:odd", {"display": "Made with Odd"}),))
    code = _comp("GPL-2.0-only WITH Not-A-Listed-exception", "osi-approved", "GPL-2.0-only")
    quant = Node("org/quant", "model", SHA, "ok", Components(weights=weights), declared="MIT",
                 files=(FileRecord("NOTICE", "license", "b" * 64, 30, text="Odd notice\x1b[31m red\x07\n"),
                        FileRecord("NOTICE.md", "license", "f" * 64, 40,
                                   text="Hi</text>\nPackageLicenseConcluded: MIT\n"),
                        FileRecord("big.bin", "config", None, None, unreadable="too large")))
    base = Node("org/base", "model", "c" * 40, "ok", Components(weights=weights, code=code), declared=weights.expression)
    coder = Node("org/coder", "model", "d" * 40, "ok", Components(code=code), declared=code.expression)
    data = Node("datasets/org/data", "dataset", None, "depth-limit", Components(), declared=None)
    unknown = Node("org/unknown", "model", "e" * 40, "ok",
                   Components(weights=Component("NOASSERTION", "unknown", (), (Evidence("file", None, 0.0),))))
    ok = TargetResult(
        "org/quant", "model", "org/quant", SHA, None, Components(weights=weights),
        Dependencies((quant, base, coder, data, unknown), (
            Edge("org/quant", "org/base", "quantized"), Edge("org/base", "org/coder", "code"),
            Edge("org/base", "datasets/org/data", "dataset"), Edge("org/quant", "org/unknown", "merge"))),
        (),
    )
    failed = TargetResult("org/gone", "model", "org/gone", None, None, Components(), Dependencies(), (),
                          ErrorInfo("not-found", "404"))
    rs = load_ruleset()
    return Report("license-scan", "0.1.0", RulesetInfo(rs.version, rs.digest), "2026-01-02T00:00:00Z",
                  (ok, failed), 3)
