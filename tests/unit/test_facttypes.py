"""One set of typing rules: profile answers and request-log cells are typed alike."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from safeguards.engine.catalog import facttypes
from safeguards.engine.catalog.facttypes import BAD, coerce, coercer
from safeguards.engine.models import FactSpec, FactType

INT = FactSpec(key="n", type=FactType.INT, minimum=0, maximum=100, question="?")
NUM = FactSpec(key="x", type=FactType.NUMBER, question="?")
BOOL = FactSpec(key="b", type=FactType.BOOL, question="?")
ENUM = FactSpec(key="e", type=FactType.ENUM, values=("a", "b"), question="?")
LIST = FactSpec(key="l", type=FactType.LIST, values=("a", "b"), question="?")
DATE = FactSpec(key="d", type=FactType.DATE, question="?")
MOMENT = FactSpec(key="t", type=FactType.DATETIME, question="?")
TEXT = FactSpec(key="s", type=FactType.TEXT, question="?")
UTC = dt.UTC

CASES: list[tuple[FactSpec, Any, Any]] = [
    (INT, 3, 3),
    (INT, 3.0, 3),
    (INT, 3.5, BAD),
    (INT, True, BAD),
    (INT, -1, BAD),
    (INT, 0, 0),  # the minimum is allowed
    (INT, 100, 100),  # the maximum is allowed
    (INT, 100.0, 100),
    (INT, 101, BAD),
    (NUM, math.inf, BAD),
    (NUM, 2.5, 2.5),
    (BOOL, True, True),
    (BOOL, 1, BAD),
    (BOOL, "yes", BAD),
    (ENUM, "a", "a"),
    (ENUM, "c", BAD),
    (LIST, ["a", "b", "a"], ["a", "b"]),
    (LIST, ["a", "c"], BAD),
    (LIST, "a", BAD),
    (DATE, "2026-02-28", dt.date(2026, 2, 28)),
    (DATE, dt.date(2026, 2, 28), dt.date(2026, 2, 28)),
    (DATE, "2026-02-30", BAD),
    (DATE, dt.datetime(2026, 2, 28, 1, 0), BAD),
    (MOMENT, "2026-02-28T10:00:00", dt.datetime(2026, 2, 28, 10, tzinfo=UTC)),
    (MOMENT, "2026-02-28T10:00:00Z", dt.datetime(2026, 2, 28, 10, tzinfo=UTC)),
    (MOMENT, "soon", BAD),
    (TEXT, "free text", "free text"),
    (TEXT, 12, BAD),
]


@pytest.mark.parametrize(("spec", "raw", "expected"), CASES)
def test_profiles_and_logs_type_answers_alike(spec: FactSpec, raw: Any, expected: Any) -> None:
    typed = coercer(spec)(raw, False)
    value, problem = coerce(spec, raw)
    if expected is BAD:
        assert typed is BAD
        assert value is None and problem
    else:
        assert typed == expected and type(typed) is type(expected)
        assert value == expected and problem is None


@pytest.mark.parametrize(
    ("spec", "cell", "expected"),
    [
        (BOOL, "TRUE", True),
        (BOOL, "no", BAD),
        (INT, "42", 42),
        (INT, "100", 100),
        (INT, "101", BAD),
        (INT, "4.2", BAD),
        (NUM, "4.2", 4.2),
        (LIST, "a; b", ["a", "b"]),
        (LIST, "[]", []),
        (DATE, "2026-01-01", dt.date(2026, 1, 1)),
    ],
)
def test_csv_cells_are_read_as_text(spec: FactSpec, cell: str, expected: Any) -> None:
    assert (
        coercer(spec)(cell, True) == expected
        if expected is not BAD
        else coercer(spec)(cell, True) is BAD
    )


def test_problems_say_what_is_wrong() -> None:
    assert coerce(INT, -1)[1] == "'n' must be at least 0, not -1"
    assert coerce(INT, 101)[1] == "'n' must be at most 100, not 101"
    assert coerce(ENUM, "c")[1] == "'c' is not an allowed value of 'e' (allowed: a, b)"
    assert coerce(LIST, ["a", "c"])[1] == "'c' is not an allowed value of 'l' (allowed: a, b)"
    assert coerce(BOOL, "yes")[1] == "'b' expects true or false, not 'yes'"


def test_every_fact_type_has_a_coercer() -> None:
    assert set(facttypes._COERCERS) == set(FactType)
