"""Issue 8 item 8: code is judged by the code. SPDX headers of any value (an OR stays one statement),
notices that reserve all rights, headers in every language and folder; the files examined and the
ones skipped past the cap are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from license_scan import limits
from license_scan.detect.headers import header_evidence
from license_scan.ruleset import load_ruleset
from license_scan.scan import ScanOptions, run_scan
from license_scan.source.local import read_local
from license_scan.target import parse_target
from snapshots import repo_file, snapshot

MIT_CARD = "---\nlicense: mit\n---\n# A model\n"
ARR = "all-rights-reserved"

# (file name, text, [(rule, expression)] of the evidence, finding codes)
HEADERS = [
    ("a.py", "# SPDX-License-Identifier: MIT\n", [("MIT", None)], []),
    ("a.c", "/* SPDX-License-Identifier: BSD-3-Clause */\nint x;\n", [("BSD-3-Clause", None)], []),
    ("a.rs", "// SPDX-License-Identifier: MIT OR Apache-2.0\n", [("MIT", "MIT OR Apache-2.0")], []),
    ("a.js", "// SPDX-License-Identifier: (Apache-2.0 OR MIT)\n", [("Apache-2.0", "Apache-2.0 OR MIT")], []),
    ("a.cpp", "// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception\n",
     [("Apache-2.0", "Apache-2.0 WITH LLVM-exception")], []),
    ("a.h", "// SPDX-License-Identifier: MIT AND BSD-3-Clause\n", [("MIT", "MIT AND BSD-3-Clause")], []),
    ("a.go", "// SPDX-License-Identifier: MIT AND (Apache-2.0 OR BSD-2-Clause)\n",
     [("MIT", "MIT AND (Apache-2.0 OR BSD-2-Clause)")], []),
    ("a.ts", "// SPDX-License-Identifier: llama2 OR MIT\n", [("llama2", "LicenseRef-llama2 OR MIT")], []),
    ("a.sh", "#!/bin/sh\n# SPDX-License-Identifier: LicenseRef-Acme-Internal\n", [(None, None)],
     ["license-unrecognised"]),
    ("a.java", "// SPDX-License-Identifier: LicenseRef-Acme OR MIT\n", [("MIT", "LicenseRef-Acme OR MIT")],
     ["license-unrecognised"]),
    ("a.cu", "// SPDX-License-Identifier: other\n", [(None, None)], ["license-unrecognised"]),
    ("b.py", "# SPDX-License-Identifier: Proprietary\n", [(ARR, None)], []),
    ("c.py", "# SPDX-License-Identifier: LicenseRef-Proprietary\n", [(ARR, None)], []),
    ("d.py", "# SPDX-License-Identifier: LicenseRef-AllRightsReserved\n", [(ARR, None)], []),
    ("e.py", "# Copyright 2024 Acme Corp. All rights reserved.\nimport os\n", [(ARR, None)], []),
    ("e.ts", "/*\n * Copyright Acme\n * Proprietary and confidential.\n */\n", [(ARR, None)], []),
    ("e.go", "// CONFIDENTIAL\npackage main\n", [(ARR, None)], []),
    ("e.cu", '"""\nStrictly confidential\n"""\n', [(ARR, None)], []),
    # a notice above a grant, or a pointer to the license file, is no reservation
    ("f.py", "# Copyright (c) Meta Platforms, Inc. and affiliates. All rights reserved.\n#\n"
             "# This source code is licensed under the license found in the\n# LICENSE file in the root directory.\n",
     [(None, None)], []),
    ("g.c", "/* Copyright (c) 2020, Acme. All rights reserved.\n * Redistribution and use in source and binary forms,"
            " with or without modification, are permitted */\n", [(None, None)], []),
    ("h.py", "# Copyright 2024 Google LLC. All rights reserved.\n# Licensed under the Apache License, Version 2.0\n",
     [("Apache-2.0", None)], []),
    ("i.py", "import os\nprint('proprietary format')\n", [(None, None)], []),
    ("j.py", "\n" * limits.CODE_HEADER_LINES + "# SPDX-License-Identifier: MIT\n", [(None, None)], []),
]


@pytest.mark.parametrize("path, text, expected, codes", HEADERS, ids=[h[0] for h in HEADERS])
def test_header_cases(path, text, expected, codes):
    found = header_evidence(repo_file(path, text), load_ruleset(), repo="org/m")
    evidence = found.of("code")
    assert [(e.rule, e.expression) for e in evidence] == expected
    assert [f.code for f in found.findings] == codes
    assert all(e.path == path and e.source == "file" for e in evidence)
    if expected == [(None, None)] and not codes:
        assert evidence[0].no_terms and evidence[0].value == "no license statement in the header"


def test_an_unreadable_source_file_is_unknown_terms_not_no_terms():
    (ev,) = header_evidence(repo_file("m.py", None, "network"), load_ruleset(), repo="org/m").of("code")
    assert ev.rule is None and not ev.no_terms and ev.value == "unreadable: network"
    snap = snapshot(MIT_CARD, extra={"m.py": None}, unreadable={"m.py": "network"})  # type: ignore[dict-item]
    assert [f.code for f in snap.findings] == ["files-unreadable"] and "m.py (network)" in snap.findings[0].message


def folder(root: Path, files: dict[str, str]) -> str:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return str(root)


LANGS = {
    "web/app.js": "// SPDX-License-Identifier: MIT\n", "web/types.ts": "// SPDX-License-Identifier: MIT\n",
    "csrc/op.c": "/* SPDX-License-Identifier: MIT */\n", "csrc/op.cpp": "// SPDX-License-Identifier: MIT\n",
    "csrc/op.h": "// SPDX-License-Identifier: MIT\n", "kernels/attn.cu": "// SPDX-License-Identifier: BSD-3-Clause\n",
    "rust/src/lib.rs": "// SPDX-License-Identifier: MIT\n", "go/main.go": "// SPDX-License-Identifier: MIT\n",
    "scripts/run.sh": "# SPDX-License-Identifier: MIT\n", "java/Main.java": "// SPDX-License-Identifier: MIT\n",
    "pkg/sub/util.py": "# SPDX-License-Identifier: MIT\n",
}


def test_headers_below_the_top_level_and_in_other_languages_are_read(tmp_path):
    root = folder(tmp_path / "m", {"README.md": MIT_CARD, **LANGS})
    snap = read_local(parse_target(root))
    assert sorted(f.path for f in snap.code_files) == sorted(LANGS)
    (result,) = run_scan([root], ScanOptions()).results
    code = result.components.code
    assert code is not None and code.expression == "MIT AND BSD-3-Clause"
    assert "code-files-capped" not in [f.code for f in result.findings]


def test_order_auto_map_first_then_top_level_then_python(tmp_path):
    root = folder(tmp_path / "m", {
        "README.md": MIT_CARD, "config.json": '{"auto_map": {"AutoModel": "zz.M"}}', "zz.py": "", "b.js": "",
        "a.py": "", "deep/x.py": "", "deep/a.cu": "", "nb.ipynb": "{}",
    })
    snap = read_local(parse_target(root))
    assert [f.path for f in snap.code_files] == ["zz.py", "a.py", "b.js", "deep/x.py", "deep/a.cu"]


def test_the_cap_names_the_files_examined_and_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CODE_FILES_READ", 2)
    root = folder(tmp_path / "m", {"README.md": MIT_CARD, "a.py": "# SPDX-License-Identifier: MIT\n", "b.py": "",
                                   "sub/c.rs": "// All rights reserved.\n"})
    (result,) = run_scan([root], ScanOptions()).results
    (capped,) = [f for f in result.findings if f.code == "code-files-capped"]
    assert capped.severity == "info" and "from 2 of 3 source files (a.py, b.py), not from sub/c.rs" in capped.message
    snap = read_local(parse_target(root))
    assert snap.code_files_skipped == ("sub/c.rs",)
    code = result.components.code
    assert code is not None and [e.path for e in code.evidence] == ["a.py", "b.py"]  # every examined file is listed


def test_a_reserved_header_makes_the_code_restricted(tmp_path):
    root = folder(tmp_path / "m", {"README.md": MIT_CARD, "LICENSE": "MIT\n",
                                   "modeling.py": "# SPDX-License-Identifier: MIT\n",
                                   "ops/fused.cu": "// Copyright Acme. All rights reserved.\n"})
    (result,) = run_scan([root], ScanOptions()).results
    code = result.components.code
    assert code is not None and code.category == "custom-restricted"
    assert code.expression == "MIT AND LicenseRef-all-rights-reserved"
    assert "license-conflict" not in [f.code for f in result.findings]  # each file has its own terms


def test_hub_fixture_proprietary_kernel(hub_env):
    (result,) = run_scan(["acme/proprietary-code"], ScanOptions(depth=0)).results
    code = result.components.code
    assert code is not None
    assert [(e.path, e.rule) for e in code.evidence] == [
        ("modeling_acme.py", "MIT"), ("kernels/attn.cu", ARR), ("scripts/run.sh", "MIT")]
