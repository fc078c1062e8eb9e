"""No withheld count of the transparency tables can be recomputed from what the report publishes.

The attacker here reads only the published report: the heading's number of requests and the
cells of T1, T2, T4, T5 and T10. It writes down every sum those tables satisfy (a row's total,
the grand total, T2 against T1 by country, the accounts of T5 against those of T10) and solves
the system exactly (rational Gaussian elimination): a withheld cell is recovered when its
unit vector lies in the row space of the system. It also bounds each withheld cell, knowing
that a cell shown ``<m`` holds 1 to m-1 and one shown ``suppressed`` at least m, by carrying
the bounds through every sum until they settle: a cell left a single value is recovered too.
The same sums are written here from the meaning of the tables, not taken from
``engine.audit.suppression``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import math
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.suppression import CellId, pinned, recoverable, withheld
from safeguards.engine.audit.transparency import Period, TransparencyReport, compute_tables
from safeguards.engine.catalog import Catalog
from safeguards.engine.models.transparency import Table
from safeguards.reports.transparency import TRANSPARENCY_FORMATS
from tests.conftest import generated_log

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 31)
SPLIT = ["content", "non content only", "no data found", "rejected", "other"]

Term = tuple[str, tuple[object, ...], str]  # (table, row key, column)


def _rows(t: Table, width: int) -> dict[tuple[object, ...], dict[str, object]]:
    return {tuple(r[:width]): dict(zip(t.columns, r, strict=True)) for r in t.rows}


class System:
    """Linear equations over published cells; unknown cells become variables."""

    def __init__(self) -> None:
        self.names: dict[Term, int] = {}
        self.shown: dict[int, str] = {}
        self.equations: list[tuple[dict[int, Fraction], Fraction]] = []

    def equation(self, terms: list[tuple[int, Term, object]], constant: int = 0) -> None:
        """Add Σ sign·cell = constant; known cells move to the constant."""
        coeffs: dict[int, Fraction] = {}
        rhs = Fraction(constant)
        for sign, term, value in terms:
            if isinstance(value, int):
                rhs -= sign * value
            else:
                assert value in ("suppressed",) or str(value).startswith("<"), (term, value)
                j = self.names.setdefault(term, len(self.names))
                self.shown[j] = str(value)
                coeffs[j] = coeffs.get(j, Fraction(0)) + sign
        self.equations.append(({j: c for j, c in coeffs.items() if c}, rhs))

    def recovered(self) -> list[Term]:
        """Return the unknown cells the equations pin down, by reduced row echelon form."""
        rows = [dict(c) for c, _ in self.equations if c]
        pivots: list[tuple[int, dict[int, Fraction]]] = []
        for row in rows:
            for col, prow in pivots:
                if col in row:
                    f = row[col]
                    for k, v in prow.items():
                        row[k] = row.get(k, Fraction(0)) - f * v
                    row = {k: v for k, v in row.items() if v}
            if not row:
                continue
            col = min(row)
            lead = row[col]
            row = {k: v / lead for k, v in row.items()}
            reduced = []
            for pcol, prow in pivots:
                if col in prow:
                    f = prow[col]
                    prow = {
                        k: prow.get(k, Fraction(0)) - f * row.get(k, Fraction(0))
                        for k in set(prow) | set(row)
                    }
                    prow = {k: v for k, v in prow.items() if v}
                reduced.append((pcol, prow))
            pivots = [*reduced, (col, row)]
        by_index = {j: t for t, j in self.names.items()}
        return [by_index[col] for col, row in pivots if len(row) == 1]

    def bounded(self, min_cell: int) -> list[Term]:
        """Return the unknown cells whose bounds, carried through every sum, meet."""
        lo = {j: Fraction(1 if m.startswith("<") else min_cell) for j, m in self.shown.items()}
        hi: dict[int, Fraction | None] = {
            j: Fraction(min_cell - 1) if m.startswith("<") else None for j, m in self.shown.items()
        }
        for _ in range(len(self.names) + 2):
            before = (dict(lo), dict(hi))
            for coeffs, rhs in self.equations:
                for k, a in coeffs.items():
                    # a·x_k = rhs - Σ others; bound the others term by term
                    low_rest: Fraction | None = Fraction(0)
                    high_rest: Fraction | None = Fraction(0)
                    for j, b in coeffs.items():
                        if j == k:
                            continue
                        ends = [b * lo[j], None if hi[j] is None else b * hi[j]]
                        small, large = (ends[0], ends[1]) if b > 0 else (ends[1], ends[0])
                        low_rest = None if low_rest is None or small is None else low_rest + small
                        high_rest = (
                            None if high_rest is None or large is None else high_rest + large
                        )
                    ends = [
                        None if high_rest is None else (rhs - high_rest) / a,
                        None if low_rest is None else (rhs - low_rest) / a,
                    ]
                    low, high = ends if a > 0 else ends[::-1]
                    if low is not None:
                        lo[k] = max(lo[k], Fraction(math.ceil(low)))
                    if high is not None:
                        top = Fraction(math.floor(high))
                        hi[k] = top if hi[k] is None else min(hi[k], top)  # type: ignore[type-var]
            if (lo, hi) == before:
                break
        by_index = {j: t for t, j in self.names.items()}
        small_only = min_cell <= 2  # '<2' says 1 by itself
        return [
            by_index[j]
            for j in lo
            if hi[j] == lo[j] and not (small_only and self.shown[j].startswith("<"))
        ]


def attack(rep: TransparencyReport) -> list[Term]:
    tables = {t.id: t for t in rep.tables}
    t1, t2 = _rows(tables["T1"], 2), _rows(tables["T2"], 1)
    t4, t5, t10 = _rows(tables["T4"], 1), _rows(tables["T5"], 2), _rows(tables["T10"], 2)
    s = System()
    everyone = (-1, ("heading", (), "requests"), rep.requests_in_period)
    s.equation([(1, ("T5", k, "requests"), r["requests"]) for k, r in t5.items()] + [everyone])
    s.equation([(1, ("T10", k, "requests"), r["requests"]) for k, r in t10.items()] + [everyone])
    s.equation(
        [(1, ("T1", k, "requests"), r["requests"]) for k, r in t1.items()]
        + [(1, ("T4", k, "requests"), r["requests"]) for k, r in t4.items()]
        + [everyone]
    )
    s.equation(
        [(1, ("T5", k, "accounts"), r["accounts"]) for k, r in t5.items()]
        + [(-1, ("T10", k, "accounts"), r["accounts"]) for k, r in t10.items()]
    )
    for k, r in t1.items():
        s.equation(
            [(1, ("T1", k, "requests"), r["requests"])]
            + [(-1, ("T1", k, c), r[c]) for c in ("in process", "closed")]
        )
    for k, r in t2.items():
        closed = ("T2", k, "closed")
        s.equation([(1, closed, r["closed"])] + [(-1, ("T2", k, c), r[c]) for c in SPLIT])
        mine = [(key, row) for key, row in t1.items() if key[0] == k[0]]
        s.equation(
            [(1, closed, r["closed"])]
            + [(-1, ("T1", key, "closed"), row["closed"]) for key, row in mine]
        )
        s.equation(
            [(1, ("T2", k, c), r[c]) for c in SPLIT[:2]]
            + [
                (-1, ("T1", key, "some data produced"), row["some data produced"])
                for key, row in mine
            ]
        )
    return sorted(set(s.recovered()) | set(s.bounded(rep.min_cell)), key=str)


def shares_follow_counts(rep: TransparencyReport) -> None:
    """A percentage of a withheld count is withheld too (count = share × total)."""
    tables = {t.id: t for t in rep.tables}
    for r in _rows(tables["T1"], 2).values():
        if not isinstance(r["closed"], int) or not isinstance(r["some data produced"], int):
            assert r["% some data produced"] in ("suppressed", None), r
    for r in _rows(tables["T2"], 1).values():
        for c in SPLIT:
            if not isinstance(r[c], int) or not isinstance(r["closed"], int):
                assert r[f"% {c}"] in ("suppressed", None), r


@pytest.mark.parametrize(
    ("n", "seed", "min_cell"), [(300, 1, 5), (1200, 7, 5), (800, 3, 10), (120, 11, 3)]
)
def test_no_withheld_cell_is_recovered_from_the_published_sums(
    catalog: Catalog, tmp_path: Path, n: int, seed: int, min_cell: int
) -> None:
    log = generated_log(tmp_path, n, seed=seed)
    rep = compute_tables(
        catalog, [str(log)], period=Period.parse("2026"), min_cell=min_cell, as_of=AS_OF
    )
    assert attack(rep) == []
    shares_follow_counts(rep)


def test_the_example_log_needs_and_gets_protection_across_tables(catalog: Catalog) -> None:
    log = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"
    rep = compute_tables(catalog, [str(log)], period=Period.parse("2026"), as_of=AS_OF)
    assert attack(rep) == []
    shares_follow_counts(rep)
    published = json.dumps([t.rows for t in rep.tables], default=str)
    assert "suppressed" in published and "<5" in published


def test_the_attack_finds_a_cell_that_only_small_cell_suppression_would_leave(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attacker is not vacuous: with complements switched off it recovers hidden cells."""
    tables = importlib.import_module(
        "safeguards.engine.audit.tables"
    )  # engine.audit is also a function

    def small_only(c: Any, ties: Any, m: int) -> set[Any]:
        return {x for left, right in ties for x in (*left, *right) if 0 < c[x[0]][x[1]] < m}

    monkeypatch.setattr(tables, "withheld", small_only)
    log = generated_log(tmp_path, 300, seed=1)
    rep = compute_tables(catalog, [str(log)], period=Period.parse("2026"), as_of=AS_OF)
    assert attack(rep), "small cells alone should be recoverable from the sums"


