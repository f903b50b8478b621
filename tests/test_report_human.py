"""The Markdown and HTML obligation summaries: verdicts in plain words, traced obligations, and nothing a
card or a repo wrote ever becomes live markup (HTML parsed with html.parser; Markdown rendered with
markdown-it-py with raw HTML on, as GitHub and most viewers do, and link validation off)."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import pytest
from markdown_it import MarkdownIt

from hostile_report import hostile_report
from license_scan.model import Component, LicenseInfo, Obligation, Report
from license_scan.report.formats import RENDERERS
from license_scan.report.html import render_html
from license_scan.report.markdown import render_markdown
from license_scan.report.verdicts import meaning, verdict

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
EXAMPLE = str(ROOT / "examples" / "llama-chat-finetune")


@pytest.fixture(scope="module")
def reports(hub_server, tmp_path_factory) -> Iterator[dict[str, Report]]:
    """Real scans through the test Hub server (as the hub_env fixture does it, once for the module)."""
    import huggingface_hub.constants as hf_constants

    from license_scan.scan import ScanOptions, run_scan

    home = tmp_path_factory.mktemp("hf_home")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HUB_OFFLINE"):
            mp.delenv(name, raising=False)
        mp.setenv("HF_ENDPOINT", hub_server.url)
        mp.setenv("HF_HOME", str(home))
        mp.setenv("HF_HUB_CACHE", str(home / "hub"))
        mp.setattr(hf_constants, "HF_HUB_DISABLE_TELEMETRY", True)
        mp.setattr(hf_constants, "HF_HUB_OFFLINE", False)
        hub_server.reset()
        yield {
            "chat": run_scan(["evidence/chat-ft"], ScanOptions(depth=5), now=NOW),
            "apache": run_scan(["acme/apache-model"], ScanOptions(depth=5), now=NOW),
            "local": run_scan([EXAMPLE], ScanOptions(depth=5), now=NOW),
            "many": run_scan(["evidence/chat-ft", "acme/apache-model", "acme/does-not-exist"], ScanOptions(depth=5),
                             now=NOW),
        }
        hub_server.reset()


# --- what is live in a rendered page -----------------------------------------------------------


class Live(HTMLParser):
    """Collects every tag, attribute and text run of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((k, v or "") for k, v in attrs)

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Live:
    live = Live()
    live.feed(html)
    live.close()
    return live


def markdown_to_html(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True  # a javascript: link that got through must show, not be dropped by the viewer
    return md.render(text)


def assert_nothing_live(html: str, allowed_tags: set[str]) -> Live:
    live = parse(html)
    assert "script" not in live.tags and not set(live.tags) - allowed_tags, sorted(set(live.tags) - allowed_tags)
    assert not [k for k, _ in live.attrs if k.lower().startswith("on")]
    values = " ".join(v for _, v in live.attrs).lower().replace(" ", "")
    assert "javascript:" not in values and "data:" not in values
    hrefs = [v for k, v in live.attrs if k in ("href", "src", "action", "formaction", "srcset")]
    # in-page anchors, and the pull-request section's links to the codebase: relative and percent-encoded
    assert all(re.fullmatch(r"#target-\d+|\./[A-Za-z0-9%/._~-]*#L\d+", h) for h in hrefs), hrefs
    return live


HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "footer", "section", "article", "div",
             "h1", "h2", "h3", "h4", "p", "span", "strong", "code", "time", "ul", "li", "br", "dl", "dt", "dd",
             "table", "thead", "tbody", "tr", "th", "td", "a"}
MD_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "em", "blockquote", "hr", "table", "thead", "tbody", "tr", "a",
           "th", "td"}


@pytest.mark.parametrize("render,to_html,allowed", [
    (render_html, lambda s: s, HTML_TAGS), (render_markdown, markdown_to_html, MD_TAGS),
], ids=["html", "markdown"])
def test_markup_in_every_field_stays_text(render, to_html, allowed):
    report = hostile_report()
    html = to_html(render(report))
    live = assert_nothing_live(html, allowed)
    text = " ".join(live.text)
    # shown, not dropped: the strings are there as text, whatever they hold
    for label in ("org/root", "LicenseRef-weights", "message", "limits", "use", "text", "sentence", "path", "sha",
                  "declared", "error", "tool", "digest", "when", "via", "law", "place"):
        assert f"{label} <script>alert(1)</script>[click](javascript:alert(2))" in text, label
    assert "\u202e" not in text  # a bidi override cannot reorder what the reader sees


def test_markdown_tables_keep_their_columns_whatever_a_cell_holds():
    html = markdown_to_html(render_markdown(hostile_report()))
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(widths) == 1, widths


