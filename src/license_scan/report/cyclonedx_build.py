"""The CycloneDX 1.6 ML-BOM for a report (see report/cyclonedx.py), as cyclonedx-python-lib objects.

One component per repo in the trees: `machine-learning-model` for a model or local folder, `data` for a
dataset; inside it, a `library` component for the code a repo ships and a `file` component (with its
SHA-256) for each file the verdict rests on. Licenses: the library allows one expression per license list,
so the component's `licenses` hold the concluded terms (effective, inherited ones included) and
`evidence.licenses` the terms the repo declares itself (`Node.declared`), acknowledged as declared.
Unknown terms are a license named `NOASSERTION` and a `license-scan:terms-unknown` property, never an
empty list. Lineage is `pedigree.ancestors` (finetune, adapter, quantized, merge) and `dependencies`
(every edge). Findings, obligations and the verdict per component are `license-scan:` properties. The
serial number is a uuid5 of the report's inputs and the timestamp the report's: one report, one BOM.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime
from typing import Any

from cyclonedx.model import ExternalReference, ExternalReferenceType, HashAlgorithm, HashType, Property, XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component, ComponentEvidence, ComponentType, Pedigree
from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement, LicenseExpression
from cyclonedx.model.tool import ToolRepository
from packageurl import PackageURL

from license_scan.model import WEIGHT_RELATIONS, Component as Verdict, FileRecord, Node, Report, TargetResult
from license_scan.policy.exit import is_complete
from license_scan.report.bom_common import (
    NOASSERTION, UNREAD_STATUSES, NodeEntry, NodeIndex, hub_parts, hub_url, index_nodes, input_digest, is_unknown, purl, root_node,
)
from license_scan.report.cyclonedx_card import component_data, model_card

P = "license-scan:"  # property namespace


def _licenses(expression: str | None, ack: LicenseAcknowledgement) -> list[Any]:
    if is_unknown(expression) or expression is None:
        return [DisjunctiveLicense(name=NOASSERTION, acknowledgement=ack)]
    return [LicenseExpression(expression, acknowledgement=ack)]


def _terms(c: Verdict | None) -> str:
    return "none" if c is None else f"{c.expression} ({c.category})"


def _verdict_properties(node: Node) -> list[Property]:
    c = node.components
    props = [Property(name=f"{P}status", value=node.status), Property(name=f"{P}id", value=node.id),
             Property(name=f"{P}weights", value=_terms(c.weights)), Property(name=f"{P}code", value=_terms(c.code)),
             Property(name=f"{P}data", value=_terms(c.data)),
             Property(name=f"{P}declared", value=node.declared if node.declared is not None else
                      f"{NOASSERTION} (not read: {node.status})")]
    main = c.data if node.kind == "dataset" else c.weights
    if main is None or is_unknown(main.expression):
        props.append(Property(name=f"{P}terms-unknown", value="true"))
    return props


def _file(ref: str, f: FileRecord) -> Component:
    props = [Property(name=f"{P}role", value=f.role)]
    if f.unreadable:
        props.append(Property(name=f"{P}unreadable", value=f.unreadable))
    if f.size is not None:
        props.append(Property(name=f"{P}size", value=str(f.size)))
    return Component(type=ComponentType.FILE, name=f.path, bom_ref=f"{ref}#file:{f.path}", properties=props,
                     hashes=[HashType(alg=HashAlgorithm.SHA_256, content=f.sha256)] if f.sha256 else None)


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.index: NodeIndex = index_nodes(report)
        self.components: dict[str, Component] = {}  # node key -> component
        self.trained_on: dict[str, list[str]] = {}  # node key -> bom-refs of the datasets it was trained on
        self.unread: dict[str, None] = {}  # bom-refs of repos that could not be read: their dependencies unknown
        self.short: dict[str, None] = {}  # bom-refs of repos with a dependency that could not be read

    def component(self, entry: NodeEntry) -> Component:
        node, ref = entry.node, entry.key
        parts = hub_parts(node)
        kind = {"dataset": ComponentType.DATA, "code": ComponentType.LIBRARY}.get(
            node.kind, ComponentType.MACHINE_LEARNING_MODEL)
        main = node.components.data if node.kind == "dataset" else node.components.weights
        files = [_file(ref, f) for f in node.files if node.components.code is None or f.role != "code"]
        code = node.components.code
        if code is not None:
            files.insert(0, Component(
                type=ComponentType.LIBRARY, name=f"{parts[1] if parts else os.path.basename(node.id)} (code)",
                bom_ref=f"{ref}#code", version=node.revision,
                licenses=_licenses(code.expression, LicenseAcknowledgement.CONCLUDED),
                properties=[Property(name=f"{P}code", value=_terms(code))],
                components=[_file(ref, f) for f in node.files if f.role == "code"]))
        url = hub_url(node)
        comp = Component(
            type=kind, name=parts[1] if parts else os.path.basename(node.id), group=parts[0] if parts else None,
            version=node.revision, bom_ref=ref, purl=PackageURL.from_string(p) if (p := purl(node)) else None,
            licenses=_licenses(main.expression if main else None, LicenseAcknowledgement.CONCLUDED),
            evidence=ComponentEvidence(licenses=_licenses(node.declared, LicenseAcknowledgement.DECLARED)),
            properties=_verdict_properties(node), components=files,
            external_references=[ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(url))] if url else None,
        )
        self.components[ref] = comp
        return comp

    def failed(self, i: int, r: TargetResult) -> Component:
        ref = f"error:{i}:{r.target}"
        comp = Component(
            type=ComponentType.DATA if r.kind == "dataset" else ComponentType.MACHINE_LEARNING_MODEL,
            name=r.repo_id or r.target, bom_ref=ref,
            licenses=_licenses(None, LicenseAcknowledgement.CONCLUDED),
            properties=[Property(name=f"{P}status", value="error"), Property(name=f"{P}terms-unknown", value="true"),
                        *([Property(name=f"{P}error", value=f"{r.error.type}: {r.error.message}")] if r.error else [])])
        self.components[ref] = comp
        return comp

    def result(self, i: int, r: TargetResult, bom: Bom) -> Component:
        root = root_node(r)
        if root is None:
            return self.failed(i, r)
        for n in r.dependencies.nodes:
            key = self.index.key(i, n.id)
            if key not in self.components:
                self.component(next(e for e in self.index.entries if e.key == key))
        top = self.components[self.index.key(i, root.id)]
        depends: dict[str, list[Component]] = {}
        status = {n.id: n.status for n in r.dependencies.nodes}
        for e in r.dependencies.edges:
            src, dst = self.index.key(i, e.source), self.index.key(i, e.target)
            if status.get(e.target) in UNREAD_STATUSES:
                self.short[src] = self.unread[dst] = None
            depends.setdefault(src, []).append(self.components[dst])
            if e.relation in WEIGHT_RELATIONS:
                self.ancestor(self.components[src], self.components[dst], e.relation)
            if e.relation == "dataset":
                self.trained_on.setdefault(src, []).append(dst)
        for n in r.dependencies.nodes:
            key = self.index.key(i, n.id)
            bom.register_dependency(self.components[key], depends.get(key, []))
        for f in r.findings:
            target = self.components.get(self.index.keys.get((i, f.source.repo or ""), ""), top) if f.source else top
            target.properties.add(Property(name=f"{P}finding", value=f"{f.severity} {f.code}: {f.message}"))
        comps = r.components
        for c in (comps.weights, comps.code, comps.data):
            for o in c.obligations if c else ():
                top.properties.add(Property(name=f"{P}obligation",
                                            value=f"[{o.component}] {o.kind}: {o.text} ({o.license}, {o.source})"))
        return top

    @staticmethod
    def ancestor(child: Component, base: Component, relation: str) -> None:
        copy = Component(type=base.type, name=base.name, group=base.group, version=base.version, purl=base.purl,
                         bom_ref=f"{child.bom_ref.value}#ancestor:{base.bom_ref.value}",
                         properties=[Property(name=f"{P}relation", value=relation),
                                     Property(name=f"{P}ref", value=str(base.bom_ref.value))])
        if child.pedigree is None:
            child.pedigree = Pedigree(ancestors=[copy])
        else:
            child.pedigree.ancestors.add(copy)


def build_bom(report: Report) -> tuple[Bom, dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The BOM; per bom-ref the JSON fields to add after serialization (modelCard, data); and the
    `compositions` (the library has none): which repos' dependencies are incomplete or unknown."""
    b = _Builder(report)
    digest = input_digest(report)
    tool = Component(type=ComponentType.APPLICATION, name=report.tool_name, version=report.tool_version,
                     bom_ref=f"tool:{report.tool_name}")
    complete = all(is_complete(r) for r in report.results)
    meta = BomMetaData(
        timestamp=datetime.fromisoformat(report.generated_at.replace("Z", "+00:00")),
        tools=ToolRepository(components=[tool]),
        properties=[Property(name=f"{P}ruleset", value=f"{report.ruleset.version} {report.ruleset.digest}"),
                    Property(name=f"{P}complete", value=str(complete).lower()),
                    Property(name=f"{P}exit-code", value=str(report.exit_code)),
                    *[Property(name=f"{P}target", value=r.target) for r in report.results]])
    bom = Bom(serial_number=uuid.uuid5(uuid.NAMESPACE_URL, f"https://license-scan.dev/cyclonedx/{digest}"),
              metadata=meta)
    roots = [b.result(i, r, bom) for i, r in enumerate(report.results)]
    if len(roots) == 1:
        bom.metadata.component = roots[0]
    bom.components.update(c for c in b.components.values() if not (len(roots) == 1 and c is roots[0]))
    extras = {}
    for entry in b.index.entries:
        fields = {**model_card(entry.node, b.trained_on.get(entry.key, [])), **component_data(entry.node)}
        if fields:
            extras[entry.key] = fields
    compositions = [{"aggregate": aggregate, "dependencies": list(refs)}
                    for aggregate, refs in (("incomplete", b.short), ("unknown", b.unread)) if refs]
    return bom, extras, compositions
