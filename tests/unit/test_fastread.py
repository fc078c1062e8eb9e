"""The generated record reader agrees with the general parser on every record it reads.

Records: the shipped example logs, generated logs (clean and spoiled), and each of those
records edited at random in the ways a hostile or careless log would be (a key dropped, an
unknown or dotted key added, a value of every wrong type, a ``facts`` envelope, an odd id, a
nested mapping turned into a list). Whenever the generated reader answers, its id, facts and
count of keys equal the general parser's, and the general parser found no problem; whenever the
general parser finds a problem, the generated reader left the record to it.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.records import RecordParser
from safeguards.engine.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
ODD_VALUES: list[Any] = [None, True, False, 0, -1, 2.5, 1e400, "", "x", "2026-13-45", [], [1], {}]


@pytest.fixture(scope="module")
def parsers(catalog: Catalog) -> tuple[RecordParser, RecordParser]:
    facts = catalog.facts["request"]
    return RecordParser(facts), RecordParser(facts, generated=False)


def records() -> list[Any]:
    sys.path.insert(0, str(ROOT / "tools"))
    from generate_requests import lines

    out: list[Any] = []
    for log in sorted((ROOT / "examples" / "requests").glob("*.jsonl")):
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:  # a spoiled line (examplecloud-2026-spoiled.jsonl)
                continue
    for line in lines(600, seed=21, malformed=0.3):
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def _paths(value: Any, here: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path to a key of the nested mappings of a record."""
    found: list[tuple[str, ...]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.append((*here, key))
            found += _paths(inner, (*here, key))
    return found


def edited(record: Any, rng: random.Random) -> Any:
    """Return a copy of a record with one careless or hostile edit."""
    record = copy.deepcopy(record)
    if not isinstance(record, dict):
        return record
    paths = _paths(record)
    path = rng.choice(paths) if paths else ("id",)
    parent = record
    for key in path[:-1]:
        parent = parent[key]
    kind = rng.randrange(9)
    if kind == 0:
        parent.pop(path[-1], None)
    elif kind == 1:
        parent[path[-1]] = rng.choice(ODD_VALUES)
    elif kind == 2:
        parent["no_such_fact"] = True
    elif kind == 3:
        record[".".join(path)] = parent.get(path[-1])
    elif kind == 4:
        rid = record.pop("id", "R")
        record = {"id": rid, "facts": record}
    elif kind == 5:
        record["id"] = rng.choice([7, "", None, ["R"], "R-1"])
    elif kind == 6:
        parent[path[-1]] = [parent.get(path[-1])]
    elif kind == 7:
        record["workflow"] = "wf"
    else:
        parent[path[-1]] = [{"a": 1}, 2]
    return record


def agreeing(parsers: tuple[RecordParser, RecordParser], reader: str, cases: list[Any]) -> int:
    """Check a generated reader against the general parser on every case; return its reads.

    Whenever the generated reader answers, its id, facts and count of keys are the general
    parser's, which found no problem; whenever it leaves a record, parsing it gives the general
    parser's answer.
    """
    fast, slow = parsers
    read = getattr(fast, reader)
    answered = 0
    for raw in cases:
        expected = slow.parse(raw)
        quick = read(raw) if read is not None else None
        if quick is None:
            assert fast.parse(raw) == expected and fast.keys_seen == slow.keys_seen
            continue
        answered += 1
        rid, values, seen = quick
        assert expected[2] is None, (expected[2], raw)
        assert (rid, values) == expected[:2]
        assert seen == slow.keys_seen, raw
        assert fast.parse(raw)[:2] == expected[:2]
    return answered


def test_the_generated_reader_agrees_with_the_general_parser(
    parsers: tuple[RecordParser, RecordParser],
) -> None:
    rng = random.Random(5)
    base = records()
    cases = base + [edited(r, rng) for r in base for _ in range(3)]
    answered = agreeing(parsers, "fast", cases)
    clean = sum(1 for raw in base if parsers[1].parse(raw)[2] is None)
    assert answered >= clean, "every clean record goes through the generated reader"
    assert answered < len(cases), "edited records fall back on the general parser"


def test_the_general_parser_is_still_there_for_csv_cells(
    parsers: tuple[RecordParser, RecordParser],
) -> None:
    """Cell text (CSV) is typed by the general parser: the generated reader reads JSON only."""
    fast, slow = parsers
    row = {"id": "R-1", "facts": {"intake": {"channel": "portal"}}}
    assert fast.parse(row, text=True) == slow.parse(row, text=True)


def flattened(record: Any, prefix: str = "") -> Any:
    """A record as a table exported to JSON lines has it: every fact under its dotted key."""
    if not isinstance(record, dict):
        return record
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and key != "facts":
            out.update(flattened(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_the_flat_reader_agrees_with_the_general_parser(
    parsers: tuple[RecordParser, RecordParser],
) -> None:
    """Flat records (sqlite3 -json, pandas' JSON lines), clean and edited, read alike."""
    rng = random.Random(6)
    base = [flattened(r) for r in records()]
    mixed = []  # a fact given both flat and nested, or a nesting beside flat keys
    for raw in base[:200]:
        if isinstance(raw, dict) and "authority.country" in raw:
            both = dict(raw, authority={"country": raw["authority.country"]})
            mixed += [both, dict(raw, review={"escalated_to": "legal_counsel"})]
        if isinstance(raw, dict) and "review.approvals" in raw:
            mixed.append(dict(raw, **{"review.approvals.role": ["legal_counsel"]}))  # twice
            mixed.append(dict(raw, **{"review.approvals": [{"no_such_field": 1}]}))
            for odd in (["legal_counsel"], [{"role": "legal_counsel"}, 2], [None]):
                mixed.append(dict(raw, **{"review.approvals": odd}))  # a list not of mappings
    cases = base + mixed + [edited(r, rng) for r in base for _ in range(3)]
    answered = agreeing(parsers, "flat", cases)
    clean = sum(1 for raw in base if parsers[1].parse(raw)[2] is None)
    assert answered >= clean, "every clean flat record goes through the flat reader"
    assert answered < len(cases)
