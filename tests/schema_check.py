"""Validate every JSON report and audit line the tests produce against the shipped schemas."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema

SCHEMAS = resources.files("license_scan") / "report" / "schema"
# where the audit line's `$ref: report.schema.json#...` resolves to, against the line schema's own $id
REPORT_REF = "https://license-scan.dev/schema/report.schema.json"


def _load(name: str) -> dict:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_load("report.schema.json"), format_checker=jsonschema.FormatChecker())


@lru_cache(maxsize=1)
def _line_validator() -> jsonschema.Draft202012Validator:
    from referencing import Registry, Resource

    registry = Registry().with_resource(REPORT_REF, Resource.from_contents(_load("report.schema.json")))
    return jsonschema.Draft202012Validator(_load("audit-line.schema.json"), registry=registry,
                                           format_checker=jsonschema.FormatChecker())


def _assert_valid(validator: jsonschema.Draft202012Validator, data: dict | str) -> dict:
    if isinstance(data, str):
        data = json.loads(data)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return data


def assert_valid_report(data: dict | str) -> dict:
    return _assert_valid(_validator(), data)


def assert_valid_audit_line(data: dict | str) -> dict:
    return _assert_valid(_line_validator(), data)
