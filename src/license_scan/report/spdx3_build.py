"""The SPDX 3.0.1 document for a report (see report/spdx3.py), as spdx-python-model objects.

One package per repo in the trees: `ai_AIPackage` for a model or local folder, `dataset_DatasetPackage`
for a dataset, and, for a repo that ships code, a `software_Package` holding its code. Licenses attach by
relationship: `hasDeclaredLicense` (the repo's own terms, `Node.declared`) and `hasConcludedLicense` (the
effective terms, inherited ones included) to `simplelicensing_LicenseExpression`s; a `LicenseRef-…` is
mapped by `customIdToUri` to an `expandedlicensing_CustomLicense`; terms that are not known are
`NoAssertionLicense`, never left out. Lineage: `descendantOf` (finetune, adapter, merge), `hasVariant`
(the base has the quantized variant), `trainedOn` (datasets), `dependsOn` (code, pipeline components),
`incomplete` when the repo at the other end could not be read. The files a verdict rests on are
`software_File`s with their SHA-256, linked by `hasEvidence`; findings and obligations are annotations.
Every spdxId is derived from the report (report/bom_common.py: input_digest), never random.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from spdx_python_model.bindings import v3_0_1 as m

from license_scan.model import CardFacts, Component, FileRecord, Node, Report, TargetResult
from license_scan.policy.exit import is_complete
from license_scan.report.bom_common import (
    UNREAD_STATUSES, NodeIndex, custom_license, hub_url, index_nodes, input_digest, iri_segment, is_unknown,
    license_refs, main_component, purl, root_node, short_hash,
)
from license_scan.report.spdx3_facts import ai_domains, component_summary, dataset_types, training_info
from license_scan.ruleset import load_ruleset

NO_ASSERTION = "https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense"
BASE_IRI = "https://license-scan.dev/spdx3/"
_RELATIONS = {  # edge relation -> (relationship type, True when the edge is written base -> derivative)
    "finetune": ("descendantOf", False), "adapter": ("descendantOf", False), "merge": ("descendantOf", False),
    "quantized": ("hasVariant", True), "dataset": ("trainedOn", False),
    "code": ("dependsOn", False), "component": ("dependsOn", False),
}
_FILE_PURPOSE = {"card": "documentation", "license": "other", "config": "configuration", "code": "source",
                 "component": "configuration"}


class _Doc:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.ns = BASE_IRI + input_digest(report)[:32]
        self.index: NodeIndex = index_nodes(report)
        self.objects: dict[str, Any] = {}
        created = datetime.fromisoformat(report.generated_at.replace("Z", "+00:00"))
        self.ci = m.CreationInfo(specVersion="3.0.1", created=created)
        tool_name = f"{report.tool_name} {report.tool_version}"
        agent = self.add(m.SoftwareAgent(spdxId=f"{self.ns}/agent", name=tool_name, creationInfo=self.ci))
        tool = self.add(m.Tool(spdxId=f"{self.ns}/tool", name=tool_name, creationInfo=self.ci))
        self.ci.createdBy = [agent]
        self.ci.createdUsing = [tool]
        self.ruleset = load_ruleset()
        self.packages: dict[str, Any] = {}  # node key -> package

    def add(self, obj: Any) -> Any:
        """Add an element once: a second element with the same spdxId is the same element (shared expressions)."""
        return self.objects.setdefault(obj._id, obj)

    def relate(self, source: Any, rtype: str, targets: list[Any], comment: str | None = None,
               incomplete: bool = False) -> None:
        to_ids = [t if isinstance(t, str) else t._id for t in targets]
        rid = f"{self.ns}/relationship/{short_hash('|'.join([source._id, rtype, *to_ids, comment or '']))}"
        rel = m.Relationship(spdxId=rid, creationInfo=self.ci, from_=source,
                             relationshipType=getattr(m.RelationshipType, rtype), to=targets)
        if comment:
            rel.comment = comment
        if incomplete:
            rel.completeness = m.RelationshipCompleteness.incomplete
        self.add(rel)

    def annotate(self, subject: Any, statement: str, review: bool) -> None:
        aid = f"{self.ns}/annotation/{short_hash(subject._id + statement)}"
        kind = m.AnnotationType.review if review else m.AnnotationType.other
        self.add(m.Annotation(spdxId=aid, creationInfo=self.ci, annotationType=kind, subject=subject,
                              statement=statement))

    # --- licenses -----------------------------------------------------------------------------------------

    def license(self, expression: str | None) -> Any:
        """The element an expression names: NoAssertionLicense when unknown, else a shared expression."""
        if is_unknown(expression) or expression is None:
            return NO_ASSERTION
        eid = f"{self.ns}/license/{short_hash(expression)}"
        if eid in self.objects:
            return self.objects[eid]
        mapping = [m.DictionaryEntry(key=ref, value=self.custom(ref)._id) for ref in license_refs(expression)]
        expr = m.simplelicensing_LicenseExpression(spdxId=eid, creationInfo=self.ci,
                                                   simplelicensing_licenseExpression=expression)
        if mapping:
            expr.simplelicensing_customIdToUri = mapping
        return self.add(expr)

    def custom(self, license_id: str) -> Any:
        cid = f"{self.ns}/license/{license_id}"
        if cid in self.objects:
            return self.objects[cid]
        found = custom_license(self.report, license_id, self.ruleset)
        lic = m.expandedlicensing_CustomLicense(
            spdxId=cid, creationInfo=self.ci, name=found.name, simplelicensing_licenseText=found.text,
            comment=(f"The license text as read from {found.source}." if found.source else
                     "license-scan did not read this license's text; the text field states which rule "
                     "identified it."))
        if found.url:
            lic.expandedlicensing_seeAlso = [found.url]
        return self.add(lic)

    def attach(self, pkg: Any, declared: str | None, concluded: Component | None, status: str,
               declared_known: bool = True) -> None:
        if declared_known:
            note = None if declared is not None else f"not read (status {status}): the repo's own terms are unknown"
            self.relate(pkg, "hasDeclaredLicense", [self.license(declared)], note)
        if concluded is None:
            note = f"not read (status {status}): its terms are unknown"
        else:
            named = ", ".join(l.id for l in concluded.licenses) or "none"
            note = (f"effective terms (own and inherited), category {concluded.category}; "
                    f"licenses identified: {named}")
        self.relate(pkg, "hasConcludedLicense", [self.license(concluded.expression if concluded else None)], note)

    # --- packages -----------------------------------------------------------------------------------------

    def package(self, key: str, node: Node) -> Any:
        pid = f"{self.ns}/package/{iri_segment(key)}"
        common: dict[str, Any] = {"spdxId": pid, "creationInfo": self.ci, "name": node.id,
                                  "comment": component_summary(node)}
        if node.revision:
            common["software_packageVersion"] = node.revision
        if hub_url(node):
            common["software_downloadLocation"] = hub_url(node)
        if purl(node):
            common["software_packageUrl"] = purl(node)
        pkg = self.dataset(common, node.card) if node.kind == "dataset" else self.model(common, node)
        self.add(pkg)
        self.attach(pkg, node.declared, main_component(node), node.status)
        code_pkg = self.code_package(pid, node)
        self.evidence(pkg, [f for f in node.files if code_pkg is None or f.role != "code"], pid)
        if code_pkg is not None:
            self.evidence(code_pkg, [f for f in node.files if f.role == "code"], pid)
        return pkg

    @staticmethod
    def dataset(common: dict[str, Any], card: CardFacts | None) -> Any:
        pkg = m.dataset_DatasetPackage(**common, software_primaryPurpose=m.software_SoftwarePurpose.data,
                                       dataset_datasetType=[getattr(m.dataset_DatasetType, t)
                                                            for t in dataset_types(card)])
        if card and card.intended_use:
            pkg.dataset_intendedUse = card.intended_use
        if card and card.limitations:
            pkg.description = f"Limitations, as the card states them: {card.limitations}"
        return pkg

    @staticmethod
    def model(common: dict[str, Any], node: Node) -> Any:
        card = node.card
        pkg = m.ai_AIPackage(**common, software_primaryPurpose=m.software_SoftwarePurpose.model)
        if card and card.task:
            pkg.ai_typeOfModel = [card.task]
        if ai_domains(card):
            pkg.ai_domain = ai_domains(card)
        if card and card.limitations:
            pkg.ai_limitation = card.limitations
        if card and card.intended_use:
            pkg.ai_informationAboutApplication = card.intended_use
        if card is not None:
            pkg.ai_informationAboutTraining = training_info(node)
        return pkg

    def code_package(self, pid: str, node: Node) -> Any | None:
        code = node.components.code
        if code is None:
            return None
        pkg = self.add(m.software_Package(
            spdxId=f"{pid}/code", creationInfo=self.ci, name=f"{node.id} (code)",
            software_primaryPurpose=m.software_SoftwarePurpose.source,
            comment="The source code the repo ships, judged apart from its weights."))
        if node.revision:
            pkg.software_packageVersion = node.revision
        self.relate(self.objects[pid], "contains", [pkg])
        self.attach(pkg, None, code, node.status, declared_known=False)
        return pkg

    def evidence(self, pkg: Any, files: list[FileRecord], pid: str) -> None:
        elements = [self.file(pid, f) for f in files]
        if elements:
            unread = [f.path for f in files if f.sha256 is None]
            note = "the files the verdict rests on" + (f"; not read: {', '.join(unread)}" if unread else "")
            self.relate(pkg, "hasEvidence", elements, note, incomplete=bool(unread))

    def file(self, pid: str, f: FileRecord) -> Any:
        el = m.software_File(spdxId=f"{pid}/file/{iri_segment(f.path)}", creationInfo=self.ci, name=f.path,
                             software_primaryPurpose=getattr(m.software_SoftwarePurpose, _FILE_PURPOSE[f.role]))
        el.software_fileKind = m.software_FileKindType.file
        if f.sha256:
            el.verifiedUsing = [m.Hash(algorithm=m.HashAlgorithm.sha256, hashValue=f.sha256)]
        size = "" if f.size is None else f", {f.size} bytes"
        el.comment = f"role: {f.role}{size}" + (f"; not read: {f.unreadable}" if f.unreadable else "")
        return self.add(el)

    def failed(self, i: int, r: TargetResult) -> Any:
        """A target that could not be read at all: listed, with its terms unknown."""
        pid = f"{self.ns}/package/error/{i}/{iri_segment(r.repo_id or r.target)}"
        why = f"not scanned: {r.error.type}: {r.error.message}" if r.error else "not scanned"
        cls = m.dataset_DatasetPackage if r.kind == "dataset" else m.ai_AIPackage
        extra: dict[str, Any] = {"dataset_datasetType": [m.dataset_DatasetType.noAssertion]} if r.kind == "dataset" \
            else {}
        pkg = self.add(cls(spdxId=pid, creationInfo=self.ci, name=r.repo_id or r.target, comment=why, **extra))
        self.attach(pkg, None, None, r.error.type if r.error else "error")
        return pkg

    # --- the tree -----------------------------------------------------------------------------------------

    def result(self, i: int, r: TargetResult) -> Any:
        root = root_node(r)
        if root is None:
            return self.failed(i, r)
        for n in r.dependencies.nodes:
            key = self.index.key(i, n.id)
            if key not in self.packages:
                self.packages[key] = self.package(key, n)
        status = {n.id: n.status for n in r.dependencies.nodes}
        truncated = {f.source.repo for f in r.findings if f.code == "references-truncated" and f.source}
        for e in r.dependencies.edges:
            rtype, reverse = _RELATIONS[e.relation]
            src, dst = self.packages[self.index.key(i, e.source)], self.packages[self.index.key(i, e.target)]
            if reverse:
                src, dst = dst, src
            unread = status.get(e.target) in UNREAD_STATUSES
            note = f"license-scan relation: {e.relation}" + (f"; {e.target} not read ({status[e.target]})"
                                                             if unread else "")
            self.relate(src, rtype, [dst], note, incomplete=unread or e.source in truncated)
        top = self.packages[self.index.key(i, root.id)]
        for f in r.findings:
            repo = f.source.repo if f.source else None
            subject = self.packages.get(self.index.keys.get((i, repo), "")) if repo else None
            self.annotate(subject or top, f"{f.severity} {f.code}: {f.message}", review=True)
        comps = r.components
        for c in (comps.weights, comps.code, comps.data):
            for o in c.obligations if c else ():
                self.annotate(top, f"obligation [{o.component}] {o.kind}: {o.text} ({o.license}, {o.source})",
                              review=False)
        return top


def build_document(report: Report) -> Any:
    """The SHACLObjectSet holding the document and every element, ready for JSONLDSerializer."""
    doc = _Doc(report)
    roots = [doc.result(i, r) for i, r in enumerate(report.results)]
    complete = "complete" if all(is_complete(r) for r in report.results) else "incomplete"
    document = m.SpdxDocument(
        spdxId=f"{doc.ns}/document", creationInfo=doc.ci, name=f"license-scan: {', '.join(r.target for r in report.results)}",
        comment=(f"Rule set {report.ruleset.version} (digest {report.ruleset.digest}); scan {complete}, "
                 f"exit code {report.exit_code}."),
        rootElement=roots, element=list(doc.objects.values()), dataLicense="https://spdx.org/licenses/CC0-1.0",
        profileConformance=[getattr(m.ProfileIdentifierType, p) for p in
                            ("core", "software", "simpleLicensing", "expandedLicensing", "ai", "dataset")],
    )
    objects = m.SHACLObjectSet()
    objects.add(document)
    for obj in doc.objects.values():
        objects.add(obj)
    return objects
