"""The one shape every detector returns: evidence by component, and findings.

A detector is a pure function `(Snapshot, Ruleset) -> Detected`; `detect()`
runs them in order and joins what they return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from license_scan.model import COMPONENT_NAMES, ComponentName, Evidence, Finding
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot


@dataclass(frozen=True)
class Detected:
    evidence: Mapping[ComponentName, tuple[Evidence, ...]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()

    def of(self, component: ComponentName) -> tuple[Evidence, ...]:
        return self.evidence.get(component, ())


Detector = Callable[[Snapshot, Ruleset], Detected]


class EvidenceSink:
    """Collects evidence by component and findings while a detector runs."""

    def __init__(self) -> None:
        self.evidence: dict[ComponentName, list[Evidence]] = {name: [] for name in COMPONENT_NAMES}
        self.findings: list[Finding] = []

    def add(self, component: ComponentName, evidence: Iterable[Evidence]) -> None:
        self.evidence[component].extend(evidence)

    def take(self, detected: Detected) -> None:
        for name, found in detected.evidence.items():
            self.evidence[name].extend(found)
        self.findings.extend(detected.findings)

    def result(self) -> Detected:
        return Detected({k: tuple(v) for k, v in self.evidence.items()}, tuple(self.findings))


def main_component(snapshot: Snapshot) -> ComponentName:
    """A dataset's own license is its data component; a model's is its weights."""
    return "data" if snapshot.kind == "dataset" else "weights"
