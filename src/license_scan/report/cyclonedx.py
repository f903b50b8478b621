"""`--format cyclonedx-json`: the report as a CycloneDX 1.6 ML-BOM (report/cyclonedx_build.py builds it).

cyclonedx-python-lib has no `modelCard`, component `data` or `compositions` yet: they are added to the serialized JSON
here, and the tests validate the result with the library's strict 1.6 JSON validator.
"""

from __future__ import annotations

import json
from typing import Any

from license_scan.model import Report


def render_cyclonedx(report: Report) -> str:
    from cyclonedx.output.json import JsonV1Dot6

    from license_scan.report.cyclonedx_build import build_bom

    bom, extras, compositions = build_bom(report)
    data = json.loads(JsonV1Dot6(bom).output_as_string())
    _add_extras(data.get("metadata", {}).get("component"), extras)
    for component in data.get("components", []):
        _add_extras(component, extras)
    if compositions:
        data["compositions"] = compositions
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _add_extras(component: dict[str, Any] | None, extras: dict[str, dict[str, Any]]) -> None:
    """Add the fields the library cannot write (modelCard, data) to a component, by its bom-ref."""
    if component is None:
        return
    component.update(extras.get(component.get("bom-ref", ""), {}))
    for child in component.get("components", []):
        _add_extras(child, extras)
