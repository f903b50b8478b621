"""What one repo points at: base models (and how it derives from them), datasets, code in other repos.

Pure: reads card metadata, Hub tags, the file list and config.json, so the walk
asks the same question of every snapshot, online, offline or in a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import unquote, urlparse

from license_scan.limits import MAX_REFS_PER_NODE
from license_scan.model import Finding, FindingSource
from license_scan.source.snapshot import Snapshot

WEIGHT_RELATIONS = ("finetune", "adapter", "quantized", "merge")  # base_model_relation values the Hub knows
# Signals used only when the card does not declare base_model_relation.
ADAPTER_LIBRARIES = ("peft",)
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors", "adapter_model.bin")
QUANT_TAGS = ("gguf", "gptq", "awq", "exl2", "bitsandbytes", "4-bit", "8-bit", "quantized", "hqq", "aqlm", "fp8")
QUANT_SUFFIXES = (".gguf", ".ggml")
MERGE_TAGS = ("merge", "mergekit")
MERGE_FILES = ("mergekit_config.yml", "mergekit_config.yaml")

_HUB_HOSTS = ("huggingface.co", "www.huggingface.co", "hf.co")
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*/[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_RELATION_TAG = re.compile(r"^base_model:(finetune|adapter|quantized|merge):(.+)$")


@dataclass(frozen=True)
class Ref:
    """One repo this repo depends on."""

    kind: str  # "model" or "dataset": the Hub repo type to fetch
    repo_id: str
    relation: str  # one of model.RELATIONS
    named_as: str  # the value as the card or config.json wrote it


@dataclass(frozen=True)
class CodeRef:
    """One auto_map entry: a module file, in this repo (repo None) or in another one."""

    repo_id: str | None
    module_path: str  # e.g. "modeling_x.py"
    class_name: str
    named_as: str


@dataclass(frozen=True)
class References:
    refs: tuple[Ref, ...]
    datasets_named: tuple[str, ...]  # every `datasets:` entry as written, in order
    unresolvable_datasets: tuple[str, ...]  # entries that are not org/name Hub ids
    relation: str | None  # how it derives from its base model(s); None without base_model
    relation_inferred_from: str | None  # why, when the card did not declare the relation
    findings: tuple[Finding, ...] = ()


def strings(value: Any) -> list[str]:
    """A card field that may be a string or a list, as non-empty strings."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [str(v).strip() for v in items if v is not None and not isinstance(v, (dict, list)) and str(v).strip()]


def hub_id(value: str, kind: str) -> str | None:
    """`org/name` from an id, `hf://…`, `datasets/…` or a Hub URL; None when it is not one."""
    text = value.strip()
    if text.startswith(("http://", "https://")):
        url = urlparse(text)
        if url.netloc.lower() not in _HUB_HOSTS:
            return None
        text = "/".join(unquote(p) for p in url.path.split("/") if p)
    text = text.removeprefix("hf://")
    prefix = "datasets/" if kind == "dataset" else "models/"
    text = text.removeprefix(prefix)
    parts = text.strip("/").split("/")
    candidate = "/".join(parts[:2]) if len(parts) >= 2 else text
    if len(parts) > 2 and parts[2] not in ("tree", "blob", "resolve"):
        return None
    if not _REPO_ID.match(candidate) or ".." in candidate or "--" in candidate:
        return None
    return candidate


def auto_map_refs(config: Mapping[str, Any] | None) -> list[CodeRef]:
    """Every class config.json's auto_map names: `module.Class` or `org/repo--module.Class`."""
    auto_map = (config or {}).get("auto_map")
    if not isinstance(auto_map, dict):
        return []
    out: list[CodeRef] = []
    for value in auto_map.values():
        for entry in strings(value):  # AutoTokenizer maps to [slow, fast], either may be null
            repo, _, reference = entry.rpartition("--")
            module, _, cls = reference.rpartition(".")
            if not module or not cls:
                continue
            path = module.replace(".", "/") + ".py"
            ref = CodeRef(repo or None, path, cls, entry)
            if ref not in out:
                out.append(ref)
    return out


