"""Which files in a repo are license-like: read and recorded as evidence."""

from __future__ import annotations

import re

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
