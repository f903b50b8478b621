"""One snapshot → evidence per component, card metadata, and findings.

Pure: reads only the snapshot, so it runs the same online, offline and in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from license_scan.detect.card import parse_card
from license_scan.detect.files import file_evidence
from license_scan.detect.metadata import key_lines, read_metadata
from license_scan.detect.prose import prose_statements, says_same_as_base
from license_scan.model import Evidence, Finding, FindingSource
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

_CARD_KEYS = ("license", "license_name", "license_link", "tags", "base_model", "datasets")


@dataclass(frozen=True)
class Detection:
    evidence: Mapping[str, tuple[Evidence, ...]]  # component name → evidence
    metadata: Mapping[str, Any]  # card metadata (front matter, else the Hub's cardData)
    findings: tuple[Finding, ...]
    same_as_base: bool = False  # the card says it has its base model's license
    body: str = field(default="", repr=False)


def main_component(snapshot: Snapshot) -> str:
    """A dataset's own license is its data component; a model's is its weights."""
    return "data" if snapshot.kind == "dataset" else "weights"


def detect(snapshot: Snapshot, ruleset: Ruleset) -> Detection:
    repo = snapshot.repo_id
    main = main_component(snapshot)
    findings: list[Finding] = []
    evidence: dict[str, list[Evidence]] = {"code": [], "weights": [], "data": []}

    metadata: Mapping[str, Any] | None = None
    body = ""
    body_line = 1
    lines: dict[str, int] = {}
    card = snapshot.card
    if card is not None and card.text is not None:
        parsed = parse_card(card.text, repo=repo, path=card.path)
        findings.extend(parsed.findings)
        metadata, body, body_line = parsed.metadata, parsed.body, parsed.body_line
        lines = key_lines(card.text, _CARD_KEYS)
    if metadata is None and snapshot.card_data:
        metadata = snapshot.card_data  # gated or unreadable README: the Hub's parsed copy
    if card is None and not snapshot.card_data:
        findings.append(Finding("warning", "card-missing",
                                f"{repo}: no README.md model card; license can only come from files",
                                FindingSource(repo, None, None)))

    meta = read_metadata(metadata, snapshot.tags, ruleset, repo=repo, path="README.md", line_of=lines)
    evidence[main].extend(meta.evidence)
    findings.extend(meta.findings)

    for file in snapshot.license_files:
        fe = file_evidence(file, ruleset, repo=repo, default_component=main)
        evidence[fe.component].extend(fe.evidence)
        findings.extend(fe.findings)
        if file.text and not any(ev.rule for ev in fe.evidence):
            # No license text, but a NOTICE or pointer may still say "X is licensed under Y"
            for st in prose_statements(file.text, ruleset, path=file.path, line_offset=1, default=fe.component):
                evidence[st.component].append(st.evidence)

    if card is not None and card.text is not None:
        # A license text embedded in the card (a "License" section holding the terms) is file evidence
        fe = file_evidence(card, ruleset, repo=repo, default_component=main, report_unidentified=False)
        evidence[fe.component].extend(fe.evidence)
        findings.extend(fe.findings)
    if body:
        for st in prose_statements(body, ruleset, path=card.path if card else "README.md",
                                   line_offset=body_line, default=main):
            evidence[st.component].append(st.evidence)

    _gated(snapshot, findings)
    if not any(ev.rule for ev in evidence[main]) and not meta.evidence:
        findings.append(Finding("warning", "license-missing",
                                f"{repo}: no license is declared in the card metadata, tags, files or prose",
                                FindingSource(repo, "README.md" if card else None, None)))
    return Detection(
        {k: tuple(v) for k, v in evidence.items()}, dict(metadata or {}), tuple(findings),
        same_as_base=says_same_as_base(body), body=body,
    )


def _gated(snapshot: Snapshot, findings: list[Finding]) -> None:
    """DESIGN.md: a gated repo is judged from its metadata, and says what it could not read."""
    unreadable = [f.path for f in snapshot.unreadable if f.unreadable_reason == "gated"]
    other = [f"{f.path} ({f.unreadable_reason})" for f in snapshot.unreadable if f.unreadable_reason != "gated"]
    if unreadable:
        findings.append(Finding(
            "warning", "gated-files-unreadable",
            f"{snapshot.repo_id} is gated: classified from its Hub metadata only; could not read "
            f"{', '.join(unreadable)}. Accept the terms on the repo's Hub page and set HF_TOKEN to a token "
            "of that account to read them.",
            FindingSource(snapshot.repo_id, unreadable[0], None)))
    if other:
        findings.append(Finding("warning", "files-unreadable", f"{snapshot.repo_id}: could not read {', '.join(other)}",
                                FindingSource(snapshot.repo_id, None, None)))
