"""Commands for organizations: `audit` a request log, compute a `transparency` report."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from engine import api
from engine.auditlog import audit_logs, failing
from engine.catalog import load_catalog
from engine.cliutil import DATE, catalog_option, fail_on_option, handle_errors, waivers_option
from engine.output import write_atomic
from engine.subject import load_subject
from engine.transparency import Period, compute_tables
from reports.transparency import TRANSPARENCY_FORMATS
from reports.transparency_audit import AUDIT_FORMATS


def _progress() -> Callable[[int], None] | None:
    """Return a record counter on stderr when it is a terminal, else nothing."""
    if not sys.stderr.isatty():
        return None
    seen = [0]

    def tick(n: int) -> None:
        seen[0] += n
        click.echo(f"\r{seen[0]:,} records", nl=False, err=True)

    return tick


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("logs", nargs=-1, required=True)
@click.option("--workflow", type=click.Path(path_type=Path), help="The workflow (policy).")
@click.option("--as-of", type=DATE, help="Audit date (default: today).")
@click.option("--format", "fmt", type=click.Choice(sorted(AUDIT_FORMATS)), default="text")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Summary file.")
@click.option(
    "--findings",
    type=click.Path(path_type=Path),
    help="JSONL file: one line per request and applicable check.",
)
@click.option("--strict", is_flag=True, help="Stop at the first unreadable record (exit 2).")
@click.option(
    "--evidence",
    is_flag=True,
    help="Write the decisive facts of met findings to --findings too (slower).",
)
@fail_on_option
@click.option("--input-format", type=click.Choice(["jsonl", "csv"]), help="Log format.")
@waivers_option
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes for JSONL logs (0: one per core).",
)
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
    fail_on: str,
    input_format: str | None,
    waiver_files: tuple[Path, ...],
    jobs: int,
    catalog_dir: Path | None,
) -> None:
    """Audit request logs (JSONL or CSV, '-' for stdin) against the request checks."""
    catalog = load_catalog(catalog_dir)
    on = as_of or api.today()
    wf = load_subject(workflow, catalog) if workflow is not None else None
    waivers = api.load_all_waivers(waiver_files, catalog)
    summary = audit_logs(
        catalog,
        logs,
        workflow=wf,
        as_of=on,
        waivers=waivers,
        findings_path=findings,
        strict=strict,
        input_format=input_format,
        progress=_progress(),
        jobs=jobs or os.cpu_count() or 1,
        met_evidence=evidence,
    )
    if sys.stderr.isatty():
        click.echo("", err=True)
    _emit(AUDIT_FORMATS[fmt]().render(summary), output)
    if findings is not None:
        click.echo(f"wrote {findings}", err=True)
    sys.exit(1 if failing(summary, fail_on) else 0)


@click.command()
@click.argument("logs", nargs=-1, required=True)
@click.option("--period", required=True, help="2026-H1, 2026-Q3, 2026-05 or 2026.")
@click.option("--min-cell", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(TRANSPARENCY_FORMATS)), default="markdown"
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file.")
@click.option("--as-of", type=DATE, help="Date of the report (default: today).")
@click.option("--workflow", type=click.Path(path_type=Path), help="The workflow (policy).")
@click.option("--input-format", type=click.Choice(["jsonl", "csv"]), help="Log format.")
@catalog_option
@handle_errors
def transparency(
    logs: tuple[str, ...],
    period: str,
    min_cell: int,
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    workflow: Path | None,
    input_format: str | None,
    catalog_dir: Path | None,
) -> None:
    """Compute the transparency tables (T1-T13) of a period from request logs."""
    catalog = load_catalog(catalog_dir)
    wf = load_subject(workflow, catalog) if workflow is not None else None
    tables = compute_tables(
        catalog,
        logs,
        period=Period.parse(period),
        min_cell=min_cell,
        as_of=as_of or api.today(),
        workflow=wf,
        input_format=input_format,
    )
    _emit(TRANSPARENCY_FORMATS[fmt]().render(tables), output)


COMMANDS: list[click.Command] = [audit, transparency]
"""The commands this module adds to `safeguards`."""