def test_recoverable_sees_what_two_sums_give_together() -> None:
    a, b, c, d = (("t", (x,)) for x in "abcd")
    # one unknown in a sum is pinned; two in one sum are not, until a second sum separates them
    assert recoverable([([a, b], []), ([a, b], [c, d])], {a}) == {a}
    assert recoverable([([a, b], []), ([a, b], [c, d])], {a, b}) == set()
    assert recoverable([([a], [b, c]), ([a], [d])], {b, d}) == {b, d}
    # two equations in two unknowns pin both: a + b = k1, a - b = k2
    assert recoverable([([a, b], []), ([a], [b])], {a, b}) == {a, b}


def test_withheld_adds_the_smallest_complement_until_nothing_is_recoverable() -> None:
    counts = {"t": Counter({("a",): 3, ("b",): 9, ("c",): 20, ("d",): 2, ("e",): 40})}
    a, b, c, e = (("t", (x,)) for x in "abce")
    ties = [([c], [a, b]), ([e], [c, ("t", ("f",))])]
    gone = withheld(counts, ties, 5)
    assert gone == {a, b}  # b is the smallest other non-zero cell of a's link
    assert recoverable(ties, gone) == set()
    assert ("t", ("d",)) not in gone  # a small cell in no link is shown as '<5' by the table


