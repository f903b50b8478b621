"""Render the report's JSON Schema into docs/report-json.md.

    python docs/gen_report_doc.py

The schema (src/license_scan/report/schema/report.schema.json) is the contract
and holds every field's description; this script only lays it out, after a
short hand-written introduction. tests/test_report_doc.py fails when the
committed Markdown differs from `render(schema)`. It lives under docs/, not in
the package: the wheel ships the schema, not this script.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "license_scan" / "report" / "schema" / "report.schema.json"
OUTPUT_PATH = ROOT / "docs" / "report-json.md"
TOP = "report"  # the section name of the top-level object

INTRO = """\
# The JSON report

<!-- Generated from src/license_scan/report/schema/report.schema.json by docs/gen_report_doc.py.
     Do not edit: change the schema's descriptions (or the script's introduction) and run
     python docs/gen_report_doc.py -->

`license-scan scan --format json` writes one JSON document per run, to standard
output or to the file `-o` names. It is the machine-readable form of the
report and a stable contract. The JSON Schema
`src/license_scan/report/schema/report.schema.json`, shipped inside the package
(`license_scan/report/schema/report.schema.json` once installed), describes
every field; this page is generated from it, so the two say the same thing.
Every report the tests produce is validated against the schema.

## What the contract promises

- **A version.** `schema` names the version of the contract a report follows
  (this page: {version}). A report is valid against the schema of the version
  it names; a change to what the schema accepts or to what a field means comes
  with a new version string.
- **One result per target, in the order given.** `results[i]` belongs to the
  i-th target of the command line, also when that target could not be read: its
  `error` says why, its components are null and its tree is empty, and the other
  targets are scanned all the same.
- **Nothing passes silently.** A component for which no license can be
  identified is `unknown`, never a guess. A null component means there is
  nothing to judge (no code shipped, no training data named, the weights of a
  dataset), and an info finding says so. What could not be read or identified
  stays in the report as evidence with a finding; a target or dependency that
  could not be read makes the scan incomplete.
- **Evidence that can be checked.** Every verdict lists the evidence it rests on
  (metadata field, file path and SHA-256, card sentence), the commit each
  repository was read at, and the rule set's version and digest.

## Exit codes

`summary.exit_code` is the code the run exits with.

| code | meaning |
| --- | --- |
| 0 | every target scanned, no policy violation |
| 1 | a policy violation (only with `--policy`) |
| 2 | a usage error: bad arguments, malformed policy file; no report is written |
| 3 | an incomplete scan: a target, a repository in its dependency tree, or a file the verdict rests on could not be read (gated, missing, offline, too large, cut by a cap); the report still covers the rest |

When several apply: 2, then 1, then 3. An incomplete scan is never a pass:
`summary.complete` is false whenever the scan is incomplete, even when a policy
violation makes the exit code 1.

## Fields

