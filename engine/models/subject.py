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
