"""What every command module shares: exit codes, error handling, option types."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
import click.shell_completion

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli.progress import Progress, total_size
from safeguards.engine.errors import InputErrors, SafeguardsError, UsageError, inert, undecoded
from safeguards.engine.io import interrupts
from safeguards.engine.io.cores import usable_cores
from safeguards.engine.io.inputs import read_stdin_as
from safeguards.engine.io.output import remove_unfinished, standard_stream, write_atomic
from safeguards.engine.models import NOT_MET, Basis, FactsCatalog, Severity, Status

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
"""No finding at or above the threshold; such findings; usage or input error."""
EXIT_INTERRUPTED = 130
"""Ended by Ctrl-C (128 + SIGINT, as a shell reports it)."""

F = TypeVar("F", bound=Callable[..., Any])
PathT = TypeVar("PathT", str, Path)


def handle_errors(func: F) -> F:
    """Turn the engine's errors into one message per problem on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with interrupts.listening():
            return _handled(func, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _handled(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a command, its errors turned into messages and exit statuses."""
    try:
        try:
            _refuse_undecodable(kwargs)
            return func(*args, **kwargs)
        except Exception:
            signum = interrupts.last()
            if signum is None:
                raise
            # a signal's exception that came back wrapped (see engine.io.interrupts)
            if signum != signal.SIGINT:
                sys.exit(128 + signum)  # as the atomic writer's handler ends the command
            raise KeyboardInterrupt from None
    except BrokenPipeError:
        # The reader went away (`| head`): what it read was delivered; end quietly.
        closed_pipe()
    except KeyboardInterrupt:
        # Ctrl-C: the status a shell gives a command ended by SIGINT (click would say
        # "Aborted!" and exit 1, the status of findings); outputs were never half written
        remove_unfinished()  # nor left beside them, wherever the interrupt came
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except InputErrors as exc:
        for err in exc.errors:
            click.echo(str(err), err=True)
        sys.exit(EXIT_ERROR)
    except SafeguardsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except OSError as exc:
        click.echo(f"error: {os_problem(exc)}", err=True)
        sys.exit(EXIT_ERROR)


def _refuse_undecodable(values: dict[str, Any]) -> None:
    """Refuse a text argument holding bytes that are not UTF-8 (Python passes them as surrogates).

    Such a value could be written into no profile or report. File names (``click.Path``
    parameters) are left to the readers (:func:`safeguards.engine.io.inputs.open_input`), which
    name the file.

    Raises:
        UsageError: the first such argument, named as the command line spells it.

    """
    ctx = click.get_current_context(silent=True)
    params = {p.name: p for p in ctx.command.params} if ctx is not None else {}
    for name, value in values.items():
        param = params.get(name)
        if param is not None and isinstance(param.type, click.Path):
            continue
        for text in value if isinstance(value, tuple | list) else (value,):
            if isinstance(text, str) and undecoded(text):
                spelt = _spelt(param) if param is not None else name.upper()
                raise UsageError(
                    f"{spelt}: {inert(text)!r} is not UTF-8 text (<U+DCxx> stands for a byte xx)"
                )


def _spelt(param: click.Parameter) -> str:
    """Return an option as it is written (``--period``), an argument as help shows it."""
    return param.opts[0] if isinstance(param, click.Option) else param.human_readable_name


def os_problem(exc: OSError) -> str:
    """Say what the system refused, and on which file (``out.md: No space left on device``)."""
    what = exc.strerror or str(exc)
    name = exc.filename
    if name is not None:
        return f"{inert(str(name))}: {what}"
    if exc.errno in _WRITE_ERRORS:  # only a write fails so: the output (printed, most often)
        return f"cannot write the output: {what}"
    if exc.errno == errno.ENOENT and _no_working_folder():
        return "the current folder no longer exists (it was removed): cd to one that does"
    return what


def _no_working_folder() -> bool:
    """Whether the process's current folder has been removed (a relative name then fails)."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False


_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
"""What the system says only when a file (or standard output) cannot grow."""


KINDS = ("jurisdiction", "workflow", "request")
"""The subject kinds, for completion of KIND arguments."""


def _catalog_for_completion(ctx: click.Context) -> Catalog | None:
    """Load the catalog the command line names (or the built-in one); None if it cannot."""
    folder = ctx.params.get("catalog_dir")
    try:
        return load_catalog(folder) if folder else load_catalog()
    except (SafeguardsError, OSError):
        return None


def complete_safeguard(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Complete a safeguard id, with its title as the help shown by zsh and fish."""
    catalog = _catalog_for_completion(ctx)
    if catalog is None:
        return []
    prefix = incomplete.upper()
    return [
        click.shell_completion.CompletionItem(sid, help=s.title)
        for sid, s in sorted(catalog.safeguards.items())
        if sid.startswith(prefix)
    ]


def complete_fact(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Complete a fact name of any kind (the profile's kind is not known while typing)."""
    catalog = _catalog_for_completion(ctx)
    if catalog is None:
        return []
    seen: dict[str, str] = {}
    for facts in catalog.facts.values():
        for key, spec in facts.facts.items():
            if key.startswith(incomplete) and spec.derive is None:
                seen.setdefault(key, spec.question)
    return [click.shell_completion.CompletionItem(k, help=q) for k, q in sorted(seen.items())]


def complete_kind(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Complete a subject kind."""
    return [click.shell_completion.CompletionItem(k) for k in KINDS if k.startswith(incomplete)]


def quiet() -> bool:
    """Return whether the user asked for silence on standard error (``safeguards -q``)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().params.get("quiet"))


def other_names(path: Path) -> int:
    """Return how many other hard links the file at ``path`` has (0 when that cannot be told)."""
    try:
        return max(path.stat().st_nlink - 1, 0)
    except OSError:
        return 0


def note_other_names(path: Path, others: int) -> None:
    """Say that an edit, which replaces the file whole, leaves its other hard links as they were.

    An edit is written to a new file renamed over the old one (never half written), so the
    name given gets the new file and the file's other names keep the old text.
    """
    if others:
        links = "another hard link" if others == 1 else f"{others} other hard links"
        note(
            f"{inert(str(path))} has {links}: the edit replaces the file under this name,"
            " and the other names keep the old text"
        )


def note(message: str, *, nl: bool = True) -> None:
    """Tell the user what happened (files written, progress) on standard error, unless quiet.

    Errors and the findings themselves are never silenced: only these notes are.
    """
    if not quiet():
        click.echo(message, nl=nl, err=True)


def wrote(dest: object) -> None:
    """Say that a file was written; nothing for a standard stream (``-``, ``/dev/stdout``)."""
    if standard_stream(str(dest)) is None:
        note(f"wrote {inert(str(dest))}")


def emit(text: str, output: Path | None) -> None:
    """Write a report to its file (atomically, then say so) or to standard output."""
    write_atomic(output or "-", text.encode("utf-8"))
    if output is not None:
        wrote(output)


def progress_for(logs: Sequence[str]) -> Progress | None:
    """Return a progress line for reading logs, on standard error when it is a terminal."""
    if not sys.stderr.isatty() or quiet():
        return None
    return Progress(total_size(list(logs)), lambda line: note(f"\r{line}\x1b[K", nl=False))


def closed_pipe() -> None:
    """End the process with status 0 after the reader of standard output closed the pipe.

    Standard output is pointed at the null device first, so that the interpreter's final
    flush cannot fail again and print a traceback.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)
    sys.exit(EXIT_OK)


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A YYYY-MM-DD date option."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        """Parse an ISO date or fail with a usage error."""
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError as exc:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):  # the shape, not a day (02-30)
                self.fail(f"'{value}' is no day of the calendar: {exc}", param, ctx)
            self.fail(f"'{value}' is not a date (YYYY-MM-DD)", param, ctx)


DATE: DateType = DateType()
"""The option type of every --as-of style option."""

catalog_option: Callable[[F], F] = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Catalog folder (catalog/, facts/, tables/); the built-in catalog by default.",
)
"""The --catalog option every command that reads the catalog takes."""

text_or_json_option: Callable[[F], F] = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
"""The --format option of the commands that answer in text or JSON (rules, facts, explain …)."""


FAIL_STATUSES = NOT_MET
"""The statuses --fail-on can name."""


@dataclass(frozen=True)
class FailOn:
    """What fails a pipeline: gaps from a severity up, and any finding of named statuses."""

    severity: Severity | None = None
    statuses: frozenset[Status] = frozenset()

    @classmethod
    def parse(cls, text: str) -> FailOn:
        """Read a --fail-on value: ``none`` or comma-separated severities and statuses.

        Raises:
            ValueError: a term is neither a severity, a status, nor ``none``.

        """
        terms = [t.strip().lower().replace(" ", "_") for t in text.split(",") if t.strip()]
        if terms == ["none"]:
            return cls()
        severities = {s.value: s for s in Severity}
        statuses = {s.value: s for s in FAIL_STATUSES}
        floor: Severity | None = None
        named: set[Status] = set()
        for term in terms:
            if term in severities:
                if floor is None or severities[term].rank < floor.rank:
                    floor = severities[term]
            elif term in statuses:
                named.add(statuses[term])
            else:
                choices = ", ".join([*severities, *statuses, "none"])
                raise ValueError(f"'{term}' is not one of {choices}")
        if not terms:
            raise ValueError("give a severity, a status or none")
        return cls(floor, frozenset(named))

    def hits(self, status: Status, severity: Severity) -> bool:
        """Return whether a finding of this status and severity fails the pipeline."""
        if status in self.statuses:
            return True
        return (
            self.severity is not None
            and status is Status.GAP
            and severity.rank >= self.severity.rank
        )

    @property
    def never(self) -> bool:
        """Return whether nothing can fail (``--fail-on none``)."""
        return self.severity is None and not self.statuses


class FailOnType(click.ParamType):  # type: ignore[type-arg]
    """A --fail-on value: severities (gaps at or above) and statuses (any such finding)."""

    name = "fail-on"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """Check the value and return it normalized (lower case, no spaces)."""
        try:
            FailOn.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return ",".join(t.strip().lower() for t in str(value).split(",") if t.strip())

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """Show what the option accepts in --help."""
        return "[critical|high|medium|low|gap|partial|undetermined|none][,...]"


fail_on_option: Callable[[F], F] = click.option(
    "--fail-on",
    type=FailOnType(),
    default="high",
    show_default=True,
    help=(
        "Exit 1 on a gap of this severity or worse (critical, high, medium, low), or on any"
        " finding of a status (gap, partial, undetermined: e.g. 'undetermined' insists that"
        " a profile is complete); comma-separated to combine ('high,undetermined'); none"
        " never fails."
    ),
)
"""The --fail-on option of every command that can fail a pipeline."""


def log_options(command: F) -> F:
    """Add the options that say how to read request logs: --input-format, --table, --query."""
    options = [
        click.option(
            "--input-format",
            type=click.Choice(["jsonl", "csv", "sqlite"]),
            help="Log format (default: by suffix; a file that starts as SQLite does is one).",
        ),
        click.option(
            "--table",
            help="The table or view of a database log that holds the requests (default:"
            " 'requests', or the only one).",
        ),
        click.option(
            "--query",
            help="The query that selects a database log's requests, its columns named by fact"
            ' (SELECT ticket AS id, received AS "intake.received_at" FROM …); it may only read.',
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


MAX_JOBS = 64
"""The most worker processes ``--jobs`` starts: more only thrash (a typo would fork thousands)."""

jobs_option: Callable[[F], F] = click.option(
    "--jobs",
    type=click.IntRange(min=0, max=MAX_JOBS),
    default=1,
    show_default=True,
    help=(
        f"Worker processes that read the logs (0: one per core it may use, within a "
        f"container's CPU limit; at most {MAX_JOBS})."
    ),
)
"""The --jobs option of every command that reads request logs."""


def worker_count(jobs: int) -> int:
    """Return the worker processes ``--jobs`` asks for (0: one per usable core).

    Usable: the cores this process may run on, within its container's CPU limit
    (:func:`~safeguards.engine.io.cores.usable_cores`).
    """
    return jobs or min(usable_cores(), MAX_JOBS)


waivers_option: Callable[[F], F] = click.option(
    "--waivers",
    "waiver_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Waiver file (repeatable).",
)
"""The --waivers option of every command that applies waivers."""

ignore_waivers_option: Callable[[F], F] = click.option(
    "--ignore-waivers",
    is_flag=True,
    help="Report every finding unwaived; list the waivers that would have applied.",
)
"""The --ignore-waivers option of ``check`` and ``audit``."""


class BasisType(click.Choice):  # type: ignore[type-arg]
    """A --min-basis value: the weakest evidence an answer may rest on and still count."""

    def __init__(self) -> None:
        super().__init__([b.value for b in Basis])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the Basis named by the value."""
        if isinstance(value, Basis):
            return value
        return Basis(super().convert(value, param, ctx))


min_basis_option: Callable[[F], F] = click.option(
    "--min-basis",
    type=BasisType(),
    help=(
        "Treat answers resting on less than this (official_text > faithful_copy > secondary >"
        " recollection), or not saying what they rest on, as unknown."
    ),
)
"""The --min-basis option of every command that reads a profile's answers."""


def open_catalog(catalog_dir: Path | None) -> Catalog:
    """Load the catalog folder given with --catalog, or the built-in one."""
    return load_catalog(catalog_dir)


PROFILE = click.Path(path_type=Path, dir_okay=False)
"""A profile (or another single input file) named on the command line."""

stdin_filename_option: Callable[[F], F] = click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read standard input ('-') as this file: messages and reports name it (an editor's"
    " unsaved buffer). The file itself is not read.",
)
"""The --stdin-filename option of the commands that read a profile or waiver file."""

log_stdin_filename_option: Callable[[F], F] = click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read standard input ('-') as this file: messages and reports name it, and its"
    " suffix tells its format (.csv, .jsonl). The file itself is not read.",
)
"""The --stdin-filename option of the commands that read request logs (a log piped in)."""


def stdin_named(name: Path | None, *groups: Sequence[Path]) -> list[tuple[Path, ...]]:
    """Return each group of paths with standard input (``-``) read as the file ``name``.

    ``--stdin-filename NAME``: every ``-`` among the groups (the profiles, the waiver files)
    becomes NAME, whose reading gives standard input (:func:`stdin_name`). No name: the
    groups as they are, ``-`` in none of them twice.

    Raises:
        UsageError: as :func:`stdin_name`.

    """
    given = stdin_name(name, *groups)
    return [named_stdin(group, given) for group in groups]


def stdin_name(name: Path | None, *groups: Sequence[str | Path]) -> str | None:
    """Take ``--stdin-filename NAME`` for the inputs given; return NAME as text, or None.

    Whether a name is given or not, ``-`` named twice among the same inputs (``check - -``)
    is refused: standard input can be read once.

    From here on, reading NAME gives standard input (:func:`read_stdin_as`); each group then
    names it instead of ``-`` (:func:`named_stdin`).

    Raises:
        UsageError: ``-`` twice in a group; a name and no ``-`` to give it to, or more than
            one; ``-`` as the name, or a name that is not UTF-8 text (no report could carry
            it; a file so named is refused where it is opened, but this one is not opened).

    """
    if any(sum(str(p) == "-" for p in group) > 1 for group in groups):
        raise UsageError("standard input ('-') can be read only once")
    if name is None:
        return None
    if str(name) == "-":
        raise UsageError("--stdin-filename takes a file name for standard input, not '-'")
    if undecoded(str(name)):
        shown = inert(str(name))
        raise UsageError(
            f"--stdin-filename: {shown!r} is not UTF-8 text (<U+DCxx> stands for a byte xx)"
        )
    dashes = sum(str(p) == "-" for group in groups for p in group)
    if not dashes:
        raise UsageError("--stdin-filename names standard input: give '-' as the file to read")
    if dashes > 1:
        raise UsageError("standard input ('-') can be read only once: --stdin-filename names it")
    read_stdin_as(name)
    return str(name)


def logs_stdin_named(
    name: Path | None,
    logs: Sequence[str],
    workflow: Path | None,
    waiver_files: Sequence[Path] = (),
) -> tuple[tuple[str, ...], Path | None, tuple[Path, ...]]:
    """Return the logs, workflow and waiver files of a log command, ``-`` read as ``name``.

    As :func:`stdin_named`, for ``audit`` and ``transparency``, whose logs are named as given
    (text, not paths). Raises as :func:`stdin_name`.
    """
    policy: tuple[Path, ...] = (workflow,) if workflow is not None else ()
    given = stdin_name(name, logs, waiver_files, policy)
    policy = named_stdin(policy, given)
    return (
        named_stdin(logs, given),
        policy[0] if policy else None,
        named_stdin(waiver_files, given),
    )


def named_stdin(group: Sequence[PathT], given: str | None) -> tuple[PathT, ...]:
    """Return ``group`` with each ``-`` replaced by ``given`` (of the group's type), if any."""
    if given is None:
        return tuple(group)
    return tuple(type(p)(given) if str(p) == "-" else p for p in group)


def facts_of(catalog: Catalog, kind: str) -> FactsCatalog:
    """Return the facts catalog of a subject kind, or a usage error naming the kinds there are."""
    found = catalog.facts.get(kind)
    if found is None:
        raise UsageError(
            f"unknown subject kind '{kind}' (one of: {', '.join(sorted(catalog.facts))})"
        )
    return found
