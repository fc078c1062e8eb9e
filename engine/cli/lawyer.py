"""The lawyer's loop on the command line: missing, explain, set, schema, waivers lint.

`init`, the questionnaire that begins a profile, is in :mod:`safeguards.engine.cli.interview`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from safeguards.engine import api
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli.common import (
    DATE,
    EXIT_FINDINGS,
    EXIT_OK,
    catalog_option,
    complete_fact,
    complete_kind,
    complete_safeguard,
    facts_of,
    handle_errors,
    min_basis_option,
    note,
    note_other_names,
    other_names,
    stdin_filename_option,
    stdin_named,
    text_or_json_option,
    wrote,
)
from safeguards.engine.cli.common import (
    PROFILE as Profile,
)
from safeguards.engine.errors import (
    InputErrors,
    SourceLocation,
    SubjectError,
    UsageError,
    did_you_mean,
    inert,
    inert_lines,
)
from safeguards.engine.io.inputs import require_regular
from safeguards.engine.io.output import write_atomic
from safeguards.engine.lawyer.explain import describe_safeguard, explain_subject, verdict
from safeguards.engine.lawyer.missing import open_questions, to_confirm
from safeguards.engine.lawyer.missing_render import render_json, render_markdown, render_text
from safeguards.engine.lawyer.waiverlint import lint_waivers
from safeguards.engine.logic.evaluate import Options
from safeguards.engine.models import Basis, Safeguard
from safeguards.engine.subjects.load import load_subject
from safeguards.engine.subjects.schema import render as render_schema
from safeguards.engine.text.citation import source_text


def _safeguard(catalog: Catalog, safeguard_id: str) -> Safeguard:
    try:
        return catalog.get(safeguard_id)
    except KeyError:
        hint = did_you_mean(safeguard_id.upper(), list(catalog.safeguards))
        raise UsageError(f"no safeguard '{safeguard_id}'{hint}") from None


@click.command("missing")
@click.argument("profile", type=Profile)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: a dated memo of the questions, to hand to counsel or paste into a document.",
)
@click.option("--as-of", type=DATE, help="Use the answers in force on this date.")
@min_basis_option
@stdin_filename_option
@catalog_option
@handle_errors
def missing(
    profile: Path,
    fmt: str,
    as_of: dt.date | None,
    min_basis: Basis | None,
    stdin_filename: Path | None,
    catalog_dir: Path | None,
) -> None:
    """List a profile's open questions, those that settle the most findings first."""
    ((profile,),) = stdin_named(stdin_filename, [profile])
    catalog = load_catalog(catalog_dir)
    subject = load_subject(profile, catalog)
    options = Options(as_of=as_of, min_basis=min_basis)
    questions, undetermined = open_questions(catalog, subject, options)
    confirm = to_confirm(catalog, subject, options)
    if fmt == "json":
        click.echo(render_json(subject, questions, undetermined, confirm), nl=False)
        return
    if fmt == "markdown":
        on = as_of or subject.as_of
        shown = render_markdown(subject, questions, undetermined, confirm, on=on, catalog=catalog)
    else:
        shown = render_text(subject, questions, undetermined, confirm)
    click.echo(inert_lines(shown), nl=False)


@click.command("explain")
@click.argument("safeguard_id", shell_complete=complete_safeguard)
@click.option("--subject", "profile", type=Profile, help="Explain the verdict for this profile.")
@click.option("--as-of", type=DATE, help="Use the answers in force on this date.")
@min_basis_option
@stdin_filename_option
@catalog_option
@text_or_json_option
@handle_errors
def explain(
    safeguard_id: str,
    profile: Path | None,
    as_of: dt.date | None,
    min_basis: Basis | None,
    stdin_filename: Path | None,
    catalog_dir: Path | None,
    fmt: str,
) -> None:
    """Explain a safeguard in plain words and, with --subject, how its verdict came about."""
    (named,) = stdin_named(stdin_filename, [profile] if profile is not None else [])
    profile = named[0] if named else None
    catalog = load_catalog(catalog_dir)
    safeguard = _safeguard(catalog, safeguard_id)
    # Read the subject before printing anything, so that bad input yields only its error.
    subject = load_subject(profile, catalog) if profile is not None else None
    if subject is not None and (safeguard.id, subject.kind) not in catalog.checks:
        raise UsageError(f"{safeguard.id} has no check for {subject.kind} subjects")
    options = Options(as_of=as_of, min_basis=min_basis)
    if fmt == "json":
        shown: dict[str, Any] = {"safeguard": safeguard.model_dump(mode="json")}
        if subject is not None:
            found = verdict(catalog, safeguard, subject, options)
            shown["finding"] = found.model_dump(mode="json")
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    click.echo(inert_lines(describe_safeguard(catalog, safeguard)))
    if subject is not None:
        click.echo(inert_lines(explain_subject(catalog, safeguard, subject, options)), nl=False)


