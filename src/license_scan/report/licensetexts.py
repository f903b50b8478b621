"""License names and texts for evidence formats (SPDX extracted texts, NOTICE files).

A renderer never fetches: a license text comes, in this order, from
1. a license file the scan read (`Node.files[].text`) whose evidence names
   this license (an unmodified match; the matched span when the file holds
   more than one license),
2. the reference text of the licensedcode-data package the rule set points to
   (`match.reference`, or the text whose SPDX key is the rule's SPDX id),
3. nothing: the caller then states the license's name and URL and says the
   text must be obtained there.
Rule facts (name, URL) come from the rule set that ships with the package;
`ruleset_note` says so when it is not the one the report was made with.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from license_scan.model import Component, FileRecord, LicenseInfo, Node, Report
from license_scan.ruleset import Rule, Ruleset, load_ruleset

SHORT = 12  # characters of a SHA shown in source descriptions


@dataclass(frozen=True)
class LicenseText:
    text: str | None  # None: not available to the tool
    source: str  # where the text came from, for a person
    url: str | None


def ruleset() -> Ruleset:
    return load_ruleset()


def ruleset_note(report: Report) -> str | None:
    """A sentence when the shipped rule set is not the one the report was classified with."""
    shipped = ruleset().digest
    if shipped == report.ruleset.digest:
        return None
    return (f"License names and texts come from the rule set installed with this tool ({shipped}), "
            f"not the one the report was made with ({report.ruleset.digest}).")


def rule_for(license_id: str) -> Rule | None:
    return ruleset().by_license_id(license_id)


def all_nodes(report: Report) -> list[Node]:
    """Every node of every tree, in report order (a node met in several trees appears each time)."""
    return [n for r in report.results for n in r.dependencies.nodes]


def components(node: Node) -> list[tuple[str, Component]]:
    c = node.components
    return [(name, comp) for name, comp in (("code", c.code), ("weights", c.weights), ("data", c.data))
            if comp is not None]


def license_info(report: Report, license_id: str) -> LicenseInfo | None:
    for node in all_nodes(report):
        for _name, comp in components(node):
            for info in comp.licenses:
                if info.id == license_id:
                    return info
    return None


def license_name(report: Report, license_id: str) -> str:
    rule = rule_for(license_id)
    if rule is not None:
        return rule.name
    info = license_info(report, license_id)
    return info.name if info is not None else license_id


def license_url(license_id: str) -> str | None:
    rule = rule_for(license_id)
    if rule is None:
        return None
    return rule.url or (rule.urls[0] if rule.urls else None)


def _file(node: Node, path: str) -> FileRecord | None:
    return next((f for f in node.files if f.path == path and f.text), None)


def _read_file_text(report: Report, rule_id: str) -> tuple[str, Node, FileRecord] | None:
    for node in all_nodes(report):
        for _name, comp in components(node):
            for ev in comp.evidence:
                if ev.source != "file" or ev.rule != rule_id or ev.modified or ev.path is None:
                    continue
                record = _file(node, ev.path)
                if record is None or record.text is None:
                    continue
                others = {e.rule for e in comp.evidence if e.path == ev.path and e.rule and e.rule != rule_id}
                text = record.text
                if others and ev.span is not None and ev.span.end <= len(text):
                    text = text[ev.span.start:ev.span.end]
                return text, node, record
    return None


@lru_cache(maxsize=1)
def _reference_keys() -> dict[str, str]:
    """Rule id → licensedcode-data key of its reference text (the text matcher's own assignment)."""
    from license_scan.detect.text.cache import load_index

    index = load_index(ruleset())
    return {ref.rule_id: ref.key for ref in index.refs if not ref.rule_id.startswith("exception:")}


def license_text(report: Report, license_id: str) -> LicenseText:
    url = license_url(license_id)
    rule = rule_for(license_id)
    if rule is None:
        return LicenseText(None, "no rule in the rule set names this license", url)
    read = _read_file_text(report, rule.id)
    if read is not None:
        text, node, record = read
        where = f"{node.id}@{node.revision[:SHORT]}" if node.revision else node.id
        return LicenseText(text, f"file {record.path} of {where} (sha256 {record.sha256})", url)
    key = _reference_keys().get(rule.id)
    if key is not None:
        from license_scan.detect.text.reference import package_version, reference_text

        return LicenseText(reference_text(key).strip("\n") + "\n",
                           f"licensedcode-data {package_version()} reference text '{key}'", url)
    return LicenseText(None, "no text available to license-scan", url)


def notice_files(node: Node) -> list[FileRecord]:
    """License-like files named NOTICE… that were read: notices a recipient must get as written."""
    return [f for f in node.files
            if f.role == "license" and f.text and f.text.strip() and f.path.rsplit("/", 1)[-1].upper().startswith("NOTICE")]


def clean(text: str) -> str:
    """Text as read, without control characters (a terminal escape in a NOTICE file stays inert)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
