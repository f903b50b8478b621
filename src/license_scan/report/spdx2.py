"""`--format spdx-json` and `--format spdx-tv`: the report as an SPDX 2.3 document (spdx2_doc.py),
written by spdx-tools, which validates it first and refuses to write an invalid one.

spdx-tools is imported when a document is written, not when the CLI starts (it costs ~0.3 s)."""

from __future__ import annotations

import io

from license_scan.model import Report


def render_spdx_json(report: Report) -> str:
    from spdx_tools.spdx.writer.json.json_writer import write_document_to_stream

    from license_scan.report.spdx2_doc import build_document

    out = io.StringIO()
    write_document_to_stream(build_document(report), out, validate=True)
    return out.getvalue() + "\n"


def render_spdx_tv(report: Report) -> str:
    from spdx_tools.spdx.writer.tagvalue.tagvalue_writer import write_document_to_stream

    from license_scan.report.spdx2_doc import build_document

    out = io.StringIO()
    write_document_to_stream(build_document(report), out, validate=True)
    return out.getvalue()
