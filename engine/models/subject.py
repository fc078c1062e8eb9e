"""What is checked: subjects and their answers, the sources behind them, waivers."""

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from safeguards.engine.models.core import (
    Frozen,
)


class Basis(StrEnum):
    """What an answer's source rests on, strongest first."""

    OFFICIAL_TEXT = "official_text"
    FAITHFUL_COPY = "faithful_copy"
    SECONDARY = "secondary"
    RECOLLECTION = "recollection"

    @property
    def rank(self) -> int:
        """Return 4 for the official text down to 1 for recollection."""
        return BASIS_RANK[self]

    @property
    def provisional(self) -> bool:
        """Return whether an answer on this basis has not been read in the text itself."""
        return self.rank < BASIS_RANK[Basis.FAITHFUL_COPY]

    @property
    def label(self) -> str:
        """Return the basis in words, for people."""
        return self.value.replace("_", " ")


BASIS_RANK: dict[Basis, int] = {
    Basis.OFFICIAL_TEXT: 4,
    Basis.FAITHFUL_COPY: 3,
    Basis.SECONDARY: 2,
    Basis.RECOLLECTION: 1,
}


class Source(Frozen):
    """The evidence behind an answer."""

    instrument: str | None = None
    article: str | None = None
    url: str | None = None
    quote: str | None = None
    date: dt.date | None = None
    basis: Basis | None = None


class Answer(Frozen):
    """One answer to one fact, possibly limited in time."""

    value: Any
    source: Source | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    note: str | None = None
    line: int = 0
    column: int = 0

    @property
    def cited(self) -> bool:
        """Return whether the answer carries a source."""
        return self.source is not None

    def in_force(self, on: dt.date | None) -> bool:
        """Return whether the answer applies on a date (undated answers always do)."""
        if on is None:
            return self.effective_until is None
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_until is not None and on > self.effective_until)


class Unanswered(Frozen):
    """Days a fact's dated answers leave open around a date, and the answers either side.

    A profile may answer a fact for some periods only: a law in force until a reform, a new text
    from a later date. On a date no answer covers, the fact is open again.
    """

    on: dt.date | None = None
    """The date no answer covers (None: no date given; only answers still open count)."""
    ended_on: dt.date | None = None
    """The end of the last answer before the date."""
    ended_line: int | None = None
    resumes_on: dt.date | None = None
    """The start of the first answer after the date."""
    resumes_line: int | None = None

    @property
    def first_day(self) -> dt.date | None:
        """Return the first unanswered day (``None``: the days have no beginning)."""
        return self.ended_on + dt.timedelta(days=1) if self.ended_on else None

    @property
    def last_day(self) -> dt.date | None:
        """Return the last unanswered day (``None``: the days have no end)."""
        return self.resumes_on - dt.timedelta(days=1) if self.resumes_on else None

    def describe(self, path: str = "") -> str:
        """Say which answers border the open days, at ``path:line`` (or ``line N``)."""
        borders = []
        if self.ended_on is not None:
            borders.append(f"until {self.ended_on} ({_place(path, self.ended_line)})")
        if self.resumes_on is not None:
            borders.append(f"from {self.resumes_on} ({_place(path, self.resumes_line)})")
        when = f"on {self.on}" if self.on else "still"
        return f"answered {' and '.join(borders)}; nothing in force {when}"


def _place(path: str, line: int | None) -> str:
    if not line:
        return path or "line unknown"
    return f"{path}:{line}" if path else f"line {line}"


def unanswered(history: tuple[Answer, ...], on: dt.date | None) -> Unanswered | None:
    """Return the days around ``on`` of a fact that has answers but none in force on that date."""
    if not history or any(a.in_force(on) for a in history):
        return None
    ended = [a for a in history if a.effective_until and (on is None or a.effective_until < on)]
    starts = [a for a in history if a.effective_from and on is not None and a.effective_from > on]
    before = max(ended, key=lambda a: a.effective_until or dt.date.min, default=None)
    after = min(starts, key=lambda a: a.effective_from or dt.date.max, default=None)
    return Unanswered(
        on=on,
        ended_on=before.effective_until if before else None,
        ended_line=before.line if before else None,
        resumes_on=after.effective_from if after else None,
        resumes_line=after.line if after else None,
    )


class Subject(Frozen):
    """A thing checked against the catalog: a jurisdiction, a workflow, a request."""

    kind: str
    id: str
    name: str | None = None
    as_of: dt.date | None = None
    note: str | None = None
    path: str = ""
    sha256: str = ""
    facts_line: int | None = None
    """The line of the file's ``facts:`` key: where an answer that is absent would go."""
    answers: dict[str, tuple[Answer, ...]] = Field(default_factory=dict)


class Waiver(Frozen):
    """An accepted exception to a safeguard for one subject."""

    safeguard: str
    subject: str
    justification: str
    approver: str
    granted: dt.date
    expires: dt.date
    requests: tuple[str, ...] = ()
    path: str = ""
    sha256: str = ""
    """The SHA-256 of the waiver file as read."""
    line: int = 0
    column: int = 0
    refused: str | None = None
    """Why the waiver may not apply (a placeholder reason, a span beyond its horizon), if so."""