@click.command("set")
@click.argument("profile", type=Profile)
@click.argument("fact", shell_complete=complete_fact)
@click.argument("value")
@click.option("--source-instrument", help="The law, code or treaty that gives the answer.")
@click.option("--source-article", help="Its article or section.")
@click.option("--source-url", help="Where to read it.")
@click.option("--source-quote", help="Its words.")
@click.option(
    "--source-basis",
    type=click.Choice([b.value for b in Basis]),
    help="What the answer rests on: the official text, a faithful copy, commentary, memory.",
)
@click.option(
    "--effective-from",
    type=DATE,
    help="Add a dated answer from this day on (the answer in force before it ends the day before).",
)
@click.option(
    "--effective-until",
    type=DATE,
    help="Add a dated answer up to this day (the answer in force since no date starts the day"
    " after); with --effective-from, for that period only.",
)
@catalog_option
@handle_errors
def set_command(
    profile: Path,
    fact: str,
    value: str,
    effective_from: dt.date | None,
    effective_until: dt.date | None,
    catalog_dir: Path | None,
    **source: str | None,
) -> None:
    """Set the answer to FACT in PROFILE, keeping every comment of the file.

    A new --source-* citation replaces the answer's old source whole (and its note, which
    explained the old answer): nothing of the old citation stays on the new answer. A new value
    without --source-* keeps the old citation and note, and the command says so.
    """
    # The round-trip YAML editor (ruamel.yaml) is loaded by the one command that edits a file.
    from safeguards.engine.lawyer.edit import kept_citation, parse_value, require_fact, set_answer
    from safeguards.engine.lawyer.splice import SOURCE_FIELDS, Change, locate_fact

    require_regular(profile, SubjectError, "set edits the file in place")
    catalog = load_catalog(catalog_dir)
    subject = load_subject(profile, catalog)
    spec = require_fact(catalog.facts[subject.kind], fact, profile)
    parsed, problem = parse_value(spec, value)
    if problem:
        line, column = locate_fact(profile.read_bytes().decode("utf-8-sig"), fact)
        raise InputErrors([SubjectError(SourceLocation(str(profile), line, column), problem)])
    cited = {f: v for f in SOURCE_FIELDS if (v := source.get(f"source_{f}"))}
    others = other_names(profile)
    change = Change(fact, parsed, cited, effective_from, effective_until)
    kept = kept_citation(subject.answers.get(fact, ()), change)
    set_answer(profile, catalog, change)
    note_other_names(profile, others)
    when = f" from {effective_from}" if effective_from else ""
    when += f" until {effective_until}" if effective_until else ""
    note(f"{inert(str(profile))}: {fact} = {inert(value.strip())}{when}")
    if kept is not None and kept.source is not None:
        also = " and keeps its note" if kept.note else ""
        note(
            f"{inert(str(profile))}: {fact} still cites {inert(source_text(kept.source))}{also},"
            " given for the old answer: cite the text that gives the new one with --source-*"
            " (or confirm that this one does)"
        )


@click.command("schema")
@click.argument("kind", shell_complete=complete_kind)
@click.option("-o", "--output", type=Profile, help="Write the schema to this file.")
@catalog_option
@handle_errors
def schema(kind: str, output: Path | None, catalog_dir: Path | None) -> None:
    """Print the JSON Schema of KIND profiles, for editors (yaml-language-server)."""
    text = render_schema(facts_of(load_catalog(catalog_dir), kind))
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    wrote(output)


@click.group("waivers")
def waivers() -> None:
    """Check waiver files."""


@waivers.command("lint")
@click.argument("waiver_file", type=Profile)
@click.argument("more", nargs=-1, type=Profile)
@click.option(
    "--subjects",
    "subject_files",
    multiple=True,
    type=Profile,
    help="Profiles whose ids waivers may name.",
)
@click.option("--as-of", type=DATE, help="Judge expiries on this date (default: today).")
@text_or_json_option
@stdin_filename_option
@catalog_option
@handle_errors
def waivers_lint(
    waiver_file: Path,
    more: tuple[Path, ...],
    subject_files: tuple[Path, ...],
    as_of: dt.date | None,
    fmt: str,
    stdin_filename: Path | None,
    catalog_dir: Path | None,
) -> None:
    """Check a waiver file: known safeguards and subjects, reasons, approvers, expiries."""
    ((waiver_file,), subject_files, more) = stdin_named(
        stdin_filename, [waiver_file], subject_files, more
    )
    if more and not subject_files:
        raise UsageError(f"unexpected argument {more[0]}: list profiles after --subjects")
    catalog = load_catalog(catalog_dir)
    ids: dict[str, str | None] | None = None
    if subject_files:
        ids = {s.id: s.name for s in api.load_subjects([*subject_files, *more], catalog)}
    on = as_of or api.today()
    problems = lint_waivers(waiver_file, catalog, on, ids)
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        shown = {
            "file": str(waiver_file),
            "as_of": on.isoformat(),
            "errors": errors,
            "warnings": warnings,
            "problems": [
                {
                    "path": p.location.path,
                    "line": p.location.line,
                    "column": p.location.column,
                    "severity": "warning" if p.warning else "error",
                    "message": p.message,
                }
                for p in problems
            ],
        }
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        sys.exit(EXIT_FINDINGS if errors else EXIT_OK)
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{inert(str(waiver_file))}: {errors} problem(s), {warnings} warning(s)", err=True)
    if errors:
        sys.exit(EXIT_FINDINGS)


COMMANDS = (missing, explain, set_command, schema, waivers)
"""The commands this module adds to ``safeguards``."""
