"""Comments in the YAML front matter are read as card prose: YAML drops them, an author may put terms there."""

from __future__ import annotations

import pytest
from snapshots import snapshot

from license_scan.classify.snapshot import classify_snapshot
from license_scan.detect.comments import front_matter_comments
from license_scan.ruleset import load_ruleset


def _weights(card: str):
    return classify_snapshot(snapshot(card), load_ruleset()).components.weights


def test_comments_are_found_outside_quotes_and_values():
    card = ("---\nlicense: apache-2.0  # weights: non-commercial use only\nlicense_name: 'C# tools'\n"
            "title: \"a # b\"\n# a whole-line comment\nurl: https://example.org/#anchor\n---\n# M\n# not front matter\n")
    assert front_matter_comments(card, 8) == [(2, "weights: non-commercial use only"), (5, "a whole-line comment")]


@pytest.mark.parametrize("card, category, expression", [
    ("---\nlicense: apache-2.0  # non-commercial use only\n---\n# M\n", "custom-restricted",
     "Apache-2.0 AND LicenseRef-stated-non-commercial"),
    ("---\n# License: CC-BY-NC-4.0\nlicense: mit\n---\n# M\n", "custom-restricted", "MIT AND CC-BY-NC-4.0"),
    ("---\nlicense: apache-2.0 # see LICENSE\n---\n# M\n", "osi-approved", "Apache-2.0"),  # states nothing
    ("---\nlicense: mit\n---\n# M\n\n# for research use only, says a heading of the body\n", "custom-restricted",
     "MIT AND LicenseRef-stated-research-only"),  # the body is prose anyway: read once, as body
])
def test_a_comment_in_the_front_matter_is_read_as_prose(card, category, expression):
    w = _weights(card)
    assert (w.category, w.expression) == (category, expression)
