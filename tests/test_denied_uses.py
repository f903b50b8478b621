"""A card's permission table or labelled line that denies commercial use is a stated restriction."""

from __future__ import annotations

import pytest

from license_scan.classify.snapshot import classify_snapshot
from license_scan.ruleset import load_ruleset
from snapshots import snapshot

NC = "Apache-2.0 AND LicenseRef-stated-non-commercial"

CASES = {
    "table row": ("| Use | Allowed |\n|---|---|\n| Commercial use | No |\n| Research | Yes |\n", NC),
    "table mark": ("| Commercial use | ❌ |\n| Research use | ✅ |\n", NC),
    "list label": ("- Commercial use: not allowed\n", NC),
    "bold label": ("- **Commercial:** No\n", NC),
    "with a note": ("- Commercial usage: prohibited (contact us for a license)\n", NC),
    # --- no denial ---------------------------------------------------------------------------------
    "allowed": ("| Commercial use | Yes |\n", "Apache-2.0"),
    "another key": ("| Non-commercial use | ✅ |\n", "Apache-2.0"),
    "no restrictions": ("| Commercial use | No restrictions |\n", "Apache-2.0"),
    "no longer": ("- Commercial use: no longer restricted\n", "Apache-2.0"),
    "no license needed": ("- Commercial use: no license required\n", "Apache-2.0"),
    "in a sentence": ("We asked whether commercial use: no one objected.\n", "Apache-2.0"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_permission_table_or_label(name: str) -> None:
    body, expression = CASES[name]
    result = classify_snapshot(snapshot(f"---\nlicense: apache-2.0\n---\n# M\n\n{body}"), load_ruleset())
    w = result.components.weights
    assert w.expression == expression
    if expression == NC:
        (ev,) = [e for e in w.evidence if e.rule == "stated-non-commercial"]
        assert ev.source == "prose" and ev.span and ev.span.start_line and "ommercial" in (ev.value or "")
