"""What the transparency command produces: tables of cells for one period."""

import datetime as dt

from safeguards.engine.models import Frozen
from safeguards.engine.models.audit import LogInput
from safeguards.engine.models.report import CatalogInfo, ToolInfo

Cell = int | float | str | None
CLOSED_NOTE = "Percentages are computed over closed requests only; pending requests are in process."


class Table(Frozen):
    """One transparency table: columns, rows of cells, and notes."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    empty: str = "No requests."
    """What the table says when it has no rows."""


class RepeatedId(Frozen):
    """A record whose request id an earlier record of the period already gave."""

    request: str
    location: str
    """``file:line`` of the record not counted."""
    first: str
    """``file:line`` of the record counted."""


class TransparencyReport(Frozen):
    """Every table of one period, with what was counted and how."""

    tool: ToolInfo
    catalog: CatalogInfo
    """The catalog whose facts (derived ones included) the records were read with."""
    period: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    min_cell: int
    inputs: tuple[LogInput, ...]
    requests_in_period: int | str
    """The requests of the period (national-security demands apart), or how it is withheld:
    ``<min_cell`` when there are fewer, ``suppressed`` when the total would give back a small
    cell of a table."""
    outside_period: int
    unreadable: int
    repeated: int = 0
    """Records of the period whose request id an earlier record already gave: not counted."""
    repeated_shown: tuple[RepeatedId, ...] = ()
    """The first of them (at most ``REPEATS_SHOWN``), with their places."""
    notes: tuple[str, ...]
    tables: tuple[Table, ...]
