"""Cells of the transparency tables: counts, percentages and medians, small cells protected.

A count from 1 to ``min_cell - 1`` is shown as ``<min_cell``; a percentage or a median resting on
one, and a count that could be recomputed from a total or another table (the ``gone`` cells of
:mod:`safeguards.engine.audit.suppression`), is withheld.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from safeguards.engine.audit.suppression import CellId
from safeguards.engine.models.transparency import CLOSED_NOTE, Cell, Table

WITHHELD = "suppressed"
"""Shown instead of a percentage, a median or a count withheld to protect a small cell."""


class Cells:
    """Formats counts and percentages, suppressing small non-zero counts.

    A count from 1 to ``min_cell - 1`` shows as ``<min_cell``; a percentage or a median that
    rests on such a count, and a count withheld so that a small one cannot be recomputed from
    a sum the tables publish (``gone``, see :mod:`safeguards.engine.audit.suppression`), show as
    ``suppressed``.
    """

    def __init__(self, min_cell: int, gone: set[CellId] | None = None) -> None:
        self.min_cell = min_cell
        self.gone = gone or set()
        self.suppressed = 0
        self.complementary = 0

    def hidden(self, n: int) -> bool:
        """Return whether a count is small enough to hide (zero never is)."""
        return 0 < n < self.min_cell

    def count(self, n: int) -> Cell:
        """Return a count, or ``<min_cell`` for a small one."""
        if self.hidden(n):
            self.suppressed += 1
            return f"<{self.min_cell}"
        return n

    def pct(self, part: int, whole: int) -> Cell:
        """Return ``part`` as a percentage of ``whole`` (one decimal), withheld on a small count."""
        if not whole:
            return None
        if self.hidden(part) or self.hidden(whole):
            self.suppressed += 1
            return WITHHELD
        return round(100 * part / whole, 1)

    def median(self, value: int | None, group: int) -> Cell:
        """Return a response-time figure, withheld when its group is a small cell."""
        if value is not None and self.hidden(group):
            self.suppressed += 1
            return WITHHELD
        return value

    def linked(self, counts: Counter[tuple[Any, ...]], tid: str, key: tuple[Any, ...]) -> Cell:
        """Return a count that takes part in a link: small, withheld as a complement, or shown."""
        value = counts[key]
        if not self.hidden(value) and (tid, key) in self.gone:
            self.suppressed += 1
            self.complementary += 1
            return WITHHELD
        return self.count(value)

    def share(
        self,
        counts: Counter[tuple[Any, ...]],
        tid: str,
        part: tuple[Any, ...],
        whole: tuple[Any, ...],
    ) -> Cell:
        """Return ``part`` as a percentage of ``whole``, withheld when either count is."""
        if counts[whole] and ((tid, part) in self.gone or (tid, whole) in self.gone):
            self.suppressed += 1
            return WITHHELD
        return self.pct(counts[part], counts[whole])


def quantile(hist: Counter[int], q: float) -> int | None:
    """Return the ``q`` quantile of a histogram of whole hours (None when it is empty)."""
    total = sum(hist.values())
    if not total:
        return None
    rank, seen = q * total, 0
    for hours in sorted(hist):
        seen += hist[hours]
        if seen >= rank:
            return hours
    return max(hist)  # pragma: no cover - the loop always returns


def table(
    cells: Cells,
    before: int,
    tid: str,
    title: str,
    columns: Iterable[str],
    rows: Sequence[tuple[Cell, ...]],
) -> Table:
    """Return a table, noting how small cells are shown if any of its cells was suppressed.

    ``before`` is the formatter's count of suppressed cells when the table was begun.
    """
    columns = tuple(columns)
    notes = [CLOSED_NOTE] if any(c.startswith("%") for c in columns) else []
    if cells.suppressed > before:
        notes.append(
            f"Counts from 1 to {cells.min_cell - 1} are shown as '<{cells.min_cell}'; "
            f"percentages and medians resting on them, and counts withheld so that they cannot "
            f"be recomputed from a total or from another table, are shown as '{WITHHELD}'."
        )
    return Table(id=tid, title=title, columns=columns, rows=tuple(rows), notes=tuple(notes))
