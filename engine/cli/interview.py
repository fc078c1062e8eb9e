"""`safeguards init`: build a profile by answering the catalog's questions, saved as it goes."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import click

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli.common import (
    EXIT_INTERRUPTED,
    catalog_option,
    complete_kind,
    facts_of,
    handle_errors,
    note,
    note_other_names,
    other_names,
)
from safeguards.engine.cli.common import (
    PROFILE as Profile,
)
from safeguards.engine.errors import (
    InputErrors,
    SubjectError,
    UsageError,
    inert,
    undecoded,
)
from safeguards.engine.io.inputs import require_regular
from safeguards.engine.io.output import write_atomic, write_together
from safeguards.engine.lawyer.questionnaire import Session, ask_envelope, run, subject_id_from
from safeguards.engine.lawyer.template import envelope, header, template
from safeguards.engine.subjects.load import key_place, load_subject
from safeguards.engine.subjects.schema import render as render_schema


class _Terminal:
    """The questionnaire's console: click prompts (Ctrl-C and end of input raise Abort).

    A typed line that is not UTF-8 (a terminal in Latin-1, a file piped in) is asked again:
    the profile is UTF-8 text, and such a line could not be saved in it.
    """

    def __init__(self) -> None:
        """Read standard input so that bytes which are not UTF-8 reach :meth:`ask` as such."""
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError, TypeError):
                reconfigure(errors="surrogateescape")

    def ask(self, prompt: str) -> str:
        while True:
            typed = str(click.prompt(prompt, default="", show_default=False))
            if not undecoded(typed):
                return typed
            shown = inert(typed)
            click.echo(f"  that is not UTF-8 text ({shown}; <U+DCxx> is byte xx): again", err=True)

    def say(self, text: str = "") -> None:
        click.echo(text)


@click.command("init")
@click.argument("kind", shell_complete=complete_kind)
@click.option("-o", "--output", type=Profile, help="The profile to write.")
@click.option("--resume", type=Profile, help="Continue a profile begun earlier.")
@click.option("--no-input", is_flag=True, help="Write a template with every question instead.")
@click.option("--id", "subject_id", help="The subject's id (default: from the file name).")
@click.option("--name", help="The subject's full name.")
@click.option("--all", "ask_all", is_flag=True, help="Ask even questions no verdict needs.")
@click.option("--no-cite", is_flag=True, help="Do not ask for a citation after each answer.")
@click.option(
    "--schema-ref", help="The $schema the profile points to (default: written beside it)."
)
@catalog_option
@handle_errors
def init(
    kind: str,
    output: Path | None,
    resume: Path | None,
    no_input: bool,
    subject_id: str | None,
    name: str | None,
    ask_all: bool,
    no_cite: bool,
    schema_ref: str | None,
    catalog_dir: Path | None,
) -> None:
    """Build a profile of KIND by answering the catalog's questions (or write a template)."""
    catalog = load_catalog(catalog_dir)
    facts = facts_of(catalog, kind)
    text, as_of = None, None
    if resume is not None:
        text, as_of = _resumed(resume, kind, no_input, catalog)
        output = output or resume
        if output == resume:
            note_other_names(resume, other_names(resume))
    if output is None:
        raise UsageError("say where to write the profile: -o FILE")
    if output.exists() and output != resume:
        raise UsageError(
            f"{output} exists; continue it with --resume {output}, or choose another -o"
        )
    schema_file = None
    if schema_ref is None and text is None:
        schema_ref = f"{kind}.schema.json"
        schema_file = output.parent / schema_ref  # written with the profile's first save
    sid = subject_id or subject_id_from(output)
    if no_input:
        written = [(output, template(facts, sid, name, schema_ref).encode("utf-8"))]
        if schema_file is not None:
            written.append((schema_file, render_schema(facts).encode("utf-8")))
        write_together(written)  # both or neither
        note(f"wrote {inert(str(output))}: every question, values empty (= unknown)")
        return
    console = _Terminal()
    session = Session(output, text or "", catalog, kind, as_of)
    saved = text is not None  # --resume: the file is there already
    try:
        if text is None:
            click.echo(
                f"A {kind} profile in {inert(str(output))};"
                " each answer is saved as soon as it is given."
            )
            sid, name, as_of = ask_envelope(console, sid, name)
            session.as_of = as_of
            session.text = (
                "\n".join([*header(kind, schema_ref), *envelope(kind, sid, name, as_of)]) + "\n"
            )
        session.save()
        saved = True
        if schema_file is not None:
            write_atomic(schema_file, render_schema(facts).encode("utf-8"))
        tally = run(session, console, cite=not no_cite, ask_all=ask_all)
        session.keep()  # the next command (missing, check) finds the profile parsed
    except click.Abort:
        _interrupted(kind, output, saved)
    click.echo(
        f"\nSaved {inert(str(output))}: {len(tally.answered)} answered, "
        f"{len(tally.unknown)} unknown, {len(tally.skipped)} skipped, "
        f"{len(tally.not_needed)} not needed given your answers."
    )
    click.echo(f"Next: safeguards missing {_shell(output)}")


def _resumed(
    resume: Path, kind: str, no_input: bool, catalog: Catalog
) -> tuple[str, dt.date | None]:
    """Return the text and the date of the profile to continue, once it is of ``kind``."""
    if no_input:
        raise UsageError("--resume continues a questionnaire; it cannot go with --no-input")
    require_regular(resume, SubjectError, "--resume reads the file twice and writes it back")
    subject = load_subject(resume, catalog)
    found = subject.kind
    if found != kind:
        where = key_place(resume, "kind")
        message = f"a {found} profile, not a {kind} one: continue it with 'init {found} --resume'"
        raise InputErrors([SubjectError(where, message)])
    return resume.read_bytes().decode("utf-8-sig"), subject.as_of


def _interrupted(kind: str, output: Path, saved: bool) -> NoReturn:
    """Say what an interruption kept (nothing before the first save) and how to go on."""
    if not saved:
        said = f"\nInterrupted before the first answer: {inert(str(output))} was not written."
        click.echo(said, err=True)
        sys.exit(EXIT_INTERRUPTED)
    click.echo(
        f"\nInterrupted. Your answers are saved in {inert(str(output))} (the question being"
        " answered, or cited, is not: it will be asked again); continue with:",
        err=True,
    )
    click.echo(f"  safeguards init {kind} --resume {_shell(output)}", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _shell(path: Path) -> str:
    """Return a path as a command suggested to be pasted into a shell takes it (nothing hidden)."""
    import shlex

    return inert(shlex.quote(str(path)))


COMMANDS = (init,)
"""Added to the `safeguards` group by :mod:`safeguards.engine.cli`."""
