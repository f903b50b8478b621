"""The policy file: which categories and licenses an organisation accepts.

```yaml
components: [weights, code, data]   # judged components (default: all three)
allow_categories: [osi-approved, permissive-weights]
allow_licenses: [LicenseRef-llama3.1]   # allowed whatever their category
deny_licenses: [AGPL-3.0-only]           # refused whatever their category
fail_on_findings: error                  # findings this severe fail too (error | warning | none)
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from license_scan.errors import UsageError
from license_scan.fileio import YAMLError, load_yaml
from license_scan.model import CATEGORIES, COMPONENT_NAMES, Finding, FindingSource, TargetResult

_KEYS = {"components", "allow_categories", "allow_licenses", "deny_licenses", "fail_on_findings"}
POLICY_CODE = "policy-violation"


@dataclass(frozen=True)
class Policy:
    components: tuple[str, ...] = COMPONENT_NAMES
    allow_categories: tuple[str, ...] = ("osi-approved", "permissive-weights")
    allow_licenses: tuple[str, ...] = ()
    deny_licenses: tuple[str, ...] = ()
    fail_on_findings: str = "error"


def _strings(raw: dict, key: str, path: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    if key not in raw:
        return None
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}: '{key}' must be a list of strings")
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            raise UsageError(f"{path}: '{key}' has unknown values {bad}; expected some of {list(allowed)}")
    return tuple(value)


def load_policy(path: str) -> Policy:
    try:
        raw = load_yaml(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read policy file ({exc.strerror})") from None
    except YAMLError as exc:
        raise UsageError(f"{path}: policy file is not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: a policy file must be a YAML mapping")
    unknown = set(raw) - _KEYS
    if unknown:
        raise UsageError(f"{path}: unknown policy keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    fail_on = raw.get("fail_on_findings", "error")
    if fail_on not in ("error", "warning", "none"):
        raise UsageError(f"{path}: fail_on_findings must be error, warning or none")
    default = Policy()
    components = _strings(raw, "components", path, COMPONENT_NAMES)
    categories = _strings(raw, "allow_categories", path, CATEGORIES)
    return Policy(
        components=default.components if components is None else components,
        allow_categories=default.allow_categories if categories is None else categories,
        allow_licenses=_strings(raw, "allow_licenses", path) or (),
        deny_licenses=_strings(raw, "deny_licenses", path) or (),
        fail_on_findings=fail_on,
    )


def evaluate(policy: Policy, result: TargetResult) -> tuple[Finding, ...]:
    """Policy findings for one result (error severity: each fails the run)."""
    out: list[Finding] = []
    repo = result.repo_id
    for name in policy.components:
        component = getattr(result.components, name)
        if component is None:
            continue
        for lic in component.licenses:
            if lic.id in policy.deny_licenses:
                out.append(Finding("error", POLICY_CODE, f"{repo}: {name} license {lic.id} is denied by the policy",
                                   FindingSource(repo, None, None)))
        ids = {lic.id for lic in component.licenses}
        if ids and ids <= set(policy.allow_licenses):
            continue
        if component.category not in policy.allow_categories and not (ids & set(policy.deny_licenses)):
            out.append(Finding(
                "error", POLICY_CODE,
                f"{repo}: {name} is {component.category} ({component.expression}); the policy allows "
                f"{', '.join(policy.allow_categories) or 'no category'}", FindingSource(repo, None, None)))
    levels = {"error": ("error",), "warning": ("error", "warning"), "none": ()}[policy.fail_on_findings]
    for f in result.findings:
        if f.severity in levels and f.code != POLICY_CODE:
            out.append(Finding("error", POLICY_CODE, f"{repo}: finding '{f.code}' fails the policy: {f.message}",
                               f.source))
    return tuple(out)
