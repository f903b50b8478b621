"""Where Python code passes a model or dataset id: the call shapes of the libraries people use.

Each `Use` is one argument expression that names a repo (`pyvalues` then says which strings it
holds). `strings_only` marks positions that take an id and nothing else, where a value the
module does not fix is worth a finding; positions that also take objects (`pipeline(model=m)`,
`SFTTrainer(model=model)`) stay silent about them. Calls that create or push repos
(`push_to_hub`, `create_repo`, `upload_*`, card metadata) are outputs and never read.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Iterator

from license_scan.source.project.pyast import const, func_name, text
from license_scan.source.project.refs import RefKind

LOADER_METHODS = frozenset({"from_pretrained", "load_adapter", "load_lora_weights", "load_textual_inversion",
                            "load_ip_adapter", "from_single_file"})
HUB_FUNCS = {"hf_hub_download": None, "snapshot_download": None, "hf_hub_url": None, "list_repo_files": None,
             "list_repo_tree": None, "repo_info": None, "file_exists": None, "repo_exists": None,
             "model_info": "model", "dataset_info": "dataset", "get_safetensors_metadata": None}
DATASET_FUNCS = frozenset({"load_dataset", "load_dataset_builder", "get_dataset_config_names",
                           "get_dataset_split_names", "get_dataset_infos", "get_dataset_config_info"})
# `load_dataset("json", data_files=...)`: builders packaged with `datasets`, not Hub repos
PACKAGED_BUILDERS = frozenset({"json", "csv", "parquet", "text", "arrow", "pandas", "sql", "generator", "webdataset",
                               "imagefolder", "audiofolder", "videofolder", "xml", "spark", "cache", "folder_based_builder"})
ENCODER_CLASSES = frozenset({"SentenceTransformer", "CrossEncoder", "SparseEncoder"})
TIMM_FUNCS = frozenset({"create_model", "create_model_and_transforms", "create_model_from_pretrained", "get_tokenizer"})
# keyword arguments that name a repo in any call: (kind, legacy ids accepted). Any call may take
# them, loader or not, so a value the module does not fix here is no finding (a loader's is).
KEYWORDS: dict[str, tuple[RefKind, bool]] = {
    "model_name_or_path": ("model", True), "pretrained_model_name_or_path": ("model", True),
    "model_id": ("model", True), "repo_id": ("model", True), "tokenizer_name": ("model", True),
    "base_model": ("model", True), "base_model_name_or_path": ("model", True),
    "tokenizer_name_or_path": ("model", True), "adapter_name_or_path": ("model", False),
    "peft_model_id": ("model", False), "model_name": ("model", False),
    "dataset_name": ("dataset", True), "dataset_id": ("dataset", True),
}
TRAINER_KEYWORDS = ("model", "ref_model", "reward_model", "teacher_model", "reward_funcs", "value_model")
OPTION_NAMES = {**KEYWORDS,
                "model": ("model", False), "tokenizer": ("model", False), "dataset": ("dataset", False)}
_OUTPUT_CALL = re.compile(r"^(push_to_hub|upload_|create_|delete_|update_|save_|duplicate_|move_|merge_|rename_|"
                          r"add_space_|ModelCardData|DatasetCardData|from_template|EvalResult|TrainingArguments)")
# sentence-transformers loads a single name from its own organisation, except these transformers families
_ST_ORG = "sentence-transformers/"
_ST_KEEP = re.compile(r"^(albert|bert|camembert|ctrl|distil|gpt2|openai-gpt|roberta|t5|transfo-xl|xlm|xlnet)\b")


@dataclass(frozen=True)
class Use:
    node: ast.AST  # the argument expression
    kind: RefKind
    how: str
    strings_only: bool = True  # the position takes an id only: a value the module does not fix is a finding
    legacy: bool = True  # single-segment ids (`gpt2`) count
    default_of: str | None = None  # the value is a default that this may replace
    st_prefix: bool = False  # sentence-transformers' own organisation for single names
    requires: tuple[str, ...] = ()  # only values with one of these prefixes (timm's `hf-hub:`, or `hf_hub:`)
    not_ids: frozenset[str] = frozenset()  # values that name something else here (`load_dataset("json")`)


def st_name(value: str) -> str:
    return value if "/" in value or _ST_KEEP.match(value.lower()) else _ST_ORG + value


def uses(tree: ast.AST) -> Iterator[Use]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from _call_uses(node)
        elif isinstance(node, ast.ClassDef):
            yield from _field_uses(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _param_uses(node)


def _arg(call: ast.Call, index: int | None, *names: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg in names:
            return kw.value
    if index is not None and len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
        return call.args[index]
    return None


def _repo_type(call: ast.Call, default: RefKind = "model") -> RefKind | None:
    value = _arg(call, None, "repo_type")
    kind = const(value) if value is not None else None
    return None if kind in ("space", "spaces") else "dataset" if kind in ("dataset", "datasets") else default


def _call_uses(call: ast.Call) -> Iterator[Use]:
    name = func_name(call)
    if _OUTPUT_CALL.match(name) and name not in TIMM_FUNCS:
        return
    seen: set[int] = set()

    def use(node: ast.expr | None, kind: RefKind | None, how: str, **extra: object) -> Iterator[Use]:
        if node is not None and kind is not None and id(node) not in seen:
            seen.add(id(node))
            yield Use(node, kind, how, **extra)  # type: ignore[arg-type]

    owner = text(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    if name in LOADER_METHODS and isinstance(call.func, ast.Attribute):
        label = f"{owner.rsplit('.', 1)[-1]}.{name}"
        if name == "from_pretrained" and owner.rsplit(".", 1)[-1].startswith("Peft"):
            yield from use(_arg(call, 1, "model_id"), "model", f"{label} (adapter)")
        else:
            yield from use(_arg(call, 0, "pretrained_model_name_or_path", "pretrained_model_link_or_path"),
                           "model", label)
    elif name == "pipeline":
        yield from use(_arg(call, 1, "model"), "model", "pipeline(model=)", strings_only=False)
        for key in ("tokenizer", "config", "feature_extractor", "image_processor", "processor"):
            yield from use(_arg(call, None, key), "model", f"pipeline({key}=)", strings_only=False)
    elif name in HUB_FUNCS:
        kind = _repo_type(call, HUB_FUNCS[name] or "model")  # type: ignore[arg-type]
        yield from use(_arg(call, 0, "repo_id"), kind, name)
    elif name in ENCODER_CLASSES:
        yield from use(_arg(call, 0, "model_name_or_path", "model_name"), "model", name,
                       st_prefix=name == "SentenceTransformer")
    elif name in DATASET_FUNCS:
        yield from use(_arg(call, 0, "path"), "dataset", name, not_ids=PACKAGED_BUILDERS)
        files = _arg(call, None, "data_files")
        for string in _string_nodes(files):
            if str(string.value).startswith("hf://datasets/"):
                yield from use(string, "dataset", f"{name}(data_files=)")
    elif name in TIMM_FUNCS:
        for node in (_arg(call, 0, "model_name"), _arg(call, None, "pretrained")):  # `pretrained=True` is no id
            yield from use(node, "model", name, strings_only=False, requires=("hf-hub:", "hf_hub:"))
    elif name in ("InferenceClient", "AsyncInferenceClient"):  # a model id, or a URL (not a repo)
        yield from use(_arg(call, 0, "model"), "model", f"{name}(model=)", strings_only=False)
    elif name == "LLM":  # vLLM
        yield from use(_arg(call, 0, "model"), "model", "LLM(model=)")
        yield from use(_arg(call, None, "tokenizer"), "model", "LLM(tokenizer=)")
    elif name.endswith("Trainer"):
        for key in TRAINER_KEYWORDS:
            for item in _items(_arg(call, None, key)):
                yield from use(item, "model", f"{name}({key}=)", strings_only=False)
    elif name in ("add_argument", "option") and call.args:
        yield from _option_use(call)
    for kw in call.keywords:
        if kw.arg in KEYWORDS:
            kind, legacy = KEYWORDS[kw.arg]
            kind_here = _repo_type(call, kind) if kw.arg == "repo_id" else kind
            yield from use(kw.value, kind_here, f"keyword {kw.arg}=", strings_only=False, legacy=legacy)


def _option_use(call: ast.Call) -> Iterator[Use]:
    """argparse `add_argument("--model_name_or_path", default=...)`, click `option(...)`: the default."""
    default = _arg(call, None, "default")
    for arg in call.args:
        flag = const(arg) or ""
        option = flag.lstrip("-").replace("-", "_")
        if flag.startswith("--") and option in OPTION_NAMES and default is not None:
            kind, legacy = OPTION_NAMES[option]
            yield Use(default, kind, f"default of option {flag}", legacy=legacy,
                      default_of=f"command-line option {flag}")
            return


def _field_uses(cls: ast.ClassDef) -> Iterator[Use]:
    """Dataclass-style argument classes: `model_name_or_path: str = field(default="gpt2")`."""
    for stmt in cls.body:
        target = stmt.target if isinstance(stmt, ast.AnnAssign) else \
            stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
        value = getattr(stmt, "value", None)
        if not isinstance(target, ast.Name) or target.id not in KEYWORDS or value is None:
            continue
        if isinstance(value, ast.Call) and func_name(value) == "field":
            value = _arg(value, None, "default")
        if value is not None:
            kind, legacy = KEYWORDS[target.id]
            yield Use(value, kind, f"default of field {cls.name}.{target.id}", strings_only=False, legacy=legacy,
                      default_of=f"field {cls.name}.{target.id}")


def _param_uses(func: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[Use]:
    """`def main(model_name_or_path="gpt2")`: the default of a parameter named like an id."""
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    for arg, default in pairs:
        if arg.arg in KEYWORDS and isinstance(default, (ast.Constant, ast.JoinedStr, ast.Name, ast.Call)):
            kind, legacy = KEYWORDS[arg.arg]
            yield Use(default, kind, f"default of parameter {func.name}({arg.arg}=)", strings_only=False,
                      legacy=legacy, default_of=f"function parameter {arg.arg}")


def _items(node: ast.expr | None) -> list[ast.expr]:
    if isinstance(node, (ast.List, ast.Tuple)):
        return list(node.elts)
    return [node] if node is not None else []


def _string_nodes(node: ast.expr | None) -> list[ast.Constant]:
    if node is None:
        return []
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
