"""What `license-scan audit` does around the run: check its arguments and outputs before anything is read,
stream each repo's line as it is ready, write the summary, and choose the exit code."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, Any

import click

from license_scan.audit.estate import reported
from license_scan.audit.run import AuditOptions, run_audit
from license_scan.cli.scan import check_output, write_report
from license_scan.errors import OutputError, UsageError
from license_scan.fileio import atomic_write
from license_scan.policy.exit import EXIT_INCOMPLETE, EXIT_OK
from license_scan.report.audit_formats import SUFFIXES, summary_renderer
from license_scan.report.audit_lines import dump_line, read_lines
from license_scan.report.audit_summary import AuditSummary, add_line, compare
from license_scan.ruleset import load_ruleset
from license_scan.source.estate import read_id_file

PARTIAL_SUFFIX = ".partial"  # -o FILE is written as FILE.partial until the audit ends
SLIM_KEYS = ("kind", "repo", "commit", "components", "findings")  # what --since compares


@dataclass
class AuditCommand:
    options: AuditOptions
    fmt: str
    output: str | None
    summary_path: str | None
    resume: bool
    since_path: str | None

    @classmethod
    def prepare(cls, *, author: str | None, from_file: str | None, search: str | None, everything: bool,
                kinds: tuple[str, ...], depth: int, tier2: str, workers: int, scheduler: str | None, jobs: int,
                budget: int | None, rate: float | None, fmt: str, output: str | None, summary_path: str | None,
                resume: bool, since_path: str | None) -> "AuditCommand":
        sources = [name for name, given in (("--author", author), ("--from", from_file), ("--search", search),
                                            ("--all", everything)) if given]
        if len(sources) != 1:
            raise UsageError("name one source of repos: --author ORG, --from FILE, --search QUERY or --all"
                             + (f" (given: {', '.join(sources)})" if sources else ""))
        if resume and (fmt != "jsonl" or not output):
            raise UsageError("--resume continues a JSON Lines file: give --format jsonl -o FILE")
        if fmt == "parquet" and not output:
            raise UsageError("--format parquet needs -o FILE")
        if workers > 1 and scheduler:
            raise UsageError("--workers and --scheduler exclude each other: the cluster has its own workers")
        check_output(output)
        check_output(summary_path)
        ids = tuple(read_id_file(Path(from_file))) if from_file else ()
        options = AuditOptions(author=author, search=search, everything=everything, ids=ids,  # type: ignore[arg-type]
                               kinds=tuple(kinds) or ("model", "dataset"), depth=depth, tier2=tier2,  # type: ignore[arg-type]
                               workers=workers, scheduler=scheduler, jobs=jobs, budget=budget, rate=rate)
        return cls(options, fmt, output, summary_path, resume, since_path)

    def run(self, *, quiet: bool) -> int:
        from license_scan.cli.progress import audit_progress

        ruleset = load_ruleset()
        before = list(read_lines(Path(self.since_path).read_text(encoding="utf-8"))) if self.since_path else None
        kept = self._resumed()
        summary = AuditSummary()
        slim: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for line in kept:
            add_line(summary, line)
            slim.append({k: line.get(k) for k in SLIM_KEYS})
        stream = self._open_lines()
        incomplete = False

        def emit(text: str) -> None:
            nonlocal incomplete
            line = json.loads(text)
            incomplete = incomplete or not line["complete"]
            if stream is not None:
                stream.write(text)
                stream.flush()
            if self.fmt == "parquet":
                rows.append(line)
            add_line(summary, line)
            slim.append({k: line.get(k) for k in SLIM_KEYS})

        done = frozenset(reported(str(l["kind"]), str(l["repo"]), l.get("commit")) for l in kept)
        progress = audit_progress(quiet)
        try:
            stats = run_audit(replace(self.options, done=done), emit, ruleset=ruleset, progress=progress)
        finally:
            if stream is not None and stream is not sys.stdout:
                stream.close()
        if kept and len({(l["kind"], str(l["repo"]).lower()) for l in slim}) < len(slim):
            summary, slim = self._drop_stale()  # a repo whose commit moved since the interrupted run: newest line
        if stream is not None and stream is not sys.stdout:
            self._finish_lines()
        summary.run = asdict(stats)
        if before is not None:
            summary.changes = compare(before, slim, str(self.since_path))
        if progress is not None:
            progress.finish(f"license-scan audit: {summary.repos} repos, {stats.tier2_read} read at tier 2, "
                            f"{stats.requests} Hub requests")
        if self.fmt == "parquet":
            from license_scan.report.audit_parquet import write_parquet

            write_parquet(rows, Path(str(self.output)))
        elif self.fmt != "jsonl":
            write_report(summary_renderer(self.fmt)(summary), self.output)
        if self.summary_path:
            name = SUFFIXES.get(Path(self.summary_path).suffix.lower(), "text")
            write_report(summary_renderer(name)(summary), self.summary_path)
        for error in stats.errors:
            click.echo(f"license-scan: {error}", err=True)
        return EXIT_INCOMPLETE if incomplete or stats.errors or summary.incomplete else EXIT_OK

    @property
    def partial(self) -> Path:
        """Where the lines are written while the audit runs: -o keeps an earlier audit whole until this one ends
        (then the partial file replaces it); a killed audit leaves it for --resume."""
        return Path(f"{self.output}{PARTIAL_SUFFIX}")

    def _resumed(self) -> list[dict[str, Any]]:
        """--resume: the complete lines of the interrupted run (its partial file, else -o), a line cut by a kill
        dropped, written back to the partial file to be continued."""
        if not self.resume or not self.output:
            return []
        source = self.partial if self.partial.exists() else Path(self.output)
        if not source.exists():
            return []
        lines = [l for l in read_lines(source.read_text(encoding="utf-8", errors="replace")) if not l.get("error")]
        self._write_lines(lines)
        return lines

    def _drop_stale(self) -> tuple[AuditSummary, list[dict[str, Any]]]:
        """-o without the earlier line of every repo reported again (at a new commit), and its summary anew."""
        newest: dict[tuple[str, str], dict[str, Any]] = {}
        for line in read_lines(self.partial.read_text(encoding="utf-8", errors="replace")):
            key = (str(line.get("kind")), str(line.get("repo")).lower())
            newest.pop(key, None)
            newest[key] = line
        self._write_lines(list(newest.values()))
        summary = AuditSummary()
        for line in newest.values():
            add_line(summary, line)
        return summary, [{k: l.get(k) for k in SLIM_KEYS} for l in newest.values()]

    def _write_lines(self, lines: list[dict[str, Any]]) -> None:
        """The partial file rewritten with `lines` (atomically: a kill leaves the old one or the new one)."""
        try:
            atomic_write(self.partial, "".join(dump_line(l) for l in lines))
        except OSError as exc:
            raise OutputError(f"cannot write {self.output}: {exc.strerror or exc}") from None

    def _finish_lines(self) -> None:
        try:
            os.replace(self.partial, str(self.output))
        except OSError as exc:
            raise OutputError(f"cannot write {self.output}: {exc.strerror or exc}") from None

    def _open_lines(self) -> IO[str] | None:
        if self.fmt != "jsonl":
            return None
        if not self.output:
            return sys.stdout
        try:
            return open(self.partial, "a" if self.resume else "w", encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            raise OutputError(f"cannot write {self.output}: {exc.strerror or exc}") from None
