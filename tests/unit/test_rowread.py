"""The reader generated per header reads every CSV and database row as the general parser does.

Rows: the records of the shipped example logs and of a spoiled generated log, flattened to one
column per dotted fact (as tools/jsonl_to_csv.py and tools/jsonl_to_sqlite.py write them), each
also edited at random the ways a careless export would be: a cell emptied, or given a value of
every odd shape (text that is no answer of the fact, upper case, blanks, numbers where text is
expected, 1 and 0 and 2, a whole REAL, a BLOB, an id that is a number or is missing, an unknown
column). The same log is read twice, with the generated reader and without it: the records
(line, id, facts, problem and its place) are equal, and the generated reader read most rows.
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.database import Selection, read_database
from safeguards.engine.audit.readers import HashingReader, read_csv
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.catalog import Catalog
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from generate_requests import lines
from jsonl_to_csv import cells, text
from jsonl_to_sqlite import typed

ODD_TEXT = ["", "x", "TRUE", " true", "1", "0", "2", "3.0", "2.5", "-1", "1e400", "2026-13-45",
            "2026-03-01", "2026-03-01 10:00:00", "a;b", "[]", "DE", "court", "none"]  # fmt: skip
ODD_NATIVE: list[Any] = [None, 0, 1, 2, -1, 1.0, 3.0, 2.5, 10**15, b"x", "", "true", "DE"]


def records() -> list[dict[str, Any]]:
    out = []
    logs = sorted((ROOT / "examples" / "requests").glob("*.jsonl"))
    texts = [line for log in logs for line in log.read_text(encoding="utf-8").splitlines()]
    for line in [*texts, *lines(400, seed=8, malformed=0.3)]:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            out.append(record)
    return out


def table(leaf: Any, odd: list[Any], seed: int) -> tuple[list[str], list[list[Any]]]:
    """Every record as a row of one wide table, a share of its cells edited at random."""
    rows = [cells(r, leaf=leaf) for r in records()]
    names = list(dict.fromkeys(k for row in rows for k in row))
    names.append("authority.countyr")  # a column that names no fact
    rng = random.Random(seed)
    out = []
    for row in rows:
        values = [row.get(n, leaf(None)) for n in names]
        for _ in range(rng.choice([0, 0, 1, 2])):
            values[rng.randrange(len(values))] = rng.choice(odd)
        out.append(values)
    return names, out


@pytest.fixture(scope="module")
def parsers(catalog: Catalog) -> tuple[RecordParser, RecordParser]:
    facts = catalog.facts["request"]
    return RecordParser(facts), RecordParser(facts, generated=False)


def csv_log(folder: Path, seed: int) -> Path:
    names, rows = table(text, ODD_TEXT, seed)
    log = folder / "log.csv"
    with log.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(rows)
    return log


def database_log(folder: Path, seed: int) -> Path:
    names, rows = table(typed, ODD_NATIVE, seed)
    db = folder / "log.db"
    quoted = ", ".join('"' + n + '"' for n in names)
    with sqlite3.connect(db) as con:
        con.execute(f"CREATE TABLE requests ({quoted})")
        con.executemany(f"INSERT INTO requests VALUES ({', '.join('?' * len(names))})", rows)
    con.close()
    return db


def read(log: Path, parser: RecordParser) -> list[Record]:
    with log.open("rb") as handle:
        if log.suffix == ".csv":
            return list(read_csv(handle, parser))
        return list(read_database(str(log), parser, Selection(), HashingReader(handle)))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("write", [csv_log, database_log], ids=["csv", "database"])
def test_rows_are_read_alike(
    tmp_path: Path, parsers: tuple[RecordParser, RecordParser], seed: int, write: Any
) -> None:
    log = write(tmp_path, seed)
    fast, general = parsers
    slow = read(log, general)
    assert read(log, fast) == slow
    assert sum(r.problem is None for r in slow) > len(slow) / 2  # rows of every kind were read
    assert sum(r.problem is not None for r in slow) > 20


def test_the_generated_reader_reads_the_rows_it_can(
    parsers: tuple[RecordParser, RecordParser],
) -> None:
    """Not only a fallback: clean rows are typed by the generated code itself."""
    fast, _ = parsers
    names = ["id", "emergency.flag", "targets.accounts_count", "authority.country", "purpose"]
    read = fast.row_reader(names)
    assert read is not None
    assert read(["A", "true", "3", "DE", ""]) == (
        "A",
        {"emergency.flag": True, "targets.accounts_count": 3, "authority.country": "DE"},
    )
    assert read(("A", 1, 3, "DE", None)) == read(["A", "true", "3", "DE", ""])
    assert read(["A", "yes", "3", "DE", ""]) is None  # the general parser explains
    assert read(["", "true", "3", "DE", ""]) is None
    assert fast.row_reader(names) is read  # compiled once per header
