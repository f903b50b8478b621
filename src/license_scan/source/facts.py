"""What a model card says beyond licenses: task, library, languages, lineage as written, and its
limitations and intended-use sections, for the evidence formats (SPDX AI / Dataset profiles, ML-BOMs)."""

from __future__ import annotations

import re
from typing import Any, Mapping

from license_scan import limits
from license_scan.model import CardFacts
from license_scan.source.card import field_strings

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
LIMITATIONS_HEADINGS = re.compile(r"limitation|bias|risk|out-of-scope", re.IGNORECASE)
INTENDED_USE_HEADINGS = re.compile(r"intended use|^uses?$|direct use", re.IGNORECASE)


def card_facts(metadata: Mapping[str, Any], body: str) -> CardFacts:
    def one(key: str) -> str | None:
        values = field_strings(metadata.get(key))
        return values[0] if values else None

    return CardFacts(
        task=one("pipeline_tag"), library=one("library_name"),
        languages=tuple(field_strings(metadata.get("language"))), tags=tuple(field_strings(metadata.get("tags"))),
        base_models=tuple(field_strings(metadata.get("base_model"))),
        datasets=tuple(field_strings(metadata.get("datasets"))),
        limitations=section(body, LIMITATIONS_HEADINGS), intended_use=section(body, INTENDED_USE_HEADINGS),
    )


def section(body: str, heading: re.Pattern[str]) -> str | None:
    """The text under the first heading that matches, up to the next heading of its level or higher."""
    headings = list(_HEADING.finditer(body[: limits.MAX_PROSE_CHARS]))
    for i, match in enumerate(headings):
        if not heading.search(match.group(2)):
            continue
        level = len(match.group(1))
        end = next((h.start() for h in headings[i + 1:] if len(h.group(1)) <= level), len(body))
        text = body[match.end():end].strip()
        if text:
            return text[: limits.MAX_CARD_SECTION_CHARS]
    return None
