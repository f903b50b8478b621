"""Read one file into a RepoFile: digest, decoding and caps the same from a folder or the Hub cache."""

from __future__ import annotations

import hashlib
import os

from license_scan import limits
from license_scan.source.snapshot import RepoFile

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
    if bytes(head[:2]) in UTF16_BOMS:  # Windows tools write license files in UTF-16: text, not binary
        if size > max_text_bytes and not truncate:
            return RepoFile(repo_path, sha, None, size, "too-large")
        return RepoFile(repo_path, sha, bytes(head[:max_text_bytes]).decode("utf-16", errors="replace"), size)
    if b"\x00" in head[: limits.BINARY_SNIFF_BYTES]:
        return RepoFile(repo_path, sha, None, size, "binary")
    if size > max_text_bytes and not truncate:
        return RepoFile(repo_path, sha, None, size, "too-large")
    return RepoFile(repo_path, sha, decode_text(bytes(head[:max_text_bytes])), size)


def decode_text(data: bytes) -> str:
    """UTF-8 with the BOM stripped; undecodable bytes become U+FFFD rather than failing."""
    return data.decode("utf-8-sig", errors="replace")
