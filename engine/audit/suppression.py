"""Complementary suppression across the linked transparency tables.

A count from 1 to ``min_cell - 1`` is hidden. Hiding it is not enough when the published cells
satisfy sums: a row total minus the other cells of the row, the grand total minus the other
cells of T5, or Table T2's closed requests of a country minus those of that country's other
rows in T1 would give it back, and two sums together can give back what neither gives alone.
Each sum is a *link* (the cells on its two sides). The links form a linear system whose
unknowns are the withheld cells; a withheld cell is recoverable exactly when the system pins it
down (its unit vector lies in the system's row space). Until none is, for each recoverable
cell the smallest non-zero published cell of a link it is in is withheld too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

CellId = tuple[str, tuple[Any, ...]]
"""A published count: (table counter, counter key), e.g. ``("t1", ("DE", "warrant", "closed"))``."""

SPLIT = ("content", "non_content_only", "no_data_found", "rejected", "other")
"""The disclosure split of Table T2; the five parts add up to the closed requests."""

ALL_REQUESTS: CellId = ("t8", ("all requests",))


def keys(counter: Counter[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    """Return the row keys of a table counter (its keys cut to ``width``), in a stable order."""
    return sorted({k[:width] for k in counter}, key=lambda k: tuple(str(x) for x in k))


Link = tuple[list[CellId], list[CellId]]
"""A published sum: the cells of the left side add up to the cells of the right side."""


def links(c: Mapping[str, Counter[tuple[Any, ...]]]) -> list[Link]:
    """Return every sum the published counts satisfy."""

    def column(tid: str, width: int, name: str) -> list[CellId]:
        return [(tid, (*k, name)) for k in keys(c[tid], width)]

    out: list[Link] = [
        # every request outside national security is in T8's total (the report's heading),
        # once in T5, once in T10, and once in T1 (legal demands) or T4 (preservation)
        ([ALL_REQUESTS], column("t5", 2, "requests")),
        ([ALL_REQUESTS], column("t10", 2, "requests")),
        ([ALL_REQUESTS], [*column("t1", 2, "requests"), *column("t4", 1, "requests")]),
        (column("t5", 2, "accounts"), column("t10", 2, "accounts")),
    ]
    rows1 = keys(c["t1"], 2)
    out.extend(
        ([("t1", (*k, "requests"))], [("t1", (*k, "in_process")), ("t1", (*k, "closed"))])
        for k in rows1
    )
    for (country,) in keys(c["t2"], 1):
        mine = [k for k in rows1 if k[0] == country]
        closed: CellId = ("t2", (country, "closed"))
        out.append(([closed], [("t2", (country, s)) for s in SPLIT]))
        out.append(([closed], [("t1", (*k, "closed")) for k in mine]))
        produced: list[CellId] = [("t2", (country, s)) for s in SPLIT[:2]]
        out.append((produced, [("t1", (*k, "produced")) for k in mine]))
    return out


def recoverable(ties: Sequence[Link], hidden: set[CellId]) -> set[CellId]:
    """Return the cells of ``hidden`` that the sums of ``ties`` determine, the others known.

    Gaussian elimination over the rationals on the unknowns only: a cell is determined when the
    reduced system has a row with that cell alone.
    """
    index: dict[CellId, int] = {}
    pivots: dict[int, dict[int, Fraction]] = {}
    for left, right in ties:
        row: dict[int, Fraction] = {}
        for sign, side in ((1, left), (-1, right)):
            for cell in side:
                if cell in hidden:
                    j = index.setdefault(cell, len(index))
                    row[j] = row.get(j, Fraction(0)) + sign
        row = {j: v for j, v in row.items() if v}
        for col in sorted(pivots):
            if col in row:
                factor = row[col]
                for j, v in pivots[col].items():
                    row[j] = row.get(j, Fraction(0)) - factor * v
                row = {j: v for j, v in row.items() if v}
        if not row:
            continue
        col = min(row)
        row = {j: v / row[col] for j, v in row.items()}
        for other in pivots.values():
            if col in other:
                factor = other[col]
                for j, v in row.items():
                    other[j] = other.get(j, Fraction(0)) - factor * v
                for j in [j for j, v in other.items() if not v]:
                    del other[j]
        pivots[col] = row
    cells = {j: cell for cell, j in index.items()}
    return {cells[col] for col, row in pivots.items() if len(row) == 1}


def withheld(
    value: Mapping[str, Counter[tuple[Any, ...]]], ties: Sequence[Link], min_cell: int
) -> set[CellId]:
    """Return the cells of ``ties`` to withhold: the small ones and their complements.

    Stops when no withheld cell is recoverable, or when a recoverable one has no published
    non-zero cell left in its links (then nothing more can protect it).
    """

    def count(cell: CellId) -> int:
        return int(value[cell[0]][cell[1]])

    every = {cell for left, right in ties for cell in (*left, *right)}
    out = {cell for cell in every if 0 < count(cell) < min_cell}
    while exposed := recoverable(ties, out):
        added = False
        for cell in sorted(exposed, key=str):
            near = {x for left, right in ties if cell in (*left, *right) for x in (*left, *right)}
            others = [(count(x), str(x), x) for x in near if x not in out and count(x)]
            if others:
                out.add(min(others)[2])
                added = True
        if not added:
            break
    return out
