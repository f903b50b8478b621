"""`audit --format parquet`: one row per repo, flat columns for analysts (pandas, DuckDB, Spark).

The JSON line keeps everything; a row keeps what a table query needs: the repo, its commit and tier, each
component's expression and category, the license ids, whether the tree launders or conflicts, the unmet
obligations and whether the verdict is complete. Needs pyarrow (`license-scan[parquet]`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping

from license_scan.errors import OutputError, UsageError
from license_scan.report.audit_summary import COMPONENTS, unmet_label


def row(line: Mapping[str, Any]) -> dict[str, Any]:
    components = line.get("components") or {}
    codes = {f.get("code") for f in line.get("findings") or ()}
    out: dict[str, Any] = {k: line.get(k) for k in ("repo", "kind", "commit", "tier", "tier_reason", "last_modified",
                                                      "complete")}
    for name in COMPONENTS:
        c = components.get(name) or {}
        out[f"{name}_expression"] = c.get("expression")
        out[f"{name}_category"] = c.get("category")
        out[f"{name}_licenses"] = [str(l.get("id")) for l in c.get("licenses") or ()]
    out["laundering"] = "license-laundering" in codes
    out["inherited_conflict"] = "inherited-conflict" in codes
    out["unmet_obligations"] = sorted({unmet_label(o) for c in components.values() if c
                                       for o in c.get("obligations") or () if o.get("status") == "unmet"})
    out["error"] = (line.get("error") or {}).get("message")
    out["line"] = json.dumps(line, ensure_ascii=False, sort_keys=True)
    return out


def write_parquet(lines: Iterable[Mapping[str, Any]], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("--format parquet needs pyarrow: pip install 'license-scan[parquet]'") from None
    table = pa.Table.from_pylist([row(l) for l in lines])
    tmp = path.with_name(path.name + ".tmp")
    try:
        pq.write_table(table, tmp)
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
