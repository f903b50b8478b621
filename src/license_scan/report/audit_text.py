"""`audit --format text` (and the summary `--summary FILE.txt` writes): the estate in a page of plain text.

Every value from a repo goes through `view.clean` (one line, no control characters): a card cannot draw
on the terminal that shows the summary.
"""

from __future__ import annotations

from license_scan.report.audit_summary import COMPONENTS, AuditSummary, Capped, counted
from license_scan.report.view import clean

RUN_FIGURES = (  # AuditStats field -> how the summary names it
    ("engine", "engine"), ("listed", "repos listed"), ("referenced", "referenced repos read by metadata"),
    ("tier2_wanted", "repos whose files were wanted (tier 2)"), ("tier2_read", "repos read at tier 2"),
    ("tier2_not_read", "wanted but not read"), ("resumed", "reported by an earlier, interrupted run"),
    ("requests", "Hub requests"), ("paused_s", "seconds paused at the Hub's request"),
)


def _listed(title: str, listed: Capped) -> list[str]:
    if not listed.total:
        return []
    out = [f"{title} ({listed.total}):"] + [f"  - {clean(item)}" for item in listed.items]
    if listed.total > len(listed.items):
        out.append(f"  … and {listed.total - len(listed.items)} more")
    return out


def render_audit_text(summary: AuditSummary) -> str:
    s = summary
    lines = [f"license-scan audit: {counted(s.repos, 'repo')} ({counted(s.kinds['model'], 'model')}, "
             f"{counted(s.kinds['dataset'], 'dataset')})"]
    lines.append(f"tier 1 (metadata only): {s.tiers[1]}   tier 2 (files read): {s.tiers[2]}   "
                 f"incomplete: {s.incomplete}")
    lines += ["", f"{'category':<20}" + "".join(f"{c:>10}" for c in COMPONENTS)]
    for category, counts in s.categories_table():
        lines.append(f"{category:<20}" + "".join(f"{n:>10}" for n in counts))
    if s.licenses:
        lines += ["", "licenses seen (repos):"]
        lines += [f"  {clean(lic)}: {n}" for lic, n in sorted(s.licenses.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines += [""] + _listed("laundering chains", s.laundering) + _listed("inherited conflicts", s.conflicts)
    lines += _listed("not read, or read in part", s.unreadable)
    if s.obligations_checked:
        lines += ["", f"obligations checked on {s.obligations_checked} repos (files read); repos missing:"]
        for label, n in sorted(s.unmet.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {clean(label)}: {n} ({100 * n / s.obligations_checked:.1f}%)")
    if s.changes is not None:
        c = s.changes
        lines += ["", f"since {clean(c.since)}: {c.new.total} new, {c.gone.total} gone, "
                  f"{c.changed_terms.total} with changed terms, {c.commit_moved} commits moved"]
        lines += _listed("new repos", c.new) + _listed("gone", c.gone) + _listed("changed terms", c.changed_terms)
        lines += _listed("newly laundered", c.newly_laundered)
    if s.run:
        lines += ["", "run:"] + [f"  {label}: {clean(s.run[k])}" for k, label in RUN_FIGURES if k in s.run]
        lines += [f"  error: {clean(e)}" for e in s.run.get("errors") or ()]
    return "\n".join(l for l in lines).rstrip("\n").replace("\n\n\n", "\n\n") + "\n"
