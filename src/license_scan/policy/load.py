"""Read a policy file (docs/policy.md) into a `Policy`; every mistake is a UsageError naming file and line.

`find_policy` looks for the file at the root of a codebase; `resolve_policy`
is the whole choice (`--policy FILE`, else the file at the root, else the
default).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from license_scan.errors import UsageError
from license_scan.model import COMPONENT_NAMES, ComponentName
from license_scan.policy import names
from license_scan.policy.located import Loc, Source
from license_scan.policy.spec import (
    DEFAULT_ALLOW, DEFAULT_SOURCE, FAIL_ON_LEVELS, Action, Clarification, Kind, Named, Policy, PolicyException,
    Requirement, Where, default_policy,
)
from license_scan.ruleset import Ruleset, load_ruleset

POLICY_FILE_NAMES = ("license-scan.yaml", ".license-scan.yaml")
ACTIONS: tuple[Action, ...] = ("allow", "deny", "review")
KINDS: tuple[Kind, ...] = ("categories", "licenses")
FLAT_ALIASES: dict[str, tuple[Action, Kind]] = {  # today's flat keys, kept with today's meaning
    "allow_categories": ("allow", "categories"), "allow_licenses": ("allow", "licenses"),
    "deny_licenses": ("deny", "licenses"),
}
TOP_KEYS = (*ACTIONS, "components", "require", "exceptions", "clarify", "fail_on_findings", *FLAT_ALIASES)
EXCEPTION_KEYS = ("target", "reason", "expires")
CLARIFY_KEYS = ("target", "component", "expression", "reason", "files")
_REPO_ID = re.compile(r"^(datasets/)?[^/\s]+/[^/\s]+$")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


def find_policy(root: Path) -> Path | None:
    """`license-scan.yaml` or `.license-scan.yaml` at the root of a codebase; None when neither is there.
    Raises UsageError when both are (which one applies would be a guess)."""
    found = [root / name for name in POLICY_FILE_NAMES if (root / name).is_file()]
    if len(found) > 1:
        raise UsageError(f"{root}: both {' and '.join(POLICY_FILE_NAMES)} exist; keep one")
    return found[0] if found else None


def resolve_policy(root: Path, explicit: str | Path | None = None, ruleset: Ruleset | None = None) -> Policy:
    """`--policy FILE` when given, else the policy file at `root`, else `default_policy()`."""
    path = Path(explicit) if explicit is not None else find_policy(root)
    return load_policy(path, ruleset) if path is not None else default_policy()


def load_policy(path: str | Path, ruleset: Ruleset | None = None) -> Policy:
    """The policy in `path`. Raises UsageError (file and line) when it cannot be read or is malformed."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"{path}: cannot read policy file ({why})") from None
    return parse_policy(text, str(path), ruleset or load_ruleset())


def parse_policy(text: str, name: str, ruleset: Ruleset) -> Policy:
    """The policy a file's text states (pure); `name` is how errors and findings name the file."""
    src = Source(name)
    root = src.read(text)
    if not isinstance(root.value, dict):
        src.fail(root.line, "a policy file must be a YAML mapping (allow:, deny:, review:, …)")
    top = src.mapping(root, "the policy", TOP_KEYS)
    clarify, custom = _clarify(src, top.get("clarify"), ruleset)
    custom_map = {c.lower(): c for c in custom}
    licenses: dict[str, Named] = {}
    categories: dict[str, Named] = {}
    for action, kind, loc in _sections(src, top):
        section = f"{action}.{kind}"
        for item in src.strings(loc, section):
            key = (names.license_id(src, item, section, ruleset, custom_map) if kind == "licenses"
                   else names.category(src, item, section))
            if kind == "categories" and action == "review" and key == "unknown":
                src.fail(item.line, "review.categories: unknown cannot be reviewed (it would pass); allow it or "
                                    "deny it")
            table = licenses if kind == "licenses" else categories
            prior = table.get(key)
            if prior is not None:
                src.fail(item.line, f"{section}: {item.value} is already named by {prior.rule}")
            table[key] = Named(action, kind, str(item.value).strip(), key, Where(name, item.line))
    allow_loc = top.get("allow") or top.get("allow_categories") or top.get("allow_licenses")
    allow_section = Where(name, allow_loc.line) if allow_loc is not None else None
    if not any(n.action == "allow" and n.kind == "categories" for n in categories.values()) and \
            "allow" not in top and "deny" not in top:
        # today's meaning: a file that states no allowed categories (and no nested allow / deny) keeps the default
        default = Where(DEFAULT_SOURCE)
        for c in DEFAULT_ALLOW:
            categories.setdefault(c, Named("allow", "categories", c, c, default))
        allow_section = allow_section or default
    fail_on = top.get("fail_on_findings")
    if fail_on is not None and fail_on.value not in FAIL_ON_LEVELS:
        src.fail(fail_on.line, f"fail_on_findings must be one of {', '.join(FAIL_ON_LEVELS)}, not {fail_on.value!r}")
    return Policy(
        source=name, licenses=licenses, categories=categories, allow_section=allow_section,
        components=_components(src, top.get("components")), require=_require(src, top.get("require")),
        exceptions=_exceptions(src, top.get("exceptions")), clarify=clarify, custom_licenses=custom,
        fail_on_findings=str(fail_on.value) if fail_on is not None else "error",
        fail_on_where=Where(name, fail_on.line) if fail_on is not None else Where(DEFAULT_SOURCE),
    )