@pytest.mark.parametrize("name", ["chat", "apache", "local", "many"])
def test_real_reports_render_without_live_markup(reports, name):
    assert_nothing_live(render_html(reports[name]), HTML_TAGS)
    assert_nothing_live(markdown_to_html(render_markdown(reports[name])), MD_TAGS)


def test_the_hostile_card_of_the_fixture_is_shown_as_text(reports):
    for html in (render_html(reports["chat"]), markdown_to_html(render_markdown(reports["chat"]))):
        text = " ".join(parse(html).text)
        assert "<script>alert('tag')</script>" in text
        assert "<a href=\"javascript:alert('a')\">the docs</a>" in text
        assert '`"quotes" & <angle brackets>`' in text


# --- the verdicts -----------------------------------------------------------------------------------


def _answers(report: Report, component: str) -> dict[str, tuple[str, str]]:
    v = verdict(component, getattr(report.results[0].components, component))  # type: ignore[arg-type]
    return {a.question: (a.answer, "; ".join(a.because)) for a in v.answers}


def test_chat_ft_verdicts_in_plain_words(reports):
    data = _answers(reports["chat"], "data")
    assert data["may be used commercially"][0] == "denied"
    assert "CC-BY-NC-4.0 (non-commercial use only, via datasets/graph-data/nc-set)" in data["may be used commercially"][1]
    weights = _answers(reports["chat"], "weights")
    assert weights["may be used commercially"][0] == "conditions"
    assert "a separate license above a number of users" in weights["may be used commercially"][1]
    assert verdict("code", None).answer == "none"
    md = render_markdown(reports["chat"])
    assert ("- **may be used commercially: ✖ no** — CC-BY-NC-4.0 \\(non-commercial use only, via "
            "datasets/graph-data/nc-set\\) on the training data") in md
    text = " ".join(parse(render_html(reports["chat"])).text)
    assert "may be used commercially: ✖ no CC-BY-NC-4.0 (non-commercial use only" in " ".join(text.split())


def test_apache_model_is_commercial_with_conditions_on_redistribution(reports):
    weights = _answers(reports["apache"], "weights")
    assert weights["may be used commercially"][0] == "allowed"
    assert weights["redistribution"] == ("conditions", "Apache-2.0 (ship the license, credit the licensor)")


def _component(expression: str, licenses: list[tuple[str, str]], kinds: dict[str, list[str]], category: str,
               modified: bool = False) -> Component:
    infos = tuple(LicenseInfo(id=i, hub_id=None, name=i, category=c, modified=modified) for i, c in licenses)  # type: ignore[arg-type]
    obligations = tuple(Obligation(kind=k, component="weights", text=k, license=lic, source="rule:x")
                        for lic, ks in kinds.items() for k in ks)
    return Component(expression, category, infos, (), obligations)  # type: ignore[arg-type]


@pytest.mark.parametrize("expression,licenses,kinds,category,modified,expected", [
    ("NOASSERTION", [], {}, "unknown", False, "unknown"),
    ("Apache-2.0 AND LicenseRef-x", [("Apache-2.0", "osi-approved")], {"Apache-2.0": ["attribution"]}, "unknown",
     False, "unknown"),
    ("MIT OR LicenseRef-nc", [("MIT", "osi-approved"), ("LicenseRef-nc", "custom-restricted")],
     {"MIT": ["attribution"], "LicenseRef-nc": ["non-commercial"]}, "osi-approved", False, "allowed"),
    ("MIT AND LicenseRef-nc", [("MIT", "osi-approved"), ("LicenseRef-nc", "custom-restricted")],
     {"MIT": ["attribution"], "LicenseRef-nc": ["non-commercial"]}, "custom-restricted", False, "denied"),
    ("LicenseRef-unlisted", [("LicenseRef-unlisted", "custom-restricted")], {}, "custom-restricted", False, "review"),
    ("MIT", [("MIT", "osi-approved")], {"MIT": ["attribution"]}, "osi-approved", True, "review"),
    ("LicenseRef-mau", [("LicenseRef-mau", "custom-restricted")], {"LicenseRef-mau": ["user-threshold"]},
     "custom-restricted", False, "conditions"),
    ("LicenseRef-nc AND LicenseRef-y", [("LicenseRef-nc", "custom-restricted")], {"LicenseRef-nc": ["non-commercial"]},
     "unknown", False, "denied"),
])
def test_commercial_answer_never_better_than_the_terms(expression, licenses, kinds, category, modified, expected):
    c = _component(expression, licenses, kinds, category, modified)
    answer = verdict("weights", c).answers[0]
    assert answer.question == "may be used commercially"
    assert answer.answer == expected


