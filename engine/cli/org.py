"""The `audit` command: request logs checked against the workflow's policy, findings written."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from safeguards.engine import api
from safeguards.engine.audit.database import Selection
from safeguards.engine.audit.logs import (
    audit_logs,
    log_files,
    logs_subject,
    reserve_logs,
)
from safeguards.engine.audit.places import PlaceLog, located
from safeguards.engine.audit.readback import needing_action
from safeguards.engine.catalog import load_catalog
from safeguards.engine.cli.common import (
    DATE,
    FailOn,
    catalog_option,
    fail_on_option,
    handle_errors,
    ignore_waivers_option,
    jobs_option,
    log_options,
    log_stdin_filename_option,
    logs_stdin_named,
    note,
    progress_for,
    waivers_option,
    worker_count,
    wrote,
)
from safeguards.engine.errors import UsageError
from safeguards.engine.io.output import (
    AtomicFile,
    check_outputs,
    commit_together,
    standard_stream,
    write_atomic,
    written_through,
)
from safeguards.engine.models import Finding, Status
from safeguards.engine.models.audit import AuditSummary, Place
from safeguards.engine.subjects.load import load_subject
from safeguards.engine.text.wrap import terminal_width
from safeguards.reports.audit_ci import SARIF_MAX_RESULTS, AuditCi, AuditSarif, Write, copy_out
from safeguards.reports.audit_forges import AUDIT_FORMATS
from safeguards.reports.transparency_audit import AuditText


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--workflow", type=click.Path(path_type=Path), help="The workflow (policy).")
@click.option("--as-of", type=DATE, help="Audit date (default: today).")
@click.option("--format", "fmt", type=click.Choice(sorted(AUDIT_FORMATS)), default="text")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Summary file.")
@click.option(
    "--findings",
    type=click.Path(path_type=Path),
    help="JSONL file: one line per request and applicable check ('-': standard output, and"
    " the text summary goes to standard error).",
)
@click.option("--strict", is_flag=True, help="Stop at the first unreadable record (exit 2).")
@click.option(
    "--evidence",
    is_flag=True,
    help="Write the decisive facts of met findings to --findings too (slower).",
)
@click.option(
    "--reference",
    is_flag=True,
    help="Audit with the interpreted reference evaluator instead of the compiled path, in one"
    " process: much slower, the same findings and summary byte for byte. For checking the"
    " fast path on your own logs.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=0),
    default=SARIF_MAX_RESULTS,
    show_default=True,
    help="SARIF: write at most N results, the most severe kept (GitHub code scanning refuses"
    " a run of more than 25,000); 0: all. The findings file holds every finding.",
)
@fail_on_option
@log_options
@waivers_option
@ignore_waivers_option
@jobs_option
@log_stdin_filename_option
@catalog_option
@handle_errors
def audit(
    logs: tuple[str, ...],
    workflow: Path | None,
    as_of: dt.date | None,
    fmt: str,
    output: Path | None,
    findings: Path | None,
    strict: bool,
    evidence: bool,
    reference: bool,
    max_results: int,
    fail_on: str,
    input_format: str | None,
    table: str | None,
    query: str | None,
    waiver_files: tuple[Path, ...],
    ignore_waivers: bool,
    jobs: int,
    stdin_filename: Path | None,
    catalog_dir: Path | None,
) -> None:
    """Audit request logs (JSONL, CSV or SQLite; '-' for stdin) against the request checks.

    A folder stands for the logs in it (.jsonl, .ndjson, .csv, .tsv, .db, .sqlite, .sqlite3,
    .db3), read in name order.
    """
    given = click.get_current_context().get_parameter_source("max_results")
    if fmt != "sarif" and given is click.core.ParameterSource.COMMANDLINE:
        raise UsageError(  # a configuration file may set it for the SARIF runs alone
            f"--max-results limits the results of --format sarif; --format {fmt} has no limit"
        )
    selection = Selection(table, query)
    catalog = load_catalog(catalog_dir)
    on = as_of or api.today()
    named = logs_subject(logs)  # a folder names the audit (when no workflow does)
    logs = tuple(log_files(logs))  # a folder: the logs in it, listed once
    # '-' read as the file --stdin-filename names
    logs, workflow, waiver_files = logs_stdin_named(stdin_filename, logs, workflow, waiver_files)
    reserve_logs(logs)  # read later: no output may name one, and '-' is theirs
    wf = load_subject(workflow, catalog) if workflow is not None else None
    waivers = api.load_all_waivers(waiver_files, catalog)
    check_outputs([output or "-", findings])  # no summary file: standard output
    # the findings take standard output ('-', /dev/stdout): the summary goes aside
    piped = findings is not None and standard_stream(findings) == 1
    if piped and output is None and fmt != "text":
        raise UsageError(
            f"--findings {findings} takes standard output:"
            f" give the {fmt} summary a file of its own (-o)"
        )
    findings_file = findings
    # the CI formats read the findings back, which a device, a FIFO or standard output cannot
    # give: such findings are written to a temporary file first, then passed on whole
    passed_on = findings is not None and (piped or written_through(findings))
    temporary = fmt in CI_FORMATS and (findings is None or passed_on)
    if temporary:
        handle, name = tempfile.mkstemp(prefix="safeguards-audit-", suffix=".jsonl")
        os.close(handle)
        findings_file = Path(name)
    places = PlaceLog() if fmt in CI_FORMATS else None  # where the CI formats' requests stand
    # A findings file, the summary's file and a CI format's file are committed together,
    # after everything is written: a full disk leaves none of them (commit_together). Findings
    # written through (standard output, a device, a FIFO) are opened by the audit, as they come.
    holding = findings_file is not None and not temporary and not passed_on
    held = AtomicFile(findings_file) if holding and findings_file is not None else None
    outputs = [held] if held is not None else []
    try:
        summary = audit_logs(
            catalog,
            logs,
            subject=named,
            workflow=wf,
            as_of=on,
            waivers=waivers,
            findings_path=held or findings_file,
            strict=strict,
            input_format=input_format,
            progress=progress_for(logs),
            jobs=worker_count(jobs),
            met_evidence=evidence,
            selection=selection,
            places=places,
            reference=reference,
            ignore_waivers=ignore_waivers,
        )
        if sys.stderr.isatty():
            note("")
        text = ""
        if fmt in CI_FORMATS:
            report = AtomicFile(output or "-")
            outputs.append(report)
            kept = held.written() if held is not None else findings_file
            _write_ci(report, fmt, summary, kept, places, max_results)
        elif fmt == "text" and output is None and not piped:  # a terminal's width
            text = AuditText(width=terminal_width(sys.stdout)).render(summary)
        else:
            text = AUDIT_FORMATS[fmt]().render(summary)
        if passed_on and temporary and findings_file is not None:
            out = AtomicFile(findings if findings is not None and not piped else "-")
            outputs.append(out)
            with findings_file.open("rb") as kept_file:  # by blocks: the file may be large
                copy_out(kept_file, out.write)
        if _has_own_file(fmt, output) and output is not None:
            outputs.append(AtomicFile(output))
            outputs[-1].write(text.encode("utf-8"))
        commit_together(outputs, then=lambda: _show(text, fmt, output, piped))
    except BaseException:
        for opened in outputs:
            opened.discard()
        raise
    finally:
        if temporary and findings_file is not None:
            findings_file.unlink(missing_ok=True)
    if output is not None:
        wrote(output)
    if findings is not None and not piped:
        wrote(findings)
    sys.exit(1 if audit_fails(summary, fail_on) else 0)


def _has_own_file(fmt: str, output: Path | None) -> bool:
    """Whether a text, JSON or Markdown summary goes to a file, committed with the findings."""
    return fmt not in CI_FORMATS and output is not None and not written_through(output)


def _show(text: str, fmt: str, output: Path | None, piped: bool) -> None:
    """Show a summary that has no file of its own, once every file is written in full.

    On standard output or the device named; on standard error when the findings take
    standard output. (A CI report is written as its findings are read back.)
    """
    if fmt in CI_FORMATS or _has_own_file(fmt, output):
        return
    if piped and output is None:  # standard output holds the findings: the summary goes aside
        click.echo(text, err=True, nl=False)
    else:
        write_atomic(output or "-", text.encode("utf-8"))


CI_FORMATS = ("sarif", "junit", "github", "gitlab")
"""Audit formats that list each request × failing check (read back from the findings file)."""


def audit_fails(summary: AuditSummary, fail_on: str) -> bool:
    """Return whether an audit fails a pipeline: unreadable records, or a --fail-on hit."""
    rule = FailOn.parse(fail_on)
    if rule.never:
        return False
    if summary.unreadable:  # the audit is incomplete
        return True
    for t in summary.safeguards:
        if any(n and rule.hits(Status(st), t.severity) for st, n in t.counts.items()):
            return True
    return any(rule.hits(f.status, f.severity) for f in summary.log_findings)


def _write_ci(
    report: AtomicFile,
    fmt: str,
    summary: AuditSummary,
    findings: Path | None,
    places: PlaceLog | None,
    max_results: int,
) -> None:
    """Write a CI format: each finding needing action read back, at its request's line."""
    found = located(needing_action(findings) if findings is not None else (), places)

    def out(data: bytes) -> None:
        report.write(data)

    try:
        left_out = _render_ci(fmt, summary, found, max_results, out)
    except OSError as exc:
        if exc.filename is not None:  # the output or the findings file: named already
            raise
        # the renderer's temporary files (the output's own errors come named)
        folder = tempfile.gettempdir()
        raise OSError(exc.errno, f"{exc.strerror} {REPORT_HINT}", folder) from None
    if left_out:  # said even when quiet: the report holds less than found
        click.echo(
            f"{left_out} SARIF results left out, the least severe"
            f" (--max-results {max_results}): the findings file holds every finding",
            err=True,
        )


REPORT_HINT = "(the report's temporary files wait there: TMPDIR names another folder)"
"""Said after the system's refusal of a CI format's temporary file: where, and what helps."""


def _render_ci(
    fmt: str,
    summary: AuditSummary,
    found: Iterable[tuple[Finding, Place | None]],
    max_results: int,
    out: Write,
) -> int:
    """Write a CI format to ``out``; return how many SARIF results were left out."""
    if fmt == "sarif":
        sarif = AuditSarif(found, max_results=max_results or None)
        sarif.write(summary, out)
        return sarif.left_out
    kind = AUDIT_FORMATS[fmt]
    assert issubclass(kind, AuditCi)  # fmt is one of CI_FORMATS
    kind(found).write(summary, out)
    return 0


COMMANDS: list[click.Command] = [audit]
"""The commands this module adds to `safeguards`."""
