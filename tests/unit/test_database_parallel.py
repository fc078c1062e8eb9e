"""A database log audited by several workers gives what one process gives, problems included.

A table with rowids in a database in rollback-journal mode is read by the workers
themselves, in ranges of rowids, while the parent's scan of the whole table holds the read
lock; a row a worker cannot read sends its chunk back to the parent, which stops where one
process stops. Any other database (a view, a query, a table without rowids, write-ahead-log
mode) has its rows read by the parent with the one query a serial audit runs, and typed and
audited by the workers. Either way the rows' order, their numbers and every error of the
database (damaged, locked, a value too long, a query stopped by a signal) are the serial
audit's. The audits run in child processes, as a user's command does (see
``tests.conftest.cli_process``).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import (
    CLI_COMMAND,
    audit_by_workers,
    chunked_cli,
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


Audited = tuple[int, str, bytes | None, list[str]]
"""An audit's exit status, its messages, its findings (None: not written), and what became of
each range of rowids a worker was given, in the order they were done: ``read`` by the worker
itself, or ``left`` to the parent."""


def _audit_in_chunks(
    db: Path, folder: Path, jobs: int, chunk: int, *extra: str, before: str = ""
) -> Audited:
    """Audit ``db`` in a child process with chunks of ``chunk`` rows (see :data:`Audited`).

    ``before``: Python lines the child runs first.
    """
    folder.mkdir(parents=True)
    ranges = folder / "ranges"
    before += (
        "by_rowid = pool._work_rows\n"
        "def counted(*args):\n"
        "    result = by_rowid(*args)\n"
        "    left = result == (None, None, False)\n"
        f"    with open({str(ranges)!r}, 'a') as out:\n"
        "        out.write('left\\n' if left else 'read\\n')\n"
        "    return result\n"
        "pool._work_rows = counted\n"
    )
    findings = folder / "findings.jsonl"
    args = [
        "audit", str(db), "--jobs", str(jobs), "--as-of", "2026-11-29", "--fail-on", "none",
        "--format", "json", "-o", str(folder / "audit.json"), "--findings", str(findings), *extra,
    ]  # fmt: skip
    done, _ = chunked_cli(args, folder, chunk, before=before, check=False)
    said = (done.stdout + done.stderr).decode(errors="replace").replace(str(folder), "OUT")
    report = folder / "audit.json"
    if report.exists():
        said += report.read_text(encoding="utf-8").replace(str(folder), "OUT")
    given = ranges.read_text().splitlines() if ranges.exists() else []
    return done.returncode, said, findings.read_bytes() if findings.exists() else None, given


def _same_in_ranges(db: Path, folder: Path, chunk: int, *extra: str) -> Audited:
    """Audit with one process and with two workers: the same; return the workers' audit."""
    one = _audit_in_chunks(db, folder / f"one-{chunk}", 1, chunk, *extra)
    two = _audit_in_chunks(db, folder / f"two-{chunk}", 2, chunk, *extra)
    assert two[:3] == one[:3], (chunk, one[1], two[1])
    assert not one[3]
    return two


@pytest.mark.parametrize("chunk", [1, 7, 50])
def test_workers_read_ranges_of_rowids_in_the_order_of_one_scan(tmp_path: Path, chunk: int) -> None:
    db = _spoiled_database(tmp_path)
    with sqlite3.connect(db) as con:  # gaps, rows moved to the end, negative rowids
        con.execute("DELETE FROM requests WHERE rowid % 5 = 0")
        con.execute("UPDATE requests SET rowid = rowid + 1000000 WHERE rowid BETWEEN 100 AND 120")
        con.execute("UPDATE requests SET rowid = -rowid WHERE rowid BETWEEN 200 AND 210")
    con.close()
    two = _same_in_ranges(db, tmp_path, chunk)
    assert two[0] == 0 and two[2]
    assert two[3].count("read") >= 150 // chunk, "the workers read the rows themselves"


@pytest.mark.parametrize("shadowed", [("rowid",), ("rowid", "_rowid_", "oid")])
def test_a_column_named_as_the_rowid_is_not_taken_for_it(
    tmp_path: Path, shadowed: tuple[str, ...]
) -> None:
    db = tmp_path / "requests.db"
    with sqlite3.connect(db) as con:
        extra = ", ".join(f'"{name}"' for name in shadowed)
        con.execute(f'CREATE TABLE requests (id, "authority.country", {extra})')
        values = ", ".join("?" for _ in shadowed)
        rows = [(f"R{n}", "DE", *[str(900 - n) for _ in shadowed]) for n in range(60)]
        con.executemany(f"INSERT INTO requests VALUES (?, ?, {values})", rows)
    con.close()
    two = _same_in_ranges(db, tmp_path, 7)
    assert two[0] == 0
    assert "left" not in two[3], "every range given was read by its worker"
    assert bool(two[3]) is (len(shadowed) < 3), "ranges by an unshadowed name, else by the parent"


