"""`safeguards check`: profiles and workflows in, gap reports out, an exit code for CI."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from safeguards.engine import api
from safeguards.engine.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_OK,
    FailOn,
    catalog_option,
    fail_on_option,
    handle_errors,
    ignore_waivers_option,
    min_basis_option,
    note,
    stdin_filename_option,
    stdin_named,
    waivers_option,
    wrote,
)
from safeguards.engine.cli.common import (
    open_catalog as _catalog,
)
from safeguards.engine.errors import InputError, InputErrors, SourceLocation, UsageError
from safeguards.engine.io.inputs import remember as remember_input
from safeguards.engine.io.output import check_outputs, write_together
from safeguards.engine.models import Basis, Report
from safeguards.engine.text.wrap import colour_wanted, terminal_width
from safeguards.reports import REGISTRY, Renderer, renderer
from safeguards.reports.base import by_subject, summary_text
from safeguards.reports.rollup import FRAMEWORKS


@click.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted(REGISTRY)),
    help="Output format (repeatable).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(),  # text, not Path: a trailing '/' says "a folder, made if need be"
    help="Output file per --format, or one folder (an existing one, or one ending in '/').",
)
@fail_on_option
@waivers_option
@click.option(
    "--as-of", type=DATE, help="Evaluate the answers in force, and the waivers valid, on this date."
)
@click.option(
    "--require-citations", is_flag=True, help="Treat answers without a source as unknown."
)
@min_basis_option
@ignore_waivers_option
@click.option(
    "--by",
    type=click.Choice(list(FRAMEWORKS)),
    help="Also roll findings up under this framework's headings (seed = proposals S1–S20).",
)
@click.option(
    "--undetermined-as",
    type=click.Choice(["skipped", "error", "failure"]),
    default="skipped",
    show_default=True,
    help="How the junit format reports undetermined findings (skipped: open questions).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    help="Paper of the Word memo (default: A4, or the --docx-template's own).",
)
@click.option(
    "--only",
    type=click.Choice(["all", "needs-action"]),
    default="all",
    show_default=True,
    help="needs-action: a short Word memo without met and not-applicable findings.",
)
@click.option(
    "--docx-template",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A .docx or .dotx whose styles, letterhead, headers and footers the Word memo uses.",
)
@click.option(
    "--csv-bom",
    is_flag=True,
    help="Start the csv format with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.",
)
@stdin_filename_option
@catalog_option
@handle_errors
def check(
    profiles: tuple[Path, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    fail_on: str,
    waiver_files: tuple[Path, ...],
    as_of: dt.date | None,
    require_citations: bool,
    min_basis: Basis | None,
    ignore_waivers: bool,
    by: str | None,
    undetermined_as: str,
    paper: str | None,
    only: str,
    docx_template: Path | None,
    csv_bom: bool,
    stdin_filename: Path | None,
    catalog_dir: Path | None,
) -> None:
    """Check jurisdiction profiles (or workflows) and write a gap report.

    A folder stands for the YAML files in it; '-' reads a profile from standard input.
    """
    profiles, waiver_files = stdin_named(stdin_filename, profiles, waiver_files)
    report = api.check(
        profiles,
        catalog=_catalog(catalog_dir),
        waivers=waiver_files,
        as_of=as_of,
        require_citations=require_citations,
        min_basis=min_basis,
        ignore_waivers=ignore_waivers,
    )
    asked = {"by": by} if by is not None else {}
    if undetermined_as != "skipped":
        asked["undetermined_as"] = undetermined_as
    if asked:
        report = report.model_copy(update={"options": {**report.options, **asked}})
    template = None
    if docx_template is not None:
        with docx_template.open("rb") as stream:
            remember_input(stream, docx_template)
            template = stream.read()
    chosen = formats or ("text",)
    custom: dict[str, Renderer] = {}  # formats with options; each imported only when chosen
    if "docx" in chosen:
        from safeguards.reports.docx import DocxReport
        from safeguards.reports.docxkit import template_problem

        problem = template_problem(template) if template is not None else None
        if problem is not None and docx_template is not None:
            where = SourceLocation(str(docx_template), 1, 1)
            raise InputErrors([InputError(where, problem)])
        only_family = None if only == "all" else only
        custom["docx"] = DocxReport(paper=paper, only=only_family, template=template)
    if "csv" in chosen:
        from safeguards.reports.csv import CsvReport

        custom["csv"] = CsvReport(bom=csv_bom)
    emit(report, chosen, outputs, custom=custom)
    sys.exit(exit_code(report, fail_on))


BINARY = frozenset({"docx"})
"""Formats whose bytes are not text: never printed on a terminal."""


def exit_code(report: Report, fail_on: str) -> int:
    """Return 1 when a finding hits the --fail-on threshold (severity or status), else 0."""
    rule = FailOn.parse(fail_on)
    failing = any(rule.hits(f.status, f.severity) for f in report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def plan_outputs(
    formats: tuple[str, ...], outputs: tuple[Path | str, ...], stem: str
) -> list[tuple[str, Path | None]]:
    """Pair each format with its destination (``None`` = standard output).

    Raises:
        UsageError: the formats and outputs cannot be paired.

    """
    if not outputs:
        if len(formats) > 1:
            raise UsageError("several --format need -o (one file per format, or a folder)")
        if formats[0] in BINARY and sys.stdout.isatty():
            raise UsageError(
                f"--format {formats[0]} writes a binary file, which a terminal would show as"
                " garbage: give -o FILE, or redirect standard output to a file"
            )
        return [(formats[0], None)]
    first = str(outputs[0])
    if len(outputs) == 1 and (Path(first).is_dir() or first.endswith(("/", os.sep))):
        return [(f, Path(first) / f"{stem}{REGISTRY[f].suffix}") for f in formats]
    if len(outputs) != len(formats):
        raise UsageError(
            f"{len(formats)} --format but {len(outputs)} -o: give one -o per format, or one folder"
        )
    return list(zip(formats, map(Path, outputs), strict=True))


def _renderer(name: str, dest: Path | None) -> Renderer:
    """Return the renderer of a format; text printed on a terminal wraps to its width."""
    if name == "text" and dest is None:
        from safeguards.reports.text import TextReport

        return TextReport(width=terminal_width(sys.stdout), colour=colour_wanted(sys.stdout))
    return renderer(name)


def emit(
    report: Report,
    formats: tuple[str, ...],
    outputs: tuple[Path | str, ...],
    stem: str = "report",
    custom: dict[str, Renderer] | None = None,
) -> None:
    """Render every format first, then write them all or none, or print the one to stdout.

    Args:
        report: the report.
        formats: format names.
        outputs: one file per format, or one folder.
        stem: the file name (without suffix) in an output folder.
        custom: renderers configured by options (``--paper``), by format name.

    """
    if len(report.subjects) == 1 and stem == "report":
        stem = report.subjects[0].id.lower()
    plan = plan_outputs(formats, outputs, stem)
    check_outputs(dest or "-" for _, dest in plan)
    chosen = custom or {}
    rendered = [
        ((chosen.get(name) or _renderer(name, dest)).render_bytes(report), dest)
        for name, dest in plan
    ]
    write_together((dest or "-", data) for data, dest in rendered)
    if all(dest is not None for _, dest in rendered):
        groups = by_subject(report)
        for subject in report.subjects:
            note(f"{subject.id}: {summary_text(groups[subject.id]) or 'no findings'}")
        for _, dest in rendered:
            wrote(dest)


COMMANDS = (check,)
"""Added to the `safeguards` group by :mod:`safeguards.engine.cli`."""
