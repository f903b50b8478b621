"""A listed repo (an audit's sweep) as a Snapshot: from its metadata alone (tier 1), or with its files (tier 2).

Tier 1 reads nothing: the card metadata, tags, gate and file list the listing gave are all the snapshot
holds, so the verdict rests on what the repo declares. Tier 2 reads the files a scan reads, at the listed
commit, without the info request a scan starts with.
"""

from __future__ import annotations

from typing import Any

from license_scan.model import Finding, FindingSource
from license_scan.source.cache import RepoMeta
from license_scan.source.estate import Listed
from license_scan.source.facts import card_facts
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target


def listed_target(listed: Listed) -> Target:
    raw = f"datasets/{listed.repo_id}" if listed.kind == "dataset" else listed.repo_id
    return Target(raw, listed.kind, listed.repo_id, listed.sha)


def listed_metadata(listed: Listed) -> dict[str, Any]:
    """The card metadata, with the Hub's `baseModels` added when the card data names no base model."""
    metadata = dict(listed.card_data or {})
    if listed.base_models and not metadata.get("base_model"):
        metadata["base_model"] = [repo for _, repo in listed.base_models]
        relations = {relation for relation, _ in listed.base_models}
        if len(relations) == 1 and not metadata.get("base_model_relation"):
            metadata["base_model_relation"] = relations.pop()
    return metadata


def metadata_snapshot(listed: Listed) -> Snapshot:
    """Tier 1: what the listing says, no file read. A repo without card metadata declares nothing here."""
    metadata = listed_metadata(listed)
    findings = () if listed.sha else (Finding(
        "warning", "revision-unresolved", f"{listed.repo_id}: the listing gave no commit SHA",
        FindingSource(listed.repo_id, None)),)
    return Snapshot(
        target=listed_target(listed).raw, kind=listed.kind, repo_id=listed.repo_id, revision=listed.sha,
        requested_revision=None, files=listed.files, card=None, card_data=listed.card_data, metadata=metadata,
        gated=listed.gated, tags=listed.tags, findings=findings, facts=card_facts(metadata, ""),
    )


def listed_meta(listed: Listed) -> RepoMeta:
    return RepoMeta(repo_id=listed.repo_id, sha=listed.sha, files=listed.files, card_data=listed.card_data,
                    gated=listed.gated, tags=listed.tags)


def fetch_listed(listed: Listed) -> Snapshot:
    """Tier 2: the repo's files at the listed commit, read as a scan reads them (no info request; a file of
    that commit already in the Hub cache costs no request either)."""
    from license_scan.source.hub import fetch_hub

    return fetch_hub(listed_target(listed), known=listed_meta(listed))
