"""Card metadata (front matter, Hub tags) → license evidence.

Covers the shapes found in the wild: `license` as a string or a list, any
case, `other` resolved through `license_name` / `license_link`, the license
only in `tags` (`license:mit`), nothing at all, and values no rule knows.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from license_scan.detect.evidence import Detected, main_component
from license_scan.detect.expression import (
    exception_terms,
    looks_like_expression,
    parse_expression,
)
from license_scan.hubref import link_to_repo_path
from license_scan.model import Evidence, EvidenceSource, Finding, FindingSource
from license_scan.ruleset import Rule, Ruleset
from license_scan.source.snapshot import Snapshot

# Confidence of each kind of metadata evidence (front matter is the author's own declaration).
SCORE_LICENSE_FIELD = 1.0
SCORE_LICENSE_NAME = 0.95
SCORE_LICENSE_LINK = 0.9
SCORE_TAG = 0.9
UNRESOLVED_IDS = ("other", "unknown", "cc")  # Hub ids that say "read further"
# Keys people write for the Hub's license keys (`License`, `licence`, `licenses`, `license-name`),
# folded to letters only, and the key the Hub reads.
LICENSE_KEYS = {"license": "license", "licensename": "license_name", "licenselink": "license_link"}


@dataclass(frozen=True)
class MetadataLicenses:
    evidence: tuple[Evidence, ...]
    findings: tuple[Finding, ...]
    link: str | None  # license_link as written, for the file reader
    is_list: bool  # `license:` held several values


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def _suggest(value: str, ruleset: Ruleset) -> str:
    close = difflib.get_close_matches(value.lower(), ruleset.hub_ids(), n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""


def _tag_licenses(tags: Iterable[Any]) -> list[str]:
    out = []
    for tag in tags:
        if isinstance(tag, str) and tag.lower().startswith("license:"):
            out.append(tag.split(":", 1)[1].strip())
    return out


def detect_metadata(snapshot: Snapshot, ruleset: Ruleset) -> Detected:
    """The license the card's metadata (front matter, else the Hub's cardData) and the Hub tags declare."""
    repo = snapshot.repo_id
    findings: list[Finding] = []
    if snapshot.card is None and not snapshot.card_data:
        findings.append(Finding("warning", "card-missing",
                                f"{repo}: no README.md model card; license can only come from files",
                                FindingSource(repo, None, None)))
    metadata, lines = dict(snapshot.metadata), dict(snapshot.metadata_lines)
    for key in list(metadata):
        wanted = LICENSE_KEYS.get(_key_shape(key))
        if wanted is None or key == wanted:
            continue
        value = metadata.pop(key)
        if wanted in metadata:  # both: the stray value is evidence too, never dropped (AND)
            value = [*_as_list(metadata[wanted]), *_as_list(value)]
        metadata[wanted] = value
        if key in lines:  # a line only where the key's line is known (never 0: lines count from 1)
            lines.setdefault(wanted, lines[key])
        findings.append(Finding("warning", "license-key-misspelt",
                                f"README.md: front matter key '{key}' is not '{wanted}': the Hub ignores it (no "
                                f"license shows there); read as '{wanted}'", FindingSource(repo, "README.md",
                                                                                      lines.get(key))))
    meta = read_metadata(metadata, snapshot.tags, ruleset, repo=repo, path="README.md", line_of=lines)
    return Detected({main_component(snapshot): meta.evidence}, (*findings, *meta.findings))


def _key_shape(key: str) -> str:
    return re.sub(r"[^a-z]", "", key.lower()).replace("licence", "license").replace("licenses", "license")


def read_metadata(
    metadata: Mapping[str, Any] | None,
    tags: Iterable[str],
    ruleset: Ruleset,
    *,
    repo: str | None,
    path: str = "README.md",
    line_of: Mapping[str, int] | None = None,
) -> MetadataLicenses:
    """Evidence for every license the metadata declares, and findings for what it gets wrong."""
    metadata = metadata or {}
    lines = line_of or {}
    evidence: list[Evidence] = []
    findings: list[Finding] = []

    def where(key: str) -> FindingSource:
        return FindingSource(repo, path, lines.get(key))

    values = _as_list(metadata.get("license"))
    source: EvidenceSource = "front-matter"
    if not values:
        all_tags = list(tags) + _as_list(metadata.get("tags"))
        values = list(dict.fromkeys(_tag_licenses(all_tags)))
        source = "tags"
    name = _as_list(metadata.get("license_name"))
    link = _as_list(metadata.get("license_link"))
    link_value = link[0] if link else None

    for value in values:
        rule = ruleset.by_name(value)
        exact = ruleset.by_hub_id(value) is not None or ruleset.by_spdx(value) is not None
        score = SCORE_LICENSE_FIELD if source == "front-matter" else SCORE_TAG
        parsed = parse_expression(value, ruleset) if rule is None and looks_like_expression(value) else None
        if parsed is not None and parsed.first_rule is not None:
            evidence.append(Evidence(source, parsed.first_rule, score, path=path, value=value,
                                     expression=parsed.expression))
            evidence.extend(Evidence(source, rule_id, score, path=path, value=f"{value}: exception '{name}'")
                            for rule_id, name in exception_terms(parsed, ruleset))
            for symbol in parsed.unknown:
                findings.append(Finding(
                    "warning", "license-unrecognised",
                    f"{path}: '{symbol}' in the license expression '{value}' is not a license or exception any "
                    f"rule knows{_suggest(symbol, ruleset)}; its terms are unknown", where("license")))
            continue
        if rule is None:
            findings.append(Finding(
                "warning", "license-unrecognised",
                f"{path}: license '{value}' is not a Hub license id and no rule knows it{_suggest(value, ruleset)}",
                where("license")))
            evidence.append(Evidence(source, None, score, path=path, value=value))
            continue
        if not exact:
            findings.append(Finding(
                "info", "license-alias",
                f"{path}: license '{value}' is not a Hub license id; read as '{rule.hub_id or rule.license_id}'",
                where("license")))
        if rule.hub_id in UNRESOLVED_IDS:
            evidence.extend(_resolve_other(rule, name, link_value, ruleset, path, source, findings, where, repo))
        else:
            evidence.append(Evidence(source, rule.id, score, path=path, value=value))
    if values and name and not any(ev.rule and ruleset.get(ev.rule).hub_id in UNRESOLVED_IDS for ev in evidence):
        # `license_name` beside a concrete `license:` (it belongs with `other`): a known license it names
        # that the card does not declare is taken to apply as well, never dropped
        for label in name:
            rule = ruleset.by_name(label)
            if rule is None:  # a name for terms no rule knows: unknown terms, as beside `other`
                evidence.append(_unknown_name("front-matter", label, path, findings, where))
                continue
            if rule.hub_id in UNRESOLVED_IDS or any(ev.rule == rule.id for ev in evidence):
                continue
            evidence.append(Evidence("front-matter", rule.id, SCORE_LICENSE_NAME, path=path, value=f"license_name: {label}"))
            findings.append(Finding(
                "warning", "license-name-differs",
                f"{path}: license_name '{label}' names {rule.license_id}, which license ({', '.join(values)}) does not; "
                "both are taken to apply (AND)", where("license_name")))
    if len(values) > 1:
        findings.append(Finding(
            "info", "license-list",
            f"{path}: several licenses are declared ({', '.join(values)}); all are taken to apply (AND)",
            where("license")))
    if not values and (name or link):
        # license_name / license_link without `license: other`
        fake_other = ruleset.by_hub_id("other")
        if fake_other is not None:
            evidence.extend(_resolve_other(fake_other, name, link_value, ruleset, path, "front-matter", findings,
                                           where, repo))
    return MetadataLicenses(tuple(evidence), tuple(findings), link_value, len(values) > 1)


def _unknown_name(source: EvidenceSource, name: str, path: str, findings: list[Finding], where: Any) -> Evidence:
    """A license_name no rule knows: unknown terms, with a warning."""
    findings.append(Finding("warning", "license-name-unrecognised",
                            f"{path}: license_name '{name}' is not known to the rule set; its terms are unknown",
                            where("license_name")))
    return Evidence(source, None, SCORE_LICENSE_NAME, path=path, value=f"license_name: {name}")


def _resolve_other(
    placeholder: Rule, names: list[str], link: str | None, ruleset: Ruleset, path: str,
    source: EvidenceSource, findings: list[Finding], where: Any, repo: str | None,
) -> list[Evidence]:
    """`license: other` means: the real terms are named by license_name or license_link.

    A license_name no rule knows is unknown terms, never a placeholder a file could resolve; except
    where license_link names a file in this repo: then the name is that file's label, and the file,
    read as a license file, says what the terms are (unknown if it cannot be read or identified)."""
    found: list[Evidence] = []
    linked_file = link_to_repo_path(link, [repo]) if link and repo else (
        link_to_repo_path(link) if link and "://" not in link else None)
    for name in names:
        rule = ruleset.by_name(name)
        if rule is not None and rule.hub_id not in UNRESOLVED_IDS:
            found.append(Evidence(source, rule.id, SCORE_LICENSE_NAME, path=path, value=f"license_name: {name}"))
        elif linked_file is not None:
            findings.append(Finding(
                "warning", "license-name-unrecognised",
                f"{path}: license_name '{name}' is not known to the rule set; its terms are those of {linked_file}, "
                "which license_link names: unknown unless that file is read and identified", where("license_name")))
        else:
            found.append(_unknown_name(source, name, path, findings, where))
    if link and re.match(r"^https?://", link):
        rule = ruleset.by_url(link)
        if rule is not None and rule.hub_id not in UNRESOLVED_IDS:
            if not any(e.rule == rule.id for e in found):
                found.append(Evidence(source, rule.id, SCORE_LICENSE_LINK, path=path, value=f"license_link: {link}"))
        elif not any(e.rule for e in found) and not (repo and f"/{repo.lower()}/" in link.lower()):
            found.append(Evidence(source, None, SCORE_LICENSE_LINK, path=path, value=f"license_link: {link}"))
            findings.append(Finding(
                "warning", "license-link-unresolved",
                f"{path}: license_link {link} names no license the rule set knows; it was not fetched "
                "(license-scan never fetches arbitrary URLs), so its terms are unknown: read it yourself",
                where("license_link")))
    if not found:
        found.append(Evidence(source, placeholder.id, SCORE_LICENSE_FIELD, path=path, value=placeholder.hub_id))
    return found