A section per object, starting with the top level (`report`). A field marked
*optional* may be absent; every other field is always present, with `null`
where its type allows it. Types link to the section that describes them.
"""


def anchor(name: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^a-z0-9 _-]", "", name.lower()).replace(" ", "-")


def _link(name: str) -> str:
    return f"[{name}](#{anchor(name)})"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _literal(value: Any) -> str:
    return f"`{value}`" if isinstance(value, str) else f"`{json.dumps(value)}`"


def _types(sub: dict[str, Any]) -> list[str]:
    t = sub.get("type", [])
    return [t] if isinstance(t, str) else list(t)


def _is_object(sub: dict[str, Any]) -> bool:
    return "properties" in sub


class _Renderer:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.defs: dict[str, dict[str, Any]] = schema.get("$defs", {})
        self.queue: list[tuple[str, dict[str, Any]]] = [(TOP, schema)]  # named types, in order of mention
        self.seen = {TOP}
        self.inline: list[tuple[str, dict[str, Any]]] = []  # objects defined inside the current section

    def _enqueue(self, name: str, sub: dict[str, Any]) -> None:
        if name not in self.seen:
            self.seen.add(name)
            self.queue.append((name, sub))

    def type_of(self, sub: dict[str, Any], owner: str, prop: str) -> str:
        """A readable type; `owner.prop` names the section of an inline object."""
        if "$ref" in sub:
            name = sub["$ref"].rsplit("/", 1)[-1]
            self._enqueue(name, self.defs[name])
            nullable = "null" in _types(self.defs[name])
            return _link(name) + (" or null" if nullable else "")
        if "const" in sub:
            return f"always {_literal(sub['const'])}"
        if "enum" in sub:
            return "one of: " + ", ".join(_literal(v) for v in sub["enum"])
        types = _types(sub)
        parts = [self._base(t, sub, owner, prop) for t in types if t != "null"]
        text = " or ".join(parts) if parts else "any"
        return text + (" or null" if "null" in types else "")

    def _base(self, t: str, sub: dict[str, Any], owner: str, prop: str) -> str:
        if t == "object":
            if not _is_object(sub):
                return "object"
            name = prop if owner == TOP else f"{owner}.{prop}"
            self.inline.append((name, sub))
            return _link(name)
        if t == "array":
            return "array of " + self.type_of(sub.get("items", {}), owner, prop)
        if t == "string":
            text = "non-empty string" if sub.get("minLength", 0) >= 1 else "string"
            if "format" in sub:
                text += f" ({sub['format']})"
            if "pattern" in sub:
                text += f" matching `{sub['pattern']}`"
            return text
        if t in ("integer", "number"):
            low, high = sub.get("minimum"), sub.get("maximum")
            if low is not None and high is not None:
                return f"{t} from {low} to {high}"
            if low is not None:
                return f"{t} ≥ {low}"
            if high is not None:
                return f"{t} ≤ {high}"
        return t

    def section(self, name: str, sub: dict[str, Any]) -> list[str]:
        """The section of one type, followed by those of the objects defined inside it."""
        outer, self.inline = self.inline, []
        lines = self._table(name, sub)
        inner, self.inline = self.inline, outer
        for inner_name, inner_sub in inner:
            lines += self.section(inner_name, inner_sub)
        return lines

    def _table(self, name: str, sub: dict[str, Any]) -> list[str]:
        lines = [f"### {name}", ""]
        if sub.get("description"):
            lines += [" ".join(sub["description"].split()), ""]
        if not _is_object(sub):
            lines += [f"Type: {self.type_of(sub, name, '')}.", ""]
            return lines
        if "null" in _types(sub):
            lines += ["Type: object or null.", ""]
        required = set(sub.get("required", ()))
        lines += ["| field | type | description |", "| --- | --- | --- |"]
        for prop, prop_schema in sub["properties"].items():
            field = f"`{prop}`" + ("" if prop in required else " *optional*")
            kind = self.type_of(prop_schema, name, prop)
            lines.append(f"| {field} | {_cell(kind)} | {_cell(prop_schema.get('description', ''))} |")
        return lines + [""]

    def render(self) -> str:
        version = self.schema.get("properties", {}).get("schema", {}).get("const", "?")
        lines = [INTRO.replace("{version}", _literal(version))]
        done = 0
        while True:  # breadth first from the top level; a section enqueues the types it names
            if done == len(self.queue):
                unnamed = [(n, s) for n, s in self.defs.items() if n not in self.seen]
                if not unnamed:
                    break
                self._enqueue(*unnamed[0])  # a definition nothing refers to still gets its section
            name, sub = self.queue[done]
            lines += self.section(name, sub)
            done += 1
        return "\n".join(lines).rstrip("\n") + "\n"


def render(schema: dict[str, Any]) -> str:
    """docs/report-json.md for `schema`: the introduction, then a section per object type."""
    return _Renderer(schema).render()


def main() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    OUTPUT_PATH.write_text(render(schema), encoding="utf-8")
    print(f"wrote {OUTPUT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
