"""The audit summary in text, Markdown and HTML: every section shows in all three, the figures and
percentages agree, and values from repos (names, messages, license ids) stay inert text in each."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any, Callable

import pytest

from license_scan.limits import AUDIT_SUMMARY_LISTED
from license_scan.report.audit_formats import summary_renderer
from license_scan.report.audit_html import render_audit_html
from license_scan.report.audit_markdown import render_audit_markdown
from license_scan.report.audit_summary import AuditSummary, compare, summarize
from license_scan.report.audit_text import render_audit_text
from license_scan.report.view import clean
from test_report_human import markdown_to_html, parse

HOSTILE = "x *_[x](http://e)_* <script>alert(1)</script> | cell\nline \x1b[31mred \u202eevil"
LINE_STARTS = ("# heading", "1. ordered", "- bullet", "+ plus", "> quote", "=== setext")
MD_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}
HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "section", "h1", "h2", "h3", "p",
             "span", "strong", "code", "ul", "li", "div", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd"}
RUN = {"engine": "in-process", "listed": 6, "tier2_read": 4, "requests": 17, "paused_s": 2.5, "errors": ["listing cut"]}


def component(category: str, *licenses: str, unmet: tuple[dict[str, Any], ...] = (), met: bool = False) -> dict:
    obligations = [{**o, "status": "unmet"} for o in unmet] + ([{"kind": "attribution", "status": "met"}] if met else [])
    return {"category": category, "expression": " AND ".join(licenses) or None,
            "licenses": [{"id": lic} for lic in licenses], "obligations": obligations}


def line(repo: str, kind: str = "model", tier: int = 1, **extra: Any) -> dict[str, Any]:
    return {"repo": repo, "kind": kind, "tier": tier, "commit": "c1", **extra}


LICENSE_TEXT = {"kind": "include-license"}
COPYRIGHT = {"kind": "attribution", "params": {}}
NOTICE = {"kind": "attribution", "params": {"notice_file": "NOTICE"}}


def lines() -> list[dict[str, Any]]:
    """Six repos: four read at tier 2 (their obligations checked), one laundered, one conflict, one unreadable."""
    return [
        line("org/a", tier=2, components={"weights": component("osi-approved", "Apache-2.0", unmet=(NOTICE,)),
                                          "code": component("osi-approved", "MIT", met=True)}),
        line("org/b", tier=2, components={"weights": component("osi-approved", "MIT", unmet=(LICENSE_TEXT, COPYRIGHT))},
             findings=[{"code": "license-laundering", "message": "org/b declares MIT over org/base's llama3"}]),
        line("org/c", tier=2, complete=False,
             components={"weights": component("custom-restricted", "llama3", unmet=(COPYRIGHT,))},
             findings=[{"code": "inherited-conflict", "message": "org/c: cc-by-nc-4.0 data under MIT weights"}]),
        line("org/d", tier=2, components={"weights": component("rail-style", "openrail-m", "MIT", met=True)}),
        line("org/e", components={"data": component("unknown", "other")}),
        line("org/data", kind="dataset", error={"type": "HubError", "message": "gated: no access"}),
    ]


def summary(run: dict[str, Any] | None = RUN) -> AuditSummary:
    s = summarize(lines(), run=run)
    before = [l for l in lines() if l["repo"] != "org/e"] + [line("org/old")]
    after = [{**l, "commit": "c2"} if l["repo"] == "org/a" else l for l in lines()]
    after[1] = {**after[1], "components": {"weights": component("osi-approved", "Apache-2.0")}}
    s.changes = compare(before, after, since="audit-2026-10.jsonl")
    return s


def visible(fmt: str, text: str) -> str:
    """What a reader sees: the text as is, or the rendered page's text runs."""
    if fmt == "text":
        return text
    page = markdown_to_html(text) if fmt == "markdown" else text
    return "".join(parse(page).text)


