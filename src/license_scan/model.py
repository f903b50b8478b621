"""The one result model every stage produces and every reporter reads.

Frozen dataclasses only: stages hand these on and never mutate them, so a
reporter can trust that what it renders is what classification decided.
Field names follow the JSON contract (docs/report-json.md) one to one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, get_args

# Closed vocabularies, each a Literal type and the tuple of its values; the JSON Schema
# repeats them and a test keeps both equal.
# Categories in order from least to most restrictive: AND takes the last, OR the first.
Category = Literal["osi-approved", "permissive-weights", "rail-style", "custom-restricted", "unknown"]
ComponentName = Literal["code", "weights", "data"]
EvidenceSource = Literal["front-matter", "tags", "file", "prose", "inherited"]
Severity = Literal["error", "warning", "info"]
TargetKind = Literal["model", "dataset", "local"]
NodeStatus = Literal["ok", "gated", "missing", "offline", "cycle", "depth-limit", "error"]
Relation = Literal["finetune", "adapter", "quantized", "merge", "dataset", "code", "component"]
FileRole = Literal["card", "license", "config", "code", "component"]
ObligationStatus = Literal["met", "unmet", "user"]  # seen fulfilled in the repo / seen missing / not visible in a repo
ErrorType = Literal["gated", "not-found", "revision-not-found", "network", "offline-miss", "invalid-target"]

CATEGORIES: tuple[Category, ...] = get_args(Category)
COMPONENT_NAMES: tuple[ComponentName, ...] = get_args(ComponentName)
EVIDENCE_SOURCES: tuple[EvidenceSource, ...] = get_args(EvidenceSource)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
TARGET_KINDS: tuple[TargetKind, ...] = get_args(TargetKind)
NODE_STATUSES: tuple[NodeStatus, ...] = get_args(NodeStatus)
RELATIONS: tuple[Relation, ...] = get_args(Relation)
ERROR_TYPES: tuple[ErrorType, ...] = get_args(ErrorType)
OBLIGATION_STATUSES: tuple[ObligationStatus, ...] = get_args(ObligationStatus)
# Finding codes that say something the verdict may rest on was not read (a file, part of one, a
# dependency): the scan is incomplete (exit 3) whatever else it found. docs/findings.md marks them.
INCOMPLETE_FINDINGS = frozenset({
    "gated-files-unreadable", "files-unreadable", "file-too-large", "card-truncated", "license-files-capped",
    "listing-truncated", "references-truncated", "dependency-unreadable", "depth-limit-reached", "tree-truncated",
    "ref-file-too-large", "ref-files-capped", "audit-files-not-read",
})
WEIGHT_RELATIONS: tuple[Relation, ...] = ("finetune", "adapter", "quantized", "merge")  # base_model_relation values


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

    source: EvidenceSource
    rule: str | None  # rule id that matched, None when nothing did
    score: float  # 0..1 confidence
    path: str | None = None
    sha256: str | None = None
    span: Span | None = None
    value: str | None = None  # the raw value read (tag, license_name, phrase)
    modified: bool = False
    # An SPDX expression the source states as one whole (`MIT OR Apache-2.0`, `Apache-2.0 WITH
    # LLVM-exception`), in the rule set's license ids; `rule` then names its first license.
    expression: str | None = None
    # True for a file that states no license terms at all (a NOTICE of copyright lines and credits,
    # a pointer such as "see LICENSE"): recorded for the auditor, never read as unknown terms.
    # Evidence with `rule` None and `no_terms` False is terms that could not be identified or read:
    # it joins its component as unknown terms.
    no_terms: bool = False


@dataclass(frozen=True)
class LicenseInfo:
    """A license as it appears in a component's expression."""

    id: str  # SPDX id or LicenseRef-<rule id>
    hub_id: str | None
    name: str
    category: Category
    modified: bool = False


@dataclass(frozen=True)
class ObligationEvidence:
    """Where a repo shows an obligation met (or where it should be met): a file, a 1-based line when known,
    and what was found there (a copyright line, the repo's name)."""

    path: str | None
    line: int | None = None
    value: str | None = None


