"""Check an SPDX 3.0.1 JSON-LD document three ways: the official JSON Schema (offline copy), a read-back
with the same generated bindings, and what the schema cannot check (LicenseRef mapping, relationship
targets, unique spdxIds)."""

from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

SPDX3_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "spdx3"
SCHEMA = SPDX3_DIR / "spdx-json-schema.json"
NO_ASSERTION = "expandedlicensing_NoAssertionLicense"
LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-]+")


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_schema(data: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"the SPDX 3.0.1 JSON Schema is not at {SCHEMA.resolve()} (offline copy of "
                    "https://spdx.org/schema/3.0.1/spdx-json-schema.json); cannot validate")
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:10])


def read_back(text: str) -> Any:
    from spdx_python_model.bindings import v3_0_1 as m

    objects = m.SHACLObjectSet()
    m.JSONLDDeserializer().read(io.BytesIO(text.encode("utf-8")), objects)
    return objects


def check_consistency(data: dict[str, Any]) -> None:
    graph = data["@graph"]
    ids = [o["spdxId"] for o in graph if "spdxId" in o]
    assert len(ids) == len(set(ids)), "duplicate spdxIds"
    by_id = {o["spdxId"]: o for o in graph if "spdxId" in o}
    for o in graph:
        if o["type"] == "Relationship":
            for target in [o["from"], *o["to"]]:
                assert target in by_id or target == NO_ASSERTION, f"{o['spdxId']}: {target} is not in the document"
        if o["type"] == "Annotation":
            assert o["subject"] in by_id
        if o["type"] == "simplelicensing_LicenseExpression":
            mapped = {e["key"]: e["value"] for e in o.get("simplelicensing_customIdToUri", [])}
            for ref in LICENSE_REF.findall(o["simplelicensing_licenseExpression"]):
                assert ref in mapped, f"{ref} is not mapped in customIdToUri"
                assert by_id[mapped[ref]]["type"] == "expandedlicensing_CustomLicense"
    doc = next(o for o in graph if o["type"] == "SpdxDocument")
    assert set(doc["element"]) == set(ids) - {doc["spdxId"]}
    assert set(doc["rootElement"]) <= set(ids)


def check_spdx3(text: str) -> tuple[dict[str, Any], Any]:
    """All three checks; returns the parsed JSON and the object set read back."""
    data = json.loads(text)
    validate_schema(data)
    check_consistency(data)
    objects = read_back(text)
    assert not objects.missing_ids - {"https://spdx.org/licenses/CC0-1.0"}, objects.missing_ids
    return data, objects
