"""How a record's bad value is named in its error: small numbers and words as they are, the rest
by kind, so that a message never echoes free text, an identifier or a large number.

Both readers (the ones generated for the catalog and the general walk) name it the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import RecordParser, shown
from safeguards.engine.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "requests" / "example-10.jsonl"


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (9_999, "9999"),
        (-9_999, "-9999"),
        (10_000, "a large number"),
        (-10_000, "a large number"),
        (9_999.5, "9999.5"),
        (10_000.0, "a large number"),
        (0, "0"),
        (True, "true"),
        (False, "false"),
        ("zzz", "'zzz'"),
        ("a_123", "'a_123'"),
        ("a_1234", "text"),
        ("case2024x", "text"),
        ("Judicial", "text"),
        ("a" * 40, "'" + "a" * 40 + "'"),
        ("a" * 41, "text"),
        ("two words", "text"),
        (None, "nothing"),
        ({}, "a mapping"),
        ([], "a list"),
    ],
)
def test_a_bad_value_is_named_without_echoing_what_it_may_reveal(value: Any, named: str) -> None:
    assert shown(value) == named


def _read(catalog: Catalog, record: dict[str, Any], generated: bool) -> Any:
    parser = RecordParser(catalog.facts["request"], generated=generated)
    (got,) = read_jsonl([json.dumps(record).encode()], parser)
    return got


def _first() -> dict[str, Any]:
    first: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8").splitlines()[0])
    return first


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["DE police", 1], "'authority.name' expects text, not a list"),
        ([1, 2], "'authority.name' expects text, not a list"),
        (9_999, "'authority.name' expects text, not 9999"),
        (10_000, "'authority.name' expects text, not a large number"),
        (True, "'authority.name' expects text, not true"),
    ],
)
def test_a_text_field_refuses_a_list_that_is_not_all_text(
    catalog: Catalog, generated: bool, value: Any, message: str
) -> None:
    record = _first()
    record["authority"]["name"] = value
    got = _read(catalog, record, generated)
    assert got.problem is not None
    assert got.problem.message == message


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
def test_a_text_field_takes_a_list_of_texts_as_one_text(catalog: Catalog, generated: bool) -> None:
    record = _first()
    record["authority"]["name"] = ["Federal Police", "cyber unit"]
    got = _read(catalog, record, generated)
    assert got.problem is None
    assert got.values["authority.name"] == "Federal Police; cyber unit"


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
@pytest.mark.parametrize(
    ("value", "named"),
    [("zzz", "'zzz'"), ("case2024x", "text"), (10_000, "a large number"), (9_999, "9999")],
)
def test_an_enum_field_names_the_value_it_refuses(
    catalog: Catalog, generated: bool, value: Any, named: str
) -> None:
    record = _first()
    record["legal_process"]["type"] = value
    got = _read(catalog, record, generated)
    assert got.problem is not None
    assert got.problem.message == (
        f"'legal_process.type' expects one of its allowed values, not {named}"
    )
