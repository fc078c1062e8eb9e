"""A database log audited by several workers gives what one process gives, problems included.

The parent reads the rows with the one query a serial audit runs, so their order, their
numbers and every error of the database (damaged, locked, a value too long, a query stopped
by a signal) are the serial audit's; the workers type and audit the rows, in chunks. The
audits run in child processes, as a user's command does (see ``tests.conftest.cli_process``).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import (
    CLI_COMMAND,
    audit_by_workers,
    cli_env,
    database_log,
    generated_log,
    spoiled_records,
)


def _spoiled_database(folder: Path) -> Path:
    """Generated requests, a fifth spoiled, with a BLOB, a wrong type and a NULL id among them."""
    db = database_log(folder / "requests.db", spoiled_records(folder, 250, seed=9))
    with sqlite3.connect(db) as con:
        con.execute("UPDATE requests SET \"authority.country\" = x'00ff' WHERE rowid = 7")
        con.execute('UPDATE requests SET "emergency.flag" = 7 WHERE rowid = 30')
        con.execute("UPDATE requests SET id = NULL WHERE rowid = 41")
    con.close()
    return db


@pytest.mark.parametrize("chunk", [1, 7, 50])
def test_workers_audit_a_database_as_one_process_does(tmp_path: Path, chunk: int) -> None:
    db = _spoiled_database(tmp_path)
    one = audit_by_workers(db, tmp_path / "jobs-1", 1, chunk)
    assert '"unreadable": 0' not in one[0], "the spoiled rows are read as unreadable"
    for jobs in (2, 3):
        many = audit_by_workers(db, tmp_path / f"jobs-{jobs}", jobs, chunk)
        assert many[:2] == one[:2], (chunk, jobs)
        assert many[2], "the rows were audited by workers"
    assert not one[2]


def test_the_rows_a_query_selects_are_audited_by_workers_in_its_order(tmp_path: Path) -> None:
    db = _spoiled_database(tmp_path)
    query = "SELECT * FROM requests WHERE rowid % 3 != 0 ORDER BY [authority.country] DESC"
    one = audit_by_workers(db, tmp_path / "one", 1, 5, "--query", query)
    two = audit_by_workers(db, tmp_path / "two", 2, 5, "--query", query)
    assert two[:2] == one[:2]
    assert two[2]


def _audit(db: Path, jobs: int) -> tuple[int, str, bool]:
    out = db.parent / f"findings-{jobs}.jsonl"
    args = ["audit", str(db), "--jobs", str(jobs), "--findings", str(out)]
    done = subprocess.run(
        [*CLI_COMMAND, *args], env=cli_env(), capture_output=True, text=True, timeout=120
    )
    return done.returncode, done.stdout + done.stderr, out.exists()


def test_a_damaged_database_stops_workers_as_it_stops_one_process(tmp_path: Path) -> None:
    db = tmp_path / "requests.db"
    database_log(db, [json.loads(x) for x in generated_log(tmp_path, 400, seed=3).open()])
    data = bytearray(db.read_bytes())
    data[3 * 4096 : 4 * 4096] = b"\xff" * 4096  # a leaf page of the table, overwritten
    db.write_bytes(bytes(data))
    one = _audit(db, 1)
    assert one[0] == 2 and "the database is damaged past row " in one[1], one
    assert _audit(db, 2) == one
    assert not one[2]


def test_a_value_too_long_stops_workers_as_it_stops_one_process(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with sqlite3.connect(db) as con:
        con.execute('CREATE TABLE requests (id, "authority.country")')
        rows = [(f"R{n}", "DE") for n in range(3000)]
        rows[2500] = ("R2500", "x" * (3 << 20))
        con.executemany("INSERT INTO requests VALUES (?, ?)", rows)
    con.close()
    one = _audit(db, 1)
    assert one[0] == 2 and "longer than 1,048,576 bytes" in one[1], one
    assert _audit(db, 2) == one
