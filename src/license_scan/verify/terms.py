"""What if the terms change: re-scan each target read at a moving revision and compare the trees.

A target moves when it was read at a branch or tag (or none: `main`) rather than a commit, when it
is a local folder, and whenever it has dependencies: `base_model`, `datasets` and code references
name no revision, so every dependency was read at its `main`. Each such target is scanned again
(the normal per-target scan, with the report's depth) at the current head, and every repo of the
two trees whose terms differ is reported: its own terms (`declared`) and its effective terms, old
→ new, with the files whose digests differ.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from license_scan.model import COMPONENT_NAMES
from license_scan.report.jsonout import result_dict
from license_scan.ruleset import Ruleset
from license_scan.scan import ScanOptions, scan_one
from license_scan.source.fetch import Fetch
from license_scan.verify.evidence import READ_STATUSES
from license_scan.verify.outcome import Change, Difference, TermsChange, TermsCheck, short, worst

_COMMIT = re.compile(r"^[0-9a-f]{40}$")
Json = Mapping[str, Any]


def is_moving(result: Json) -> bool:
    """True when a re-scan may read something else than the report did."""
    if result.get("error") is not None or result["kind"] == "local":
        return True
    if not _COMMIT.match(str(result.get("requested_revision") or "")):
        return True
    return len(result["dependencies"]["nodes"]) > 1  # dependencies are always read at their main


def rescan_target(result: Json) -> tuple[str, str | None]:
    """What to scan again: the canonical id (a folder's absolute path) and the revision asked for."""
    if result.get("error") is not None or result.get("repo_id") is None:
        return str(result["target"]), result.get("requested_revision")
    repo_id = str(result["repo_id"])
    if result["kind"] == "local":
        return repo_id, None
    return (f"datasets/{repo_id}" if result["kind"] == "dataset" else repo_id), result.get("requested_revision")


def check_terms(results: Iterable[Json], *, depth: int, offline: bool, ruleset: Ruleset,
                fetch: Fetch) -> tuple[TermsCheck, ...]:
    checks = []
    for old in results:
        if not is_moving(old):
            continue
        raw, revision = rescan_target(old)
        options = ScanOptions(revision=revision, offline=offline, depth=depth)
        new = result_dict(scan_one(raw, options, ruleset, fetch))
        checks.append(compare(old, new))
    return tuple(checks)


def _label(result: Json) -> str:
    if result["kind"] == "local":
        return "disk"
    return str(result.get("requested_revision") or "main")


def _expr(node: Json | None, component: str) -> str | None:
    part = node["components"][component] if node is not None else None
    return part["expression"] if part else None


def _components(old: Json | None, new: Json | None) -> tuple[tuple[str, Difference], ...]:
    pairs = ((c, Difference(_expr(old, c), _expr(new, c))) for c in COMPONENT_NAMES)
    return tuple((c, d) for c, d in pairs if d.old != d.new)


def _files_changed(old: Json | None, new: Json | None) -> tuple[str, ...]:
    before = {f["path"]: f["sha256"] for f in (old or {}).get("files") or ()}
    after = {f["path"]: f["sha256"] for f in (new or {}).get("files") or ()}
    return tuple(p for p in dict.fromkeys([*before, *after]) if before.get(p, "-") != after.get(p, "-"))


def _is_read(node: Json | None) -> bool:
    return node is not None and node["status"] in READ_STATUSES


def compare(old: Json, new: Json) -> TermsCheck:
    label, target = _label(old), str(old["target"])
    old_rev, new_rev = old.get("revision"), new.get("revision")
    if new.get("error") is not None:
        was = "; it could not be read at scan time either" if old.get("error") else ""
        return TermsCheck(target, label, old_rev, None, "unreadable",
                          f"could not be read now: {new['error']['message']}{was}", (), ())
    if old.get("error") is not None:
        root = new["dependencies"]["nodes"][0]
        change = TermsChange(root["id"], "now-read", None, new_rev, Difference(None, root.get("declared")),
                             _components(None, root), ())
        return TermsCheck(target, label, None, new_rev, "changed",
                          f"could not be read at scan time ({old['error']['type']}); read now at {short(new_rev)}",
                          _components(None, new), (change,))
    before = {n["id"]: n for n in old["dependencies"]["nodes"]}
    after = {n["id"]: n for n in new["dependencies"]["nodes"]}
    unreadable_now = any(_is_read(before[i]) and not _is_read(after.get(i)) for i in before if i in after)
    changes = [c for i in dict.fromkeys([*before, *after])
               if (c := _node_change(i, before.get(i), after.get(i), unreadable_now)) is not None]
    components = _components(old, new)  # the target's own node is among `changes` when these differ
    moved = f"{label} still at {short(new_rev)}" if old_rev == new_rev else \
        f"{label} moved {short(old_rev)} → {short(new_rev)}"
    status = worst(c.status for c in changes)
    detail = moved + ("; terms unchanged" if status == "holds" else "")
    touched = [f"{i} {', '.join(files)}" for i in after if i in before and i not in {c.id for c in changes}
               and (files := _files_changed(before[i], after[i]))]
    if touched:
        detail += f" (files changed: {'; '.join(touched)})"
    return TermsCheck(target, label, old_rev, new_rev, status, detail, components, tuple(changes))


def _node_change(node_id: str, old: Json | None, new: Json | None, unreadable_now: bool) -> TermsChange | None:
    old_rev = old.get("revision") if old else None
    new_rev = new.get("revision") if new else None
    files = _files_changed(old, new)
    if old is None or new is None:  # a repo new in the tree, or no longer in it
        declared = Difference(old.get("declared") if old else None, new.get("declared") if new else None)
        return TermsChange(node_id, "gone" if new is None else "new", old_rev, new_rev, declared,
                           _components(old, new), files)
    if not _is_read(old) and not _is_read(new):
        return None  # not read either time (beyond the depth, missing): nothing to compare
    if _is_read(old) and not _is_read(new):
        return TermsChange(node_id, "unreadable", old_rev, new_rev, None, (), files)
    declared = Difference(old.get("declared"), new.get("declared"))
    components = _components(old, new)
    if declared.old == declared.new and not components:
        return None
    kind: Change
    if not _is_read(old):
        kind = "now-read"
    elif declared.old == declared.new and unreadable_now:
        kind = "unreadable"  # its effective terms moved only because a repo below it could not be read
    else:
        kind = "changed"
    return TermsChange(node_id, kind, old_rev, new_rev, declared if declared.old != declared.new else None,
                       components, files)
