"""The reference index on disk: built once, then loaded in milliseconds.

Where: `$LICENSE_SCAN_CACHE_DIR`, else `$XDG_CACHE_HOME/license-scan`, else
`~/.cache/license-scan`. Keyed by the licensedcode-data version, the rule set
digest and the digest of the code that builds the index, so a new rule or a
new normaliser never reads a stale index. Written like huggingface_hub writes
downloads: to a temporary file, then `os.replace` (a reader never sees half a
file); an unreadable file is rebuilt, an unwritable directory means working
from memory. Within one process the index is kept in memory.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import threading
from array import array
from pathlib import Path

from license_scan.detect.text.reference import Reference, TextIndex, build_index, package_version
from license_scan.fileio import atomic_write
from license_scan.ruleset import Ruleset
from license_scan.settings import text_cache_dir

INDEX_FORMAT = 5  # bump when the pickled layout changes
MAX_CACHED_INDEXES = 4  # index files kept in the cache dir (one per rule set / package version)
_CACHE_PREFIX = "text-index-"
_BUILDERS = ("normalize.py", "markup.py", "reference.py", "align.py", "cache.py")  # the code whose output is cached


def cache_dir() -> Path:
    return text_cache_dir()


def _code_digest() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _BUILDERS:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_path(ruleset: Ruleset) -> Path:
    key = f"{INDEX_FORMAT}|{package_version()}|{ruleset.digest}|{_code_digest()}"
    return cache_dir() / f"{_CACHE_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:20]}.pickle"


def _dump(index: TextIndex) -> bytes:
    refs = [(r.rule_id, r.key, r.ids.tobytes(), r.optional_from, tuple(sorted(r.own_excludes)), r.boiler_before)
            for r in index.refs]
    payload = (INDEX_FORMAT, "\n".join(index.vocab), refs, index.signatures, index.signature_sizes)
    return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)


def _load(raw: bytes) -> TextIndex:
    fmt, vocab_text, refs_raw, signatures, sizes = pickle.loads(raw)
    if fmt != INDEX_FORMAT:
        raise ValueError("stale index format")
    vocab_words = vocab_text.split("\n") if vocab_text else []
    vocab = dict(zip(vocab_words, range(len(vocab_words))))
    refs = []
    for rule_id, key, ids_raw, optional_from, own, boiler_before in refs_raw:
        ids = array("I")
        ids.frombytes(ids_raw)
        refs.append(Reference(rule_id, key, ids, optional_from, frozenset(own), boiler_before))
    return TextIndex(vocab, refs, signatures, sizes, source="cache")


def _write_index(path: Path, data: bytes) -> None:
    atomic_write(path, data)
    # keep the few newest indexes (several rule sets may be in use), drop older ones
    others = sorted(path.parent.glob(f"{_CACHE_PREFIX}*.pickle"), key=_mtime, reverse=True)
    for stale in [p for p in others if p != path][MAX_CACHED_INDEXES - 1:]:
        try:
            stale.unlink()
        except OSError:
            pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


_MEMORY: dict[str, TextIndex] = {}
_LOADING = threading.Lock()  # targets are classified concurrently: the index is built once, not once per thread


def load_index(ruleset: Ruleset, *, use_cache: bool = True) -> TextIndex:
    """The index for `ruleset`: from memory, else the disk cache, else built (and cached)."""
    cached = _MEMORY.get(ruleset.digest)
    if cached is not None:
        return cached
    with _LOADING:
        found = _MEMORY.get(ruleset.digest)
        if found is not None:
            return found
        # Loading or building makes millions of objects that all stay: the cycle collector, run again and
        # again meanwhile, would find nothing to free (a third of a cold build). Afterwards the index (and
        # the rule set before it) lives as long as the process, out of the collector's sight: every full
        # collection of the run no longer walks it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            found = _load_index(ruleset, use_cache)
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
        return found


def _load_index(ruleset: Ruleset, use_cache: bool) -> TextIndex:
    path = cache_path(ruleset) if use_cache else None
    index = None
    if path is not None:
        try:
            index = _load(path.read_bytes())
        except Exception:  # absent, unreadable, truncated or from another format: rebuild
            index = None
    if index is None:
        index = build_index(ruleset)
        if path is not None:
            try:
                _write_index(path, _dump(index))
            except OSError:
                pass  # read-only home, full disk: keep working from memory
    _MEMORY[ruleset.digest] = index
    return index


def clear_memory() -> None:
    """Forget the in-process index (tests and the bench measure cold loads)."""
    _MEMORY.clear()
