"""SPDX 2.3 packages for the repositories of a report, their component packages and file annotations.

A version is the commit read; when none is known the version is left out (NTIA checkers then
count it as missing, which it is): spdx-tools writes `PackageVersion: NOASSERTION` but cannot read
it back from tag-value.

A repository met in several trees (or twice in one, as a cycle) is one package: the first
occurrence that was read (status ok) is used, else the first one. Ids are derived from the node
(`SPDXRef-<Kind>-<id>-<8 hex of sha256(kind, id, commit)>`), so the same input gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from packageurl import PackageURL
from spdx_tools.spdx.model import (
    Actor, ActorType, Annotation, AnnotationType, ExternalPackageRef, ExternalPackageRefCategory, Package,
    PackagePurpose, RelationshipType, SpdxNoAssertion,
)

from license_scan.model import INCOMPLETE_FINDINGS, Component, Node, Report, TargetResult
from license_scan.policy.exit import is_complete
from license_scan.report import licensetexts as lt
from license_scan.report.spdx2_licenses import REF, LicenseIds, expression, spdx_text

HUB = "https://huggingface.co"
READ_STATUSES = ("ok", "cycle")
NOT_READ = {
    "gated": "gated: the Hub lists it but its files could not be read without accepting its terms; what it "
             "declares comes from the Hub metadata only",
    "missing": "missing: the repository (or the revision asked for) does not exist or is not visible",
    "offline": "offline: not in the local cache and the network was not used",
    "depth-limit": "depth limit: beyond the --depth the scan was asked to follow, so it was not read",
    "error": "error: it could not be read",
}
PART_TEXT = {
    "code": (RelationshipType.DEPENDS_ON, PackagePurpose.SOURCE,
             "source files shipped in the repository and the code it runs from other repositories, with their "
             "effective terms"),
    "data": (RelationshipType.GENERATED_FROM, PackagePurpose.OTHER,
             "the effective terms of the data the model was trained on, as the datasets it names state them"),
}


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.\-]+", "-", text).strip("-")[:60] or "x"


def _repo(node_id: str, kind: str) -> str:
    return node_id[len("datasets/"):] if kind == "dataset" and node_id.startswith("datasets/") else node_id


def _describe(c: Component | None) -> str:
    return "none" if c is None else f"{c.expression} ({c.category})"


class Packages:
    def __init__(self, report: Report, ids: LicenseIds, tool: Actor, stamp: datetime) -> None:
        self.report, self.ids, self.tool, self.stamp = report, ids, tool, stamp
        self.by_id: dict[str, str] = {}  # node id -> SPDX id of its package
        self.annotations: list[Annotation] = []
        self._packages: list[Package] = []
        self._parts: dict[str, list[tuple[str, RelationshipType, str]]] = {}
        self._targets: dict[int, str] = {}
        chosen: dict[str, Node] = {}
        for node in lt.all_nodes(report):
            if node.id not in chosen or (chosen[node.id].status not in READ_STATUSES and node.status in READ_STATUSES):
                chosen[node.id] = node
        for n, result in enumerate(report.results):
            if not result.dependencies.nodes:
                self._targets[n] = self._error_package(result)
            else:
                self._targets[n] = self._add(chosen[result.dependencies.nodes[0].id], result)
        for node in chosen.values():
            self._add(node, None)

    def target(self, result: TargetResult) -> str:
        return self._targets[self.report.results.index(result)]

    def node(self, node: Node) -> str:
        return self.by_id[node.id]

    def parts(self, node: Node) -> list[tuple[str, RelationshipType, str]]:
        return self._parts.get(node.id, [])

    def all(self) -> list[Package]:
        return list(self._packages)

    @property
    def renamed_refs(self) -> list[tuple[str, str]]:
        return [(orig, doc) for orig, doc in self.ids.mapped.items() if doc.startswith(REF) and doc != orig]

    # -- building ------------------------------------------------------------------------------

    def _spdx_id(self, kind: str, node_id: str, revision: str | None) -> str:
        digest = hashlib.sha256(f"{kind}\0{node_id}\0{revision or ''}".encode()).hexdigest()[:8]
        return f"SPDXRef-{kind.capitalize()}-{_safe(node_id)}-{digest}"

    def _supplier(self, kind: str, node_id: str) -> Actor | SpdxNoAssertion:
        repo = _repo(node_id, kind)
        if kind == "local" or "/" not in repo:
            return SpdxNoAssertion()
        return Actor(ActorType.ORGANIZATION, repo.split("/")[0])

    def _location(self, kind: str, node_id: str, revision: str | None) -> str | SpdxNoAssertion:
        if kind == "local" or not revision:
            return SpdxNoAssertion()
        prefix = "datasets/" if kind == "dataset" else ""
        return f"{HUB}/{prefix}{_repo(node_id, kind)}/tree/{revision}"

    def _purl(self, kind: str, node_id: str, revision: str | None) -> list[ExternalPackageRef]:
        if kind == "local":
            return []
        org, _, name = _repo(node_id, kind).rpartition("/")
        qualifiers = {"repository_url": f"{HUB}/datasets"} if kind == "dataset" else None
        purl = PackageURL(type="huggingface", namespace=org or None, name=name, version=revision,
                          qualifiers=qualifiers).to_string()
        return [ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl)]

    def _error_package(self, result: TargetResult) -> str:
        node_id = result.repo_id or result.target
        spdx_id = self._spdx_id(result.kind, node_id, None)
        why = spdx_text(f"{result.error.type}: {result.error.message}") if result.error else "not read"
        self._packages.append(Package(
            spdx_id=spdx_id, name=node_id, download_location=SpdxNoAssertion(), version=None,
            supplier=self._supplier(result.kind, node_id), files_analyzed=False,
            license_concluded=SpdxNoAssertion(), license_declared=SpdxNoAssertion(),
            copyright_text=SpdxNoAssertion(), primary_package_purpose=PackagePurpose.OTHER,
            comment=f"Target '{result.target}' could not be read ({why}). Its terms and version are unknown.",
        ))
        return spdx_id

    def _add(self, node: Node, result: TargetResult | None) -> str:
        if node.id in self.by_id:
            return self.by_id[node.id]
        spdx_id = self.by_id[node.id] = self._spdx_id(node.kind, node.id, node.revision)
        read = node.status in READ_STATUSES
        main = node.components.data if node.kind == "dataset" else node.components.weights
        concluded = expression(main.expression if main and read else None, self.ids)
        declared = expression(node.declared, self.ids)
        self._packages.append(Package(
            spdx_id=spdx_id, name=node.id, download_location=self._location(node.kind, node.id, node.revision),
            version=node.revision, supplier=self._supplier(node.kind, node.id),
            files_analyzed=False, license_concluded=concluded, license_declared=declared,
            license_comment=self._license_comment(node, read),
            copyright_text=SpdxNoAssertion(), primary_package_purpose=PackagePurpose.OTHER,
            external_references=self._purl(node.kind, node.id, node.revision),
            attribution_texts=[spdx_text(f.text) for f in lt.notice_files(node) if f.text],
            comment=self._comment(node, result, read),
        ))
        for record in node.files:
            if record.sha256:
                text = f"Evidence file {record.path} (role {record.role}, {record.size} bytes), SHA256 {record.sha256}"
            else:
                text = f"Evidence file {record.path} (role {record.role}) could not be read: {record.unreadable}"
            self.annotations.append(Annotation(spdx_id, AnnotationType.OTHER, self.tool, self.stamp, text))
        parts = [("code", node.components.code)] + ([] if node.kind == "dataset" else [("data", node.components.data)])
        for name, comp in parts:
            if comp is not None:
                self._part(node, spdx_id, name, comp, read)
        return spdx_id

    def _part(self, node: Node, main_id: str, name: str, comp: Component, read: bool) -> None:
        kind, purpose, what = PART_TEXT[name]
        part_id = f"{main_id}-{name}"
        self._packages.append(Package(
            spdx_id=part_id, name=f"{node.id}#{name}", download_location=self._location(node.kind, node.id,
                                                                                         node.revision),
            version=node.revision, supplier=self._supplier(node.kind, node.id),
            files_analyzed=False, license_concluded=expression(comp.expression if read else None, self.ids),
            license_declared=SpdxNoAssertion(), copyright_text=SpdxNoAssertion(), primary_package_purpose=purpose,
            comment=f"Not a separate repository: the {name} component of {node.id}: {what}. "
                    f"Category: {comp.category}." + ("" if read else " Not concluded: the repository could not be read."),
        ))
        self._parts.setdefault(node.id, []).append((part_id, kind, f"{name} component"))

    def _license_comment(self, node: Node, read: bool) -> str:
        main = "data" if node.kind == "dataset" else "weights"
        c = node.components
        text = (f"Declared: the repository's own terms before inheritance. Concluded: the effective {main} terms, "
                f"inherited ones included. Effective terms: weights {_describe(c.weights)}; "
                f"data {_describe(c.data)}; code {_describe(c.code)}.")
        if not read:
            text += " Not concluded (NOASSERTION): the repository could not be read."
        return text

    def _comment(self, node: Node, result: TargetResult | None, read: bool) -> str:
        what = {"model": "Hugging Face model repository", "dataset": "Hugging Face dataset repository",
                "local": "Local folder (not a Hub repository; no supplier is known)"}[node.kind]
        at = f"read at commit {node.revision}" if node.revision else "no commit known, so no version is given"
        lines = [f"{what}, {at}; status {node.status}."]
        if not read:
            lines.append("Completeness: NOT READ (" + NOT_READ.get(node.status, node.status) + ").")
        if result is not None and not is_complete(result):
            unread = sorted({n.id for n in result.dependencies.nodes if n.status not in READ_STATUSES})
            codes = sorted({f.code for f in result.findings if f.code in INCOMPLETE_FINDINGS})
            lines.append("Completeness: the scan of this target is incomplete"
                         + (f"; not read: {', '.join(unread)}" if unread else "")
                         + (f"; findings: {', '.join(codes)}" if codes else "")
                         + ". Its concluded terms cover only what was read.")
        elif result is not None:
            lines.append("Completeness: every repository and file of its tree was read.")
        return " ".join(lines)
