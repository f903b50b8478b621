"""The "Pull request check" section of the Markdown report (`check`, when the report has references):
pass or fail in words, then per failing or warned repo where the code names it, the policy finding
that decides and its rule, the chain that carries the terms, and how to fix or except it.
Plain data for templates/report.md.j2; every string from a card or the codebase is escaped there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from license_scan.model import Report
from license_scan.report.gate import GateFinding, gate_findings, rule_help
from license_scan.report.view import SEVERITY_MARK, clean

# The policy's findings say "<what>: fails the policy: <reason>; <reason>", each reason naming its rule.
_DECIDED = (": fails the policy: ", ": needs review: ")


class Href(str):
    """A link destination built here: percent-encoded, relative, printed as is by the template."""


def href(path: str, line: int) -> Href:
    """`./path#Lline`, relative to the repository root; nothing in it can start markup or a scheme."""
    return Href(f"./{quote(clean(path).replace(chr(92), '/').lstrip('/'), safe='/')}#L{max(1, int(line))}")


def _split(message: str) -> tuple[str, list[str]]:
    """A policy message as what it judges and the reasons that decided (each naming its policy rule)."""
    text = clean(message)
    for marker in _DECIDED:
        head, found, tail = text.partition(marker)
        if found:
            return f"{head}: {marker.strip(': ')}", [r for r in tail.split("; ") if r]
    return text, []


def _finding(g: GateFinding) -> dict[str, Any]:
    what, decided = _split(g.message)
    return {"severity": g.severity, "mark": SEVERITY_MARK[g.severity], "code": g.code, "what": what,
            "decided_by": decided, "where": clean(g.where), "chains": [clean(c) for c in g.chains]}


def _item(key: tuple[str, str], found: list[GateFinding]) -> dict[str, Any]:
    first = found[0]
    fails = any(g.severity == "error" for g in found)
    places = first.places
    return {
        "repo": key[1], "target": key[0], "fails": fails,
        "status": "fails" if fails else "warned",
        "places": [{"text": f"{p.path}:{p.line}", "href": href(p.path, p.line), "how": p.how} for p in places],
        "named_as": sorted({p.named_as for p in places if p.named_as and p.named_as != key[0]}),
        "findings": [_finding(g) for g in sorted(found, key=lambda g: g.severity != "error")],
        "help": [{"code": code, "text": rule_help(code)[1]} for code in dict.fromkeys(g.code for g in found)],
    }


def gate_view(report: Report) -> dict[str, Any] | None:
    """None for a report without references (a plain `scan`)."""
    if not report.references:
        return None
    groups: dict[tuple[str, str], list[GateFinding]] = {}
    for g in gate_findings(report):
        # a codebase finding (target "") is grouped by its file, a repo's findings by the repo
        key = (g.target, g.repo) if g.target else ("", g.places[0].path if g.places else "")
        groups.setdefault(key, []).append(g)
    items = [_item(k, v) for k, v in groups.items()]
    items.sort(key=lambda i: not i["fails"])  # stable: failing repos first, each group in report order
    failing = sum(1 for i in items if i["fails"])
    warned = len(items) - failing
    named = len({ref.target for ref in report.references})
    code = report.exit_code
    if code == 0:
        words = f"✔ Passes: the {named} repo(s) the code names pass the license policy"
        words += f"; {warned} with warnings to read." if warned else "."
    elif code == 1:
        words = f"✖ Fails: {failing} of {named} repo(s) the code names fail the license policy."
    elif code == 3:
        words = ("✖ Fails: the scan is incomplete; something a verdict rests on could not be read, "
                 "and what was not read never passes.")
    else:
        words = f"✖ Fails (exit {code})."
    return {"passed": code == 0, "words": words, "named": named, "entries": items}
