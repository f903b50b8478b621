"""`audit --format markdown` (and `--summary FILE.md`): the audit summary as GitHub-flavoured Markdown
(templates/audit.md.j2), for a pull request, an issue or a wiki page.

Escaped exactly as `--format markdown` is (markdown.py's `md_escape` as the environment's finalize, `lead`
for a value that starts a list item): repo names, messages and license ids come from cards and repos,
so they stay text. `audit_view` is the summary as plain rows, shared with the HTML page (audit_html.py),
so both show the same figures and the same percentages.
"""

from __future__ import annotations

import re
from typing import Any


from license_scan.report.audit_summary import COMPONENTS, AuditSummary, Capped, counted
from license_scan.report.audit_text import RUN_FIGURES
from license_scan.report.markdown import environment

TIER_WORDS = {1: "tier 1 (metadata only)", 2: "tier 2 (files read)"}


def percent(n: int, of: int) -> str:
    """n as a share of `of`, as the text summary writes it; a dash when there is nothing to divide by."""
    return f"{100 * n / of:.1f}%" if of else "–"


def _listed(title: str, listed: Capped) -> dict[str, Any]:
    return {"title": title, "entries": listed.items, "total": listed.total, "more": listed.total - len(listed.items)}


def audit_view(summary: AuditSummary) -> dict[str, Any]:
    """The summary as rows for a template: sorted, counted and with percentages already worked out,
    so the Markdown and HTML templates only lay them out. Values from repos stay plain strings."""
    s = summary
    tiers = sorted({1, 2} | set(s.tiers))
    changes = s.changes
    return {
        "repos": counted(s.repos, "repo"), "models": counted(s.kinds["model"], "model"),
        "datasets": counted(s.kinds["dataset"], "dataset"),
        "tiers": [{"name": TIER_WORDS.get(t, f"tier {t}"), "n": s.tiers[t], "pct": percent(s.tiers[t], s.repos)}
                  for t in tiers],
        "incomplete": {"n": s.incomplete, "pct": percent(s.incomplete, s.repos)},
        "components": COMPONENTS,
        "categories": s.categories_table(),
        "licenses": sorted(s.licenses.items(), key=lambda kv: (-kv[1], kv[0])),
        "findings": [_listed("Laundering chains", s.laundering), _listed("Inherited conflicts", s.conflicts),
                     _listed("Not read, or read in part", s.unreadable)],
        "checked": s.obligations_checked,
        "unmet": [{"label": label, "n": n, "pct": percent(n, s.obligations_checked)}
                  for label, n in sorted(s.unmet.items(), key=lambda kv: (-kv[1], kv[0]))],
        "changes": None if changes is None else {
            "since": changes.since, "new": changes.new.total, "gone": changes.gone.total,
            "changed": changes.changed_terms.total, "laundered": changes.newly_laundered.total,
            "moved": changes.commit_moved,
            "lists": [_listed("New repos", changes.new), _listed("Gone", changes.gone),
                      _listed("Changed terms", changes.changed_terms),
                      _listed("Newly laundered", changes.newly_laundered)],
        },
        "run": [{"label": label, "value": s.run[key]} for key, label in RUN_FIGURES if key in s.run],
        "errors": list(s.run.get("errors") or ()),
    }


def render_audit_markdown(summary: AuditSummary) -> str:
    text = environment().get_template("audit.md.j2").render(v=audit_view(summary))
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
