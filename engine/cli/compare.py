"""The `matrix` and `diff` commands: jurisdictions side by side, and two versions over time."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click

from safeguards.engine import api, compare
from safeguards.engine.catalog import Catalog
from safeguards.engine.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_OK,
    catalog_option,
    handle_errors,
    min_basis_option,
    waivers_option,
    wrote,
)
from safeguards.engine.cli.common import open_catalog as _catalog
from safeguards.engine.errors import InputError, InputErrors, SourceLocation, SubjectError
from safeguards.engine.io.output import write_atomic
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.logic.evaluate import Options, answers_in_force
from safeguards.engine.models import Basis, Report
from safeguards.engine.models.compare import FactState
from safeguards.reports.compare import DIFF_FORMATS, MATRIX_FORMATS

Facts = dict[tuple[str, str], FactState]

output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Output file, or a folder (default: standard output).",
)


def _write(text: str, output: Path | None, name: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    if output.is_dir() or str(output).endswith(("/", "\\")):
        output = output / name
    write_atomic(output, text.encode("utf-8"))
    wrote(output)


@click.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(MATRIX_FORMATS)),
    default="markdown",
    show_default=True,
    help="Output format.",
)
@output_option
@click.option("--as-of", type=DATE, help="Read every profile as of this date.")
@min_basis_option
@waivers_option
@catalog_option
@handle_errors
def matrix(
    profiles: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    min_basis: Basis | None,
    waiver_files: tuple[Path, ...],
    catalog_dir: Path | None,
) -> None:
    """Compare jurisdictions (or workflows) side by side: safeguards × subjects, with totals."""
    report = api.check(
        profiles,
        catalog=_catalog(catalog_dir),
        waivers=waiver_files,
        as_of=as_of,
        min_basis=min_basis,
    )
    suffix, render = MATRIX_FORMATS[fmt]
    _write(render(compare.build_matrix(report)), output, f"matrix{suffix}")


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(DIFF_FORMATS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@output_option
@click.option("--as-of", type=DATE, help="Read both versions as of this date.")
@click.option("--old-as-of", type=DATE, help="Read the old version as of this date.")
@click.option("--new-as-of", type=DATE, help="Read the new version as of this date.")
@min_basis_option
@waivers_option
@catalog_option
@handle_errors
def diff(
    old: Path,
    new: Path,
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    old_as_of: dt.date | None,
    new_as_of: dt.date | None,
    min_basis: Basis | None,
    waiver_files: tuple[Path, ...],
    catalog_dir: Path | None,
) -> None:
    """Show what changed between two versions of a profile (or two JSON reports).

    Either may be '-' (standard input) or a pipe, as in
    'diff <(git show HEAD~1:profile.yaml) profile.yaml'. Exits 1 when a finding became a gap.
    """
    loaded: dict[str, Catalog] = {}

    def catalog() -> Catalog:
        if "c" not in loaded:
            loaded["c"] = _catalog(catalog_dir)
        return loaded["c"]

    sides = []
    errors: list[InputError] = []
    for path, when in ((old, old_as_of or as_of), (new, new_as_of or as_of)):
        try:
            sides.append(_load_side(path, catalog, when, waiver_files, min_basis))
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    (old_report, old_facts, _), (new_report, new_facts, new_kind_at) = sides

    def named(path: Path) -> str:
        return "standard input" if str(path) == "-" else str(path)

    paths = (named(old), named(new))
    clashes = compare.kind_clashes(old_report, new_report)
    if clashes:
        raise InputErrors(
            [
                SubjectError(
                    new_kind_at(now.id),
                    f"'{now.id}' is a {now.kind} and '{was.id}' of {paths[0]} a {was.kind}:"
                    " diff compares two versions of one subject (matrix sets jurisdictions"
                    " side by side)",
                )
                for was, now in clashes
            ]
        )
    result = compare.diff(old_report, new_report, old_facts, new_facts, paths=paths)
    suffix = {"text": ".txt", "markdown": ".md", "json": ".json"}[fmt]
    _write(DIFF_FORMATS[fmt](result), output, f"diff{suffix}")
    sys.exit(EXIT_FINDINGS if result.new_gaps else EXIT_OK)


def _load_side(
    path: Path,
    catalog: Callable[[], Catalog],
    as_of: dt.date | None,
    waivers: tuple[Path, ...],
    min_basis: Basis | None = None,
) -> tuple[Report, Facts, Callable[[str], SourceLocation]]:
    """Read one side of a diff: a JSON report as it is, or a profile evaluated now.

    Returns the report, its answers, and where each subject's kind is written in the file.
    """
    doc = load_yaml(path, SubjectError)
    if compare.is_report(doc):
        report = compare.report_from_doc(doc)
        index = {s.id: i for i, s in enumerate(report.subjects)}
        return (
            report,
            compare.facts_from_report(report),
            lambda sid: doc.locate(("subjects", index.get(sid, 0), "kind")),
        )
    loaded = catalog()
    report = api.check([path], catalog=loaded, waivers=waivers, as_of=as_of, min_basis=min_basis)
    subject = api.load_subjects([path], loaded)[0]
    answers = answers_in_force(subject, Options(as_of=as_of, min_basis=min_basis))
    facts = compare.facts_from_answers(subject.id, answers)
    return report, facts, lambda _: doc.locate(("kind",))


COMMANDS: list[click.Command] = [matrix, diff]
"""The commands this module adds to `safeguards`."""
