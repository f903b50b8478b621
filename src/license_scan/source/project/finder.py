"""`find_references`: every Hub model and dataset a codebase depends on, and where."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from license_scan import limits
from license_scan.model import Finding
from license_scan.source.project.configs import CONFIG_SUFFIXES, config_refs
from license_scan.source.project.listfile import LIST_FILE_NAMES, list_refs
from license_scan.source.project.notebook import notebook_refs
from license_scan.source.project.pyrefs import Extracted, python_refs
from license_scan.source.project.refs import (
    TOO_LARGE_CODE,
    UNPARSABLE_CODE,
    Hit,
    ProjectScan,
    finding,
    group_hits,
)
from license_scan.source.project.shell import is_shell_file, shell_refs
from license_scan.source.project.walk import walk_project


def find_references(root: Path, *, exclude: Sequence[str] = ()) -> ProjectScan:
    """Read the codebase at `root` (a folder; never the network) for the Hub repos it loads.

    Python files and notebooks are read as syntax trees, configuration files as data, the list
    file, shell scripts, Dockerfiles and `.env` files line by line; see docs/check-references.md for what counts and what is skipped.
    """
    root = Path(root).resolve()
    walked = walk_project(root, exclude)
    hits: list[Hit] = []
    findings: list[Finding] = list(walked.findings)
    read = 0
    for rel in walked.files:
        extracted = _read(root, rel)
        if extracted is None:
            continue
        read += 1
        hits.extend(extracted.hits)
        findings.extend(extracted.findings)
    findings.sort(key=lambda f: (f.source.path or "" if f.source else "", f.source.line or 0 if f.source else 0, f.code))
    return ProjectScan(str(root), group_hits(hits), tuple(dict.fromkeys(findings)), read)


def _read(root: Path, rel: str) -> Extracted | None:
    path = root / rel
    cap = limits.MAX_NOTEBOOK_BYTES if rel.endswith(".ipynb") else limits.MAX_PROJECT_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > cap:
            return Extracted((), (finding("warning", TOO_LARGE_CODE, f"{rel}: {size} bytes, over the {cap}-byte cap; "
                                          "not read, so the repos it names are not seen", rel),))
        raw = path.read_bytes()
    except OSError as exc:
        return Extracted((), (finding("warning", UNPARSABLE_CODE, f"{rel}: cannot be read ({exc.strerror or exc})",
                                      rel),))
    folder = path.parent

    def is_local(value: str) -> bool:
        """A value naming an existing file or folder next to the file or at the root is a local path."""
        if value.startswith(("/", "~", ".", "\\")) or "\\" in value:
            return True
        try:
            return (folder / value).exists() or (root / value).exists()
        except (OSError, ValueError):
            return False

    name = rel.rsplit("/", 1)[-1]
    if "/" not in rel and name in LIST_FILE_NAMES:
        return list_refs(raw.decode("utf-8-sig", "replace"), rel)
    if rel.endswith(".py"):
        try:
            source = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return Extracted((), (finding("warning", UNPARSABLE_CODE, f"{rel}: not UTF-8 text; its references are "
                                          "not seen", rel),))
        return python_refs(source, rel, is_local=is_local)
    if rel.endswith(".ipynb"):
        return notebook_refs(raw, rel, is_local)
    if rel.endswith(CONFIG_SUFFIXES):
        return config_refs(raw, rel, is_local)
    if is_shell_file(name):
        return shell_refs(raw.decode("utf-8-sig", "replace"), rel, is_local)
    return None