def _sections(src: Source, top: dict[str, Loc]) -> list[tuple[Action, Kind, Loc]]:
    out: dict[tuple[Action, Kind], Loc] = {}
    for action in ACTIONS:
        if action in top:
            for kind, loc in src.mapping(top[action], action, KINDS).items():
                out[(action, kind)] = loc  # type: ignore[index]  # keys checked by mapping()
    for flat, (action, kind) in FLAT_ALIASES.items():
        if flat in top:
            if (action, kind) in out:
                src.fail(top[flat].line, f"{flat} and {action}.{kind} (line {out[(action, kind)].line}) say the same "
                                         "thing; keep one")
            out[(action, kind)] = top[flat]
    return [(action, kind, loc) for (action, kind), loc in out.items()]


def _components(src: Source, loc: Loc | None) -> tuple[ComponentName, ...]:
    if loc is None:
        return COMPONENT_NAMES
    items = src.strings(loc, "components")
    if not items:
        src.fail(loc.line, f"components is empty: name some of {', '.join(COMPONENT_NAMES)} (or leave the key out "
                           "to judge all)")
    out: list[ComponentName] = []
    for item in items:
        if item.value not in COMPONENT_NAMES:
            src.fail(item.line, f"components: '{item.value}' is not a component{names.suggest(item.value, COMPONENT_NAMES)}"
                                f"; components: {', '.join(COMPONENT_NAMES)}")
        if item.value in out:
            src.fail(item.line, f"components: {item.value} is listed twice")
        out.append(item.value)
    return tuple(out)


def _require(src: Source, loc: Loc | None) -> tuple[Requirement, ...]:
    out: dict[str, Requirement] = {}
    for item in src.strings(loc, "require") if loc is not None else ():
        cap = names.capability(src, item)
        if cap in out:
            src.fail(item.line, f"require: {cap} is listed twice")
        out[cap] = Requirement(cap, names.capabilities()[cap], Where(src.name, item.line),
                               unmet=cap in names.met_capabilities())
    return tuple(out.values())


def _target(src: Source, loc: Loc | None, section: str, line: int) -> str:
    value = src.text(loc, f"{section}: target", line)
    if not _REPO_ID.match(value):
        src.fail(loc.line if loc else line, f"{section}: target '{value}' is not a repo id (org/name, or "
                                             "datasets/org/name for a dataset)")
    return value


def _expiry(src: Source, loc: Loc | None, line: int) -> date:
    if loc is None:
        src.fail(line, "exceptions: every exception needs an expiry date (expires: YYYY-MM-DD)")
    value = loc.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        src.fail(loc.line, f"exceptions: expires '{value}' is not a date (YYYY-MM-DD)")


def _exceptions(src: Source, loc: Loc | None) -> tuple[PolicyException, ...]:
    out: dict[str, PolicyException] = {}
    for item in src.items(loc, "exceptions") if loc is not None else ():
        entry = src.mapping(item, "an exception", EXCEPTION_KEYS)
        if not isinstance(item.value, dict):
            src.fail(item.line, "exceptions: each entry must be a mapping {target, reason, expires}")
        target = _target(src, entry.get("target"), "exceptions", item.line)
        reason = src.text(entry.get("reason"), "exceptions: reason (why the exception was granted)", item.line)
        expires = _expiry(src, entry.get("expires"), item.line)
        if target.lower() in out:
            src.fail(item.line, f"exceptions: {target} already has an exception ({out[target.lower()].where})")
        out[target.lower()] = PolicyException(target, reason, expires, Where(src.name, item.line))
    return tuple(out.values())


def _clarify(src: Source, loc: Loc | None, ruleset: Ruleset) -> tuple[tuple[Clarification, ...], tuple[str, ...]]:
    out: dict[tuple[str, str], Clarification] = {}
    custom: list[str] = []
    for item in src.items(loc, "clarify") if loc is not None else ():
        if not isinstance(item.value, dict):
            src.fail(item.line, "clarify: each entry must be a mapping {target, component, expression, reason, files}")
        entry = src.mapping(item, "a clarification", CLARIFY_KEYS)
        target = _target(src, entry.get("target"), "clarify", item.line)
        component = src.text(entry.get("component"), "clarify: component", item.line)
        if component not in COMPONENT_NAMES:
            src.fail(entry["component"].line, f"clarify: component '{component}' is not one of "
                                              f"{', '.join(COMPONENT_NAMES)}")
        expr_loc = entry.get("expression")
        written = src.text(expr_loc, "clarify: expression", item.line)
        assert expr_loc is not None
        expression, declared = names.expression(src, expr_loc, ruleset)
        custom.extend(declared)
        reason = src.text(entry.get("reason"), "clarify: reason", item.line)
        files = _files(src, entry.get("files"), item.line)
        key = (target.lower(), component)
        if key in out:
            src.fail(item.line, f"clarify: {target} {component} is already clarified ({out[key].where})")
        out[key] = Clarification(target, component, expression, written, reason, files,  # type: ignore[arg-type]
                                 Where(src.name, item.line))
    return tuple(out.values()), tuple(dict.fromkeys(custom))


def _files(src: Source, loc: Loc | None, line: int) -> dict[str, str]:
    """path -> sha256: the files the clarification rests on; it stops applying when one changes."""
    if loc is None:
        src.fail(line, "clarify: files is required: the license files (path: sha256) the clarification rests on, "
                       "so that it stops applying when they change")
    entries = src.mapping(loc, "clarify: files", ()) if not isinstance(loc.value, dict) else dict(loc.value)
    if not entries:
        src.fail(loc.line, "clarify: files is empty: name at least one file (path: sha256)")
    out = {}
    for path, digest in entries.items():
        if digest.raw is None or not _SHA256.match(digest.raw):
            src.fail(digest.line, f"clarify: files: {path}: '{digest.raw or digest.value}' is not a sha256 "
                                  "(64 hex digits)")
        out[path] = digest.raw.lower()
    return out
