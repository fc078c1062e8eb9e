"""No withheld count of the transparency tables can be recomputed from what the report publishes.

The attacker here reads only the published report: the heading's number of requests and the
cells of T1, T2, T4, T5 and T10. It writes down every sum those tables satisfy (a row's total,
the grand total, T2 against T1 by country, the accounts of T5 against those of T10) and solves
the system exactly (rational Gaussian elimination): a withheld cell is recovered when its
unit vector lies in the row space of the system. The same sums are written here from the
meaning of the tables, not taken from ``engine.audit.suppression``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.suppression import recoverable, withheld
from safeguards.engine.audit.transparency import Period, TransparencyReport, compute_tables
from safeguards.engine.catalog import Catalog
from safeguards.engine.models.transparency import Table

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


def attack(rep: TransparencyReport) -> list[Term]:
    tables = {t.id: t for t in rep.tables}
    t1, t2 = _rows(tables["T1"], 2), _rows(tables["T2"], 1)
    t4, t5, t10 = _rows(tables["T4"], 1), _rows(tables["T5"], 2), _rows(tables["T10"], 2)
    s = System()
    n = rep.requests_in_period
    s.equation([(1, ("T5", k, "requests"), r["requests"]) for k, r in t5.items()], n)
    s.equation([(1, ("T10", k, "requests"), r["requests"]) for k, r in t10.items()], n)
    s.equation(
        [(1, ("T1", k, "requests"), r["requests"]) for k, r in t1.items()]
        + [(1, ("T4", k, "requests"), r["requests"]) for k, r in t4.items()],
        n,
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
    return s.recovered()


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


def generated_log(tmp: Path, n: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT / "tools"))
    from generate_requests import generate

    log = tmp / f"log-{n}-{seed}.jsonl"
    with log.open("w", encoding="utf-8") as out:
        for record in generate(n, seed=seed):
            out.write(json.dumps(record) + "\n")
    return log


@pytest.mark.parametrize(
    ("n", "seed", "min_cell"), [(300, 1, 5), (1200, 7, 5), (800, 3, 10), (120, 11, 3)]
)
def test_no_withheld_cell_is_recovered_from_the_published_sums(
    catalog: Catalog, tmp_path: Path, n: int, seed: int, min_cell: int
) -> None:
    log = generated_log(tmp_path, n, seed)
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
    log = generated_log(tmp_path, 300, 1)
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
