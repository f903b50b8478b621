"""Which files in a repo are read: the card, the license-like files, source files for their headers,
and the small JSON files that may name the repos a pipeline's parts come from."""

from __future__ import annotations

import re
from typing import Iterable

# A file whose name says it holds terms: LICENSE / LICENCE anywhere in the name, in any case
# (`license.txt`, `Model-License.md`, `LICENSE-decoder.txt`, `LICENSE_code.txt`), COPYING*,
# NOTICE*, COPYRIGHT*, USE_POLICY* / USAGE_POLICY*, acceptable use policies, EULA*, TERMS* (terms of use, of
# service), an AGREEMENT (`MODEL_AGREEMENT.md`), a RAIL (`OpenRAIL-M.txt`, `RAIL.md`).
_LICENSE_NAME = re.compile(
    r"licen[cs]e"
    r"|^(?:copying|copyright|notice|use[_\-\s]?policy|usage[_\-\s]?policy|acceptable[_\-\s]?use[_\-\s]?policy|eula|terms)"
    r"|(?:^|[_\-\s.])(?:eula|terms[_\-\s]?of[_\-\s]?(?:use|service)|(?:open)?rail\+*(?:[_\-\s]?m)?|agreement)(?:[_\-\s.]|$)",
    re.IGNORECASE,
)
# Every file in a REUSE-style LICENSES/ folder (at any depth) holds a license text.
_LICENSES_DIR = re.compile(r"(?:^|/)licen[cs]es/", re.IGNORECASE)
# Code, configuration and weights: never a license file, whatever the name says
# (`license_utils.py`, `license_plate.onnx`, `license_config.json`).
_NOT_LICENSE = re.compile(
    r"\.(?:py|pyi|pyx|ipynb|js|mjs|ts|c|cc|cpp|h|hpp|cu|rs|go|java|sh|json|ya?ml|toml|safetensors|bin|gguf|ggml"
    r"|pt|pth|ckpt|onnx|h5|msgpack|npz|npy|pkl|pickle|tflite|mlmodel|model|tiktoken|parquet|arrow|csv|tsv)$",
    re.IGNORECASE,
)
# Documents and images: may hold terms, but are not text the matcher can read. They are listed
# (unread, reason NOT_TEXT), never downloaded.
_NOT_TEXT = re.compile(
    r"\.(?:pdf|docx?|odt|rtf|pages|xlsx?|pptx?|png|jpe?g|gif|webp|bmp|tiff?|heic|svg|zip|gz|tgz|7z)$", re.IGNORECASE)
NOT_TEXT = "not-text"  # unreadable_reason of a license-like file that is a document or an image

# Source files whose header may state a license. Notebooks are code too (classify counts them), but
# JSON: their first lines hold no header.
CODE_EXTENSIONS = (
    ".py", ".pyx", ".pyi", ".ipynb", ".js", ".mjs", ".ts", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp",
    ".cu", ".cuh", ".rs", ".go", ".java", ".kt", ".scala", ".swift", ".m", ".mm", ".jl", ".lua", ".sh",
)
_NO_HEADER = (".ipynb",)

# The JSON files that name the repo a part of a pipeline was saved from.
MODEL_INDEX = "model_index.json"  # diffusers: the pipeline's parts
ADAPTER_CONFIG = "adapter_config.json"  # PEFT: the model an adapter was trained on (`base_model_name_or_path`)
COMPONENT_CONFIGS = ("config.json", "tokenizer_config.json")  # in a part's subfolder (tokenizer_config.json also at the root)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def is_license_like(path: str) -> bool:
    """True for a file whose name (or REUSE LICENSES/ folder) says it holds license terms (any depth)."""
    if _LICENSES_DIR.search(path):
        return True
    name = _name(path)
    return bool(_LICENSE_NAME.search(name)) and not _NOT_LICENSE.search(name)


def is_not_text(path: str) -> bool:
    """A document or image (PDF, DOCX, PNG, …): listed as unread, never downloaded."""
    return bool(_NOT_TEXT.search(_name(path)))


def license_order(paths: Iterable[str]) -> list[str]:
    """License-like paths, root files first, so the cap drops nested copies before top-level ones."""
    found = [p for p in paths if is_license_like(p)]
    return sorted(found, key=lambda p: (p.count("/"), p.lower(), p))


def is_code(path: str) -> bool:
    return path.lower().endswith(CODE_EXTENSIONS)


def code_order(paths: Iterable[str], first: Iterable[str] = ()) -> list[str]:
    """Source files to read headers from: `first` (auto_map modules) as given, then every other
    source file, top level before subfolders, Python before other languages, then by path."""
    present = list(paths)
    readable = [p for p in present if is_code(p) and not p.lower().endswith(_NO_HEADER)]
    rest = sorted(readable, key=lambda p: (p.count("/"), not p.lower().endswith(".py"), p.lower(), p))
    known = set(present)
    return list(dict.fromkeys([*(p for p in first if p in known), *rest]))


def component_config_order(paths: Iterable[str]) -> list[str]:
    """model_index.json, tokenizer_config.json and adapter_config.json at the root, config.json and tokenizer_config.json
    in subfolders (a pipeline's text_encoder/, vae/, tokenizer/ …): shallow ones first."""
    found = [p for p in paths
             if p in (MODEL_INDEX, "tokenizer_config.json", ADAPTER_CONFIG) or ("/" in p and _name(p) in COMPONENT_CONFIGS)]
    return sorted(found, key=lambda p: (p.count("/"), p.lower(), p))


def is_card(path: str) -> bool:
    """The model card: README.md at the root, in any case."""
    return path.lower() == "readme.md"
