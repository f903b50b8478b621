"""Which files in a repo are read: the card and the license-like files."""

from __future__ import annotations

import re
from typing import Iterable

# LICENSE*, LICENCE*, COPYING*, NOTICE*, USE_POLICY*, plus vendor spellings such as
# LICENSE-MODEL, MODEL_LICENSE, "Tongyi Qianwen LICENSE AGREEMENT".
_LICENSE_NAME = re.compile(
    r"^(?:licen[cs]e|copying|notice|use[_\-\s]?policy|acceptable[_\-\s]?use[_\-\s]?policy)"
    r"|(?:^|[_\-\s.])licen[cs]e(?:[_\-\s.]|$)",
    re.IGNORECASE,
)
# Files whose extension says they are not license texts even if the name matches
_NOT_TEXT = re.compile(r"\.(?:py|js|ts|json|ya?ml|safetensors|bin|gguf|pt|pth|onnx|png|jpe?g|gif|pdf)$", re.IGNORECASE)


def is_license_like(path: str) -> bool:
    """True for a file whose name says it holds license terms (any folder depth)."""
    name = path.rsplit("/", 1)[-1]
    return bool(_LICENSE_NAME.search(name)) and not _NOT_TEXT.search(name)


def license_order(paths: Iterable[str]) -> list[str]:
    """License-like paths, root files first, so the cap drops nested copies before top-level ones."""
    found = [p for p in paths if is_license_like(p)]
    return sorted(found, key=lambda p: (p.count("/"), p.lower(), p))


def is_card(path: str) -> bool:
    """The model card: README.md at the root, in any case."""
    return path.lower() == "readme.md"
