"""A model's data component: the AND of the datasets it names, each judged from its own Hub repo."""

from __future__ import annotations

from typing import Sequence

from license_scan.classify.join import Part, join_components
from license_scan.model import Component, Finding, FindingSource
from license_scan.ruleset import Ruleset

NOT_ON_HUB = "not a Hub dataset id (org/name)"


def data_component(own: Component | None, datasets: Sequence[Part], not_on_hub: Sequence[str], ruleset: Ruleset,
                   *, repo: str | None) -> tuple[Component | None, tuple[Finding, ...]]:
    """Own data evidence (LICENSE-DATA, card prose) AND every dataset named; None when none is named."""
    findings = tuple(
        Finding("warning", "dataset-not-on-hub",
                f"{repo}: dataset '{name}' is {NOT_ON_HUB}, so it cannot be looked up; its terms are unknown. "
                "Name it by its Hub id in the card's `datasets:` to have it checked.",
                FindingSource(repo, "README.md", None))
        for name in not_on_hub)
    parts = [*datasets, *(Part(name, None, NOT_ON_HUB) for name in not_on_hub)]
    return join_components("data", own, parts, ruleset), findings
