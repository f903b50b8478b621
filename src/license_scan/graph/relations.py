"""What one repo points at: base models (and how it derives from them), datasets, code in other repos,
and the repos its parts were saved from (a pipeline's text encoder, tokenizer, VAE: `component`).

Pure: reads the snapshot's card metadata, Hub tags, file list, auto_map
references and component references, so the walk asks the same question of
every snapshot, online, offline or in a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from license_scan import limits
from license_scan.graph.prose_bases import bases_in_prose
from license_scan.hubref import repo_id_of
from license_scan.model import (
    WEIGHT_RELATIONS,
    Finding,
    FindingSource,
    Relation,
    TargetKind,
)
from license_scan.source.card import field_strings
from license_scan.source.snapshot import Snapshot

# Signals used only when the card does not declare base_model_relation.
ADAPTER_LIBRARIES = ("peft",)
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors", "adapter_model.bin")
ADAPTER_BASE_KEY = "base_model_name_or_path"  # adapter_config.json: the model the adapter was trained on
QUANT_TAGS = ("gguf", "gptq", "awq", "exl2", "bitsandbytes", "4-bit", "8-bit", "quantized", "hqq", "aqlm", "fp8")
QUANT_SUFFIXES = (".gguf", ".ggml")
MERGE_TAGS = ("merge", "mergekit")
MERGE_FILES = ("mergekit_config.yml", "mergekit_config.yaml")
_RELATION_OF: dict[str, Relation] = {r: r for r in WEIGHT_RELATIONS}
_RELATION_TAG = re.compile(r"^base_model:(finetune|adapter|quantized|merge):(.+)$")
# A path on the author's disk, not a Hub id: absolute, relative, home, Windows. A path into a Hub
# cache (`…/models--org--name/snapshots/<sha>`) still says which Hub repo the part came from.
_LOCAL_PATH = re.compile(r"^(?:[/~.\\]|[A-Za-z]:[/\\])|\\")
_HUB_CACHE_DIR = re.compile(r"(?:^|[/\\])models--([A-Za-z0-9][\w.\-]*)--([A-Za-z0-9][\w.\-]*)(?:[/\\]|$)")


@dataclass(frozen=True)
class Ref:
    """One repo this repo depends on."""

    kind: TargetKind  # "model" or "dataset": the Hub repo type to fetch
    repo_id: str
    relation: Relation
    named_as: str  # the value as the card or config.json wrote it


@dataclass(frozen=True)
class References:
    refs: tuple[Ref, ...]
    datasets_named: tuple[str, ...]  # every `datasets:` entry as written, in order
    unresolvable_datasets: tuple[str, ...]  # entries that are not org/name Hub ids
    relation: Relation | None  # how it derives from its base model(s); None without base_model
    relation_inferred_from: str | None  # why, when the card did not declare the relation
    findings: tuple[Finding, ...] = ()


def infer_relation(snapshot: Snapshot, metadata: Mapping[str, Any], bases: list[str]) -> tuple[Relation, str]:
    """The relation the card leaves out, and the signal it was read from."""
    tags = [t.lower() for t in (*snapshot.tags, *field_strings(metadata.get("tags")))]
    for tag in tags:
        match = _RELATION_TAG.match(tag)
        if match:
            return _RELATION_OF[match.group(1)], f"Hub tag {tag}"
    names = {p.rsplit("/", 1)[-1] for p in snapshot.files}
    library = str(metadata.get("library_name") or "").lower()
    if library in ADAPTER_LIBRARIES:
        return "adapter", f"library_name: {library}"
    if names & set(ADAPTER_FILES):
        return "adapter", f"file {sorted(names & set(ADAPTER_FILES))[0]}"
    quant_tags = [t for t in tags if t in QUANT_TAGS]
    if quant_tags:
        return "quantized", f"tag {quant_tags[0]}"
    quant_files = sorted(p for p in snapshot.files if p.lower().endswith(QUANT_SUFFIXES))
    if quant_files:
        return "quantized", f"file {quant_files[0]}"
    if isinstance((snapshot.config or {}).get("quantization_config"), dict):
        return "quantized", "config.json quantization_config"
    if len(bases) > 1:
        return "merge", f"{len(bases)} base models"
    merge_signal = [t for t in tags if t in MERGE_TAGS] or sorted(names & set(MERGE_FILES))
    if merge_signal:
        return "merge", f"{'tag' if merge_signal[0] in MERGE_TAGS else 'file'} {merge_signal[0]}"
    return "finetune", "nothing says otherwise"


def references(snapshot: Snapshot) -> References:
    """Base models, datasets and cross-repo code a snapshot names; datasets name nothing further."""
    repo = snapshot.repo_id
    metadata = snapshot.metadata
    if snapshot.kind == "dataset":
        return References((), (), (), None, None)
    findings: list[Finding] = []
    where = FindingSource(repo, "README.md", None)
    refs: list[Ref] = []

    bases: list[str] = []
    declared_bases = field_strings(metadata.get("base_model"))
    for value in declared_bases:
        found = repo_id_of(value, "model")
        if found is None:
            findings.append(Finding("warning", "reference-invalid",
                                    f"{repo}: base_model '{value}' is not a Hub model id (org/name); not followed", where))
        elif found.lower() not in {b.lower() for b in bases}:
            bases.append(found)
    if not declared_bases:
        for part in snapshot.component_refs:  # a PEFT adapter_config.json names the model it adapts
            found = repo_id_of(part.named_as, "model") if part.key == ADAPTER_BASE_KEY else None
            if found and found.lower() != (repo or "").lower() and found.lower() not in {b.lower() for b in bases}:
                bases.append(found)
                findings.append(Finding(
                    "warning", "base-model-from-adapter-config",
                    f"{repo}: the card names no base_model, but {part.path} says the adapter was trained on {found} "
                    f"({part.key}); followed as its base model", FindingSource(repo, part.path, None)))
    if not declared_bases and not bases and snapshot.body:
        for found, line in bases_in_prose(snapshot.body):
            if repo and found.lower() == repo.lower():
                continue
            bases.append(found)
            findings.append(Finding(
                "warning", "base-model-from-prose",
                f"{repo}: the card names no base_model, but its text says it derives from {found} (README.md line "
                f"{snapshot.body_line + line - 1}); followed as its base model", FindingSource(repo, "README.md", snapshot.body_line + line - 1)))
    relation, inferred = _relation(snapshot, metadata, bases, findings, where)
    refs.extend(Ref("model", b, relation or "finetune", b) for b in bases)

    named = field_strings(metadata.get("datasets"))
    unresolvable: list[str] = []
    for value in named:
        found = repo_id_of(value, "dataset")
        if found is None:
            unresolvable.append(value)
        elif all(not (r.kind == "dataset" and r.repo_id.lower() == found.lower()) for r in refs):
            refs.append(Ref("dataset", found, "dataset", value))

    for code in snapshot.code_refs:
        if code.repo_id is None:
            continue
        found = repo_id_of(code.repo_id, "model")
        if found is None:
            findings.append(Finding("warning", "reference-invalid",
                                    f"{repo}: auto_map entry '{code.named_as}' names no valid Hub repo; not followed",
                                    FindingSource(repo, "config.json", None)))
        elif all(not (r.relation == "code" and r.repo_id.lower() == found.lower()) for r in refs):
            refs.append(Ref("model", found, "code", code.named_as))

    refs.extend(_components(snapshot, refs, findings))

    if len(refs) > limits.MAX_REFS_PER_NODE:
        findings.append(Finding("warning", "references-truncated",
                                f"{repo} names {len(refs)} repos; only the first {limits.MAX_REFS_PER_NODE} are followed",
                                where))
        refs = refs[:limits.MAX_REFS_PER_NODE]
    return References(tuple(refs), tuple(named), tuple(unresolvable), relation, inferred, tuple(findings))


def component_repo(value: str, snapshot: Snapshot) -> tuple[str | None, bool]:
    """(Hub id, is a local path) for a part's `_name_or_path`: a local path names no repo, unless it
    is a Hub cache folder; a folder of this repo ("vae", "text_encoder") is local too."""
    text = value.strip()
    cached = _HUB_CACHE_DIR.search(text)
    if cached:
        return repo_id_of(f"{cached.group(1)}/{cached.group(2)}", "model"), False
    folders = {p.split("/", 1)[0] for p in snapshot.files if "/" in p}
    if _LOCAL_PATH.search(text) or text.rstrip("/").split("/", 1)[0] in folders:
        return None, True
    return repo_id_of(text, "model"), False


def _components(snapshot: Snapshot, refs: list[Ref], findings: list[Finding]) -> list[Ref]:
    """A part saved from another Hub repo carries that repo's terms: one `component` ref per repo,
    unless the repo is this one or already referenced (a base model named again by its config)."""
    own = (snapshot.repo_id or "").lower()
    out: list[Ref] = []
    for part in snapshot.component_refs:
        found, local = component_repo(part.named_as, snapshot)
        if local:
            continue
        if found is None:
            findings.append(Finding("warning", "reference-invalid",
                                    f"{snapshot.repo_id}: {part.path} names '{part.named_as}' ({part.key}) as the origin "
                                    "of a part; it is not a Hub org/name id, and not followed",
                                    FindingSource(snapshot.repo_id, part.path, None)))
            continue
        taken = {r.repo_id.lower() for r in (*refs, *out) if r.relation in (*WEIGHT_RELATIONS, "component")}
        if found.lower() != own and found.lower() not in taken:
            out.append(Ref("model", found, "component", part.named_as))
    return out


def _relation(snapshot: Snapshot, metadata: Mapping[str, Any], bases: list[str], findings: list[Finding],
              where: FindingSource) -> tuple[Relation | None, str | None]:
    if not bases:
        return None, None
    declared = field_strings(metadata.get("base_model_relation"))
    value = declared[0].lower() if declared else None
    if value in _RELATION_OF:
        return _RELATION_OF[value], None
    relation, why = infer_relation(snapshot, metadata, bases)
    if value is not None:
        findings.append(Finding("warning", "relation-invalid",
                                f"{snapshot.repo_id}: base_model_relation '{declared[0]}' is not one of "
                                f"{', '.join(WEIGHT_RELATIONS)}; read as {relation} ({why})", where))
    else:
        findings.append(Finding("info", "relation-inferred",
                                f"{snapshot.repo_id}: no base_model_relation; read as {relation} ({why})", where))
    return relation, why
