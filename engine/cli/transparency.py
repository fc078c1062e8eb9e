"""The `transparency` command: the tables T1-T13 of a period computed from request logs."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from safeguards.engine import api
from safeguards.engine.audit.database import Selection
from safeguards.engine.audit.logs import log_files, reserve_logs
from safeguards.engine.audit.transparency import Period, compute_tables, repeats_said
from safeguards.engine.catalog import load_catalog
from safeguards.engine.cli.common import (
    DATE,
    catalog_option,
    emit,
    handle_errors,
    jobs_option,
    log_options,
    log_stdin_filename_option,
    logs_stdin_named,
    note,
    progress_for,
    quiet,
    worker_count,
)
from safeguards.engine.subjects.load import load_subject
from safeguards.reports.transparency import TRANSPARENCY_FORMATS


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--period", required=True, help="2026-H1, 2026-Q3, 2026-05 or 2026.")
@click.option(
    "--min-cell",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Counts from 1 to N-1 are suppressed, with what would reveal them (0: publish all).",
)
@click.option(
    "--security-band",
    type=click.IntRange(min=1),
    default=250,
    show_default=True,
    help="Width of the bands national-security demands are reported in (T12).",
)
@click.option(
    "--security-delay",
    type=click.IntRange(min=0, max=120),
    default=6,
    show_default=True,
    help="Months after the period's end before T12 may report its national-security demands.",
)
@click.option(
    "--format", "fmt", type=click.Choice(sorted(TRANSPARENCY_FORMATS)), default="markdown"
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file.")
@click.option("--as-of", type=DATE, help="Date of the report (default: today).")
@click.option("--workflow", type=click.Path(path_type=Path), help="The workflow (policy).")
@log_options
@jobs_option
@log_stdin_filename_option
@catalog_option
@handle_errors
def transparency(
    logs: tuple[str, ...],
    period: str,
    min_cell: int,
    security_band: int,
    security_delay: int,
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    workflow: Path | None,
    input_format: str | None,
    table: str | None,
    query: str | None,
    jobs: int,
    stdin_filename: Path | None,
    catalog_dir: Path | None,
) -> None:
    """Compute the transparency tables T1-T13 of a period from request logs.

    A folder stands for the logs in it, as for audit.

    National-security demands are counted only in T12, in bands, once the delay has passed.
    """
    selection = Selection(table, query)
    catalog = load_catalog(catalog_dir)
    logs = tuple(log_files(logs))  # a folder: the logs in it, listed once
    logs, workflow, _ = logs_stdin_named(stdin_filename, logs, workflow)  # '-' read as it
    reserve_logs(logs)  # read later: no output may name one, and '-' is theirs
    wf = load_subject(workflow, catalog) if workflow is not None else None
    tables = compute_tables(
        catalog,
        logs,
        period=Period.parse(period),
        min_cell=min_cell,
        as_of=as_of or api.today(),
        workflow=wf,
        input_format=input_format,
        selection=selection,
        progress=progress_for(logs),
        band_width=security_band,
        delay_months=security_delay,
        jobs=worker_count(jobs),
    )
    if sys.stderr.isatty() and not quiet():
        note("")
    if tables.repeated:
        note(f"{repeats_said(tables.repeated)}: see the report")
    emit(TRANSPARENCY_FORMATS[fmt]().render(tables), output)


COMMANDS: list[click.Command] = [transparency]
"""The commands this module adds to `safeguards`."""
