"""Re-read every repo of a report at the commit it records and compare each file's digest.

A Hub repo is fetched at its recorded commit through the normal source layer, every file
downloaded again (online) or taken from the Hub cache (`--offline`); a local folder is read from
disk, and its git HEAD compared with the recorded one. Each repo is checked once, however many
results name it.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from license_scan.errors import TargetError
from license_scan.graph.assemble import file_records
from license_scan.model import FileRecord
from license_scan.source.snapshot import Snapshot
from license_scan.target import Target
from license_scan.verify.outcome import FileCheck, RepoCheck, Status, short

Fetch = Callable[[Target], Snapshot]
READ_STATUSES = ("ok", "cycle", "gated")  # node statuses of a repo that was read (gated: its metadata)


def node_target(node: Mapping[str, Any], revision: str | None) -> Target:
    """The Target that reads a report node again: `datasets/org/name` → a dataset `org/name`."""
    node_id, kind = str(node["id"]), node["kind"]
    if kind == "local":
        return Target(node_id, "local", node_id, None)
    if kind == "dataset":
        return Target(node_id, "dataset", node_id.removeprefix("datasets/"), revision)
    return Target(node_id, "model", node_id, revision)


def check_repos(nodes: Iterable[Mapping[str, Any]], fetch: Fetch) -> tuple[RepoCheck, ...]:
    """Every distinct (kind, id, commit) once, in report order."""
    checks: dict[tuple[str, str, str | None], RepoCheck] = {}
    for node in nodes:
        key = (str(node["kind"]), str(node["id"]), node.get("revision"))
        if key not in checks:
            checks[key] = check_repo(node, fetch)
    return tuple(checks.values())


def check_repo(node: Mapping[str, Any], fetch: Fetch) -> RepoCheck:
    node_id, kind, revision = str(node["id"]), str(node["kind"]), node.get("revision")
    recorded = list(node.get("files") or ())
    if node["status"] not in READ_STATUSES:
        return _not_checked(node, "unreadable", f"not read at scan time ({node['status']}): nothing recorded to check")
    if revision is None and kind != "local":
        return _not_checked(node, "unreadable", "no commit recorded (the Hub reported none): cannot be re-read as it was")
    try:
        snapshot = fetch(node_target(node, revision))
    except TargetError as exc:
        if exc.type == "revision-not-found":
            return _not_checked(node, "changed", f"commit {short(revision)} no longer resolves: {exc.message}")
        return _not_checked(node, "unreadable", f"could not be read: {exc.message}")
    except Exception as exc:  # noqa: BLE001 - an unforeseen I/O failure costs this repo, never the others
        return _not_checked(node, "unreadable", f"could not be read ({type(exc).__name__}: {exc})")
    files = compare_files(recorded, file_records(snapshot))
    commit: Status = "holds"
    if kind == "local":
        detail = "folder re-read from disk" + ("" if revision else " (not a git checkout: no commit to check)")
        if revision is not None and snapshot.revision != revision:
            commit = "changed"
            detail = "checkout moved: " + (f"now at {short(snapshot.revision)}" if snapshot.revision
                                           else "no longer a git checkout")
    elif snapshot.revision != revision:
        commit, detail = "changed", f"commit {short(revision)} now reads as {short(snapshot.revision)}"
    else:
        detail = "commit resolves" + (" (in the Hub cache)" if snapshot.offline else "")
    for status in ("changed", "unreadable"):
        count = sum(1 for f in files if f.status == status)
        detail += f"; {count} file(s) {status}" if count else ""
    return RepoCheck(node_id, kind, revision, commit, detail, files)


def _not_checked(node: Mapping[str, Any], commit: Status, detail: str) -> RepoCheck:
    """A repo that could not be re-read at its commit: none of the files it records could be checked."""
    files = tuple(FileCheck(str(f["path"]), str(f["role"]), f.get("sha256"), None, "unreadable", "not re-read")
                  for f in node.get("files") or ())
    return RepoCheck(str(node["id"]), str(node["kind"]), node.get("revision"), commit, detail, files)


def compare_files(recorded: Iterable[Mapping[str, Any]], now: Iterable[FileRecord]) -> tuple[FileCheck, ...]:
    """The recorded files in report order, then files read now that the report does not record."""
    current = {f.path: f for f in now}
    out = []
    for rec in recorded:
        path, role, old = str(rec["path"]), str(rec["role"]), rec.get("sha256")
        cur = current.pop(path, None)
        found = cur.sha256 if cur is not None else None
        if old is None:
            note = f"; readable now (sha256 {short(found)}): scan again to use it" if found else ""
            out.append(FileCheck(path, role, None, found, "unreadable",
                                 f"not read at scan time ({rec.get('unreadable') or 'unreadable'}){note}"))
        elif cur is None or cur.unreadable == "not-found":
            out.append(FileCheck(path, role, old, None, "changed", "no longer in the repo"))
        elif found is None:
            out.append(FileCheck(path, role, old, None, "unreadable", f"could not be read now ({cur.unreadable})"))
        elif found != old:
            out.append(FileCheck(path, role, old, found, "changed", f"sha256 {short(old)} → {short(found)}"))
        else:
            out.append(FileCheck(path, role, old, found, "holds", f"sha256 {short(found)}"))
    for cur in current.values():
        out.append(FileCheck(cur.path, cur.role, None, cur.sha256, "changed",
                             "read now, not in the report" + (f" (sha256 {short(cur.sha256)})" if cur.sha256 else "")))
    return tuple(out)
