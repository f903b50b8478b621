"""The explicit list of what code cannot show: `license-scan-models.txt` (or `.license-scan-models.txt`)
at the root of the scanned folder.

One Hub repo per line, models as `org/name` (or a legacy `name`), datasets as `datasets/org/name`;
`hf://` and Hub URLs work too. `#` starts a comment (whole line or after the id); blank lines are
ignored. A line that is not a Hub id is a `ref-list-invalid` finding; every listed repo is a
reference with `how` "list file".
"""

from __future__ import annotations

from license_scan import limits
from license_scan.source.project.pyrefs import Extracted
from license_scan.source.project.refs import LIST_INVALID_CODE, TOO_LARGE_CODE, Hit, RefLocation, finding, hub_id

LIST_FILE_NAMES = ("license-scan-models.txt", ".license-scan-models.txt")


def list_refs(text: str, file: str) -> Extracted:
    hits, findings = [], []
    lines = text.splitlines()
    if len(lines) > limits.MAX_LIST_FILE_LINES:
        findings.append(finding("warning", TOO_LARGE_CODE, f"{file}: more than {limits.MAX_LIST_FILE_LINES} lines; "
                                "the rest were not read", file, limits.MAX_LIST_FILE_LINES + 1))
    for number, line in enumerate(lines[: limits.MAX_LIST_FILE_LINES], start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        found = hub_id(entry)
        if found is None:
            findings.append(finding("warning", LIST_INVALID_CODE, f"{file}:{number}: `{entry}` is not a Hub repo id "
                                    "(org/name, or datasets/org/name for a dataset); ignored", file, number))
            continue
        column = line.index(entry) + 1
        hits.append(Hit(found[0], found[1] or "model", RefLocation(file, number, column, "list file", True)))
    return Extracted(tuple(hits), tuple(findings))