def _other_databases(folder: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Databases whose rows workers do not read by ranges of rowids, and how to audit them."""
    records = spoiled_records(folder, 120, seed=5)
    wal = database_log(folder / "wal.db", records)
    with sqlite3.connect(wal) as con:
        con.execute("PRAGMA journal_mode = WAL")
    con.close()
    view = database_log(folder / "view.db", records)
    with sqlite3.connect(view) as con:
        con.execute("CREATE VIEW recent AS SELECT * FROM requests WHERE rowid % 2 = 0")
    con.close()
    plain = database_log(folder / "plain.db", records)
    without = folder / "without.db"
    with sqlite3.connect(without) as con:
        con.execute(
            'CREATE TABLE requests (id TEXT PRIMARY KEY, "authority.country") WITHOUT ROWID'
        )
        con.executemany(
            "INSERT INTO requests VALUES (?, ?)", [(f"R{n:03}", "FR") for n in range(90)]
        )
    con.close()
    return {
        "write-ahead log": (wal, ()),
        "a view": (view, ("--table", "recent")),
        "a query": (plain, ("--query", "SELECT * FROM requests")),
        "no rowids": (without, ()),
    }


def test_other_databases_are_read_by_the_parent(tmp_path: Path) -> None:
    for name, (db, extra) in _other_databases(tmp_path).items():
        two = _same_in_ranges(db, tmp_path / name.replace(" ", "-"), 5, *extra)
        assert two[0] == 0 and two[2], name
        assert not two[3], f"{name}: read by the parent"


def test_without_a_file_system_that_takes_no_lock_the_parent_reads_the_rows(
    tmp_path: Path,
) -> None:
    db = _spoiled_database(tmp_path)
    absent = "database = importlib.import_module('safeguards.engine.audit.database')\n"
    absent += "database.UNLOCKED_VFS = 'no-such-file-system'\n"
    one = _audit_in_chunks(db, tmp_path / "one", 1, 7, before=absent)
    two = _audit_in_chunks(db, tmp_path / "two", 2, 7, before=absent)
    assert two[:3] == one[:3] and two[0] == 0, two[1]
    assert not two[3], "read by the parent"


@pytest.mark.parametrize("chunk", [7, 500, 2500])
def test_a_value_too_long_read_by_a_worker_stops_as_one_scan_stops(
    tmp_path: Path, chunk: int
) -> None:
    db = tmp_path / "t.db"
    with sqlite3.connect(db) as con:
        con.execute('CREATE TABLE requests (id, "authority.country")')
        rows = [(f"R{n}", "DE") for n in range(3000)]
        rows[2500] = ("R2500", "x" * (3 << 20))  # row 2501: first of a chunk of 500 or 2500
        con.executemany("INSERT INTO requests VALUES (?, ?)", rows)
    con.close()
    two = _same_in_ranges(db, tmp_path, chunk)
    assert two[0] == 2 and "longer than 1,048,576 bytes" in two[1], two[1]
    assert "log.jsonl" not in two[1] and two[2] is None
    assert "read" in two[3], "the workers read the ranges"


def test_a_damaged_table_found_by_the_parents_scan_stops_as_one_scan_stops(
    tmp_path: Path,
) -> None:
    db = tmp_path / "requests.db"
    database_log(db, [json.loads(x) for x in generated_log(tmp_path, 400, seed=3).open()])
    with sqlite3.connect(db) as con:  # counted by the index: the table's pages not read then
        con.execute('CREATE INDEX country ON requests ("authority.country")')
    con.close()
    data = bytearray(db.read_bytes())
    data[3 * 4096 : 4 * 4096] = b"\xff" * 4096  # a leaf page of the table, overwritten
    db.write_bytes(bytes(data))
    for chunk in (1, 7, 2000):
        two = _same_in_ranges(db, tmp_path, chunk)
        assert two[0] == 2 and "the database is damaged" in two[1], two[1]


def test_a_strict_audit_stops_at_a_workers_unreadable_row_as_one_process_does(
    tmp_path: Path,
) -> None:
    db = _spoiled_database(tmp_path)
    for chunk in (1, 7, 50):
        two = _same_in_ranges(db, tmp_path, chunk, "--strict")
        assert two[0] == 2 and two[2] is None, two[1]
        assert "read" in two[3], "the workers read the ranges"


_WRITE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=0)
try:
    connection.execute("DELETE FROM requests WHERE rowid % 2 = 0")
    connection.commit()
    print("written")
except sqlite3.OperationalError as exc:
    print(exc)
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_program_writing_to_the_database_waits_for_the_audit(tmp_path: Path, jobs: int) -> None:
    """The rows are one snapshot: no write is committed while they are read, by any process."""
    db = database_log(tmp_path / "requests.db", spoiled_records(tmp_path, 120, seed=4))
    marks = tmp_path / "writes"
    writer = (
        "import subprocess, sys\n"
        "database = importlib.import_module('safeguards.engine.audit.database')\n"
        "typed = database.typed_rows\n"
        "def writing(*args):\n"
        f"    done = subprocess.run([sys.executable, '-c', {_WRITE!r}, {str(db)!r}],\n"
        "                          capture_output=True, text=True)\n"
        f"    with open({str(marks)!r}, 'a') as out:\n"
        "        out.write(done.stdout)\n"
        "    return typed(*args)\n"
        "database.typed_rows = pool.typed_rows = writing\n"
    )
    audited = _audit_in_chunks(db, tmp_path / "audit", jobs, 10, before=writer)
    assert audited[0] == 0 and ("read" in audited[3]) is (jobs > 1), audited[1]
    assert "left" not in audited[3], "the workers read their ranges themselves"
    tried = marks.read_text().splitlines()
    assert tried and set(tried) == {"database is locked"}, tried
    written = subprocess.run(
        [sys.executable, "-c", _WRITE, str(db)], capture_output=True, text=True, check=True
    )
    assert written.stdout.strip() == "written", "the lock ends with the audit"


@pytest.mark.parametrize("replacement", ["database", "text", "empty"])
def test_a_database_replaced_during_the_audit_is_read_as_it_was_opened(
    tmp_path: Path, replacement: str
) -> None:
    """A new export renamed over the database while it is audited (or a file that is no
    database at all): the workers cannot open the file the parent reads, and the parent reads
    their ranges itself, from the file it opened."""
    db = _spoiled_database(tmp_path)
    other = tmp_path / "other.db"
    if replacement == "database":
        database_log(other, spoiled_records(tmp_path, 90, seed=8))
    else:
        other.write_text("id,status\nR-1,open\n" if replacement == "text" else "")
    swap = (
        "import os\n"
        "database = importlib.import_module('safeguards.engine.audit.database')\n"
        "spans = database.RowidTable.spans\n"
        "def swapped(self, sizes):\n"
        f"    os.replace({str(other)!r}, self.path)\n"
        "    yield from spans(self, sizes)\n"
        "database.RowidTable.spans = swapped\n"
    )
    one = _audit_in_chunks(db, tmp_path / "one", 1, 7)
    two = _audit_in_chunks(db, tmp_path / "two", 2, 7, before=swap)
    assert not other.exists(), "the file was replaced during the audit"
    assert two[:3] == one[:3] and two[0] == 0, two[1]
    assert two[3] and set(two[3]) == {"left"}, "the workers were given ranges, left to the parent"


_HOLD = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
connection.execute(f"PRAGMA synchronous = {sys.argv[2]}")
connection.execute("BEGIN IMMEDIATE")
connection.execute("DELETE FROM requests WHERE rowid % 2 = 0")
try:
    connection.execute("COMMIT")  # refused: the audit holds its lock
except sqlite3.OperationalError as exc:
    print(exc, flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("synchronous", ["FULL", "OFF"])
def test_a_writer_held_at_its_commit_leaves_the_rows_as_one_process_reads_them(
    tmp_path: Path, synchronous: str
) -> None:
    """A program writing to the database tries to commit once the audit has begun, and keeps
    its transaction (its rollback journal on disk) open: the audit's lock keeps the write out,
    and the workers read their ranges as one process reads the table.

    Without syncing (``synchronous = OFF``) the writer's journal bears its header from the first
    change, as a journal left by a crash does: a reader that took no lock of its own and
    checked for such a journal would take it for one and fail on it."""
    db = database_log(tmp_path / "requests.db", spoiled_records(tmp_path, 120, seed=4))
    one = _audit_in_chunks(db, tmp_path / "one", 1, 10)
    holder = (
        "import atexit, subprocess, sys\n"
        "start_pool = pool.new_pool\n"
        "def held_first(*args):\n"
        f"    held = subprocess.Popen([sys.executable, '-c', {_HOLD!r}, {str(db)!r}, {synchronous!r}],\n"
        "                            stdout=subprocess.PIPE, text=True)\n"
        "    atexit.register(held.kill)\n"
        "    assert held.stdout.readline().strip() == 'database is locked'\n"
        "    return start_pool(*args)\n"
        "pool.new_pool = held_first\n"
    )
    two = _audit_in_chunks(db, tmp_path / "two", 2, 10, before=holder)
    assert two[0] == 0, two[1]
    assert two[:3] == one[:3]
    assert two[3] and set(two[3]) == {"read"}, f"the workers read their ranges themselves: {two[3]}"
