"""Validate every JSON report the tests produce against the shipped schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import jsonschema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((resources.files("license_scan") / "report" / "schema" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def assert_valid_report(data: dict | str) -> dict:
    if isinstance(data, str):
        data = json.loads(data)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return data


@lru_cache(maxsize=1)
def _line_validator() -> jsonschema.Draft202012Validator:
    from referencing import Registry, Resource

    folder = resources.files("license_scan") / "report" / "schema"
    report = json.loads((folder / "report.schema.json").read_text())
    line = json.loads((folder / "audit-line.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(line)
    registry = Registry().with_resources([(report["$id"], Resource.from_contents(report)),
                                          ("https://license-scan.dev/schema/report.schema.json",
                                           Resource.from_contents(report))])
    return jsonschema.Draft202012Validator(line, registry=registry, format_checker=jsonschema.FormatChecker())


def assert_valid_audit_line(data: dict | str) -> dict:
    if isinstance(data, str):
        data = json.loads(data)
    errors = sorted(_line_validator().iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return data
