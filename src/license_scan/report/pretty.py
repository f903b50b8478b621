"""`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, faster.

With an indent, the standard library formats in pure Python; here the structure is walked once and every
string is encoded by json's C encoder. Only what JSON reports hold: dicts (string keys), lists, tuples,
strings, ints, floats, booleans, None.
"""

from __future__ import annotations

import json
from typing import Any

_INF = float("inf")
_STR = json.encoder.encode_basestring  # the C encoder when available, as json.dumps uses


def dumps_pretty(value: Any) -> str:
    """What `json.dumps(value, indent=2, ensure_ascii=False)` returns."""
    out: list[str] = []
    _write(value, out, "\n")
    return "".join(out)


def _write(value: Any, out: list[str], newline: str) -> None:
    if isinstance(value, str):
        out.append(_STR(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(float.__repr__(value) if value == value and value not in (_INF, -_INF)
                   else "NaN" if value != value else "Infinity" if value > 0 else "-Infinity")
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        if not all(isinstance(key, str) for key in value):
            return _fallback(value, out, newline)
        inner = newline + "  "
        sep = "{" + inner
        for key, item in value.items():
            if item.__class__ is str:  # most values: written here, without a call
                out.append(f"{sep}{_STR(key)}: {_STR(item)}")
            elif item is None:
                out.append(f"{sep}{_STR(key)}: null")
            else:
                out.append(f"{sep}{_STR(key)}: ")
                _write(item, out, inner)
            sep = "," + inner
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _write(item, out, inner)
            sep = "," + inner
        out.append(newline + "]")
    else:
        _fallback(value, out, newline)


def _fallback(value: Any, out: list[str], newline: str) -> None:
    """Anything else (non-string keys, other types): the standard library, re-indented to this depth."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    out.append(text.replace("\n", newline))
