"""What a comparison produces: the matrix of jurisdictions and the diff of two versions."""

import datetime as dt
from typing import Any

from safeguards.engine.models import Frozen, Report, SafeguardInfo, Source, Status, SubjectInfo


class MatrixRow(Frozen):
    """One safeguard across every jurisdiction (None: no check applies to that subject)."""

    safeguard: SafeguardInfo
    cells: tuple[Status | None, ...]
    totals: dict[Status, int]
    provisional: tuple[bool, ...] = ()
    """Per cell: the verdict shown rests on an answer read below the text itself."""

    def is_provisional(self, column: int) -> bool:
        """Return whether the cell in this column holds a provisional verdict."""
        return column < len(self.provisional) and self.provisional[column]


class Matrix(Frozen):
    """Jurisdictions × safeguards with their statuses and totals both ways."""

    report: Report
    subjects: tuple[SubjectInfo, ...]
    rows: tuple[MatrixRow, ...]
    column_totals: tuple[dict[Status, int], ...]


class FactState(Frozen):
    """An answer as one side of a diff sees it."""

    value: Any
    source: Source | None = None
    line: int | None = None


class FactChange(Frozen):
    """One answer that differs between the old and the new version."""

    subject: str
    fact: str
    old: FactState | None
    new: FactState | None


class FindingChange(Frozen):
    """One finding whose status differs between the old and the new version.

    Or whose status stayed but not what it rests on: a verdict that was provisional and now
    rests on the text itself (an answer confirmed in the law), or the reverse.
    """

    subject: str
    safeguard: str
    kind: str
    request: str | None
    title: str
    severity: str
    old: Status | None
    new: Status | None
    reason: str
    old_provisional: bool = False
    """The old verdict rested on an answer not read in the text itself (commentary, memory)."""
    new_provisional: bool = False
    """The new verdict rests on an answer not read in the text itself."""

    @property
    def change(self) -> str:
        """Return the kind of change: ``new gap``, ``closed gap``, ``waived``, and so on.

        ``basis changed``: the status stayed and only what the verdict rests on moved (a gap
        once recalled and now read in the text is no new gap). ``closed gap``: a gap is now met,
        or no longer applies. ``narrowed gap``: a gap is now partial, some of what the safeguard
        asks met and some not. ``waived``: a waiver now covers the finding, which leaves the gap
        open, accepted until the waiver expires. ``not checked``: the new version has no such
        finding (its catalog dropped the check, or the subject is not in it), which closes
        nothing. ``changed``: any other change of status, a gap that became undetermined among
        them: nothing shows it closed, only that the new version no longer settles it (an
        answer withdrawn, or no longer in force on the date read).
        """
        if self.old is self.new:
            return "basis changed"
        if self.new is None:
            return "not checked"
        if self.new is Status.GAP:
            return "new gap"
        if self.new is Status.WAIVED:
            return "waived"
        if self.old is Status.GAP and self.new in (Status.MET, Status.NOT_APPLICABLE):
            return "closed gap"
        if self.old is Status.GAP and self.new is Status.PARTIAL:
            return "narrowed gap"
        return "changed"


class Side(Frozen):
    """What one side of a diff was: a file, the inputs behind it, the date it was read on."""

    path: str
    as_of: dt.date | None
    catalog_sha256: str
    inputs: dict[str, str]


class Diff(Frozen):
    """Facts changed and findings changed between two versions."""

    old: Side
    new: Side
    facts: tuple[FactChange, ...]
    findings: tuple[FindingChange, ...]

    @property
    def new_gaps(self) -> tuple[FindingChange, ...]:
        """Return the findings that became gaps."""
        return tuple(c for c in self.findings if c.change == "new gap")
