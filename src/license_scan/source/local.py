"""Read a model folder on disk into a Snapshot (no network).

Also holds the file-reading helpers the Hub reader shares, so a file read
from a folder and the same file read from the Hub cache give the same
RepoFile (digest, decoding, caps).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import unquote, urlparse


from license_scan import limits
from license_scan.detect.card import parse_card
from license_scan.errors import TargetError
from license_scan.graph.relations import local_code_paths
from license_scan.source.patterns import is_license_like
from license_scan.source.snapshot import RepoFile, Snapshot
from license_scan.target import Target

_SKIP_DIRS = frozenset({".git", ".hg", ".svn"})
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
HUB_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")


# --- shared helpers (also used by hub.py) ---------------------------------------------

def read_repo_file(disk_path: str | os.PathLike[str], repo_path: str, *, max_text_bytes: int,
                   truncate: bool = False) -> RepoFile:
    """Hash a file and decode its text; over the cap it keeps only the digest (or a truncated text)."""
    try:
        digest = hashlib.sha256()
        size = 0
        head = bytearray()
        with open(disk_path, "rb") as fh:
            while chunk := fh.read(1 << 16):
                digest.update(chunk)
                if len(head) <= max_text_bytes:
                    head += chunk[: max_text_bytes + 1 - len(head)]
                size += len(chunk)
    except FileNotFoundError:
        return RepoFile(repo_path, None, None, None, "not-found")
    except OSError:
        return RepoFile(repo_path, None, None, None, "io-error")
    sha = digest.hexdigest()
    if b"\x00" in head[: limits.BINARY_SNIFF_BYTES]:
        return RepoFile(repo_path, sha, None, size, "binary")
    if size > max_text_bytes and not truncate:
        return RepoFile(repo_path, sha, None, size, "too-large")
    return RepoFile(repo_path, sha, decode_text(bytes(head[:max_text_bytes])), size)


def decode_text(data: bytes) -> str:
    """UTF-8 with the BOM stripped; undecodable bytes become U+FFFD rather than failing."""
    return data.decode("utf-8-sig", errors="replace")


def license_order(paths: Iterable[str]) -> list[str]:
    """License-like paths, root files first, so the cap drops nested copies before top-level ones."""
    found = [p for p in paths if is_license_like(p)]
    return sorted(found, key=lambda p: (p.count("/"), p.lower(), p))


def link_to_repo_path(link: Any, repo_ids: Iterable[str] = (), extra_hosts: Iterable[str] = ()) -> str | None:
    """The in-repo path a card's `license_link` names, or None when it points elsewhere.

    Accepts a relative path, or a Hub URL `/<repo>/(blob|resolve|raw)/<rev>/<path>` into one
    of `repo_ids` (the revision in the URL is ignored: the file is read at the scanned commit).
    """
    if not isinstance(link, str) or not link.strip():
        return None
    text = link.strip()
    if "://" in text:
        url = urlparse(text)
        hosts = {h.lower() for h in (*HUB_HOSTS, *extra_hosts)}
        if url.netloc.lower() not in hosts:
            return None
        parts = [unquote(p) for p in url.path.split("/") if p]
        if parts and parts[0] in ("datasets", "models"):
            parts = parts[1:]
        for cut in (1, 2):
            if len(parts) > cut + 2 and parts[cut] in ("blob", "resolve", "raw"):
                repo = "/".join(parts[:cut]).lower()
                if repo in {r.lower() for r in repo_ids}:
                    return _clean_relative("/".join(parts[cut + 2:]))
        return None
    return _clean_relative(unquote(text.split("#", 1)[0].split("?", 1)[0]))


def _clean_relative(path: str) -> str | None:
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def code_paths_to_read(files: Iterable[str], config: Mapping[str, Any] | None) -> list[str]:
    """Source files read for license headers: the modules auto_map names, then top-level .py, capped.

    Each costs a download (two requests) on a cold Hub read, so the list stays short.
    """
    present = list(files)
    names = set(present)
    named = [p for p in local_code_paths(config) if p in names]
    top = sorted(p for p in present if "/" not in p and p.endswith(".py"))
    return list(dict.fromkeys([*named, *top]))[: limits.MAX_CODE_FILES_READ]


def parse_config(file: RepoFile) -> Mapping[str, Any] | None:
    """config.json as a dict (None when unreadable, too large or not a JSON object)."""
    if file.text is None:
        return None
    try:
        data = json.loads(file.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


# --- local folders ----------------------------------------------------------------------

def read_local(target: Target) -> Snapshot:
    """Snapshot of a folder: README.md as card, license-like files, config.json, git HEAD as revision."""
    root = Path(target.repo_id)
    if not root.is_dir():
        raise TargetError(target.raw, "not-found", "folder does not exist or is not a directory")
    files, complete = _list_files(root)
    notes: list[str] = []
    if not complete:
        notes.append(f"folder listing stopped at {limits.MAX_LOCAL_FILES} files; later files were not examined")
    if target.revision:
        notes.append(f"--revision {target.revision} ignored for a local folder")
    present = set(files)
    readme = "README.md" if "README.md" in present else next((f for f in files if f.lower() == "readme.md"), None)
    card = None
    if readme:
        card = read_repo_file(root / readme, readme, max_text_bytes=limits.MAX_CARD_BYTES, truncate=True)
        if card.size is not None and card.size > limits.MAX_CARD_BYTES:
            notes.append(f"{readme} truncated to {limits.MAX_CARD_BYTES} bytes")
    wanted = license_order(files)
    if len(wanted) > limits.MAX_LICENSE_FILES:
        notes.append(f"{len(wanted)} license-like files; only the first {limits.MAX_LICENSE_FILES} were read")
        wanted = wanted[: limits.MAX_LICENSE_FILES]
    link = link_to_repo_path(_front_matter(card).get("license_link"))
    if link and link not in wanted:
        wanted.append(link)
    license_files = tuple(
        read_repo_file(root / p, p, max_text_bytes=limits.MAX_LICENSE_FILE_BYTES) if p in present
        else RepoFile(p, None, None, None, "not-found")
        for p in wanted
    )
    config = None
    if "config.json" in present:
        config_file = read_repo_file(root / "config.json", "config.json", max_text_bytes=limits.MAX_CONFIG_BYTES)
        config = parse_config(config_file)
    code_files = tuple(read_repo_file(root / p, p, max_text_bytes=limits.MAX_CODE_FILE_BYTES, truncate=True)
                       for p in code_paths_to_read(files, config))
    return Snapshot(
        target=target.raw, kind="local", repo_id=target.repo_id, revision=git_head(root),
        requested_revision=target.revision, files=tuple(files), card=card, card_data=None,
        license_files=license_files, config=config, code_files=code_files, notes=tuple(notes),
    )


def _front_matter(card: RepoFile | None) -> Mapping[str, Any]:
    """Only to find `license_link` (the detector parses the card itself, with the same parser)."""
    if card is None or card.text is None:
        return {}
    return parse_card(card.text).metadata or {}


def _list_files(root: Path) -> tuple[list[str], bool]:
    """Relative '/'-separated paths in a stable order, VCS folders skipped, capped."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        for name in sorted(filenames):
            if len(out) >= limits.MAX_LOCAL_FILES:
                return sorted(out), False
            out.append(name if rel_dir == "." else f"{rel_dir}/{name}")
    return sorted(out), True


