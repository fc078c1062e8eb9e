"""Complementary suppression across the linked transparency tables.

A count from 1 to ``min_cell - 1`` is hidden. Hiding it is not enough when the published cells
satisfy sums: a row total minus the other cells of the row, the grand total minus the other
cells of T5, or Table T2's closed requests of a country minus those of that country's other
rows in T1 would give it back, and two sums together can give back what neither gives alone.
Each sum is a *link* (the cells on its two sides). The links form a linear system whose
unknowns are the withheld cells; a withheld cell is recoverable exactly when the system pins it
down (its unit vector lies in the system's row space). Sums also narrow: a reader who knows
that a cell shown ``<5`` holds 1 to 4 and that one shown ``suppressed`` holds at least 5 can
bound each withheld cell through each sum (two cells shown ``<5`` in a row whose other cells add
up to 8 less than its total both hold 4). A withheld cell is *pinned* when those bounds, carried
from sum to sum until they settle, leave it a single value. Until no withheld cell is recoverable
or pinned, for each such cell the smallest non-zero published cell of a link it is in is
withheld too. The bounds are those a reader with a spreadsheet finds, sum by sum; a solver of
integer programs could in principle narrow sums that interlock further.
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


def pinned(
    value: Mapping[str, Counter[tuple[Any, ...]]],
    ties: Sequence[Link],
    hidden: set[CellId],
    min_cell: int,
) -> set[CellId]:
    """Return the cells of ``hidden`` that the sums of ``ties`` bound to a single value.

    A reader knows that a small cell (shown ``<min_cell``) holds 1 to ``min_cell - 1`` and that
    a complement (shown ``suppressed``) holds at least ``min_cell``. Each sum, the published
    cells moved to its constant, bounds each of its withheld cells by the bounds of the others;
    the bounds are carried round until they settle (or for as many rounds as there are cells,
    enough for the chains the tables form). A small cell whose marker alone says its value
    (``<2``) is not counted: nothing can hide it.
    """
    lo: dict[CellId, int] = {}
    hi: dict[CellId, int | None] = {}
    for cell in hidden:
        small = 0 < value[cell[0]][cell[1]] < min_cell
        lo[cell], hi[cell] = (1, min_cell - 1) if small else (min_cell, None)
    known = {cell for cell in hidden if lo[cell] == hi[cell]}
    sums = _sums(value, ties, hidden)
    for _ in range(len(hidden) + 2):
        changed = False
        for terms, constant in sums:
            for cell, (low, high) in _narrowed(terms, constant, lo, hi).items():
                top = hi[cell]
                if low > lo[cell] or (high is not None and (top is None or high < top)):
                    lo[cell] = max(low, lo[cell])
                    hi[cell] = high if top is None or (high is not None and high < top) else top
                    changed = True
        if not changed:
            break
    return {cell for cell in hidden if hi[cell] == lo[cell]} - known


def _sums(
    value: Mapping[str, Counter[tuple[Any, ...]]], ties: Sequence[Link], hidden: set[CellId]
) -> list[tuple[dict[CellId, int], int]]:
    """Return each link as ``Σ a·x = constant`` over the withheld cells (published ones moved)."""
    out: list[tuple[dict[CellId, int], int]] = []
    for left, right in ties:
        terms: dict[CellId, int] = {}
        constant = 0
        for sign, cells in ((1, left), (-1, right)):
            for cell in cells:
                if cell in hidden:
                    terms[cell] = terms.get(cell, 0) + sign
                else:
                    constant -= sign * int(value[cell[0]][cell[1]])
        if terms := {cell: a for cell, a in terms.items() if a}:
            out.append((terms, constant))
    return out


def _narrowed(
    terms: dict[CellId, int],
    constant: int,
    lo: dict[CellId, int],
    hi: dict[CellId, int | None],
) -> dict[CellId, tuple[int, int | None]]:
    """Return the bounds one sum ``Σ a·x = constant`` puts on each of its cells.

    A lower bound is always known (every cell holds at least 0); None is no upper bound.
    """
    span: dict[CellId, tuple[int | None, int | None]] = {}
    for cell, a in terms.items():  # the least and the most a·x can be (None: unbounded)
        high = hi[cell]
        top = None if high is None else a * high
        span[cell] = (a * lo[cell], top) if a > 0 else (top, a * lo[cell])
    least = [s[0] for s in span.values()]
    most = [s[1] for s in span.values()]
    least_sum = sum(x for x in least if x is not None)
    most_sum = sum(x for x in most if x is not None)
    least_open, most_open = least.count(None), most.count(None)
    out: dict[CellId, tuple[int, int | None]] = {}
    for cell, a in terms.items():
        own_least, own_most = span[cell]
        # the others add up to at least `rest_least` and at most `rest_most`
        rest_least = None if least_open - (own_least is None) else least_sum - (own_least or 0)
        rest_most = None if most_open - (own_most is None) else most_sum - (own_most or 0)
        # a·x = constant - others
        left = None if rest_most is None else constant - rest_most
        right = None if rest_least is None else constant - rest_least
        if a < 0:
            a, left, right = (
                -a,
                (None if right is None else -right),
                (None if left is None else -left),
            )
        low = 0 if left is None else max(0, -(-left // a))  # a ceiling
        out[cell] = (low, None if right is None else right // a)
    return out


def withheld(
    value: Mapping[str, Counter[tuple[Any, ...]]], ties: Sequence[Link], min_cell: int
) -> set[CellId]:
    """Return the cells of ``ties`` to withhold: the small ones and their complements.

    Each round, every exposed (recoverable or pinned) cell whose links gained no complement yet
    in that round gets one: the smallest published non-zero cell of its links. Stops when no
    withheld cell is exposed, or when an exposed one has no published non-zero cell left in its
    links (then nothing more can protect it).
    """

    def count(cell: CellId) -> int:
        return int(value[cell[0]][cell[1]])

    every = {cell for left, right in ties for cell in (*left, *right)}
    out = {cell for cell in every if 0 < count(cell) < min_cell}
    while exposed := recoverable(ties, out) | pinned(value, ties, out, min_cell):
        added: set[CellId] = set()
        for cell in sorted(exposed, key=str):
            mine = [(*left, *right) for left, right in ties if cell in (*left, *right)]
            if any(x in added for link in mine for x in link):
                continue  # a complement just joined one of its sums: look again first
            others = [(count(x), str(x), x) for link in mine for x in link]
            if others := [o for o in others if o[2] not in out and o[0]]:
                added.add(min(others)[2])
        if not added:
            break
        out |= added
    return out
