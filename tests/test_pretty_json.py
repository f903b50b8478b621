"""report/pretty.py writes exactly what `json.dumps(value, indent=2, ensure_ascii=False)` writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from license_scan.cli.main import cli
from license_scan.report.pretty import dumps_pretty

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ["evidence/chat-ft", "acme/apache-model", str(ROOT / "examples" / "llama-chat-finetune")]


@pytest.mark.parametrize("value", [
    {}, [], (), "", 0, -1, 10**30, 1.0, -0.0, 1e300, 2.5e-7, None, True, False,
    float("nan"), float("inf"), -float("inf"),
    {"a": [1, 2.5, None, True, False, "é\n\"x\u2028\ud800\x00\\"], "b": {}, "c": [], "d": {"e": [{"f": [[[]]]}]}},
    {1: 2, "x": {None: 3, 2.5: [1, {}]}}, [{"a": 1, 2: "b"}], ("t", ("u",)),
])
def test_same_text_as_json_dumps(value):
    assert dumps_pretty(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_real_report_is_byte_identical(hub_env):
    result = CliRunner().invoke(cli, ["scan", *TARGETS, "--depth", "5", "--format", "json"])
    assert result.stdout, result.output
    data = json.loads(result.stdout)
    assert result.stdout == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
