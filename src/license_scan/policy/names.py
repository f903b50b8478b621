"""Names a policy file uses, normalised: licenses (Hub id, SPDX id or rule id, through the rule set),
categories, capabilities (policy/capabilities.yaml) and the SPDX expressions of clarifications."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from license_expression import ExpressionError, Licensing

from license_scan.fileio import load_yaml
from license_scan.model import CATEGORIES
from license_scan.policy.located import Loc, Source, suggest
from license_scan.ruleset import Ruleset

_LICENSING = Licensing()
_OPERATORS = ("AND", "OR", "WITH")
_LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")


def known_names(ruleset: Ruleset) -> list[str]:
    """What a did-you-mean may propose: Hub ids first, then license ids, then rule ids."""
    names = list(ruleset.hub_ids())
    names += [r.license_id for r in ruleset.rules] + [r.id for r in ruleset.rules]
    return list(dict.fromkeys(names))


def license_id(src: Source, loc: Loc, section: str, ruleset: Ruleset, custom: Mapping[str, str]) -> str:
    """The rule set's id for a license the file names; `custom`: LicenseRef ids clarifications declare."""
    value = str(loc.value).strip()
    rule = ruleset.by_name(value)
    if rule is not None:
        return rule.license_id
    if value.lower() in custom:
        return custom[value.lower()]
    src.fail(loc.line, f"{section}: '{value}' is not a license the rule set knows"
                       f"{suggest(value, [*known_names(ruleset), *custom.values()])}; name it by Hub id, SPDX id "
                       "or rule id (a LicenseRef-… of your own must be stated by a `clarify` entry)")


def category(src: Source, loc: Loc, section: str) -> str:
    value = str(loc.value).strip()
    if value not in CATEGORIES:
        src.fail(loc.line, f"{section}: '{value}' is not a category{suggest(value, CATEGORIES)}; "
                           f"categories: {', '.join(CATEGORIES)}")
    return value


@lru_cache(maxsize=1)
def _capability_table() -> Mapping[str, Mapping[str, Any]]:
    raw: Mapping[str, Mapping[str, Any]] = load_yaml(
        (resources.files("license_scan") / "policy" / "capabilities.yaml").read_bytes())
    return raw


def capabilities() -> Mapping[str, tuple[str, ...]]:
    """capability -> obligation kinds that forbid it (policy/capabilities.yaml)."""
    return {name: tuple(entry["forbidden_by"]) for name, entry in _capability_table().items()}


def met_capabilities() -> frozenset[str]:
    """Capabilities judged by obligation status: any `unmet` obligation forbids them."""
    return frozenset(name for name, entry in _capability_table().items() if entry.get("unmet"))


def capability(src: Source, loc: Loc) -> str:
    value = str(loc.value).strip()
    if value not in capabilities():
        src.fail(loc.line, f"require: '{value}' is not a capability{suggest(value, capabilities())}; "
                           f"capabilities: {', '.join(capabilities())}")
    return value


def expression(src: Source, loc: Loc, ruleset: Ruleset) -> tuple[str, tuple[str, ...]]:
    """A clarification's SPDX expression in the rule set's ids, and the LicenseRef ids it declares that the
    rule set does not know (the team's own licenses: custom-restricted unless the policy allows them)."""
    written = str(loc.value).strip()
    tokens = [t for t in re.split(r"(\s+|\(|\))", written) if t and not t.isspace()]
    out: list[str] = []
    custom: list[str] = []
    for i, token in enumerate(tokens):
        if token.upper() in _OPERATORS:
            out.append(token.upper())
        elif token in "()" or (i > 0 and tokens[i - 1].upper() == "WITH"):
            out.append(token)  # an exception id stays as written
        elif token.upper() in ("NOASSERTION", "NONE"):
            src.fail(loc.line, f"clarify: expression '{written}' states no terms; a clarification names them")
        else:
            rule = ruleset.by_name(token)
            if rule is not None:
                out.append(rule.license_id)
            elif _LICENSE_REF.match(token):
                out.append(token)
                custom.append(token)
            else:
                src.fail(loc.line, f"clarify: '{token}' is not a license the rule set knows"
                                   f"{suggest(token, known_names(ruleset))}; name it by Hub id, SPDX id or rule id, "
                                   "or as LicenseRef-<your-name> for terms of your own")
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    try:
        _LICENSING.parse(text, validate=False, strict=True)
    except ExpressionError as exc:
        src.fail(loc.line, f"clarify: expression '{written}' does not parse ({exc})")
    if not out:
        src.fail(loc.line, "clarify: expression is empty")
    return text, tuple(dict.fromkeys(custom))