def test_the_bounds_attack_finds_what_the_exact_solution_alone_misses(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the bounds check, cells of the example log are left a single possible value.

    India's closed requests in T2 (20) less the two rows shown in T1 (9 and 9) leave 2 for two
    cells shown '<5': each holds 1, though no exact sum separates them.
    """
    suppression = importlib.import_module("safeguards.engine.audit.suppression")
    monkeypatch.setattr(suppression, "pinned", lambda *_: set())
    log = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"
    rep = compute_tables(catalog, [str(log)], period=Period.parse("2026"), as_of=AS_OF)
    assert attack(rep), "cells bounded to one value should be found"


def _cells(**counts: int) -> tuple[dict[str, Counter[tuple[Any, ...]]], dict[str, CellId]]:
    value = {"t": Counter({(name,): n for name, n in counts.items()})}
    return value, {name: ("t", (name,)) for name in counts}


def test_two_small_cells_that_fill_their_range_are_pinned() -> None:
    value, x = _cells(total=8, a=4, b=4)
    ties = [([x["total"]], [x["a"], x["b"]])]
    assert recoverable(ties, {x["a"], x["b"]}) == set()  # one sum, two unknowns
    assert pinned(value, ties, {x["a"], x["b"]}, 5) == {x["a"], x["b"]}  # 4 + 4 is the only way
    value, x = _cells(total=7, a=3, b=4)
    assert pinned(value, [([x["total"]], [x["a"], x["b"]])], {x["a"], x["b"]}, 5) == set()


def test_two_ones_are_pinned_by_their_lower_bounds() -> None:
    value, x = _cells(total=20, a=1, b=1, c=9, d=9)
    ties = [([x["total"]], [x["a"], x["b"], x["c"], x["d"]])]
    assert pinned(value, ties, {x["a"], x["b"]}, 5) == {x["a"], x["b"]}
    # a withheld complement (at least 5, no upper bound) opens the range again
    assert pinned(value, ties, {x["a"], x["b"], x["c"]}, 5) == set()
    assert withheld(value, ties, 5) == {x["a"], x["b"], x["c"]}


def test_bounds_carry_from_one_sum_to_the_next() -> None:
    # a + b = 5 (a, b small: 1..4); c = a + 3 (c a complement: 5 or more) gives c in 5..7 and
    # a >= 2; c + d = 9 gives d in 2..4. Nothing is single yet. Add d + e = 8 with e small:
    # d = e = 4, so c = 5, a = 2, b = 3: the fourth sum pins every cell through the chain.
    value, x = _cells(total=5, a=2, b=3, c=5, d=4, e=4, k=3, n=9, m=8)
    ties = [
        ([x["total"]], [x["a"], x["b"]]),
        ([x["c"]], [x["a"], x["k"]]),
        ([x["n"]], [x["c"], x["d"]]),
        ([x["m"]], [x["d"], x["e"]]),
    ]
    hidden = {x[name] for name in "abcde"}
    assert recoverable(ties, hidden) == set()
    assert pinned(value, ties, hidden, 5) == hidden
    assert pinned(value, ties[:3], hidden - {x["e"]}, 5) == set()


def test_a_marker_that_says_its_value_is_not_counted_as_pinned() -> None:
    value, x = _cells(total=9, a=1, b=8)
    # '<2' says 1 by itself; nothing can hide it, so it asks for no complement
    assert pinned(value, [([x["total"]], [x["a"], x["b"]])], {x["a"]}, 2) == set()


def test_a_tiny_log_does_not_print_its_size(catalog: Catalog, tmp_path: Path) -> None:
    lines = (ROOT / "examples" / "requests" / "examplecloud-2026.jsonl").read_text().splitlines()
    log = tmp_path / "tiny.jsonl"
    log.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    rep = compute_tables(catalog, [str(log)], period=Period.parse("2026"), as_of=AS_OF)
    assert rep.requests_in_period == "<5"
    markdown = TRANSPARENCY_FORMATS["markdown"]().render(rep)
    assert "fewer than 5 requests received" in markdown.splitlines()[0]
    assert '"requests_in_period": "<5"' in TRANSPARENCY_FORMATS["json"]().render(rep)
    shown = compute_tables(
        catalog, [str(log)], period=Period.parse("2026"), as_of=AS_OF, min_cell=0
    )
    assert shown.requests_in_period == 3
