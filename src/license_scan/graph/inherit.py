"""Effective terms of every node, bottom-up: its own, plus what it inherits.

A fine-tune, quantization or adapter is bound by its base's effective weights
terms, a merge by every parent's, a pipeline by each repo its parts were saved
from (a `component` edge: a text encoder under a restrictive license binds the
pipeline, as a base model would); a `code` edge brings the referenced repo's
code terms; a model's data is the AND of its datasets. A derivative that
declares terms less restrictive than, or incompatible with, what it inherits
gets an error naming the chain: the inherited terms apply whatever it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from license_scan.classify.category import rank
from license_scan.classify.data import data_component
from license_scan.classify.join import Part, join_components
from license_scan.graph.walk import Key, Link, Tree, Visit, key_of, node_id
from license_scan.model import WEIGHT_RELATIONS, Component, Components, Finding, FindingSource, LicenseInfo
from license_scan.ruleset import Ruleset

# Obligation kinds that reach a derivative in a particular way (naming, notices, use restrictions
# to pass on); inherited copies carry params.binds_derivatives.
BINDING_KINDS = ("naming", "display-notice", "use-restrictions", "pass-on-terms")
SAME_TERMS_KINDS = ("share-alike", "pass-on-terms")  # a derivative must keep these terms, not swap them
SAME_ID_KINDS = ("share-alike",)  # ... and under exactly the same license
BESPOKE_CATEGORIES = ("rail-style", "custom-restricted")  # terms a derivative cannot replace by its own
WEIGHTS_PARENT_RELATIONS = (*WEIGHT_RELATIONS, "component")  # edges whose target's weights terms bind the source


@dataclass(frozen=True)
class Effective:
    components: Mapping[Key, Components]  # every node's effective components
    findings: tuple[Finding, ...]


def effective(tree: Tree, ruleset: Ruleset, *, depth: int) -> Effective:
    children: dict[Key, list[Link]] = {}
    for link in tree.links:
        if link not in tree.back_links:
            children.setdefault(link.source, []).append(link)
    comps: dict[Key, Components] = {}
    paths: dict[Key, dict[str, list[str]]] = {}  # license id -> [node, relation, …, node that declares it]
    findings: list[Finding] = []
    for key in tree.order:
        visit = tree.visits[key]
        if visit.classified is None:
            comps[key], paths[key] = Components(), {}
            continue
        own = visit.classified.components
        out = children.get(key, [])
        parents = [l for l in out if l.relation in WEIGHTS_PARENT_RELATIONS]
        own_weights = own.weights
        bases = [l for l in parents if l.relation in WEIGHT_RELATIONS]
        if visit.classified.same_as_base and bases and own_weights is not None and own_weights.category == "unknown":
            own_weights = None  # "same license as the base model": the base decides
        weights = join_components("weights", own_weights, [
            Part(tree.visits[l.target].node_id, comps[l.target].weights, _reason(tree.visits[l.target]),
                 l.relation, binds_derivative=True) for l in parents], ruleset, BINDING_KINDS)
        code = join_components("code", own.code, [
            Part(tree.visits[l.target].node_id, comps[l.target].code, _reason(tree.visits[l.target]), "code")
            for l in out if l.relation == "code"], ruleset)
        data = own.data
        if visit.kind != "dataset" and visit.refs is not None:
            data, found = data_component(own.data, _dataset_parts(tree, visit, comps, depth),
                                         visit.refs.unresolvable_datasets, ruleset, repo=visit.node_id)
            findings.extend(found)
        comps[key] = Components(code=code, weights=weights, data=data)
        paths[key] = _paths(visit, own_weights, parents, tree, paths)
        if own_weights is not None and own_weights.licenses:
            findings.extend(_laundering(visit, own_weights, parents, tree, comps, paths, ruleset))
    return Effective(comps, tuple(findings))


def _reason(visit: Visit) -> str | None:
    if visit.error is not None:
        return f"{visit.status}: {visit.error.message}"
    if visit.status == "depth-limit":
        return "not read: beyond --depth or the tree's size cap"
    return None


def _dataset_parts(tree: Tree, visit: Visit, comps: Mapping[Key, Components], depth: int) -> list[Part]:
    parts = []
    for ref in visit.refs.refs if visit.refs else ():
        if ref.relation != "dataset":
            continue
        key = key_of(ref.kind, ref.repo_id)
        target = tree.visits.get(key)
        if target is None:
            parts.append(Part(node_id(ref.kind, ref.repo_id), None, f"not followed (--depth {depth})"))
        else:
            parts.append(Part(target.node_id, comps.get(key, Components()).data, _reason(target)))
    return parts


def _paths(visit: Visit, own: Component | None, parents: list[Link], tree: Tree,
           paths: Mapping[Key, Mapping[str, list[str]]]) -> dict[str, list[str]]:
    """Where each license comes from: the farthest repo that declares it (a fine-tune that repeats
    its base's license passes it on, the base is where it comes from)."""
    found: dict[str, list[str]] = {}
    for link in parents:
        for lic_id, path in paths.get(link.target, {}).items():
            found.setdefault(lic_id, [visit.node_id, link.relation, *path])
    for lic in own.licenses if own else ():
        found.setdefault(lic.id, [visit.node_id])
    return found


def _laundering(visit: Visit, own: Component, parents: list[Link], tree: Tree, comps: Mapping[Key, Components],
                paths: Mapping[Key, Mapping[str, list[str]]], ruleset: Ruleset) -> list[Finding]:
    """Declared terms weaker than, or different from, terms that must be kept: an error per inherited license."""
    out: list[Finding] = []
    reported: set[str] = set()
    where = FindingSource(visit.node_id, "README.md", None)
    for link in parents:
        inherited = comps[link.target].weights
        for lic in inherited.licenses if inherited else ():
            if lic.id in reported or lic.category == "unknown" or any(o.id == lic.id for o in own.licenses):
                continue
            chain = " ← ".join([visit.node_id, link.relation, *paths[link.target].get(lic.id, [tree.visits[link.target].node_id])])
            if rank(own.category) < rank(lic.category):
                reported.add(lic.id)
                out.append(Finding("error", "license-laundering",
                                   f"{visit.node_id} declares {own.expression} ({own.category}), less restrictive "
                                   f"than the terms it inherits: {chain} ({lic.id}, {lic.category}); "
                                   "the inherited terms still apply", where))
            elif _must_keep(lic, ruleset) and not _keeps(lic, own.licenses, ruleset):
                reported.add(lic.id)
                out.append(Finding("error", "inherited-conflict",
                                   f"{visit.node_id} declares {own.expression}, which does not carry the terms it "
                                   f"inherits: {chain} ({lic.id}, {lic.category}); those terms still apply", where))
    return out


def _kinds(lic: LicenseInfo, ruleset: Ruleset) -> set[str]:
    rule = ruleset.by_license_id(lic.id)
    return {ob.kind for ob in rule.obligations} if rule else set()


def _family(lic: LicenseInfo, ruleset: Ruleset) -> str | None:
    rule = ruleset.by_license_id(lic.id)
    return rule.family if rule else None


def _must_keep(lic: LicenseInfo, ruleset: Ruleset) -> bool:
    return lic.category in BESPOKE_CATEGORIES or bool(_kinds(lic, ruleset) & set(SAME_TERMS_KINDS))


def _keeps(lic: LicenseInfo, own: tuple[LicenseInfo, ...], ruleset: Ruleset) -> bool:
    """The same license, or (unless share-alike) one of its family at least as restrictive."""
    family = _family(lic, ruleset)
    same_id_only = bool(_kinds(lic, ruleset) & set(SAME_ID_KINDS))
    return any(o.id == lic.id or (not same_id_only and family is not None and _family(o, ruleset) == family
                                  and rank(o.category) >= rank(lic.category)) for o in own)
