"""The predicate language: Kleene truth tables, every leaf operator, traces, compile errors."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from safeguards.engine.catalog.predicate import Compiled, compile_predicate
from safeguards.engine.errors import CatalogError
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.models import FactSpec, FactType

FACTS = {
    "b1": FactSpec(key="b1", type=FactType.BOOL, question="?"),
    "b2": FactSpec(key="b2", type=FactType.BOOL, question="?"),
    "b3": FactSpec(key="b3", type=FactType.BOOL, question="?"),
    "e": FactSpec(key="e", type=FactType.ENUM, values=("x", "y", "z"), question="?"),
    "n": FactSpec(key="n", type=FactType.INT, question="?"),
    "f": FactSpec(key="f", type=FactType.NUMBER, question="?"),
    "d": FactSpec(key="d", type=FactType.DATE, question="?"),
    "t": FactSpec(key="t", type=FactType.DATETIME, question="?"),
    "s": FactSpec(key="s", type=FactType.TEXT, question="?"),
    "l": FactSpec(key="l", type=FactType.LIST, values=("p", "q", "r"), question="?"),
}
TRUTH = (True, False, None)


def compile_(data: dict[str, Any]) -> Compiled:
    doc = load_yaml("<test>", CatalogError, text="x: 1\n")
    compiled, errors = compile_predicate(data, FACTS, doc, ())
    assert not errors, errors
    assert compiled is not None
    return compiled


def values(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


def kleene_and(*xs: bool | None) -> bool | None:
    if False in xs:
        return False
    return None if None in xs else True


def kleene_or(*xs: bool | None) -> bool | None:
    if True in xs:
        return True
    return None if None in xs else False


LEAF = {"fact": "b1", "equals": True}


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTH, TRUTH)))
def test_all_truth_table(a: bool | None, b: bool | None) -> None:
    p = compile_({"all": [{"fact": "b1", "equals": True}, {"fact": "b2", "equals": True}]})
    assert p.evaluate(values(b1=a, b2=b)) is kleene_and(a, b)
    assert p.trace(values(b1=a, b2=b)).result is kleene_and(a, b)


@pytest.mark.parametrize(("a", "b"), list(itertools.product(TRUTH, TRUTH)))
def test_any_truth_table(a: bool | None, b: bool | None) -> None:
    p = compile_({"any": [{"fact": "b1", "equals": True}, {"fact": "b2", "equals": True}]})
    assert p.evaluate(values(b1=a, b2=b)) is kleene_or(a, b)
    assert p.trace(values(b1=a, b2=b)).result is kleene_or(a, b)


@pytest.mark.parametrize("a", TRUTH)
def test_not_truth_table(a: bool | None) -> None:
    p = compile_({"not": LEAF})
    expected = None if a is None else not a
    assert p.evaluate(values(b1=a)) is expected
    assert p.trace(values(b1=a)).result is expected


@pytest.mark.parametrize(("a", "b", "c"), list(itertools.product(TRUTH, TRUTH, TRUTH)))
def test_nested_three_valued(a: bool | None, b: bool | None, c: bool | None) -> None:
    p = compile_(
        {
            "all": [
                {"fact": "b1", "equals": True},
                {"any": [{"fact": "b2", "equals": True}, {"not": {"fact": "b3", "equals": True}}]},
            ]
        }
    )
    not_c = None if c is None else not c
    expected = kleene_and(a, kleene_or(b, not_c))
    assert p.evaluate(values(b1=a, b2=b, b3=c)) is expected


LEAVES = [
    ({"fact": "e", "equals": "x"}, {"e": "x"}, True),
    ({"fact": "e", "equals": "x"}, {"e": "y"}, False),
    ({"fact": "e", "not_equals": "x"}, {"e": "y"}, True),
    ({"fact": "e", "not_equals": "x"}, {"e": "x"}, False),
    ({"fact": "e", "in": ["x", "y"]}, {"e": "y"}, True),
    ({"fact": "e", "in": ["x", "y"]}, {"e": "z"}, False),
    ({"fact": "e", "not_in": ["x", "y"]}, {"e": "z"}, True),
    ({"fact": "e", "not_in": ["x", "y"]}, {"e": "x"}, False),
    ({"fact": "n", "lt": 3}, {"n": 2}, True),
    ({"fact": "n", "lt": 3}, {"n": 3}, False),
    ({"fact": "n", "lte": 3}, {"n": 3}, True),
    ({"fact": "n", "lte": 3}, {"n": 4}, False),
    ({"fact": "f", "gt": 1.5}, {"f": 2.0}, True),
    ({"fact": "f", "gt": 1.5}, {"f": 1.5}, False),
    ({"fact": "f", "gte": 1.5}, {"f": 1.5}, True),
    ({"fact": "f", "gte": 1.5}, {"f": 1.0}, False),
    ({"fact": "d", "lt": "2024-01-01"}, {"d": dt.date(2023, 12, 31)}, True),
    ({"fact": "d", "gte": dt.date(2024, 1, 1)}, {"d": dt.date(2023, 12, 31)}, False),
    (
        {"fact": "t", "lt": "2024-01-01T00:00:00Z"},
        {"t": dt.datetime(2023, 12, 31, 23, 0, tzinfo=dt.UTC)},
        True,
    ),
    ({"fact": "s", "equals": "abc"}, {"s": "abc"}, True),
    ({"fact": "l", "contains": "p"}, {"l": ["p", "q"]}, True),
    ({"fact": "l", "contains": "r"}, {"l": ["p", "q"]}, False),
    ({"fact": "l", "contains_any": ["r", "q"]}, {"l": ["p", "q"]}, True),
    ({"fact": "l", "contains_any": ["r"]}, {"l": []}, False),
    ({"fact": "b1", "exists": True}, {"b1": False}, True),
    ({"fact": "b1", "exists": False}, {"b1": False}, False),
]


@pytest.mark.parametrize(("pred", "given", "expected"), LEAVES)
def test_leaf_operators(pred: dict[str, Any], given: dict[str, Any], expected: bool) -> None:
    p = compile_(pred)
    assert p.evaluate(given) is expected
    trace = p.trace(given)
    assert trace.result is expected
    assert trace.decisive == [pred["fact"]]


OPERATORS = {next(k for k in p if k != "fact"): p for p, _, _ in LEAVES}


@pytest.mark.parametrize("op", sorted(OPERATORS))
def test_every_leaf_operator_against_unknown(op: str) -> None:
    pred = OPERATORS[op]
    p = compile_(pred)
    if op == "exists":
        assert p.evaluate({}) is (not pred["exists"])
        assert p.trace({}).missing == []
    else:
        assert p.evaluate({}) is None
        assert p.trace({}).missing == [pred["fact"]]


def test_exists_is_never_unknown() -> None:
    assert compile_({"fact": "b1", "exists": True}).evaluate({}) is False
    assert compile_({"fact": "b1", "exists": False}).evaluate({}) is True


def test_trace_of_false_all_names_only_the_false_part() -> None:
    p = compile_({"all": [{"fact": "b1", "equals": True}, {"fact": "e", "equals": "x"}]})
    trace = p.trace({"b1": False})
    assert trace.result is False
    assert trace.decisive == ["b1"]
    assert trace.missing == []


def test_trace_of_unknown_lists_the_missing_facts() -> None:
    p = compile_({"any": [{"fact": "b1", "equals": True}, {"fact": "e", "equals": "x"}]})
    trace = p.trace({"b1": False})
    assert trace.result is None
    assert trace.missing == ["e"]
    assert trace.decisive == ["b1"]


def test_describe_reads_as_a_sentence() -> None:
    p = compile_(
        {"all": [{"fact": "e", "in": ["y", "x"]}, {"not": {"fact": "b1", "equals": True}}]}
    )
    assert p.tree.describe() == "(e is one of [x, y] and not (b1 is true))"


BAD = [
    ({"fact": "nope", "equals": True}, "unknown fact 'nope'"),
    ({"fact": "e", "equals": "w"}, "'w' is not an allowed value of 'e'"),
    ({"fact": "b1", "lt": 1}, "'lt' compares numbers or dates"),
    ({"fact": "e", "contains": "x"}, "'contains' needs a list fact"),
    ({"fact": "l", "equals": "p"}, "'l' is a list: use contains or contains_any"),
    ({"fact": "n", "equals": "3"}, "'3' is not a valid int for 'n'"),
    ({"fact": "d", "lt": "yesterday"}, "'yesterday' is not a valid date for 'd'"),
    ({"fact": "e", "in": []}, "'in' takes a non-empty list of values"),
    ({"fact": "b1"}, "exactly one operator (found: none)"),
    ({"all": []}, "'all' takes a non-empty list of predicates"),
    ({"all": [LEAF], "any": [LEAF]}, "must stand alone"),
    ({"fact": "b1", "eq": True}, "unknown predicate operator 'eq'"),
    ({"equals": True}, "needs 'fact'"),
    ([LEAF], "a predicate must be a mapping"),
    ({"fact": "b1", "exists": "yes"}, "'exists' takes true or false"),
]


@pytest.mark.parametrize(("pred", "message"), BAD)
def test_compile_errors(pred: Any, message: str) -> None:
    doc = load_yaml("<test>", CatalogError, text="x: 1\n")
    compiled, errors = compile_predicate(pred, FACTS, doc, ())
    assert compiled is None
    assert any(message in e.message for e in errors), [e.message for e in errors]


def _random_predicate(rng: Any, depth: int) -> dict[str, Any]:
    if depth == 0 or rng.random() < 0.3:
        fact = rng.choice(["b1", "b2", "b3", "e", "n"])
        if fact == "e":
            if rng.random() < 0.5:
                return {"fact": "e", "equals": rng.choice(["x", "y"])}
            return {"fact": "e", "in": rng.choice([["x"], ["x", "y"]])}
        if fact == "n":
            return {"fact": "n", rng.choice(["lt", "gte"]): rng.randrange(0, 4)}
        return {"fact": fact, rng.choice(["equals", "exists"]): rng.choice([True, False])}
    op = rng.choice(["all", "any", "not"])
    if op == "not":
        return {"not": _random_predicate(rng, depth - 1)}
    return {op: [_random_predicate(rng, depth - 1) for _ in range(rng.randrange(1, 4))]}


def test_the_built_tracer_traces_as_the_tree_walk_does() -> None:
    """Differential: result, decisive and missing facts (in order) equal the reference walk's."""
    import random

    from safeguards.engine.catalog import predicate

    rng = random.Random(11)
    for _ in range(3000):
        data = _random_predicate(rng, rng.randrange(0, 5))
        p = compile_(data)
        given = values(
            b1=rng.choice(TRUTH), b2=rng.choice(TRUTH), b3=rng.choice(TRUTH),
            e=rng.choice(["x", "y", "z", None]), n=rng.choice([0, 1, 2, 3, None]),
        )  # fmt: skip
        got, want = p.trace(given), predicate._trace(p.tree, given)
        assert (got.result, got.decisive, got.missing) == (
            want.result,
            want.decisive,
            want.missing,
        ), data
        assert got.result is p.evaluate(given)
