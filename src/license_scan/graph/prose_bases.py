"""The base model a card names only in its text, when its metadata names none.

Why: a card written by an older `Trainer` says "This model is a fine-tuned version of
[meta-llama/Llama-2-7b-hf](https://huggingface.co/meta-llama/Llama-2-7b-hf)" and has no `base_model`;
a quantizer's card says "Original model: [Llama 2 7B](https://huggingface.co/meta-llama/Llama-2-7b-hf)".
Tagged `apache-2.0`, such a repo would pass as free if the link were not followed. Only wordings
that say the model derives from the repo count ("fine-tuned version of", "quantized from", "a merge
of", "Original model:", "Finetuned from model:"), and only a Hub id or a huggingface.co link right
after them on the same line: a model the card merely compares with or mentions is not a base.
"""

from __future__ import annotations

import re

from license_scan import limits
from license_scan.hubref import repo_id_of
from license_scan.lazyre import LazyPattern

# "<cue> [Name](https://huggingface.co/org/name)", "<cue> `org/name`", "<cue> org/name"
_CUE = (r"(?:fine[\s-]?tuned|finetuned|trained|quanti[sz]ed|distilled|merged|derived|converted|adapted)"
        r"(?:\s+(?:version|variant|checkpoint|model))?\s+(?:of|from|on\s+top\s+of)"
        r"|(?:quanti[sz]ation|merge|conversion|(?:gguf|gptq|awq|exl2)(?:\s+(?:model|format))?(?:\s+files)?)\s+(?:of|for)"
        r"|(?:lora\s+)?adapter\s+(?:of|for)"
        r"|(?:original|base|parent|source)\s+model\s*:|fine[\s-]?tuned\s+from\s+model(?:\s*\[optional\])?\s*:")
_TARGET = (r"(?:\s+(?:the\s+)?(?:model\s+)?)?[\s*_]*"
           r"(?:\[[^\]\n]{1,200}\]\((?P<url>https?://(?:www\.)?huggingface\.co/[^)\s]+)\)"
           r"|`(?P<tick>[^`\n]{3,120})`"
           r"|(?P<url2>https?://(?:www\.)?huggingface\.co/[^\s)\]>]+)"
           r"|(?P<bare>[A-Za-z0-9][\w.\-]*/[A-Za-z0-9][\w.\-]*[A-Za-z0-9]))")
_BASE = LazyPattern(rf"\b(?:{_CUE}){_TARGET}", re.IGNORECASE)


def bases_in_prose(body: str) -> list[tuple[str, int]]:
    """(repo id, 1-based line of the body) of each base model the text names, in order, once each."""
    text = body[:limits.MAX_PROSE_CHARS]
    found: dict[str, int] = {}
    for m in _BASE.finditer(text):
        value = m.group("url") or m.group("url2") or m.group("tick") or m.group("bare") or ""
        repo = repo_id_of(value.rstrip(".,;:"), "model")
        if repo is None or "/" not in repo or repo.lower() in {r.lower() for r in found}:
            continue
        found[repo] = text.count("\n", 0, m.start()) + 1
    return list(found.items())
