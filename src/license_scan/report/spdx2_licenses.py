"""License expressions and `LicenseRef-…` definitions for the SPDX 2.3 document.

Ids. An id on the SPDX license list (as spdx-tools knows it) stays as it is.
Every other id becomes `LicenseRef-<idstring>`, where the idstring allows
only `[A-Za-z0-9.-]`: the rule set's ids (`LicenseRef-llama3.1`) already do
and are kept; any other character becomes `-`, and a clash between two
originals is broken with `-2`, `-3`… in sorted order. Every `LicenseRef-…`
gets an ExtractedLicensingInfo whose name is the license's name and whose
comment keeps the original id and the rule id.

Texts read from repositories go through `spdx_text`.

Operators. AND, OR, parentheses and `X WITH <listed exception>` are kept
as written. An exception the SPDX exception list does not hold cannot follow
WITH in SPDX 2.3: it becomes `(X AND LicenseRef-<exception>)`, which keeps
both sets of terms and drops none.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from license_expression import LicenseExpression
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.model import ExtractedLicensingInfo, SpdxNoAssertion, SpdxNone

from license_scan.model import Report
from license_scan.report import licensetexts as lt

_TOKEN = re.compile(r"\(|\)|[^\s()]+")
_OPERATORS = ("AND", "OR", "WITH")
REF = "LicenseRef-"

SpdxLicense: TypeAlias = "LicenseExpression | SpdxNoAssertion | SpdxNone"


def spdx_text(text: str) -> str:
    """A text read from a repository, safe in both SPDX formats: control characters dropped, and a
    literal `</text>` (which would end a tag-value text block early and let the rest be read as
    fields) written `&lt;/text>`."""
    return lt.clean(text).replace("</text>", "&lt;/text>")


def _listed(key: str, *, exception: bool) -> bool:
    symbol = spdx_licensing.known_symbols.get(key)
    return symbol is not None and symbol.key == key and bool(symbol.is_exception) == exception


class LicenseIds:
    """Original id → document id, and which LicenseRefs the document uses (in first-use order)."""

    def __init__(self) -> None:
        self.mapped: dict[str, str] = {}
        self._taken: set[str] = set()

    def license(self, original: str, *, exception: bool = False) -> str:
        if original in self.mapped:
            return self.mapped[original]
        if _listed(original, exception=exception):
            doc_id = original
        else:
            body = original[len(REF):] if original.startswith(REF) else original
            base = REF + (re.sub(r"[^A-Za-z0-9.\-]", "-", body) or "unnamed")
            doc_id, n = base, 1
            while doc_id in self._taken:
                n += 1
                doc_id = f"{base}-{n}"
        self._taken.add(doc_id)
        self.mapped[original] = doc_id
        return doc_id

    def refs(self) -> list[tuple[str, str]]:
        """(document id, original id) of every LicenseRef used."""
        return [(doc, orig) for orig, doc in self.mapped.items() if doc.startswith(REF)]


def expression(value: str | None, ids: LicenseIds) -> SpdxLicense:
    """The report's expression (rule-set ids) as an spdx-tools expression; None / NOASSERTION → NOASSERTION."""
    if value is None or value.strip() in ("", "NOASSERTION"):
        return SpdxNoAssertion()
    if value.strip() == "NONE":
        return SpdxNone()
    out: list[str] = []
    after_with = False
    for token in _TOKEN.findall(value):
        upper = token.upper()
        if upper in _OPERATORS or token in "()":
            out.append(upper if upper in _OPERATORS else token)
            after_with = upper == "WITH"
            continue
        if not after_with:
            out.append(ids.license(token))
            continue
        after_with = False
        if _listed(token, exception=True):
            out.append(token)
            continue
        out[-1] = "AND"  # an unlisted exception: `(X AND LicenseRef-exception)`
        out.insert(len(out) - 2, "(")
        out.extend([ids.license(token), ")"])
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    return spdx_licensing.parse(text)


def extracted_infos(report: Report, ids: LicenseIds) -> list[ExtractedLicensingInfo]:
    """One definition per LicenseRef the document uses, each with a text (see licensetexts)."""
    infos = []
    for doc_id, original in sorted(ids.refs()):
        rule = lt.rule_for(original)
        found = lt.license_text(report, original)
        name = lt.license_name(report, original)
        if found.text is not None:
            text = spdx_text(found.text)
        else:
            where = f" It is published at {found.url}." if found.url else " license-scan knows no URL for it."
            text = (f"The text of \"{name}\" (license-scan id {original}) was not available to license-scan "
                    f"when this document was written.{where} Obtain and review the full text there.")
        comment = f"license-scan license id: {original}"
        if rule is not None:
            comment += f"; rule: {rule.id} ({rule.category})"
        comment += f"; text source: {found.source}"
        refs = sorted(u for u in set([*([rule.url] if rule and rule.url else []), *(rule.urls if rule else ())])
                      if u.startswith(("http://", "https://")))  # sorted: the tag-value writer sorts them
        infos.append(ExtractedLicensingInfo(
            license_id=doc_id, extracted_text=text, license_name=spdx_text(name), cross_references=refs, comment=comment))
    return infos
