"""Read a JSON report for `verify`: parse it and check it against the schema the package ships.

Anything else (a missing file, not JSON, not a license-scan report, another contract version) is
a UsageError with one line saying why: verify never guesses what a malformed report meant.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema

from license_scan.errors import UsageError

MAX_SHOWN = 160  # characters of a schema error shown


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((resources.files("license_scan") / "report" / "schema" / "report.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def load_report(path: str) -> dict[str, Any]:
    """The report at `path`, valid against the shipped schema. Raises UsageError otherwise."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the report: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a JSON report (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}: not a JSON report (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "top level"
        more = f" and {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
        raise UsageError(f"{path}: not a valid license-scan report: {where}: {_one_line(first.message)}{more}")
    assert isinstance(data, dict)  # the schema says so
    return data
