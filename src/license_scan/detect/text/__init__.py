"""License text identification: which licenses a text holds, where, and whether changed.

`identify_text(text, ruleset)` → `list[TextMatch]`. `matcher` describes the
strategy; `normalize` the SPDX-style normalisation; `reference` and `cache`
where reference texts come from and how their index is kept on disk; `align`
and `assess` how a reference text is located and judged; `phrases` how
licenses known only by titles and phrases are recognised; `resolve` how
overlapping candidates compete.
"""

from license_scan.detect.text.query import TextMatch
from license_scan.detect.text.matcher import identify_text

__all__ = ["TextMatch", "identify_text"]
