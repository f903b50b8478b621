"""The report as an SPDX 2.3 document (spdx-tools model); spdx2.py writes it as JSON or tag-value.

What maps to what (docs/spdx2.md says the same for readers):
- one Package per repository of every tree (each once, however many trees hold it): name = node id,
  version = commit, supplier = the Hub namespace, a purl, the Hub URL pinned to the commit;
  licenseDeclared = what the repository itself says, licenseConcluded = its effective terms (weights;
  data for a dataset), NOASSERTION when unknown or when the repository could not be read;
- the code and training-data components as packages of their own (`<id>#code`, `<id>#data`);
- the tree's edges as DESCENDANT_OF / VARIANT_OF / GENERATED_FROM / DEPENDS_ON;
- files the verdict rests on as annotations: SPDX 2.3 requires a SHA1 on every File element and
  the scan records SHA-256 only (see spdx2_packages.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Callable

from spdx_tools.spdx.model import (
    Actor, ActorType, CreationInfo, Document, Package, Relationship, RelationshipType,
)

from license_scan.model import Report
from license_scan.policy.exit import is_complete
from license_scan.report import licensetexts as lt
from license_scan.report.spdx2_licenses import LicenseIds, extracted_infos
from license_scan.report.spdx2_packages import Packages

NAMESPACE_BASE = "https://license-scan.dev/spdx/"
DOCUMENT_ID = "SPDXRef-DOCUMENT"
# relation in the tree -> (SPDX relationship from the dependent repo to the one it refers to, wording)
EDGE_TYPES = {
    "finetune": (RelationshipType.DESCENDANT_OF, "is a fine-tune of"),
    "adapter": (RelationshipType.DESCENDANT_OF, "is an adapter for"),
    "merge": (RelationshipType.DESCENDANT_OF, "is a merge of (among others)"),
    "quantized": (RelationshipType.VARIANT_OF, "is a quantized variant of"),
    "dataset": (RelationshipType.GENERATED_FROM, "was trained on"),
    "code": (RelationshipType.DEPENDS_ON, "runs code from"),
    "component": (RelationshipType.DEPENDS_ON, "uses a pipeline component saved from"),
}


def namespace_digest(report: Report) -> str:
    """SHA-256 of what the document is about: tool, rule set, targets and every repository's commit."""
    inputs = {
        "tool": [report.tool_name, report.tool_version], "ruleset": report.ruleset.digest,
        "results": [{
            "target": r.target, "requested_revision": r.requested_revision, "revision": r.revision,
            "error": r.error.type if r.error else None,
            "nodes": [[n.id, n.revision, n.status] for n in r.dependencies.nodes],
            "edges": [[e.source, e.target, e.relation] for e in r.dependencies.edges],
        } for r in report.results],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def created(report: Report) -> datetime:
    return datetime.fromisoformat(report.generated_at.replace("Z", "+00:00")).replace(tzinfo=None)


def _document_comment(report: Report, packages: Packages) -> str:
    lines = [
        f"License evidence from license-scan {report.tool_version}, rule set {report.ruleset.version} "
        f"({report.ruleset.digest}), for: {', '.join(r.target for r in report.results)}.",
        "Per package: licenseDeclared is what the repository itself says (its card and files), licenseConcluded "
        "its effective terms with everything it inherits (the weights for a model, the data for a dataset); the "
        "code and training-data terms are the packages '<id>#code' and '<id>#data'. NOASSERTION means the terms "
        "could not be read or identified: nothing is concluded from unread evidence.",
        "The files each verdict rests on are annotations of their package (path, role, size, SHA-256): SPDX 2.3 "
        "File elements need a SHA1 checksum, which the scan does not record, and none is invented.",
    ]
    incomplete = [r.target for r in report.results if not is_complete(r)]
    if incomplete:
        lines.append("INCOMPLETE: something a verdict may rest on could not be read for " + ", ".join(incomplete)
                     + "; see the package comments. Terms that could not be read are not covered here.")
    else:
        lines.append("Complete: every repository and file the verdicts rest on was read.")
    note = lt.ruleset_note(report)
    if note:
        lines.append(note)
    if packages.renamed_refs:
        lines.append("License ids renamed for SPDX: " + ", ".join(f"{a} -> {b}" for a, b in packages.renamed_refs))
    return "\n".join(lines)


def _terms(relate: Callable[[str, RelationshipType, str, str | None], None], a: str, kind: RelationshipType,
           b: str, comment: str) -> None:
    """Lineage (DESCENDANT_OF, VARIANT_OF, GENERATED_FROM) says where a model comes from; a DEPENDS_ON
    beside it says that its terms include the other's, which is what composition-aware tools
    (NTIA minimum elements) follow through the tree."""
    if kind != RelationshipType.DEPENDS_ON:
        relate(a, RelationshipType.DEPENDS_ON, b, comment)


def build_document(report: Report) -> Document:
    ids = LicenseIds()
    tool = Actor(ActorType.TOOL, f"{report.tool_name}-{report.tool_version}")
    stamp = created(report)
    packages = Packages(report, ids, tool, stamp)
    relationships: list[Relationship] = []
    seen: set[tuple[str, str, RelationshipType]] = set()

    def relate(a: str, kind: RelationshipType, b: str, comment: str | None) -> None:
        if (a, b, kind) not in seen:
            seen.add((a, b, kind))
            relationships.append(Relationship(a, kind, b, comment=comment))

    for result in report.results:
        relate(DOCUMENT_ID, RelationshipType.DESCRIBES, packages.target(result), None)
    for result in report.results:
        for node in result.dependencies.nodes:
            main = packages.node(node)
            for spdx_id, kind, comment in packages.parts(node):
                relate(main, kind, spdx_id, comment)
                _terms(relate, main, kind, spdx_id, f"license inheritance: the terms of {node.id} include its {comment}")
        for edge in result.dependencies.edges:
            a, b = packages.by_id.get(edge.source), packages.by_id.get(edge.target)
            if a is None or b is None:
                continue  # an edge to a node outside the tree: nothing to point at
            kind, wording = EDGE_TYPES[edge.relation]
            relate(a, kind, b, f"{edge.relation}: {edge.source} {wording} {edge.target}")
            _terms(relate, a, kind, b, f"license inheritance ({edge.relation}): the terms of {edge.source} "
                                       f"include those of {edge.target}")
    names = ", ".join(r.target for r in report.results)
    info = CreationInfo(
        spdx_version="SPDX-2.3", spdx_id=DOCUMENT_ID, name=f"license-scan evidence for {names}",
        document_namespace=NAMESPACE_BASE + namespace_digest(report), creators=[tool], created=stamp,
        creator_comment=f"rule set {report.ruleset.version} ({report.ruleset.digest})",
        document_comment=_document_comment(report, packages),
    )
    all_packages: list[Package] = packages.all()
    return Document(
        creation_info=info, packages=all_packages, relationships=relationships,
        annotations=packages.annotations, extracted_licensing_info=extracted_infos(report, ids),
    )
