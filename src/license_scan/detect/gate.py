"""Terms a gated repo asks its users to accept before they download it.

Why: the Hub's access form is card metadata anyone can read, also when the
repo's files cannot be read: `extra_gated_prompt` (often the license itself,
or "you agree to use it for research only"), `extra_gated_heading`,
`extra_gated_description`, and the labels of `extra_gated_fields` ("I agree
to use this model for non-commercial use ONLY": a checkbox). A model tagged
`apache-2.0` whose form makes users promise non-commercial use is not free
to use commercially. The form is weak evidence, like card prose: it decides
only where nothing stronger names a license, or joins where it is more
restrictive (the most restrictive reading wins). A license text in the
prompt is identified as a license file is; part of one says nothing here (the
declared license and the files still speak).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from license_scan import limits
from license_scan.detect.evidence import Detected, EvidenceSink, main_component
from license_scan.detect.prose import SCORE_PROSE, prose_statements
from license_scan.model import Evidence, Span
from license_scan.ruleset import Ruleset
from license_scan.source.snapshot import Snapshot

GATE_TEXT_KEYS = ("extra_gated_heading", "extra_gated_description", "extra_gated_prompt")
GATE_FIELDS_KEY = "extra_gated_fields"


def gate_texts(metadata: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, text) of each part of the access form that says something; field labels one per line."""
    out = []
    for key in GATE_TEXT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            out.append((key, value[:limits.MAX_PROSE_CHARS]))
    fields = metadata.get(GATE_FIELDS_KEY)
    labels: list[str] = []
    if isinstance(fields, Mapping):
        labels = [k for k in fields if isinstance(k, str)]
    elif isinstance(fields, list):  # [{label: ..., type: ...}, ...]
        labels = [f["label"] for f in fields if isinstance(f, Mapping) and isinstance(f.get("label"), str)]
    labels = [" ".join(label.split()) for label in labels if label.strip()]
    if labels:
        # each label its own sentence: "I agree to use this model for non-commercial use ONLY."
        out.append((GATE_FIELDS_KEY, "\n\n".join(label.rstrip(".") + "." for label in labels)[:limits.MAX_PROSE_CHARS]))
    return out


def detect_gate_terms(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """The licenses and restrictions the access form states, as prose evidence named by its key."""
    texts = gate_texts(snapshot.metadata)
    if not texts:
        return Detected()
    sink = EvidenceSink()
    main = main_component(snapshot)
    path = snapshot.card.path if snapshot.card else "README.md"
    for key, text in texts:
        line = snapshot.metadata_lines.get(key)
        where = Span(0, 0, line, line) if line else None
        if key == "extra_gated_prompt":
            from license_scan.detect.text import (
                identify_text,  # the index loads only when a text needs it
            )

            for m in identify_text(text, ruleset, scope="section"):
                if not m.partial:
                    sink.add(main, [Evidence("prose", m.rule_id, SCORE_PROSE, path=path, span=where,
                                             modified=m.modified, value=f"{key}: the text of {m.rule_id}")])
        for st in prose_statements(text, ruleset, path=path, line_offset=line or 1, default=main,
                                   repo_id=snapshot.repo_id, card=True):
            sink.add(st.component, [replace(st.evidence, span=where, value=f"{key}: {st.evidence.value}")])
    return sink.result()
