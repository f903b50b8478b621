"""A Report with markup in every string a card, a repo or a codebase can supply, for the renderers' escaping tests.

Every field gets `<script>`, a `javascript:` link in Markdown and HTML form, an `onerror` image, table
and code-span breakers, an entity, a line break into a heading, and a bidi override.
"""

from __future__ import annotations

from license_scan.model import (
    CardFacts, Component, Components, Dependencies, Edge, ErrorInfo, Evidence, FileRecord, Finding, FindingSource,
    LicenseInfo, Location, Node, Obligation, Reference, Report, RulesetInfo, Span, TargetResult,
)

PAYLOAD = (
    "<script>alert(1)</script>[click](javascript:alert(2)) <a href=\"javascript:alert(3)\">a</a>"
    " <img src=x onerror=\"alert(4)\"> ![i](javascript:alert(5)) | pipe ` tick &lt;script&gt; **b**"
    "\n# heading\n<script>alert(6)</script> \u202eevil"
)


def hostile(label: str) -> str:
    return f"{label} {PAYLOAD}"


def _component(name: str, category: str = "custom-restricted") -> Component:
    lic = hostile(f"LicenseRef-{name}")
    return Component(
        expression=lic, category=category,  # type: ignore[arg-type]
        licenses=(LicenseInfo(id=lic, hub_id=hostile("hub"), name=hostile("name"), category=category),),  # type: ignore[arg-type]
        evidence=(
            Evidence(source="file", rule=hostile("rule"), score=1.0, path=hostile("path"), sha256=hostile("sha"),
                     span=Span(0, 1, 1, 1), value=hostile("value"), expression=hostile("expr")),
            Evidence(source="prose", rule=None, score=0.5, path=hostile("prose-path"), value=hostile("sentence")),
        ),
        obligations=(
            Obligation(kind="non-commercial", component=name, text=hostile("text"), license=lic,  # type: ignore[arg-type]
                       source=f"inherited:{hostile('repo')}",
                       params={"policy_url": "javascript:alert(7)", "jurisdiction": hostile("law"),
                               "inherited_via": hostile("via")}),
            Obligation(kind="other", component=name, text=hostile("other"), license=lic,  # type: ignore[arg-type]
                       source="rule:x", params={"excluded": [hostile("place")]}),
        ),
    )


def hostile_report() -> Report:
    root = hostile("org/root")
    child = hostile("org/child")
    components = Components(code=_component("code"), weights=_component("weights"), data=_component("data", "unknown"))
    card = CardFacts(task=hostile("task"), library=hostile("lib"), languages=(hostile("lang"),), tags=(hostile("tag"),),
                     base_models=(hostile("base"),), datasets=(hostile("ds"),), limitations=hostile("limits"),
                     intended_use=hostile("use"))
    files = (FileRecord(path=hostile("LICENSE"), role="license", sha256=hostile("sha"), size=1, text=hostile("t")),
             FileRecord(path=hostile("README.md"), role="card", sha256=None, size=None, unreadable=hostile("why")))
    nodes = (
        Node(id=root, kind="model", revision=hostile("rev"), status="ok", components=components,
             declared=hostile("declared"), files=files, card=card),
        Node(id=child, kind="model", revision=hostile("rev2"), status="gated", components=components,
             declared=hostile("declared2"), files=files, card=card),
        Node(id=hostile("org/repo"), kind="dataset", revision=None, status="missing"),
    )
    edges = (Edge(root, child, "merge"), Edge(child, root, "finetune"), Edge(root, hostile("org/repo"), "dataset"))
    findings = (
        Finding("error", hostile("code"), hostile("message"), FindingSource(hostile("repo"), hostile("path"), 3)),
        Finding("warning", "gated-files-unreadable", hostile("gated"), None),
    )
    ok = TargetResult(target=hostile("target"), kind="model", repo_id=root, revision=hostile("rev"),
                      requested_revision=hostile("requested"), components=components,
                      dependencies=Dependencies(nodes, edges), findings=findings)
    failed = TargetResult(target=hostile("missing"), kind="model", repo_id=None, revision=None, requested_revision=None,
                          components=Components(), dependencies=Dependencies(), findings=(),
                          error=ErrorInfo("not-found", hostile("error")))
    # where a codebase names them (`check`): paths and ids as hostile as a repository can hold
    references = (
        Reference(target=hostile("target"), kind="model", named_as=hostile("named"), locations=(
            Location(hostile("src/path.py"), 3, 5, hostile("how")),
            Location("//evil.example/x javascript:alert(8) ../../etc", 1, None, hostile("how2")),
            Location("C:\\win\\path (1).py", 7, 2, "from_pretrained"),
        )),
        Reference(target=hostile("missing"), kind="model", named_as=hostile("named2"),
                  locations=(Location(hostile("notebook.ipynb"), 2, 1, hostile("how3")),)),
        Reference(target=hostile("unscanned"), kind="dataset", named_as=hostile("named3"),
                  locations=(Location(hostile("conf.yaml"), 9, None, hostile("how4")),)),
    )
    return Report(tool_name=hostile("tool"), tool_version=hostile("1.0"),
                  ruleset=RulesetInfo(hostile("version"), hostile("digest")), generated_at=hostile("when"),
                  results=(ok, failed), exit_code=3, references=references)
