"""A `check` Report built by hand (model dataclasses only) for the CI outputs' tests: a fine-tune that
fails the policy through the terms it inherits, a model that needs review, one whose exception expired,
one waived by an exception, one that passes, and one no reference names (a plain scan)."""

from __future__ import annotations

from dataclasses import replace

from license_scan.model import (
    Component, Components, Dependencies, Edge, Finding, FindingSource, LicenseInfo, Location, Node, Reference,
    Report, RulesetInfo, TargetResult,
)

POLICY = "license-scan.yaml"
LLAMA = LicenseInfo("LicenseRef-llama3.1", "llama3.1", "Llama 3.1 Community License", "custom-restricted")
APACHE = LicenseInfo("Apache-2.0", "apache-2.0", "Apache License 2.0", "osi-approved")
RAIL = LicenseInfo("LicenseRef-openrail-m", "openrail", "OpenRAIL-M", "rail-style")


def _comp(*licenses: LicenseInfo) -> Component:
    category = max((l.category for l in licenses), key=["osi-approved", "rail-style", "custom-restricted"].index)
    return Component(" AND ".join(l.id for l in licenses), category, licenses, ())


def _result(target: str, weights: Component, findings: tuple[Finding, ...], nodes: tuple[Node, ...] = (),
            edges: tuple[Edge, ...] = ()) -> TargetResult:
    root = Node(target, "model", "a" * 40, "ok", Components(weights=weights), declared=weights.expression)
    return TargetResult(target, "model", target, "a" * 40, None, Components(weights=weights),
                        Dependencies((root, *nodes) if not nodes or nodes[0].id != target else nodes, edges), findings)


def _src(repo: str) -> FindingSource:
    return FindingSource(repo, None, None)


def gate_report() -> Report:
    ft_weights = _comp(APACHE, LLAMA)
    base = Node("meta/llama-base", "model", "b" * 40, "ok", Components(weights=_comp(LLAMA)),
                declared="LicenseRef-llama3.1")
    ft_root = Node("acme/llama-ft", "model", "a" * 40, "ok", Components(weights=ft_weights), declared="Apache-2.0")
    failing = _result("acme/llama-ft", ft_weights, (
        Finding("info", "no-code", "acme/llama-ft ships no source code; no code component", _src("acme/llama-ft")),
        Finding("error", "policy-violation",
                "acme/llama-ft: weights is custom-restricted (Apache-2.0 AND LicenseRef-llama3.1): fails the policy: "
                f"LicenseRef-llama3.1 [custom-restricted]: deny.categories: custom-restricted ({POLICY} line 2)",
                _src("acme/llama-ft")),
    ), nodes=(ft_root, base), edges=(Edge("acme/llama-ft", "meta/llama-base", "finetune"),))
    review = _result("acme/rail", _comp(RAIL), (
        Finding("warning", "policy-review", "acme/rail: weights is rail-style (LicenseRef-openrail-m): needs review: "
                f"LicenseRef-openrail-m [rail-style]: review.categories: rail-style ({POLICY} line 3)", _src("acme/rail")),
    ))
    expired = _result("acme/old", _comp(APACHE), (
        Finding("warning", "policy-exception-expired",
                f"acme/old: exceptions[0] ({POLICY} line 6) expired on 2026-01-01 (ticket 9); it no longer applies",
                _src("acme/old")),
    ))
    waived = _result("acme/waived", _comp(LLAMA), (
        Finding("info", "policy-exception-applied",
                f"acme/waived: exceptions[1] ({POLICY} line 7) lets it pass until 2027-06-30 (legal ok); waived: ...",
                _src("acme/waived")),
    ))
    passing = _result("acme/apache", _comp(APACHE), ())
    unnamed = _result("acme/unnamed", _comp(LLAMA), (
        Finding("error", "policy-violation", "acme/unnamed: weights is custom-restricted (LicenseRef-llama3.1): fails "
                f"the policy: LicenseRef-llama3.1 [custom-restricted]: deny.categories: custom-restricted ({POLICY} line 2)",
                _src("acme/unnamed")),
    ))
    references = (
        Reference("acme/llama-ft", "model", "acme/llama-ft", (
            Location("train.py", 12, 9, "AutoModelForCausalLM.from_pretrained"),
            Location("recipes/sft.yaml", 3, None, "config key model_name_or_path"),
        )),
        Reference("acme/rail", "model", "acme/rail", (Location("serve.py", 4, 12, "pipeline(model=)"),)),
        Reference("acme/old", "model", "acme/old", (Location("license-scan-models.txt", 2, 1, "list file"),)),
        Reference("acme/waived", "model", "acme/waived", (Location("train.py", 20, 5, "from_pretrained"),)),
        Reference("acme/apache", "model", "apache-legacy", (Location("serve.py", 8, 5, "from_pretrained"),)),
    )
    return Report("license-scan", "0.1.0", RulesetInfo("2026.11.30", "sha256:" + "c" * 64), "2026-11-30T12:00:00Z",
                  (failing, review, expired, waived, passing, unnamed), 1, depth=5, references=references)


def passing_report() -> Report:
    """Only the passing and the reviewed targets: exit 0, one warning."""
    report = gate_report()
    keep = {"acme/apache", "acme/rail"}
    return replace(report, exit_code=0, results=tuple(r for r in report.results if r.target in keep),
                   references=tuple(r for r in report.references if r.target in keep))
