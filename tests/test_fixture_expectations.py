"""Every fixture repo's expected scan result, as data: one `expected.yaml` per folder, one test for all.

A new case is a new folder: fixtures/hub/{models,datasets}/<org>/<name>/ with repo.yaml, files/ and
expected.yaml (tests/hubserver.py serves it), or a local model folder under examples/ with an expected.yaml.
Each is scanned through the real huggingface_hub client against the test Hub server (`hub_env`) with
`run_scan`, and the JSON report (validated against the schema) is compared with expected.yaml, field by field.
Expecting nothing is an expectation like any other: `null` components, empty `findings`, `edges`, and so on.

expected.yaml (required keys marked *; unknown keys are an error, so a typo cannot silently test nothing):

    notes: *       prose: what the case is about, why the expected answer is what it is
    target:        what is scanned (default: the repo id from the folder, `org/name` for
                   fixtures/hub/models/org/name, `datasets/org/name` for datasets; a folder under
                   examples/ is scanned as a local folder)
    options:       depth (default license_scan.limits.DEFAULT_DEPTH), revision (default none: main)
    error:         the error type when the target itself cannot be read (not-found, gated, ...);
                   absent: the target must scan without an error
    components: *  {code, weights, data}: each null (no such component) or
                   {expression, category[, licenses: [license ids, in report order]]}
    nodes: *       [{id, status[, code|weights|data: null or {expression, category[, licenses]}]}]:
                   the dependency tree's nodes, order-insensitive; the component keys are optional
                   and checked only where given (a node's effective terms)
    edges: *       [{from, to, relation}], order-insensitive
    findings: *    ["<severity> <code>", ...]: exactly the findings of the result, order-insensitive;
                   a code reported twice is listed twice, an unexpected finding fails the test
    exit_code: *   the exit code of a run over this target alone

Node ids of a local folder are written relative to the repository root (examples/<name>).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from license_scan.limits import DEFAULT_DEPTH
from license_scan.report.jsonout import render_json
from license_scan.scan import ScanOptions, run_scan
from schema_check import assert_valid_report

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "fixtures" / "hub"
EXAMPLES = ROOT / "examples"
COMPONENTS = ("code", "weights", "data")
SEVERITIES = ("info", "warning", "error")
KEYS = {"notes", "target", "options", "error", "components", "nodes", "edges", "findings", "exit_code"}
REQUIRED = {"notes", "components", "nodes", "edges", "findings", "exit_code"}


def hub_repo_folders() -> list[Path]:
    return sorted(p.parent for p in HUB.glob("*/*/*/repo.yaml"))


def cases() -> list[Path]:
    hub = [folder / "expected.yaml" for folder in hub_repo_folders()]
    return [p for p in hub if p.is_file()] + sorted(EXAMPLES.glob("*/expected.yaml"))


def case_id(path: Path) -> str:
    folder = path.parent
    return folder.relative_to(HUB).as_posix() if HUB in folder.parents else folder.relative_to(ROOT).as_posix()


def default_target(folder: Path) -> str:
    if HUB in folder.parents:
        kind, org, name = folder.relative_to(HUB).parts
        return f"{org}/{name}" if kind == "models" else f"datasets/{org}/{name}"
    return str(folder)  # a local folder


# --- reading expected.yaml -----------------------------------------------------------------

def check_component(where: str, spec: Any) -> None:
    if spec is None:
        return
    assert isinstance(spec, dict), f"{where}: null or a mapping, not {spec!r}"
    assert {"expression", "category"} <= set(spec) <= {"expression", "category", "licenses"}, \
        f"{where}: keys expression, category[, licenses], not {sorted(spec)}"
    assert "licenses" not in spec or isinstance(spec["licenses"], list), f"{where}.licenses: a list of ids"


def load_expected(path: Path) -> dict[str, Any]:
    where = path.relative_to(ROOT).as_posix()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{where}: not a mapping"
    assert not set(data) - KEYS, f"{where}: unknown keys {sorted(set(data) - KEYS)} (allowed: {sorted(KEYS)})"
    assert not REQUIRED - set(data), f"{where}: missing keys {sorted(REQUIRED - set(data))}"
    assert isinstance(data["notes"], str) and data["notes"].strip(), f"{where}: notes must say what the case is"
    assert set(data.get("options") or {}) <= {"depth", "revision"}, f"{where}: options are depth, revision"
    assert isinstance(data["components"], dict) and set(data["components"]) == set(COMPONENTS), \
        f"{where}: components must give code, weights and data (null for none)"
    for name in COMPONENTS:
        check_component(f"{where}: components.{name}", data["components"][name])
    for node in data["nodes"]:
        assert isinstance(node, dict) and {"id", "status"} <= set(node) <= {"id", "status", *COMPONENTS}, \
            f"{where}: node {node!r}: keys id, status[, code, weights, data]"
        for name in COMPONENTS:
            if name in node:
                check_component(f"{where}: node {node['id']}.{name}", node[name])
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids)), f"{where}: a node is listed twice"
    for edge in data["edges"]:
        assert isinstance(edge, dict) and set(edge) == {"from", "to", "relation"}, \
            f"{where}: edge {edge!r}: keys from, to, relation"
    for finding in data["findings"]:
        severity, _, code = str(finding).partition(" ")
        assert severity in SEVERITIES and code and " " not in code, \
            f"{where}: finding {finding!r} is not '<severity> <code>' (severity one of {SEVERITIES})"
    assert isinstance(data["exit_code"], int), f"{where}: exit_code must be an integer"
    return data


# --- what the scan gave, in expected.yaml's shape -------------------------------------------

def local_id(node_id: str) -> str:
    path = Path(node_id)
    return path.relative_to(ROOT).as_posix() if path.is_absolute() and ROOT in path.parents else node_id


def component(got: dict | None, spec: Any) -> Any:
    """The reported component, keeping what the expectation names (licenses only when it lists them)."""
    if got is None or not isinstance(spec, dict):
        return None if got is None else {"expression": got["expression"], "category": got["category"]}
    out = {"expression": got["expression"], "category": got["category"]}
    if "licenses" in spec:
        out["licenses"] = [lic["id"] for lic in got["licenses"]]
    return out


def flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=10_000)
    return text.removesuffix("...\n").strip()  # a bare scalar ends with a document end marker


def compare(expected: dict[str, Any], result: dict[str, Any], exit_code: int) -> list[str]:
    """One line per field that differs: `field: expected X, got Y`."""
    problems: list[str] = []

    def differ(field: str, want: Any, got: Any, extra: str = "") -> None:
        if want != got:
            problems.append(f"{field}: expected {flow(want)}, got {flow(got)}{extra}")

    differ("error", expected.get("error"), result["error"]["type"] if result["error"] else None)
    for name in COMPONENTS:
        want = expected["components"][name]
        differ(f"components.{name}", want, component(result["components"][name], want))

    nodes = {local_id(n["id"]): n for n in result["dependencies"]["nodes"]}
    want_nodes = {n["id"]: n["status"] for n in expected["nodes"]}
    got_nodes = {i: n["status"] for i, n in nodes.items()}
    changed = {i: f"{want_nodes.get(i)} -> {got_nodes.get(i)}" for i in {*want_nodes, *got_nodes}
               if want_nodes.get(i) != got_nodes.get(i)}
    differ("nodes (id: status)", want_nodes, got_nodes, f" (expected -> got: {flow(dict(sorted(changed.items())))})")
    for node in expected["nodes"]:
        for name in COMPONENTS:
            if name in node and node["id"] in nodes:
                differ(f"nodes[{node['id']}].{name}", node[name],
                       component(nodes[node["id"]]["components"][name], node[name]))

    def edge_key(e: dict[str, str]) -> tuple[str, str, str]:
        return local_id(e["from"]), local_id(e["to"]), e["relation"]

    want_edges = sorted(edge_key(e) for e in expected["edges"])
    got_edges = sorted(edge_key(e) for e in result["dependencies"]["edges"])
    differ("edges (from, to, relation)", [list(e) for e in want_edges], [list(e) for e in got_edges])

    want_findings = Counter(str(f) for f in expected["findings"])
    got_findings = Counter(f"{f['severity']} {f['code']}" for f in result["findings"])
    if want_findings != got_findings:
        missing, unexpected = want_findings - got_findings, got_findings - want_findings
        problems.append(
            f"findings: expected {flow(sorted(want_findings.elements()))}, got {flow(sorted(got_findings.elements()))}"
            f" (missing: {flow(sorted(missing.elements()))}; unexpected: {flow(sorted(unexpected.elements()))}; "
            "messages: " + "; ".join(f"{f['code']}: {f['message']}" for f in result["findings"]
                                     if f"{f['severity']} {f['code']}" in unexpected) + ")")
    differ("exit_code", expected["exit_code"], exit_code)
    return problems


# --- the tests ------------------------------------------------------------------------------

def test_every_fixture_repo_has_an_expected_result():
    folders = hub_repo_folders()
    assert folders, f"no fixture repos under {HUB}"
    missing = [f.relative_to(ROOT).as_posix() for f in folders if not (f / "expected.yaml").is_file()]
    assert not missing, f"fixture repos without expected.yaml: {missing}"


@pytest.mark.parametrize("path", cases(), ids=case_id)
def test_fixture_scan_gives_the_expected_result(hub_env, path: Path):
    expected = load_expected(path)
    options = expected.get("options") or {}
    target = expected.get("target") or default_target(path.parent)
    report = run_scan([target], ScanOptions(depth=options.get("depth", DEFAULT_DEPTH),
                                            revision=options.get("revision")))
    (result,) = assert_valid_report(render_json(report))["results"]
    problems = compare(expected, result, report.exit_code)
    if problems:
        pytest.fail(f"{path.relative_to(ROOT).as_posix()} (scan of {target}) differs from the tool's answer:\n  "
                    + "\n  ".join(problems), pytrace=False)
