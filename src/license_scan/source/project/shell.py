"""Shell scripts, Dockerfiles and `.env` files: where a training or serving command names its model.

Why: a training repo's `train.sh` runs `python train.py --model_name_or_path meta-llama/Llama-2-7b-hf`;
a Dockerfile sets `ENV MODEL_ID=...` or runs `huggingface-cli download org/name`. Read, line by line
(a `\\`-continued command is one line): an option named like an id (the options `configkeys` and the
Python reader know: `--model_name_or_path`, `--dataset_name`, `--model`, ...), `huggingface-cli download`
/ `hf download`, and a variable named like an id (`MODEL_ID=`, `export BASE_MODEL=`, `ENV MODEL_NAME`,
`ARG MODEL`). A value must be an `org/name` id (or a Hub URL) that is not a path next to the file: a
variable (`$MODEL`) is not guessed. Every hit is a default the caller may replace (`resolved` False)
when it is a variable or an `ARG`; an option on a command line is what that command loads.
"""

from __future__ import annotations

import re
from typing import Callable

from license_scan import limits
from license_scan.source.project.pycalls import OPTION_NAMES
from license_scan.source.project.pyrefs import Extracted
from license_scan.source.project.refs import (
    DEFAULT_CODE,
    TOO_LARGE_CODE,
    Hit,
    RefKind,
    RefLocation,
    finding,
    hub_id,
)

SHELL_SUFFIXES = (".sh", ".bash", ".zsh", ".env")
SHELL_NAMES = ("Dockerfile", ".env", "Containerfile")

_OPTION = re.compile(r"(?<![\w-])--(?P<key>[A-Za-z][\w-]*)(?:=|[ \t]+)(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s;|&]+)")
_DOWNLOAD = re.compile(r"\b(?:huggingface-cli|hf)[ \t]+download[ \t]+(?P<value>[^\s;|&-][^\s;|&]*)(?P<rest>[^\n;|&]*)")
_ASSIGN = re.compile(r"^[ \t]*(?:export[ \t]+|ENV[ \t]+|ARG[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?:=|[ \t]+(?=[\"']?\w))"
                     r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s;#]+)", re.MULTILINE)
# variable names that hold a model or dataset id (upper-case in shell and Docker): (kind, what it is)
_VARIABLES: dict[str, RefKind] = {
    "MODEL": "model", "MODEL_ID": "model", "MODEL_NAME": "model", "MODEL_NAME_OR_PATH": "model",
    "MODEL_PATH": "model", "BASE_MODEL": "model", "HF_MODEL": "model", "HF_MODEL_ID": "model",
    "PRETRAINED_MODEL": "model", "TOKENIZER": "model", "TOKENIZER_NAME": "model", "REPO_ID": "model",
    "DATASET": "dataset", "DATASET_NAME": "dataset", "DATASET_ID": "dataset", "HF_DATASET": "dataset",
}


def is_shell_file(name: str) -> bool:
    return name.endswith(SHELL_SUFFIXES) or name in SHELL_NAMES or name.startswith("Dockerfile.") \
        or name.endswith(".dockerfile")


def shell_refs(text: str, file: str, is_local: Callable[[str], bool]) -> Extracted:
    hits: list[Hit] = []
    findings = []
    if len(text) > limits.MAX_PROJECT_FILE_BYTES:
        findings.append(finding("warning", TOO_LARGE_CODE, f"{file}: only the first {limits.MAX_PROJECT_FILE_BYTES} "
                                "characters were read", file))
        text = text[:limits.MAX_PROJECT_FILE_BYTES]

    def add(raw: str, kind: RefKind, how: str, at: int, resolved: bool) -> None:
        value = raw.strip("\"'")
        found = hub_id(value, legacy=False)
        if found is None or "$" in value or is_local(value):
            return
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        hits.append(Hit(found[0], found[1] or kind, RefLocation(file, line, column, how, resolved)))
        if not resolved:
            findings.append(finding("info", DEFAULT_CODE, f"{file}:{line}: {found[0]} is the value of {how}; "
                                    "the run may load another repo", file, line))

    for m in _OPTION.finditer(text):
        option = m.group("key").replace("-", "_")
        if option in OPTION_NAMES and not _commented(text, m.start()):
            add(m.group("value"), OPTION_NAMES[option][0], f"option --{m.group('key')}", m.start("value"), True)
    for m in _DOWNLOAD.finditer(text):
        if not _commented(text, m.start()):
            kind: RefKind = "dataset" if re.search(r"--repo-type[= ]+dataset", m.group("rest")) else "model"
            add(m.group("value"), kind, "huggingface-cli download", m.start("value"), True)
    for m in _ASSIGN.finditer(text):
        key = m.group("key").upper()
        if key in _VARIABLES and not _commented(text, m.start("key")):
            add(m.group("value"), _VARIABLES[key], f"variable {m.group('key')}", m.start("value"), False)
    return Extracted(tuple(hits), tuple(findings))


def _commented(text: str, at: int) -> bool:
    """Whether offset `at` is after a `#` that starts a comment on its line."""
    start = text.rfind("\n", 0, at) + 1
    before = text[start:at]
    return bool(re.search(r"(?:^|\s)#", before))
