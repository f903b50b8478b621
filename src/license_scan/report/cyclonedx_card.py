"""The CycloneDX 1.6 fields cyclonedx-python-lib cannot write yet, as JSON: `modelCard` and component `data`.

Only what the card states: the task, the datasets it names (by bom-ref), its limitations and intended
use. A card that states none of these gives no modelCard; a repo that was not read gives none either.
"""

from __future__ import annotations

from typing import Any

from license_scan.model import Node


def model_card(node: Node, dataset_refs: list[str]) -> dict[str, Any]:
    card = node.card
    if node.kind == "dataset" or card is None:
        return {}
    params: dict[str, Any] = {}
    if card.task:
        params["task"] = card.task
    if dataset_refs:
        params["datasets"] = [{"ref": ref} for ref in dict.fromkeys(dataset_refs)]
    considerations: dict[str, Any] = {}
    if card.limitations:
        considerations["technicalLimitations"] = [card.limitations]
    if card.intended_use:
        considerations["useCases"] = [card.intended_use]
    out: dict[str, Any] = {}
    if params:
        out["modelParameters"] = params
    if considerations:
        out["considerations"] = considerations
    return {"modelCard": out} if out else {}


def component_data(node: Node) -> dict[str, Any]:
    """A dataset's `data` entry (type `dataset`)."""
    if node.kind != "dataset":
        return {}
    entry: dict[str, Any] = {"type": "dataset", "name": node.id}
    if node.card and node.card.intended_use:
        entry["description"] = node.card.intended_use
    return {"data": [entry]}
