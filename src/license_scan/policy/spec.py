"""What a policy is, once loaded: every rule normalised, each knowing where the file states it.

docs/policy.md describes the file; `load.py` builds a `Policy` from it and
`default_policy()` is what applies when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Mapping

from license_scan.model import COMPONENT_NAMES, Category, ComponentName

# Finding codes of the policy stage (docs/findings.md lists each).
POLICY_CODE = "policy-violation"  # error: fails the run (exit 1)
REVIEW_CODE = "policy-review"  # warning: a component the policy sends to review; never fails
EXCEPTION_APPLIED_CODE = "policy-exception-applied"  # info: an exception waived the target's violations
EXCEPTION_EXPIRED_CODE = "policy-exception-expired"  # warning: an exception past its date no longer applies
CLARIFIED_CODE = "policy-clarified"  # info: a clarification replaced the scanner's verdict
CLARIFY_STALE_CODE = "policy-clarify-stale"  # warning: a clarification no longer applies (a file changed)

DEFAULT_SOURCE = "default policy"
DEFAULT_ALLOW: tuple[Category, ...] = ("osi-approved", "permissive-weights")
FAIL_ON_LEVELS: Mapping[str, tuple[str, ...]] = {"error": ("error",), "warning": ("error", "warning"), "none": ()}

Action = Literal["allow", "deny", "review"]
Kind = Literal["licenses", "categories"]


@dataclass(frozen=True)
class Where:
    """A place in the policy file (or the built-in default), as findings and errors name it."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file} line {self.line}" if self.line is not None else self.file


@dataclass(frozen=True)
class Named:
    """One license or category an allow / deny / review section names."""

    action: Action
    kind: Kind
    written: str  # as the file writes it (`cc-by-nc-4.0`, `llama3.1`)
    key: str  # the rule set's license id (`CC-BY-NC-4.0`, `LicenseRef-llama3.1`), or the category
    where: Where

    @property
    def rule(self) -> str:
        """`deny.licenses: cc-by-nc-4.0 (policy.yaml line 3)`."""
        return f"{self.action}.{self.kind}: {self.written} ({self.where})"


@dataclass(frozen=True)
class Requirement:
    """A capability the policy requires, and the obligation kinds that forbid it (policy/capabilities.yaml)."""

    name: str
    forbidden_by: tuple[str, ...]
    where: Where
    unmet: bool = False  # judged by obligation status: any unmet obligation forbids it

    @property
    def rule(self) -> str:
        return f"require: {self.name} ({self.where})"


@dataclass(frozen=True)
class PolicyException:
    """A target whose whole tree the policy lets pass, with the reason, until `expires` (exclusive)."""

    target: str  # exact repo id as the result names it (`org/name`; datasets: `datasets/org/name`)
    reason: str
    expires: date
    where: Where

    @property
    def rule(self) -> str:
        return f"exceptions: {self.target} ({self.where})"


@dataclass(frozen=True)
class Clarification:
    """The team's statement of one repo component's terms, valid while the named files keep their hashes."""

    target: str  # node id: `org/name`, `datasets/org/name`
    component: ComponentName
    expression: str  # in the rule set's ids
    written: str  # as the file writes it
    reason: str
    files: Mapping[str, str]  # path in the repo -> sha256 (lower-case hex)
    where: Where

    @property
    def rule(self) -> str:
        return f"clarify: {self.target} {self.component} ({self.where})"


@dataclass(frozen=True)
class Policy:
    source: str = DEFAULT_SOURCE  # the file it was read from
    licenses: Mapping[str, Named] = field(default_factory=dict)  # license id -> the section naming it
    categories: Mapping[str, Named] = field(default_factory=dict)  # category -> the section naming it
    allow_section: Where | None = None  # where `allow` is; None: no allow section (what no entry names passes)
    components: tuple[ComponentName, ...] = COMPONENT_NAMES
    require: tuple[Requirement, ...] = ()
    exceptions: tuple[PolicyException, ...] = ()
    clarify: tuple[Clarification, ...] = ()
    custom_licenses: tuple[str, ...] = ()  # LicenseRef-… ids a clarification declares and the rule set lacks
    fail_on_findings: str = "error"  # findings this severe fail too: error | warning | none
    fail_on_where: Where | None = None


def default_policy() -> Policy:
    """No policy file: allow `osi-approved` and `permissive-weights`, fail everything else."""
    where = Where(DEFAULT_SOURCE)
    return Policy(
        categories={c: Named("allow", "categories", c, c, where) for c in DEFAULT_ALLOW},
        allow_section=where, fail_on_where=where,
    )