def git_head(folder: Path) -> str | None:
    """Commit SHA checked out in the git work tree holding `folder`, read from .git without running git."""
    for candidate in (folder, *folder.resolve().parents):
        dot_git = candidate / ".git"
        if dot_git.exists():
            git_dir = _git_dir(dot_git)
            return _resolve_head(git_dir) if git_dir else None
    return None


def _git_dir(dot_git: Path) -> Path | None:
    if dot_git.is_dir():
        return dot_git
    try:  # worktrees and submodules: ".git" is a file "gitdir: <path>"
        text = dot_git.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    path = Path(text[len("gitdir:"):].strip())
    return path if path.is_absolute() else (dot_git.parent / path).resolve()


def _resolve_head(git_dir: Path) -> str | None:
    common = git_dir
    try:
        commondir = (git_dir / "commondir").read_text(encoding="utf-8").strip()
        common = (git_dir / commondir).resolve()
    except OSError:
        pass
    try:
        value = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    for _ in range(limits.MAX_GIT_REF_HOPS):
        if _SHA.match(value):
            return value
        if not value.startswith("ref:"):
            return None
        ref = value[len("ref:"):].strip()
        value = _read_ref(git_dir, common, ref) or ""
        if not value:
            return None  # unborn branch: no commit yet
    return None


def _read_ref(git_dir: Path, common: Path, ref: str) -> str | None:
    if ".." in ref.split("/"):
        return None
    for base in (git_dir, common):
        try:
            return (base / ref).read_text(encoding="utf-8").strip()
        except OSError:
            continue
    try:
        packed = (common / "packed-refs").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in packed.splitlines():
        if line and not line.startswith(("#", "^")):
            sha, _, name = line.partition(" ")
            if name.strip() == ref:
                return sha.strip()
    return None
