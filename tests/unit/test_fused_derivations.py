"""The fused derivations the audit runs agree with the reference operators on every input.

The audit computes derived facts with one generated function per catalog
(``compile_derivations_source``); ``apply_derivations`` is the readable reference that `check`
uses. For every operator, random and edge inputs (equal dates and moments, a date against a
date-time, unknowns, empty lists, booleans where text is looked up) must give the same derived
values, the same unknowns included.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

from safeguards.engine.catalog.derive import apply_derivations
from safeguards.engine.logic.derivegen import compile_derivations_source
from safeguards.engine.models import Derivation, FactSpec, FactType

ABSENT = object()
ROUNDS = 400
DAY = dt.date(2026, 3, 1)
MOMENTS: list[Any] = [
    ABSENT,
    DAY,
    dt.date(2026, 3, 2),
    dt.datetime(2026, 3, 1, tzinfo=dt.UTC),  # the same instant as DAY
    dt.datetime(2026, 3, 1, 0, 0),  # naive: read as UTC
    dt.datetime(2026, 3, 1, 23, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
]
TEXTS: list[Any] = [ABSENT, "a", "b", "d"]
LISTS: list[Any] = [ABSENT, [], ["a"], ["a", "a"], ["a", "b"], ["d"], ["a", "d"]]
SCALARS: list[Any] = [ABSENT, "a", "b", 0, 1, True, False, DAY, dt.date(2026, 3, 2)]
NUMBERS: list[Any] = [ABSENT, 0, 1, 1.0, 2, -1]
TABLES = {"t": {"x": "X", "y": ["Y1", "Y2"], "true": "T", "false": ["F"]}}

Domain = dict[str, list[Any]]
CASES: list[tuple[str, Derivation, Domain]] = [
    ("hours", Derivation(op="hours_between", start="s", end="e"), {"s": MOMENTS, "e": MOMENTS}),
    ("days", Derivation(op="days_between", start="s", end="e"), {"s": MOMENTS, "e": MOMENTS}),
    (
        "subset-of-fact",
        Derivation(op="subset_of", fact="f", of="o"),
        {"f": TEXTS + LISTS, "o": LISTS},
    ),
    (
        "subset-of-among",
        Derivation(op="subset_of", fact="f", among=("a", "b")),
        {"f": TEXTS + LISTS},
    ),
    ("same-2", Derivation(op="same_value", facts=("a", "b")), {"a": SCALARS, "b": SCALARS}),
    (
        "same-3",
        Derivation(op="same_value", facts=("a", "b", "c")),
        {"a": SCALARS, "b": SCALARS, "c": SCALARS},
    ),
    ("count", Derivation(op="count_distinct", fact="f"), {"f": LISTS}),
    (
        "lookup",
        Derivation(op="lookup", fact="f", table="t"),
        {"f": [ABSENT, "x", "y", "z", True, False, [], ["x", "z"], ["x", "y", "true"]]},
    ),
    ("any-in", Derivation(op="any_in", fact="f", among=("a", "b")), {"f": TEXTS + LISTS}),
    (
        "first-known",
        Derivation(op="first_known", facts=("a", "b", "c")),
        {"a": [ABSENT, "a", False, 0], "b": [ABSENT, "b", True], "c": [ABSENT, "c"]},
    ),
    ("union", Derivation(op="union", facts=("a", "b")), {"a": TEXTS + LISTS, "b": LISTS}),
    (
        "union-3",
        Derivation(op="union", facts=("a", "b", "c")),
        {"a": LISTS, "b": TEXTS + LISTS, "c": LISTS},
    ),
    (
        "all-known",
        Derivation(op="all_known", facts=("a", "b")),
        {"a": [ABSENT, "a", False], "b": [ABSENT, 0, []]},
    ),
    ("at-most-moments", Derivation(op="at_most", facts=("a", "b")), {"a": MOMENTS, "b": MOMENTS}),
    ("at-most-numbers", Derivation(op="at_most", facts=("a", "b")), {"a": NUMBERS, "b": NUMBERS}),
    (
        "at-most-3",
        Derivation(op="at_most", facts=("a", "b", "c")),
        {"a": NUMBERS, "b": NUMBERS, "c": NUMBERS},
    ),
    (
        "at-most-mixed",
        Derivation(op="at_most", facts=("a", "b")),
        {"a": [ABSENT, DAY, 1], "b": [ABSENT, DAY, 2]},
    ),
    (
        "select",
        Derivation(op="select", fact="f", prefix="p"),
        {
            "f": [ABSENT, "a", "b", True, False],
            "p.a": [ABSENT, "A", False],
            "p.true": [ABSENT, "T"],
            "p.default": [ABSENT, "D"],
        },
    ),
]


def _spec(derive: Derivation) -> FactSpec:
    return FactSpec(key="out", type=FactType.TEXT, question="?", derive=derive)


def _inputs(domain: Domain, rng: random.Random) -> dict[str, Any]:
    return {k: v for k, choices in domain.items() if (v := rng.choice(choices)) is not ABSENT}


def _both(derive: Derivation) -> tuple[Callable[[dict[str, Any]], None], ...]:
    order = [_spec(derive)]
    fused = compile_derivations_source(order, TABLES)

    def reference(values: dict[str, Any]) -> None:
        apply_derivations(values, order, TABLES)

    return reference, fused


@pytest.mark.parametrize(("name", "derive", "domain"), CASES, ids=[c[0] for c in CASES])
def test_fused_derivation_agrees_with_the_reference(
    name: str, derive: Derivation, domain: Domain
) -> None:
    reference, fused = _both(derive)
    rng = random.Random(name)
    for _ in range(ROUNDS):
        values = _inputs(domain, rng)
        a, b = dict(values), dict(values)
        reference(a)
        fused(b)
        assert a == b, (name, values, a.get("out", "unknown"), b.get("out", "unknown"))
        assert type(a.get("out")) is type(b.get("out")), (name, values)


def _derived(derive: Derivation, **values: Any) -> Any:
    reference, fused = _both(derive)
    a, b = dict(values), dict(values)
    reference(a)
    fused(b)
    assert a == b
    return a.get("out")


def test_equal_moments_are_at_most_each_other() -> None:
    at_most = Derivation(op="at_most", facts=("a", "b"))
    assert _derived(at_most, a=DAY, b=DAY) is True
    assert _derived(at_most, a=DAY, b=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)) is True
    assert _derived(at_most, a=dt.date(2026, 3, 2), b=DAY) is False
    assert _derived(at_most, a=DAY) is None


def test_same_value_is_unknown_when_one_side_is() -> None:
    same = Derivation(op="same_value", facts=("a", "b"))
    assert _derived(same, a="x") is None
    assert _derived(same, b="x") is None
    assert _derived(same, a="x", b="x") is True
    assert _derived(same, a="x", b="y") is False


def test_hours_between_the_same_instant_is_zero() -> None:
    hours = Derivation(op="hours_between", start="s", end="e")
    assert _derived(hours, s=DAY, e=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)) == 0
    assert _derived(hours, s=DAY, e=dt.date(2026, 3, 2)) == 24
    assert _derived(hours, e=DAY) is None


def test_empty_lists_are_known() -> None:
    assert _derived(Derivation(op="count_distinct", fact="f"), f=[]) == 0
    assert _derived(Derivation(op="any_in", fact="f", among=("a",)), f=[]) is False
    assert _derived(Derivation(op="subset_of", fact="f", among=("a",)), f=[]) is True
    assert _derived(Derivation(op="union", facts=("a", "b")), a=[], b=[]) == []


CHAIN = [
    FactSpec(key="d.early", type=FactType.TEXT, question="?", derive=Derivation(op="first_known", facts=("d.first", "a"))),
    FactSpec(key="d.flags", type=FactType.LIST, question="?", derive=Derivation(op="lookup", fact="f", table="t")),
    FactSpec(key="d.first", type=FactType.TEXT, question="?", derive=Derivation(op="first_known", facts=("a", "d.flags"))),
    FactSpec(key="d.same", type=FactType.BOOL, question="?", derive=Derivation(op="same_value", facts=("a", "d.first"))),
    FactSpec(key="d.in", type=FactType.BOOL, question="?", derive=Derivation(op="any_in", fact="a", among=("a", "X"))),
    FactSpec(key="d.sub", type=FactType.BOOL, question="?", derive=Derivation(op="subset_of", fact="d.flags", of="l")),
    FactSpec(key="d.all", type=FactType.BOOL, question="?", derive=Derivation(op="all_known", facts=("a", "d.same", "f"))),
    FactSpec(key="d.pick", type=FactType.TEXT, question="?", derive=Derivation(op="select", fact="a", prefix="p")),
    FactSpec(key="d.union", type=FactType.LIST, question="?", derive=Derivation(op="union", facts=("l", "d.flags"))),
]  # fmt: skip
"""Derived facts that read the same inputs and each other, as a catalog's do."""


