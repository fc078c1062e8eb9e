"""The fused-source backend agrees with the closure backend on every truth-table case."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.records import Record
from safeguards.engine.audit.run import Auditor
from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.derive import apply_derivations, compile_derivations
from safeguards.engine.catalog.predicate import compile_predicate
from safeguards.engine.errors import CatalogError
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.logic.codegen import compile_checks, compile_predicate_source
from safeguards.engine.logic.context import context_values
from safeguards.engine.logic.evaluate import decide
from safeguards.engine.models import FactSpec, FactType

ROOT = Path(__file__).resolve().parents[2]
FACTS = {
    "b1": FactSpec(key="b1", type=FactType.BOOL, question="?"),
    "b2": FactSpec(key="b2", type=FactType.BOOL, question="?"),
    "b3": FactSpec(key="b3", type=FactType.BOOL, question="?"),
    "e": FactSpec(key="e", type=FactType.ENUM, values=("x", "y", "z"), question="?"),
    "n": FactSpec(key="n", type=FactType.NUMBER, question="?"),
    "d": FactSpec(key="d", type=FactType.DATE, question="?"),
    "t": FactSpec(key="t", type=FactType.DATETIME, question="?"),
    "l": FactSpec(key="l", type=FactType.LIST, values=("p", "q", "r"), question="?"),
}
TRUTH = (True, False, None)
LEAVES: list[dict[str, Any]] = [
    {"fact": "b1", "equals": True},
    {"fact": "b1", "not_equals": True},
    {"fact": "e", "in": ["x", "y"]},
    {"fact": "e", "not_in": ["x"]},
    {"fact": "n", "lt": 3},
    {"fact": "n", "lte": 3},
    {"fact": "n", "gt": 3},
    {"fact": "n", "gte": 3.5},
    {"fact": "d", "lte": "2026-01-01"},
    {"fact": "t", "gt": "2026-01-01T12:00:00Z"},
    {"fact": "l", "contains": "p"},
    {"fact": "l", "contains_any": ["q", "r"]},
    {"fact": "e", "exists": True},
    {"fact": "e", "exists": False},
]
SAMPLES: dict[str, list[Any]] = {
    "b1": [True, False, None],
    "e": ["x", "z", None],
    "n": [2, 3, 3.5, 4, None],
    "d": [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 2), None],
    "t": [dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), dt.datetime(2026, 1, 2, tzinfo=dt.UTC)],
    "l": [["p"], ["q", "r"], [], None],
}


def both(data: dict[str, Any]) -> tuple[Any, Any]:
    doc = load_yaml("<test>", CatalogError, text="x: 1\n")
    compiled, errors = compile_predicate(data, FACTS, doc, ())
    assert compiled is not None, errors
    return compiled.evaluate, compile_predicate_source(compiled.tree)


def truth_values(b: bool | None) -> dict[str, Any]:
    return {} if b is None else {"b": b}


@pytest.mark.parametrize("leaf", LEAVES, ids=lambda p: next(k for k in p if k != "fact"))
def test_leaves_agree(leaf: dict[str, Any]) -> None:
    closure, fused = both(leaf)
    for value in SAMPLES[leaf["fact"]] + [None]:
        values = {} if value is None else {leaf["fact"]: value}
        assert fused(values) == closure(values), (leaf, value)


@pytest.mark.parametrize("op", ["all", "any"])
def test_combinators_agree_on_the_three_valued_truth_table(op: str) -> None:
    closure, fused = both({op: [{"fact": f"b{i}", "equals": True} for i in (1, 2, 3)]})
    for a, b, c in itertools.product(TRUTH, repeat=3):
        values = {k: v for k, v in (("b1", a), ("b2", b), ("b3", c)) if v is not None}
        assert fused(values) is closure(values), (op, a, b, c)


def test_not_and_nesting_agree() -> None:
    tree = {
        "not": {
            "any": [
                {"fact": "b1", "equals": True},
                {"all": [{"fact": "b2", "equals": False}, {"not": {"fact": "b3", "equals": True}}]},
            ]
        }
    }
    closure, fused = both(tree)
    for a, b, c in itertools.product(TRUTH, repeat=3):
        values = {k: v for k, v in (("b1", a), ("b2", b), ("b3", c)) if v is not None}
        assert fused(values) is closure(values)


def _example_values(catalog: Catalog) -> list[dict[str, Any]]:
    auditor = Auditor(catalog, context_values(catalog, None, dt.date(2026, 11, 29)), "t")
    lines = (ROOT / "examples" / "requests" / "examplecloud-2026.jsonl").read_text().splitlines()
    rng = random.Random(3)
    out = []
    for line in lines[:150]:
        rid, values, problem = auditor.parser.parse(json.loads(line))
        assert problem is None, problem
        for key in rng.sample(sorted(values), k=min(5, len(values))):  # make some facts unknown
            if rng.random() < 0.5:
                values.pop(key)
        out.append(auditor.values(Record(1, rid, values)))
    return out


def test_compiled_checks_decide_like_the_closures(catalog: Catalog) -> None:
    checks = catalog.checks_for("request")
    fused = compile_checks(checks)
    for values in _example_values(catalog):
        assert list(fused(values)) == [decide(c, values) for c in checks]


def test_compiled_derivations_match_the_operators(catalog: Catalog) -> None:
    order = catalog.derivations["request"]
    derive = compile_derivations(order, catalog.tables)
    context = context_values(catalog, None, dt.date(2026, 11, 29))
    lines = (ROOT / "examples" / "requests" / "example-10.jsonl").read_text().splitlines()
    auditor = Auditor(catalog, context, "t")
    for line in lines:
        _, values, _ = auditor.parser.parse(json.loads(line))
        a, b = {**context, **values}, {**context, **values}
        apply_derivations(a, order, catalog.tables)
        derive(b)
        assert a == b