@dataclass(frozen=True)
class Obligation:
    kind: str  # from rules/obligation-kinds.yaml
    component: ComponentName
    text: str
    license: str
    source: str  # "rule:<id>" or "inherited:<repo>"
    params: Mapping[str, Any] = field(default_factory=dict)
    # Set by graph/obligations.py once the tree is read: met (evidence says where), unmet (looked_for says
    # what was missing and evidence where it belongs), user (nothing a repo can show); None before that.
    status: ObligationStatus | None = None
    evidence: ObligationEvidence | None = None
    looked_for: str | None = None


@dataclass(frozen=True)
class Component:
    expression: str
    category: Category
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
    severity: Severity
    code: str  # documented in docs/findings.md
    message: str
    source: FindingSource | None = None


@dataclass(frozen=True)
class FileRecord:
    """A file the verdict rests on, as it was read: the proof an auditor re-checks."""

    path: str
    role: FileRole
    sha256: str | None  # of the bytes read; None when unreadable
    size: int | None
    unreadable: str | None = None  # why it was not read, when it was not
    text: str | None = None  # license-like files only: the terms as read (NOTICE files, SPDX extracted texts)


@dataclass(frozen=True)
class CardFacts:
    """What a model card says beyond licenses, for evidence formats (SPDX AI / Dataset profiles, ML-BOMs)."""

    task: str | None = None  # pipeline_tag
    library: str | None = None  # library_name
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    base_models: tuple[str, ...] = ()  # as the card writes them
    datasets: tuple[str, ...] = ()  # as the card writes them
    limitations: str | None = None  # the card's limitations / bias / risks section, as written (capped)
    intended_use: str | None = None  # the card's intended use section, as written (capped)


@dataclass(frozen=True)
class Node:
    id: str
    kind: TargetKind
    revision: str | None
    status: NodeStatus
    components: Components = field(default_factory=Components)  # effective terms, inherited ones included
    declared: str | None = None  # the repo's own terms (card and files) before inheritance; None: not read
    files: tuple[FileRecord, ...] = ()
    card: CardFacts | None = None


@dataclass(frozen=True)
class Edge:
    source: str  # rendered as "from"
    target: str  # rendered as "to"
    relation: Relation


@dataclass(frozen=True)
class Dependencies:
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()


@dataclass(frozen=True)
class ErrorInfo:
    type: ErrorType
    message: str


@dataclass(frozen=True)
class TargetResult:
    target: str
    kind: TargetKind
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
class Location:
    """Where a codebase names a Hub repo (`license-scan check`)."""

    path: str  # relative to the checked folder, '/'-separated
    line: int  # 1-based
    column: int | None = None  # 1-based
    how: str = ""  # e.g. "from_pretrained", "config key model_name_or_path", "list file"


@dataclass(frozen=True)
class Reference:
    """One Hub repo a codebase depends on, with every place that names it."""

    target: str  # the result's `target` this reference was scanned as (e.g. "org/name", "datasets/org/name")
    kind: TargetKind  # model or dataset
    named_as: str  # as the code wrote it first (a legacy id such as `gpt2` before resolution)
    locations: tuple[Location, ...]


@dataclass(frozen=True)
class Report:
    tool_name: str
    tool_version: str
    ruleset: RulesetInfo
    generated_at: str
    results: tuple[TargetResult, ...]
    exit_code: int
    depth: int | None = None  # how far references were followed (ScanOptions.depth); None: not recorded
    references: tuple[Reference, ...] = ()  # `check`: the Hub repos the codebase names, and where
    findings: tuple[Finding, ...] = ()  # about the run rather than one target (`check`: the codebase's references)


AuditTier = Literal[1, 2]  # 1: the listing's metadata alone; 2: the repo's files read, as `scan` reads them


@dataclass(frozen=True)
class AuditRecord:
    """One repo of an audit (`license-scan audit`): its verdict in a scan's shape, and which tier made it."""

    result: TargetResult
    tier: AuditTier
    reason: str | None = None  # why its files were read (tier 2), or why they were wanted and not read
    last_modified: str | None = None
