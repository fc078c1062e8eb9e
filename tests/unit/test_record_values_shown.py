"""How a record's bad value is named in its error: small numbers and words as they are, the rest
by kind, so that a message never echoes free text, an identifier or a large number.

Both readers (the ones generated for the catalog and the general walk) name it the same way.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.readers import read_csv, read_jsonl
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


def _set(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set ``value`` at ``path`` ('a/b': nested keys, 'a.b': one dotted key) in a copy."""
    copy: dict[str, Any] = json.loads(json.dumps(record))
    *parents, last = path.split("/")
    node = copy
    for key in parents:
        node = node[key]
    node[last] = value
    return copy


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("authority/id", "x", "unknown fact 'authority.id' (did you mean 'authority.type'?)"),
        ("authority", "Police", "'authority' must be a mapping, not text"),
        ("authority", 12, "'authority' must be a mapping, not 12"),
        (
            "authority.name",
            "X",
            "'authority.name' is given twice (dotted and nested, or repeated): which is meant?",
        ),
        (
            "data/categories_requested",
            [1],
            "'data.categories_requested' expects a list of its allowed values, not a list",
        ),
        (
            "review",
            {"approvals": [{"role": 1, "person": "p"}]},
            "'review.approvals.role' expects a list of its allowed values",
        ),
        (
            "review",
            {"approvals": [{"role": "legal_counsel", "role2": "p"}]},
            "unknown fact 'review.approvals.role2' (did you mean 'review.approvals.role'?)",
        ),
        (
            "derived.acted",
            True,
            "'derived.acted' is computed by the audit and cannot be given in a record",
        ),
        (
            "derived",
            {"acted": True},
            "'derived' is computed by the audit and cannot be given in a record",
        ),
    ],
)
def test_both_readers_explain_a_malformed_record_alike(
    catalog: Catalog, generated: bool, path: str, value: Any, message: str
) -> None:
    got = _read(catalog, _set(_first(), path, value), generated)
    assert got.problem is not None
    assert got.problem.message == message


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
def test_an_empty_csv_cell_is_no_answer_and_a_filled_one_is_typed(
    catalog: Catalog, generated: bool
) -> None:
    text = "id,authority.country,targets.bulk,targets.accounts_count\nR1,,,\nR2,DE,false,3\n"
    parser = RecordParser(catalog.facts["request"], generated=generated)
    got = list(read_csv(io.BytesIO(text.encode()), parser))
    assert [(r.id, r.problem, r.values) for r in got] == [
        ("R1", None, {}),
        (
            "R2",
            None,
            {"authority.country": "DE", "targets.bulk": False, "targets.accounts_count": 3},
        ),
    ]


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
@pytest.mark.parametrize(
    ("line", "rid", "outcome"),
    [
        ('{"id": [1], "authority": {"country": "DE"}}', None, "'id' must be text"),
        ('{"id": "R1", "facts": [1]}', "R1", "'facts' must be a mapping"),
        (
            '{"id": "R1", "facts": {"authority": {"country": "DE"}}, "authority": {}}',
            "R1",
            "'authority' stands beside 'facts': put it inside, or drop 'facts'",
        ),
        ('{"authority": {"country": "DE"}}', None, "the record has no 'id'"),
        ('{"id": "", "authority": {"country": "DE"}}', None, "the record has no 'id'"),
        ("[1, 2]", None, "a record must be a JSON object"),
        ('{"id": 7, "facts": {"authority": {"country": "DE"}}}', "7", {"authority.country": "DE"}),
        ('{"id": "R1", "authority.type": null}', "R1", {}),
    ],
)
def test_both_readers_read_a_records_envelope_alike(
    catalog: Catalog, generated: bool, line: str, rid: str | None, outcome: Any
) -> None:
    """The id and the optional 'facts' wrapper: what is read, or why not."""
    parser = RecordParser(catalog.facts["request"], generated=generated)
    (got,) = read_jsonl([line.encode()], parser)
    assert got.id == rid
    if isinstance(outcome, str):
        assert got.problem is not None and got.problem.message == outcome
    else:
        assert got.problem is None and got.values == outcome


@pytest.mark.parametrize("first", [1, 7])
def test_a_pipe_silent_from_the_start_stops_at_the_first_line_it_waits_for(
    monkeypatch: pytest.MonkeyPatch, first: int
) -> None:
    """A part of a log read from its middle names the line it waited for, not one after."""
    from safeguards.engine.audit.readers import HashingReader
    from safeguards.engine.errors import InputErrors

    monkeypatch.setenv("SAFEGUARDS_READ_TIMEOUT", "0.3")
    read, write = os.pipe()
    with (
        os.fdopen(read, "rb") as stream,
        os.fdopen(write, "wb"),
        pytest.raises(InputErrors) as caught,
    ):
        list(HashingReader(stream, "log.jsonl", first=first))
    where = caught.value.errors[0].location
    assert (where.path, where.line, where.column) == ("log.jsonl", first, 1)
    assert caught.value.errors[0].message.startswith("nothing to read for 0.3 s")


@pytest.mark.parametrize("generated", [True, False], ids=["generated", "general"])
def test_a_line_past_the_limit_is_an_unreadable_record_saying_why(
    catalog: Catalog, generated: bool
) -> None:
    from safeguards.engine.audit.readers import MAX_LINE, HashingReader

    line = b'{"id": "R1", "note": "' + b"x" * MAX_LINE + b'"}\n'
    parser = RecordParser(catalog.facts["request"], generated=generated)
    (got,) = read_jsonl(HashingReader(io.BytesIO(line), "log.jsonl"), parser)
    assert got.problem is not None and got.problem.line == 1
    assert got.problem.message == (
        f"the line is longer than {MAX_LINE:,} bytes: not a request record"
    )
