"""The one result model every stage produces and every reporter reads.

Frozen dataclasses only: stages hand these on and never mutate them, so a
reporter can trust that what it renders is what classification decided.
Field names follow the JSON contract in DESIGN.md one to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

# Closed vocabularies; the JSON Schema repeats them and a test keeps both equal.
CATEGORIES = ("osi-approved", "permissive-weights", "rail-style", "custom-restricted", "unknown")
COMPONENT_NAMES = ("code", "weights", "data")
EVIDENCE_SOURCES = ("front-matter", "tags", "file", "prose", "inherited")
SEVERITIES = ("error", "warning", "info")
TARGET_KINDS = ("model", "dataset", "local")
NODE_STATUSES = ("ok", "gated", "missing", "offline", "cycle", "depth-limit", "error")
RELATIONS = ("finetune", "adapter", "quantized", "merge", "dataset", "code")
ERROR_TYPES = ("gated", "not-found", "revision-not-found", "network", "offline-miss", "invalid-target")


@dataclass(frozen=True)
class Span:
    """Where in a text a match was found (character offsets, 1-based lines)."""

    start: int
    end: int
    start_line: int
    end_line: int


@dataclass(frozen=True)
class Evidence:
    """One identification of a license, and where it came from."""

    source: str  # one of EVIDENCE_SOURCES
    rule: str | None  # rule id that matched, None when nothing did
    score: float  # 0..1 confidence
    path: str | None = None
    sha256: str | None = None
    span: Span | None = None
    value: str | None = None  # the raw value read (tag, license_name, phrase)
    modified: bool = False


@dataclass(frozen=True)
class LicenseInfo:
    """A license as it appears in a component's expression."""

    id: str  # SPDX id or LicenseRef-<rule id>
    hub_id: str | None
    name: str
    category: str
    modified: bool = False


@dataclass(frozen=True)
class Obligation:
    kind: str  # from rules/obligation-kinds.yaml
    component: str
    text: str
    license: str
    source: str  # "rule:<id>" or "inherited:<repo>"
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Component:
    expression: str
    category: str
    licenses: tuple[LicenseInfo, ...]
    evidence: tuple[Evidence, ...]
    obligations: tuple[Obligation, ...] = ()


@dataclass(frozen=True)
class Components:
    code: Component | None = None
    weights: Component | None = None
    data: Component | None = None


@dataclass(frozen=True)
class FindingSource:
    repo: str | None
    path: str | None
    line: int | None = None


@dataclass(frozen=True)
class Finding:
    severity: str  # one of SEVERITIES
    code: str  # documented in docs/findings.md
    message: str
    source: FindingSource | None = None


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    revision: str | None
    status: str
    components: Components = field(default_factory=Components)


@dataclass(frozen=True)
class Edge:
    source: str  # rendered as "from"
    target: str  # rendered as "to"
    relation: str


@dataclass(frozen=True)
class Dependencies:
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()


@dataclass(frozen=True)
class ErrorInfo:
    type: str  # one of ERROR_TYPES
    message: str


@dataclass(frozen=True)
class TargetResult:
    target: str
    kind: str
    repo_id: str | None
    revision: str | None
    requested_revision: str | None
    components: Components
    dependencies: Dependencies
    findings: tuple[Finding, ...]
    error: ErrorInfo | None = None


@dataclass(frozen=True)
class RulesetInfo:
    version: str
    digest: str


@dataclass(frozen=True)
class Report:
    tool_name: str
    tool_version: str
    ruleset: RulesetInfo
    generated_at: str
    results: tuple[TargetResult, ...]
    exit_code: int
