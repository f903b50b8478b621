"""What the evidence formats (SPDX 3, CycloneDX) share: stable ids, the nodes of a report, custom license texts.

Renderers only read the Report (and the bundled rule set for license names and URLs); nothing here
fetches or classifies. Everything is derived from the report so that one report gives one output.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

from license_scan.model import Component, Node, Report, TargetResult
from license_scan.ruleset import Ruleset, load_ruleset

HUB = "https://huggingface.co"
NOASSERTION = "NOASSERTION"
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")
# Node statuses whose terms could not be read: a relationship to such a node is incomplete.
UNREAD_STATUSES = ("gated", "missing", "offline", "depth-limit", "error")


def input_digest(report: Report) -> str:
    """A digest of everything the output is derived from: the scanned targets at their commits, the rule set,
    the tool and the report's timestamp. Same report, same digest; a new scan is a new document."""
    facts = {
        "tool": [report.tool_name, report.tool_version], "ruleset": [report.ruleset.version, report.ruleset.digest],
        "generated_at": report.generated_at,
        "targets": [[r.target, r.repo_id, r.requested_revision, r.revision,
                     [[n.id, n.revision, n.status] for n in r.dependencies.nodes]] for r in report.results],
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def iri_segment(value: str) -> str:
    """A node id, path or license id as a readable IRI path segment (slashes kept, all else escaped)."""
    return quote(value.lstrip("/"), safe="/-._~")


def short_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class NodeEntry:
    """A node of some result's tree, once per document: `key` is its id in the output."""

    key: str
    node: Node
    result: TargetResult


@dataclass(frozen=True)
class NodeIndex:
    entries: tuple[NodeEntry, ...]  # each repo once, in the order of the results and their trees
    keys: dict[tuple[int, str], str]  # (result index, node id) -> key

    def key(self, result_index: int, node_id: str) -> str:
        return self.keys[(result_index, node_id)]


def index_nodes(report: Report) -> NodeIndex:
    """Every node of every result, each repo once. A repo seen differently by two targets (read in one,
    beyond the depth limit in another) keeps both readings, the later one keyed by its target's index."""
    seen: dict[str, Node] = {}
    entries: list[NodeEntry] = []
    keys: dict[tuple[int, str], str] = {}
    for i, r in enumerate(report.results):
        for n in r.dependencies.nodes:
            key = n.id if seen.get(n.id, n) == n else f"{n.id}@target{i}"
            if key not in seen:
                seen[key] = n
                entries.append(NodeEntry(key, n, r))
            keys[(i, n.id)] = key
    return NodeIndex(tuple(entries), keys)


def root_node(result: TargetResult) -> Node | None:
    """The target's own node: the first of its tree (the walk starts there)."""
    return result.dependencies.nodes[0] if result.dependencies.nodes else None


def main_component(node: Node) -> Component | None:
    """The component that is the node's verdict: data for a dataset, weights otherwise."""
    return node.components.data if node.kind == "dataset" else node.components.weights


def license_refs(expression: str) -> list[str]:
    """The LicenseRef ids an expression names, in order, each once."""
    return list(dict.fromkeys(_LICENSE_REF.findall(expression)))


def is_unknown(expression: str | None) -> bool:
    return expression is None or NOASSERTION in expression.split()


def hub_parts(node: Node) -> tuple[str, str] | None:
    """(org, name) of a Hub model or dataset; None for a local folder."""
    if node.kind == "local":
        return None
    repo = node.id.removeprefix("datasets/")
    org, _, name = repo.partition("/")
    return (org, name) if org and name else None


def hub_url(node: Node) -> str | None:
    """The repo's page on the Hub, at the commit it was read at when known."""
    if hub_parts(node) is None:
        return None
    base = f"{HUB}/{iri_segment(node.id)}"
    return f"{base}/tree/{node.revision}" if node.revision else base


def purl(node: Node) -> str | None:
    """pkg:huggingface/org/name@sha for a Hub model read at a commit (the purl type covers models only)."""
    parts = hub_parts(node)
    if parts is None or node.kind == "dataset" or not node.revision:
        return None
    from packageurl import PackageURL

    return str(PackageURL(type="huggingface", namespace=parts[0], name=parts[1], version=node.revision))


@dataclass(frozen=True)
class CustomLicenseText:
    license_id: str
    name: str
    text: str
    source: str | None  # where the text was read (repo@commit:path, sha256); None: a statement naming the rule
    url: str | None  # the rule's URL for the license


def custom_license(report: Report, license_id: str, ruleset: Ruleset | None = None) -> CustomLicenseText:
    """The text behind a LicenseRef: a license file some node holds that was identified as exactly this
    license (unmodified), else a statement with the rule's name and URL. Never a guess."""
    ruleset = ruleset or load_ruleset()
    rule = ruleset.by_license_id(license_id)
    name = rule.name if rule else license_id
    url = rule.url if rule else None
    for entry in index_nodes(report).entries:
        texts = {f.path: f.text for f in entry.node.files if f.role == "license" and f.text}
        comps = entry.node.components
        for comp in (comps.weights, comps.code, comps.data):
            for ev in comp.evidence if comp else ():
                if (ev.source == "file" and ev.path in texts and ev.rule and not ev.modified and not ev.no_terms
                        and rule is not None and ev.rule == rule.id):
                    at = f"@{entry.node.revision}" if entry.node.revision else ""
                    where = f"{entry.node.id}{at}:{ev.path} (sha256 {ev.sha256})"
                    return CustomLicenseText(license_id, name, texts[ev.path] or "", where, url)
    statement = (f"{name} ({license_id}): the license text was not read by license-scan; the rule set "
                 f"identifies it as rule {rule.id if rule else license_id!r}" + (f", text at {url}" if url else "") + ".")
    return CustomLicenseText(license_id, name, statement, None, url)
