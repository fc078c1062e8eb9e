"""The questionnaire behind `safeguards init`: the facts catalog's questions, asked in order.

Questions follow the groups of the facts file. A question is asked only while its answer can still
change a verdict (:func:`safeguards.engine.lawyer.whatif.worth_asking`). Every answer is checked on
the spot and written to the profile at once, atomically, so an interruption loses nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from safeguards.engine.catalog import Catalog
from safeguards.engine.io.output import write_atomic
from safeguards.engine.lawyer.edit import Answers, answers_of, edit_answers, parse_value
from safeguards.engine.lawyer.splice import Change
from safeguards.engine.lawyer.template import hint, ordered, wrap
from safeguards.engine.lawyer.whatif import base_values, worth_asking
from safeguards.engine.models import (
    FactsCatalog,
    FactSpec,
    FactType,
    Subject,
    Unanswered,
    unanswered,
)
from safeguards.engine.text.wrap import prose_width
from safeguards.engine.text.wrap import wrap as wrap_prose

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


class Console(Protocol):
    """Where questions are asked and answers read (the terminal, or a test)."""

    def ask(self, prompt: str) -> str:
        """Return the line typed after ``prompt`` (raise to interrupt)."""
        ...

    def say(self, text: str = "") -> None:
        """Show a line of text."""
        ...


class ReplyKind(StrEnum):
    """What a typed reply means."""

    VALUE = "value"
    UNKNOWN = "unknown"
    SKIP = "skip"


@dataclass(frozen=True)
class Reply:
    """A reply read from the console: an answer, "unknown", or "skip"."""

    kind: ReplyKind
    value: Any = None


def parse_reply(spec: FactSpec, typed: str) -> tuple[Reply | None, str | None]:
    """Read a typed reply to a fact's question; return it, or the problem to show.

    Enter or ``skip`` skips; ``?`` or ``unknown`` records that the text does not say. Enum
    choices are accepted by number, by name or by an unambiguous beginning of the name; lists by
    numbers or names separated by commas or spaces (``none`` for no item).
    """
    text = typed.strip()
    low = text.lower()
    if low in ("", "skip"):
        return Reply(ReplyKind.SKIP), None
    if low in ("?", "unknown"):
        return Reply(ReplyKind.UNKNOWN), None
    if spec.type is FactType.ENUM:
        choice, problem = _choice(spec, text)
        return (Reply(ReplyKind.VALUE, choice), None) if choice else (None, problem)
    if spec.type is FactType.LIST:
        if low in ("none", "[]") and "none" not in spec.values:
            return Reply(ReplyKind.VALUE, []), None
        items: list[str] = []
        for part in re.split(r"[,\s]+", text.strip("[]")):
            if part:
                choice, problem = _choice(spec, part)
                if choice is None:
                    return None, problem
                items.append(choice)
        return Reply(ReplyKind.VALUE, list(dict.fromkeys(items))), None
    value, problem = parse_value(spec, text)
    if problem is not None and spec.type is FactType.BOOL:  # said as the prompt asks it
        problem = f"'{text}' is neither yes nor no: type yes or no"
    return (Reply(ReplyKind.VALUE, value), None) if problem is None else (None, problem)


def _choice(spec: FactSpec, text: str) -> tuple[str | None, str | None]:
    values = spec.values
    if text.isdigit() and 1 <= int(text) <= len(values):
        return values[int(text) - 1], None
    exact = [v for v in values if v.lower() == text.lower()]
    starts = [v for v in values if v.lower().startswith(text.lower())]
    if exact or len(starts) == 1:
        return (exact or starts)[0], None
    what = f"'{text}' could be " + " or ".join(starts) if starts else f"'{text}' is not a choice"
    return None, f"{what}: type a number from 1 to {len(values)} or a name"


@dataclass
class Tally:
    """What happened to each question of a run."""

    answered: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_needed: list[str] = field(default_factory=list)


@dataclass
class Session:
    """A profile being written: its file, its current text, and the catalog it answers."""

    path: Path
    text: str
    catalog: Catalog
    kind: str
    as_of: dt.date | None = None
    """The date the profile describes: an answer that ends before it leaves its question open."""
    parsed_text: str | None = field(default=None, repr=False)
    """The text :attr:`parsed_answers` were read from."""
    parsed_answers: Answers = field(default_factory=dict, repr=False)

    @property
    def facts(self) -> FactsCatalog:
        """Return the facts catalog of the profile's kind."""
        return self.catalog.facts[self.kind]

    def parsed(self) -> Answers:
        """Return the answers of the current text (parsed once per text)."""
        if self.parsed_text is not self.text:
            self.parsed_answers = answers_of(self.path, self.text, self.facts)
            self.parsed_text = self.text
        return dict(self.parsed_answers)

    def answers(self) -> dict[str, Any]:
        """Return the values in force in the current text on the profile's date."""
        subject = Subject(kind=self.kind, id="profile", as_of=self.as_of, answers=self.parsed())
        return base_values(subject)

    def answered(self) -> set[str]:
        """Return the facts that have at least one answer (dated or not)."""
        return set(self.parsed())

    def open_days(self, fact: str) -> Unanswered | None:
        """Return the days around the profile's date that a fact's dated answers leave open."""
        return unanswered(self.parsed().get(fact, ()), self.as_of)

    def record(self, change: Change) -> None:
        """Apply one answer and write the file at once (atomically)."""
        text, after = edit_answers(self.path, self.text, self.facts, change, self.parsed())
        self.text, self.parsed_text, self.parsed_answers = text, text, after
        self.save()

    def keep(self) -> None:
        """Keep the parse of the current text in the user's cache, for the next command."""
        answers_of(self.path, self.text, self.facts, cached=True)

    def save(self) -> None:
        """Write the current text to the profile's file, atomically."""
        write_atomic(self.path, self.text.encode("utf-8"), may_replace_input=True)


