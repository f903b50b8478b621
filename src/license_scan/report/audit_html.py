"""`audit --format html` (and `--summary FILE.html`): the audit summary as one self-contained HTML page
(templates/audit.html.j2), to open from a CI artifact or attach to an audit ticket.

Built the way `--format html` is (html.py): autoescaped, every value made one line of visible text by
html.py's `finalize` first, CSS inline (report.css), no script, no external asset and a
Content-Security-Policy that forbids them, so a repo name or message can neither run nor fetch anything.
The rows are audit_markdown.py's `audit_view`, so the page and the Markdown show the same figures.
"""

from __future__ import annotations



from license_scan.report.audit_markdown import audit_view
from license_scan.report.audit_summary import AuditSummary
from license_scan.report.html import environment


def render_audit_html(summary: AuditSummary) -> str:
    return environment().get_template("audit.html.j2").render(v=audit_view(summary)).rstrip("\n") + "\n"