def test_a_chain_of_derivations_reads_each_fact_once_and_agrees_with_the_reference() -> None:
    """Later derivations read earlier ones; a value held before its derivation is replaced.

    ``d.early`` reads ``d.first`` before it is derived (a value the record held); ``d.same``
    reads it after, and must see the derived value, not the one looked up before.

    The fused function looks each fact up once (the keys ``select`` builds excepted), yet
    gives the reference's values on random inputs, unknowns and stale derived values included.
    """
    fused = compile_derivations_source(CHAIN, TABLES)
    domain: Domain = {
        "a": [ABSENT, "a", "b", "X"],
        "f": [ABSENT, "x", "y", "true", ["x", "y"], "zz"],
        "l": LISTS,
        "p.a": [ABSENT, "A"],
        "p.default": [ABSENT, "D"],
        "d.first": [ABSENT, "stale"],  # held before it is derived: the derivation decides
        "d.same": [ABSENT, True],
    }
    rng = random.Random("chain")

    class Counting(dict[str, Any]):
        asked: list[str]

        def get(self, key: str, default: Any = None) -> Any:
            self.asked.append(key)
            return super().get(key, default)

    for _ in range(ROUNDS):
        values = _inputs(domain, rng)
        a = dict(values)
        apply_derivations(a, CHAIN, TABLES)
        b = Counting(values)
        b.asked = []
        fused(b)
        assert dict(b) == a, values
        static = [k for k in b.asked if k not in {"p.a", "p.b", "p.X"}]
        assert len(static) == len(set(static)), b.asked
