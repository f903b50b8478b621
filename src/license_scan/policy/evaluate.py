"""A scanned target against a policy: the policy's findings (docs/policy.md, docs/findings.md).

Pure: "today" (for exception expiry) is a parameter, taken from the report's
`generated_at` by `evaluate_report`, never read from the clock here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from license_scan.graph.walk import node_id
from license_scan.model import Component, ComponentName, Finding, FindingSource, Report, TargetResult
from license_scan.policy.clarify import clarify_findings
from license_scan.policy.exit import exit_code
from license_scan.policy.judge import judge_component
from license_scan.policy.spec import (
    CLARIFIED_CODE, CLARIFY_STALE_CODE, EXCEPTION_APPLIED_CODE, EXCEPTION_EXPIRED_CODE, FAIL_ON_LEVELS, POLICY_CODE,
    REVIEW_CODE, Policy,
)

# the policy's own findings: `fail_on_findings` never judges them
POLICY_CODES = frozenset({POLICY_CODE, REVIEW_CODE, EXCEPTION_APPLIED_CODE, EXCEPTION_EXPIRED_CODE, CLARIFIED_CODE,
                          CLARIFY_STALE_CODE})


def judged_components(policy: Policy, result: TargetResult) -> tuple[ComponentName, ...]:
    """The components `components` names; a dataset's own terms (its data) always."""
    names = list(policy.components)
    if result.kind == "dataset" and "data" not in names:
        names.append("data")
    return tuple(names)


def evaluate(policy: Policy, result: TargetResult, *, today: date) -> tuple[Finding, ...]:
    """The policy findings for one result: `policy-violation` errors (exit 1), `policy-review` warnings,
    exception and clarification notes. A result that could not be read has none (it is incomplete: exit 3)."""
    if result.error is not None:
        return ()
    repo = result.repo_id or result.target
    where = FindingSource(repo, None, None)
    notes: list[Finding] = clarify_findings(policy, result)
    violations: list[Finding] = []
    for name in judged_components(policy, result):
        comp = getattr(result.components, name)
        if comp is None:
            continue
        judged = judge_component(policy, comp)
        said = f"{repo}: {name} is {comp.category} ({comp.expression})"
        if judged.verdict == "fail":
            violations.append(Finding("error", POLICY_CODE, f"{said}: fails the policy: {'; '.join(judged.reasons)}",
                                      where))
        elif judged.verdict == "review":
            notes.append(Finding("warning", REVIEW_CODE, f"{said}: needs review: {'; '.join(judged.reasons)}", where))
        violations += _requirements(policy, repo, name, comp)
    levels = FAIL_ON_LEVELS[policy.fail_on_findings]
    violations += [
        Finding("error", POLICY_CODE, f"{repo}: finding '{f.code}' ({f.severity}) fails the policy "
                                      f"(fail_on_findings: {policy.fail_on_findings}, {policy.fail_on_where}): {f.message}",
                f.source)
        for f in result.findings if f.severity in levels and f.code not in POLICY_CODES
    ]
    named = node_id(result.kind, result.repo_id) if result.repo_id else result.target  # datasets/org/name
    exception = next((e for e in policy.exceptions if e.target.lower() == named.lower()), None)
    if exception is None:
        return tuple(notes + violations)
    if today >= exception.expires:
        expired = Finding("warning", EXCEPTION_EXPIRED_CODE,
                          f"{repo}: {exception.rule} expired on {exception.expires.isoformat()} ({exception.reason}); "
                          f"it no longer applies{', so the target is judged again' if violations else ''}", where)
        return tuple([expired, *notes, *violations])
    if not violations:
        return tuple(notes)
    waived = "; ".join(f.message for f in violations)
    applied = Finding("info", EXCEPTION_APPLIED_CODE,
                      f"{repo}: {exception.rule} lets it pass until {exception.expires.isoformat()} "
                      f"({exception.reason}); waived: {waived}", where)
    return tuple([*notes, applied])


def _requirements(policy: Policy, repo: str, name: ComponentName, comp: Component) -> list[Finding]:
    out = []
    for req in policy.require:
        against = [o for o in comp.obligations
                   if o.kind in req.forbidden_by or (req.unmet and o.status == "unmet")]
        if against:
            held = "; ".join(dict.fromkeys(
                f"{'unmet ' if req.unmet else ''}{o.kind} ({o.license}"
                f"{', ' + o.source if o.source.startswith('inherited:') else ''})"
                for o in against))
            out.append(Finding("error", POLICY_CODE, f"{repo}: {name} ({comp.expression}) does not allow "
                                                     f"{req.name}: {req.rule}: it carries {held}",
                               FindingSource(repo, None, None)))
    return out


def report_day(report: Report) -> date:
    """The day the report was made (its `generated_at`), which decides whether exceptions have expired."""
    return date.fromisoformat(report.generated_at[:10])


def evaluate_report(policy: Policy, report: Report) -> Report:
    """A report judged against a policy: each result gains its policy findings, the exit code is recomputed.
    "Today" is the report's `generated_at` day. For a report made without the policy (its clarifications
    were not applied when classifying): those say so, as `policy-clarify-stale`."""
    today = report_day(report)
    results = tuple(replace(r, findings=r.findings + evaluate(policy, r, today=today)) for r in report.results)
    return replace(report, results=results, exit_code=exit_code(results, policy_given=True))