def test_absent_components_say_so():
    assert verdict("weights", None).answer == "unknown"
    assert "treat as not allowed" in verdict("weights", None).words
    assert verdict("data", None).answer == "unknown"
    assert verdict("weights", None, dataset=True).answer == "none"  # a dataset has no weights: n/a, not unknown
    assert "a dataset" in verdict("weights", None, dataset=True).words


def test_meaning_covers_every_obligation_kind_once():
    from license_scan.ruleset import load_ruleset

    kinds = set(load_ruleset().obligation_kinds)
    m = meaning()
    grouped = [k for g in m["groups"] for k in g["kinds"]]
    assert sorted(grouped) == sorted(kinds) and len(grouped) == len(set(grouped))
    assert set(m["labels"]) == kinds
    answers = set(m["answers"])
    for q in m["questions"]:
        assert set(q["kinds"]) <= kinds and set(q["kinds"].values()) <= answers
    for table in ("baseline", "without_obligations"):
        assert set(m[table]) == {"osi-approved", "permissive-weights", "rail-style", "custom-restricted", "unknown"}
        assert set(m[table].values()) <= answers


# --- what you must do, findings, tree, evidence, provenance ---------------------------------------


def test_obligations_are_deduplicated_and_traced_to_license_repo_and_file(reports):
    md = render_markdown(reports["chat"])
    assert md.count("- **governing law** (weights): California law; courts of California.") == 1
    assert ("  - LicenseRef-llama2 from evidence/chat-ft: README.md \\(front-matter\\), NOTICE:1 \\(prose\\), "
            "README.md:21 \\(prose\\); jurisdiction: California, USA") in md
    assert "  - LicenseRef-llama3.1 from graph-gated/llama3-base: README.md \\(front-matter\\); jurisdiction" in md
    assert "  - CC-BY-NC-4.0 from datasets/graph-data/nc-set: README.md \\(front-matter\\)" in md
    assert md.index("#### Limits on use") < md.index("#### When you share or build on it") < md.index("#### Good to know")


@pytest.mark.parametrize("render", [render_html, render_markdown], ids=["html", "markdown"])
def test_every_section_is_there(reports, render):
    report = reports["chat"]
    out = render(report)
    text = " ".join(parse(out if render is render_html else markdown_to_html(out)).text)
    text = " ".join(text.split())
    for needle in (
        "What you must do", "Findings", "Dependency tree", "Evidence", "Files read",
        "⚠ warning gated-files-unreadable", "ℹ info no-code",  # severity in words, not by colour
        "merge → graph-ft/llama2-chat" if render is render_markdown else "merge graph-ft/llama2-chat",
        "finetune", "status: gated",
        "183532ebf7d4d4014b13b19c40bf04a55771669f3f2cdba0c299e2a73bbed1ca",  # NOTICE's sha256
        "5f0c3c1e8d7a4b2a9e6d1c0b3a2f4e5d6c7b8a90", report.tool_version, report.ruleset.version,
        report.ruleset.digest, report.generated_at, "Incomplete scan",
    ):
        assert needle in text, needle


def test_output_is_deterministic_and_registered(reports):
    assert RENDERERS["markdown"] is render_markdown and RENDERERS["html"] is render_html
    for render in (render_markdown, render_html):
        assert render(reports["many"]) == render(reports["many"])


def test_html_is_one_self_contained_file_without_script(reports):
    html = render_html(reports["many"])
    live = parse(html)
    assert "script" not in live.tags and "link" not in live.tags and "img" not in live.tags
    assert "default-src 'none'" in html and "@import" not in html and "url(" not in html
    assert "Verdicts at a glance" in html  # several targets: the verdicts of all of them at the top
    assert html.index("Verdicts at a glance") < html.index("What you must do")


def test_cli_writes_both_formats(hub_env, tmp_path):
    from click.testing import CliRunner

    from license_scan.cli.main import cli

    for fmt, name in (("markdown", "r.md"), ("html", "r.html")):
        out = tmp_path / name
        result = CliRunner().invoke(cli, ["scan", "acme/apache-model", "--format", fmt, "-o", str(out)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "Apache-2.0" in out.read_text()


def test_templates_use_no_escape_hatch():
    templates = ROOT / "src" / "license_scan" / "report" / "templates"
    for path in templates.glob("*.j2"):
        source = path.read_text()
        assert "|safe" not in source.replace(" ", "") and "autoescape false" not in source, path.name
    assert "Markup(" not in (ROOT / "src" / "license_scan" / "report" / "html.py").read_text()