def local_code_paths(config: Mapping[str, Any] | None) -> list[str]:
    """Module files in this repo that auto_map names (the source layer reads these first)."""
    return list(dict.fromkeys(r.module_path for r in auto_map_refs(config) if r.repo_id is None))


def infer_relation(snapshot: Snapshot, metadata: Mapping[str, Any], bases: list[str]) -> tuple[str, str]:
    """The relation the card leaves out, and the signal it was read from."""
    tags = [t.lower() for t in (*snapshot.tags, *strings(metadata.get("tags")))]
    for tag in tags:
        match = _RELATION_TAG.match(tag)
        if match:
            return match.group(1), f"Hub tag {tag}"
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


def references(snapshot: Snapshot, metadata: Mapping[str, Any]) -> References:
    """Base models, datasets and cross-repo code a snapshot names; datasets name nothing further."""
    repo = snapshot.repo_id
    if snapshot.kind == "dataset":
        return References((), (), (), None, None)
    findings: list[Finding] = []
    where = FindingSource(repo, "README.md", None)
    refs: list[Ref] = []

    bases: list[str] = []
    for value in strings(metadata.get("base_model")):
        found = hub_id(value, "model")
        if found is None:
            findings.append(Finding("warning", "reference-invalid",
                                    f"{repo}: base_model '{value}' is not a Hub model id (org/name); not followed", where))
        elif found.lower() not in {b.lower() for b in bases}:
            bases.append(found)
    relation, inferred = _relation(snapshot, metadata, bases, findings, where)
    refs.extend(Ref("model", b, relation or "finetune", b) for b in bases)

    named = strings(metadata.get("datasets"))
    unresolvable: list[str] = []
    for value in named:
        found = hub_id(value, "dataset")
        if found is None:
            unresolvable.append(value)
        elif all(not (r.kind == "dataset" and r.repo_id.lower() == found.lower()) for r in refs):
            refs.append(Ref("dataset", found, "dataset", value))

    for code in auto_map_refs(snapshot.config):
        if code.repo_id is None:
            continue
        found = hub_id(code.repo_id, "model")
        if found is None:
            findings.append(Finding("warning", "reference-invalid",
                                    f"{repo}: auto_map entry '{code.named_as}' names no valid Hub repo; not followed",
                                    FindingSource(repo, "config.json", None)))
        elif all(not (r.relation == "code" and r.repo_id.lower() == found.lower()) for r in refs):
            refs.append(Ref("model", found, "code", code.named_as))

    if len(refs) > MAX_REFS_PER_NODE:
        findings.append(Finding("warning", "references-truncated",
                                f"{repo} names {len(refs)} repos; only the first {MAX_REFS_PER_NODE} are followed",
                                where))
        refs = refs[:MAX_REFS_PER_NODE]
    return References(tuple(refs), tuple(named), tuple(unresolvable), relation, inferred, tuple(findings))


def _relation(snapshot: Snapshot, metadata: Mapping[str, Any], bases: list[str], findings: list[Finding],
              where: FindingSource) -> tuple[str | None, str | None]:
    if not bases:
        return None, None
    declared = strings(metadata.get("base_model_relation"))
    value = declared[0].lower() if declared else None
    if value in WEIGHT_RELATIONS:
        return value, None
    relation, why = infer_relation(snapshot, metadata, bases)
    if value is not None:
        findings.append(Finding("warning", "relation-invalid",
                                f"{snapshot.repo_id}: base_model_relation '{declared[0]}' is not one of "
                                f"{', '.join(WEIGHT_RELATIONS)}; read as {relation} ({why})", where))
    else:
        findings.append(Finding("info", "relation-inferred",
                                f"{snapshot.repo_id}: no base_model_relation; read as {relation} ({why})", where))
    return relation, why