def run(session: Session, console: Console, *, cite: bool = True, ask_all: bool = False) -> Tally:
    """Ask every open question that can still change a verdict; return what became of each."""
    tally = Tally()
    specs = ordered(session.facts)
    titles = {g.id: g.title for g in session.facts.groups}
    answered = session.answered()
    group: object = object()
    for number, spec in enumerate(specs, 1):
        gap = session.open_days(spec.key) if spec.key in answered else None
        if spec.key in answered and gap is None:
            continue
        if not ask_all and not worth_asking(
            session.catalog, session.kind, session.answers(), spec.key
        ):
            tally.not_needed.append(spec.key)
            continue
        if spec.group != group:
            group = spec.group
            console.say("")
            console.say(f"== {titles.get(spec.group or '', 'Other questions')} ==")
        days = _for_days(session, gap) if gap else None
        reply = _ask(console, spec, f"[{number}/{len(specs)}]", days)
        if reply.kind is ReplyKind.SKIP or (gap and reply.kind is ReplyKind.UNKNOWN):
            tally.skipped.append(spec.key)  # days between dated answers stay unanswered
            continue
        if reply.kind is ReplyKind.UNKNOWN:
            tally.unknown.append(spec.key)
            session.record(Change(spec.key, None))
            continue
        # The answer and its citation are saved together: interrupted while citing, neither is
        # saved, and `--resume` asks the question (and its citation) again.
        source = _citation(console) if cite else {}
        first, last = (gap.first_day, gap.last_day) if gap else (None, None)
        session.record(Change(spec.key, reply.value, source, first, last))
        tally.answered.append(spec.key)
    return tally


def _for_days(session: Session, gap: Unanswered) -> str:
    """Say which answers border the open days and for which days the new answer will hold."""
    first, last = gap.first_day, gap.last_day
    days = f"from {first}" if first else ""
    days += (" " if first and last else "") + (f"until {last}" if last else "")
    return f"{gap.describe(str(session.path))}: this answer will hold {days}"


UNKNOWN_OR_SKIP = "'?' if the text does not say; Enter to skip"


def _ask(console: Console, spec: FactSpec, counter: str, days: str | None = None) -> Reply:
    console.say("")
    for i, line in enumerate(wrap_prose(spec.question, prose_width() - len(counter) - 1)):
        console.say(f"{counter if i == 0 else ' ' * len(counter)} {line}")
    for line in wrap(spec.help, "    "):
        console.say(line)
    for line in wrap(days, "    ") if days else []:
        console.say(line)
    if spec.type in (FactType.ENUM, FactType.LIST):
        for i, value in enumerate(spec.values, 1):
            console.say(f"    {i}) {value}")
    leave = "Enter or '?' to leave those days open" if days else None
    for line in wrap(f"({hint(spec)}; {leave or UNKNOWN_OR_SKIP})", "    "):
        console.say(line)
    while True:
        reply, problem = parse_reply(spec, console.ask(f"  {spec.key}"))
        if reply is not None:
            return reply
        console.say(f"    ! {problem}")


def _citation(console: Console) -> dict[str, str]:
    instrument = console.ask("    source instrument (Enter for no citation)").strip()
    if not instrument:
        return {}
    source = {"instrument": instrument}
    for name in ("article", "url", "quote"):
        typed = console.ask(f"    {name}").strip()
        if typed:
            source[name] = typed
    return source


def ask_envelope(
    console: Console, subject_id: str, name: str | None
) -> tuple[str, str | None, dt.date | None]:
    """Ask for the subject's id, name and as-of date; return them (checked)."""
    while True:
        typed = console.ask(f"Subject id [{subject_id}]").strip() or subject_id
        if ID_PATTERN.fullmatch(typed):
            break
        console.say("    ! letters, digits, '_', '.', ':' or '-', starting with a letter or digit")
    shown = f" [{name}]" if name else " (optional)"
    name = console.ask(f"Name{shown}").strip() or name
    while True:
        day = console.ask("Date the answers describe, YYYY-MM-DD (optional)").strip()
        if not day:
            return typed, name, None
        try:
            return typed, name, dt.date.fromisoformat(day)
        except ValueError:
            console.say(f"    ! '{day}' is not a date (YYYY-MM-DD)")


def subject_id_from(path: Path) -> str:
    """Return a subject id guessed from a file name (``be.yaml`` → ``BE``)."""
    stem = re.sub(r"[^A-Za-z0-9_.:-]", "-", path.stem).strip("-._:")
    return (stem or "SUBJECT").upper()
