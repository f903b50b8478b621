"""One repo on its own: detect, then one component each for code, weights and data.

What it inherits from its base models, code repos and datasets is added later,
by graph/inherit.py, once the whole tree is known.
"""

from __future__ import annotations

from dataclasses import dataclass

from license_scan.classify.code import code_component
from license_scan.classify.component import Resolved, resolve_component
from license_scan.detect.evidence import main_component
from license_scan.detect.prose import says_different_from_base, says_same_as_base
from license_scan.detect.repo import detect
from license_scan.model import Component, Components, Finding, FindingSource
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot
from license_scan.source.turns import CPU_TURN


NO_LICENSE = Component("NOASSERTION", "unknown", (), ())


@dataclass(frozen=True)
class Classified:
    """What classification says about one repo on its own."""

    components: Components
    findings: tuple[Finding, ...]
    same_as_base: bool = False  # the card says it has its base model's license: the base decides


def classify_snapshot(snapshot: Snapshot, ruleset: Ruleset) -> Classified:
    """Own evidence only, no dependencies followed. The source's own findings come first."""
    with CPU_TURN:  # CPU work: the targets of a run take turns (source/turns.py); fetches overlap it
        return _classify(snapshot, ruleset)


def _classify(snapshot: Snapshot, ruleset: Ruleset) -> Classified:
    detection = detect(snapshot, ruleset)
    findings = [*snapshot.findings, *detection.findings]
    weights = resolve_component("weights", detection.of("weights"), ruleset, repo=snapshot.repo_id)
    data = resolve_component("data", detection.of("data"), ruleset, repo=snapshot.repo_id)
    code = code_component(snapshot, detection, ruleset)
    findings += [*weights.findings, *data.findings, *code.findings]
    # Nothing passes silently: a repo's own terms (a model's weights, a dataset's data) are never
    # null; with no license anywhere they are unknown (detect has said license-missing).
    if main_component(snapshot) == "weights" and weights.component is None:
        weights = Resolved(NO_LICENSE, ())
    if main_component(snapshot) == "data" and data.component is None:
        data = Resolved(NO_LICENSE, ())
    if snapshot.kind != "dataset" and not snapshot.metadata.get("datasets"):
        findings.append(Finding("info", "no-training-data-named",
                                f"{snapshot.repo_id}: the card names no training datasets; data terms are unknown",
                                FindingSource(snapshot.repo_id, "README.md", None)))
    return Classified(Components(code=code.component, weights=weights.component, data=data.component),
                      tuple(findings),
                      says_same_as_base(snapshot.body) and not says_different_from_base(snapshot.body))
