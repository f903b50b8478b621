"""`--format spdx3-json`: the report as an SPDX 3.0.1 JSON-LD document (AI and Dataset profiles).

Built with the official generated bindings (spdx-python-model, pinned: pre-1.0), imported only when this
format is asked for. The document layout is described in report/spdx3_build.py.
"""

from __future__ import annotations

import io

from license_scan.model import Report


def render_spdx3(report: Report) -> str:
    from spdx_python_model.bindings import v3_0_1 as spdx

    from license_scan.report.spdx3_build import build_document

    objects = build_document(report)
    buf = io.BytesIO()
    spdx.JSONLDSerializer().write(objects, buf, indent=2, ensure_ascii=False)
    return buf.getvalue().decode("utf-8") + "\n"
