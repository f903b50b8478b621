"""One snapshot → evidence per component, and findings: the detectors in order, joined.

Pure: reads only the snapshot, so it runs the same online, offline and in tests.
The order of the detectors is the order evidence is listed in (and the order
licenses appear in an expression): a file's own header first for code, then
the card's metadata, license files, a license text in the card, card prose,
the terms a gated repo's access form states, comments in the front matter, a permission table
that denies a use.
"""

from __future__ import annotations

from license_scan.detect.comments import detect_front_matter_comments
from license_scan.detect.denied import detect_denied_uses
from license_scan.detect.evidence import (
    Detected,
    Detector,
    EvidenceSink,
    main_component,
)
from license_scan.detect.files import detect_card_text, detect_license_files
from license_scan.detect.gate import detect_gate_terms
from license_scan.detect.headers import detect_code_headers
from license_scan.detect.metadata import detect_metadata
from license_scan.detect.prose import detect_prose
from license_scan.model import Finding, FindingSource
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

DETECTORS: tuple[Detector, ...] = (
    detect_code_headers, detect_metadata, detect_license_files, detect_card_text, detect_prose, detect_gate_terms,
    detect_front_matter_comments, detect_denied_uses,
)
DECLARED_SOURCES = ("front-matter", "tags")  # the card's own declaration, identified or not


def detect(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    sink = EvidenceSink()
    for detector in DETECTORS:
        sink.take(detector(snapshot, ruleset))
    main = sink.evidence[main_component(snapshot)]
    if not any(ev.rule or ev.source in DECLARED_SOURCES for ev in main):
        repo = snapshot.repo_id
        sink.findings.append(Finding("warning", "license-missing",
                                     f"{repo}: no license is declared in the card metadata, tags, files or prose",
                                     FindingSource(repo, "README.md" if snapshot.card else None, None)))
    return sink.result()
