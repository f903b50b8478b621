"""Exit codes (README, "Exit codes"): 0 pass, 1 policy violation, 2 usage error, 3 incomplete scan.

Usage errors never reach here (the CLI exits 2 before scanning). Between 1 and
3, a violation wins: the run failed whatever else is missing. Only
`policy-violation` fails: `policy-review` warnings and waived violations
(`policy-exception-applied`) never do.
"""

from __future__ import annotations

from typing import Iterable

from license_scan.model import INCOMPLETE_FINDINGS, Finding, TargetResult

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


def is_complete(result: TargetResult) -> bool:
    """Complete: the target and every dependency were read, every file the verdict rests on too."""
    if result.error is not None:
        return False
    if any(f.code in INCOMPLETE_FINDINGS for f in result.findings):
        return False
    return all(node.status in ("ok", "cycle") for node in result.dependencies.nodes)


def exit_code(results: Iterable[TargetResult], *, policy_given: bool, run_findings: Iterable[Finding] = ()) -> int:
    """`run_findings`: findings about the run as a whole (a codebase's references, for `check`)."""
    results = list(results)
    if policy_given:  # imported here: a run without a policy never imports the policy modules
        from license_scan.policy.spec import POLICY_CODE

        if any(f.code == POLICY_CODE for r in results for f in r.findings):
            return EXIT_POLICY
    if not all(is_complete(r) for r in results) or any(f.code in INCOMPLETE_FINDINGS for f in run_findings):
        return EXIT_INCOMPLETE
    return EXIT_OK