def rows(fmt: str, text: str) -> list[list[str]]:
    """Every table row's cell texts (for text: every line split on its separators)."""
    if fmt == "text":
        return [re.split(r":\s+|\s{2,}", l.strip()) for l in text.splitlines()]
    page = markdown_to_html(text) if fmt == "markdown" else text
    return [[htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in re.findall(r"<tr>(.*?)</tr>", page, re.S)]


RENDER: dict[str, Callable[[AuditSummary], str]] = {
    "text": render_audit_text, "markdown": render_audit_markdown, "html": render_audit_html}
FORMATS = pytest.mark.parametrize("fmt", list(RENDER))


@FORMATS
def test_every_section_shows(fmt):
    out = visible(fmt, RENDER[fmt](summary()))
    for expected in (
        "6 repos", "5 models", "1 dataset", "tier 1", "tier 2", "incomplete",  # title, tier coverage
        "osi-approved", "rail-style", "custom-restricted", "weights", "code", "data",  # category table
        "Apache-2.0", "openrail-m", "llama3",  # licenses seen
        "org/b declares MIT over org/base's llama3",  # laundering chains
        "org/c: cc-by-nc-4.0 data under MIT weights",  # inherited conflicts
        "org/data: gated: no access",  # not read
        "license text", "copyright notice", "upstream NOTICE",  # obligations
        "audit-2026-10.jsonl", "org/old", "org/e", "Apache-2.0 / None / None",  # changes since
        "in-process", "Hub requests", "17", "seconds paused", "2.5", "listing cut",  # run figures
    ):
        assert expected in out, (fmt, expected)


@FORMATS
def test_counts_and_percentages(fmt):
    table = rows(fmt, RENDER[fmt](summary()))
    # four repos had their obligations checked: two miss a copyright notice, one each the rest
    for label, n, pct in (("copyright notice", "2", "50.0%"), ("license text", "1", "25.0%"),
                          ("upstream NOTICE", "1", "25.0%")):
        assert any(r[:1] == [label] and n in r[1] and pct in " ".join(r) for r in table), (label, table)
    if fmt != "text":
        assert ["osi-approved", "2", "1", "0"] in table  # rows are categories, columns weights / code / data
        assert ["unknown", "0", "0", "1"] in table and ["none", "1", "4", "4"] in table  # org/data, unreadable, is under "not read"
        assert ["tier 2 (files read)", "4", "66.7%"] in table and ["incomplete", "1", "16.7%"] in table


@FORMATS
def test_licenses_most_repos_first(fmt):
    out = visible(fmt, RENDER[fmt](summary()))
    seen = out[out.index("icenses seen"):]
    assert seen.index("MIT") < seen.index("Apache-2.0") < seen.index("llama3") < seen.index("openrail-m")


def hostile_summary() -> AuditSummary:
    hostile = [
        line(f"org/{HOSTILE}", tier=2, components={"weights": component("unknown", f"LicenseRef-{HOSTILE}",
                                                                         unmet=({"kind": HOSTILE},))},
             findings=[{"code": code, "message": f"{code} {HOSTILE}"}
                       for code in ("license-laundering", "inherited-conflict", "audit-files-not-read")]
                      + [{"code": "license-laundering", "message": m} for m in LINE_STARTS]),
        line(HOSTILE, kind="dataset", error={"message": f"error {HOSTILE}"}),
    ]
    s = summarize(hostile, run={"engine": f"engine {HOSTILE}", "errors": [f"run {HOSTILE}"]})
    s.changes = compare([], hostile, since=f"since {HOSTILE}")
    return s


@FORMATS
def test_hostile_values_stay_text(fmt):
    out = RENDER[fmt](hostile_summary())
    assert "\x1b" not in out and "\u202e" not in out  # no terminal colour, no reordered text
    shown = clean(HOSTILE)  # one line: the newline collapsed, control characters made visible
    if fmt == "markdown":
        page = markdown_to_html(out)
        live = parse(page)
        assert not set(live.tags) - MD_TAGS, set(live.tags) - MD_TAGS  # no link, image, raw HTML, emphasis
        for table in re.findall(r"<table>.*?</table>", page, re.S):
            widths = {len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
            assert len(widths) == 1, widths  # a | in a value breaks no table
        text = "".join(live.text)
        for start in LINE_STARTS:
            assert start in text  # shown as written: no heading, nested list or quote made of it
    elif fmt == "html":
        assert "<script" not in out.lower()
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in out
        live = parse(out)
        assert not set(live.tags) - HTML_TAGS and not [k for k, _ in live.attrs if k.lower().startswith("on")]
        assert not [v for k, v in live.attrs if k in ("href", "src")]
        text = "".join(live.text)
    else:
        text = out
    for label in ("org/", "LicenseRef-", "license-laundering ", "inherited-conflict ", "audit-files-not-read ",
                  "error ", "engine ", "run ", "since "):
        assert f"{label}{shown}" in text, (fmt, label)
    assert text.count(shown) >= 10


@FORMATS
def test_long_lists_are_capped_with_a_count(fmt):
    many = [line(f"org/m{i}", findings=[{"code": "license-laundering", "message": f"chain {i}"}])
            for i in range(AUDIT_SUMMARY_LISTED + 3)]
    out = visible(fmt, RENDER[fmt](summarize(many)))
    assert f"chain {AUDIT_SUMMARY_LISTED - 1}" in out and f"chain {AUDIT_SUMMARY_LISTED}" not in out
    assert "… and 3 more" in out and f"({AUDIT_SUMMARY_LISTED + 3})" in out


@FORMATS
def test_empty_summary_renders(fmt):
    out = RENDER[fmt](AuditSummary())
    assert "0 repos" in visible(fmt, out) and "nan" not in out.lower()
    if fmt != "text":
        assert "–" in visible(fmt, out)  # a share of no repos is a dash, not a division by zero
    assert RENDER[fmt](AuditSummary()) == out


@FORMATS
def test_registered_by_name(fmt):
    assert summary_renderer(fmt) is RENDER[fmt]
