"""Request logs kept in an SQLite database: read where they lie, read-only, as CSV rows are."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from safeguards.engine.audit.database import Selection
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.catalog import Catalog
from safeguards.engine.cli import main
from safeguards.engine.errors import InputErrors, UsageError
from tests.conftest import (
    CLI_COMMAND,
    ROOT,
    audit_by_workers,
    audit_findings,
    cli_env,
    cli_process,
    database_log,
    generated_log,
    spoiled_records,
)

EXAMPLE = ROOT / "examples" / "requests" / "example-10.jsonl"
ON = dt.date(2026, 11, 29)


def records(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line]


def database(path: Path, sql: str, rows: list[tuple[Any, ...]] = ()) -> Path:  # type: ignore[assignment]
    """Make a database with one table from ``sql`` (CREATE TABLE …) and its rows."""
    with sqlite3.connect(path) as db:
        db.execute(sql)
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            table = sql.split()[2]
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    db.close()
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("log", ["example-10", "generated"])
def test_a_database_of_the_log_gives_the_findings_of_its_jsonl(tmp_path: Path, log: str) -> None:
    """Differential: typed columns (booleans 1/0, INTEGER, REAL, NULL) read as JSON values are."""
    source = EXAMPLE if log == "example-10" else generated_log(tmp_path, 400, seed=11)
    db = tmp_path / "requests.db"
    database_log(db, records(source))
    with sqlite3.connect(db) as check:  # the database really holds typed values
        kinds = {
            t for (t,) in check.execute('SELECT DISTINCT typeof("emergency.flag") FROM requests')
        }
    assert "integer" in kinds
    as_jsonl = audit_findings(tmp_path, source)
    assert len(as_jsonl) > 50
    assert audit_findings(tmp_path, db) == as_jsonl


def test_records_spoiled_by_the_generator_read_from_a_database_as_from_a_csv(
    tmp_path: Path,
) -> None:
    """Text typing alike: contradictions and gaps give the same findings in both forms."""
    kept = spoiled_records(tmp_path, 300, seed=5)
    clean = tmp_path / "kept.jsonl"
    clean.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
    db = tmp_path / "kept.db"
    database_log(db, kept)
    assert audit_findings(tmp_path, db) == audit_findings(tmp_path, clean)


def test_the_digest_is_the_database_files_and_the_file_is_left_as_it_was(
    catalog: Catalog, tmp_path: Path
) -> None:
    db = tmp_path / "requests.sqlite"
    database_log(db, records(EXAMPLE))
    before, stamp = db.read_bytes(), db.stat().st_mtime_ns
    summary = audit_logs(catalog, [str(db)], as_of=ON, findings_path=tmp_path / "f.jsonl")
    assert summary.requests == 10
    assert summary.inputs[0].format == "sqlite"
    assert summary.inputs[0].sha256 == hashlib.sha256(before).hexdigest()
    assert db.read_bytes() == before and db.stat().st_mtime_ns == stamp
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.jsonl", "requests.sqlite"]


def test_a_database_is_known_by_its_first_bytes_whatever_its_name(
    catalog: Catalog, tmp_path: Path
) -> None:
    db = tmp_path / "export.jsonl"
    database_log(db, records(EXAMPLE))
    summary = audit_logs(catalog, [str(db)], as_of=ON)
    assert (summary.requests, summary.unreadable, summary.inputs[0].format) == (10, 0, "sqlite")


def test_the_table_read_by_default_is_requests_or_the_only_one(tmp_path: Path) -> None:
    only = database(
        tmp_path / "only.db", 'CREATE TABLE tickets (id, "authority.country")', [("A", "DE")]
    )
    code, output = run("audit", str(only), "--fail-on", "none")
    assert code == 0 and "1 requests read" in output, output
    several = database(
        tmp_path / "several.db",
        'CREATE TABLE requests (id, "authority.country")',
        [("A", "DE"), ("B", "FR")],
    )
    with sqlite3.connect(several) as db:
        db.execute("CREATE TABLE staff (name)")
    db.close()
    code, output = run("audit", str(several), "--fail-on", "none")
    assert code == 0 and "2 requests read" in output, output


def test_table_names_are_matched_as_sqlite_matches_them(tmp_path: Path) -> None:
    db = database(
        tmp_path / "t.db", 'CREATE TABLE Requests (id, "authority.country")', [("A", "DE")]
    )
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE staff (name)")
    con.close()
    for extra in ([], ["--table", "REQUESTS"]):
        code, output = run("audit", str(db), "--fail-on", "none", *extra)
        assert code == 0 and "1 requests read" in output, output


def test_a_view_that_refers_to_a_missing_table_is_named_as_broken(tmp_path: Path) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE tickets (id)", [("A",)])
    with sqlite3.connect(db) as con:
        con.execute("CREATE VIEW requests AS SELECT id FROM tickets")
        con.execute("DROP TABLE tickets")
    con.close()
    code, output = run("audit", str(db))
    assert code == 2
    assert output.startswith(f"{db}:1:1: the database cannot be read: no such table: main.tickets")


def test_several_tables_and_none_named_requests_ask_which(tmp_path: Path) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE b (id)")
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE a (id)")
        con.execute("CREATE VIEW v AS SELECT id FROM a")
    con.close()
    code, output = run("audit", str(db))
    assert code == 2
    assert f"{db}:1:1: the database holds 3 tables and views (a, b, v) and none is named" in output
    assert "--table" in output and "Traceback" not in output


def test_a_database_of_many_tables_is_named_in_one_short_line(tmp_path: Path) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE t00 (id)")
    with sqlite3.connect(db) as con:
        for n in range(1, 15):
            con.execute(f"CREATE TABLE t{n:02} (id)")
    con.close()
    code, output = run("audit", str(db))
    assert code == 2
    assert "(t00, t01, t02, t03, t04, t05, t06, t07, t08, t09 and 5 more)" in output
    assert output.count("\n") == 1


def test_a_table_or_view_named_is_read_and_a_missing_one_is_refused(tmp_path: Path) -> None:
    db = database(
        tmp_path / "t.db", "CREATE TABLE tickets (ref, country)", [("A", "DE"), ("B", "FR")]
    )
    with sqlite3.connect(db) as con:
        con.execute(
            'CREATE VIEW "audit view" AS SELECT ref AS id, country AS "authority.country" FROM tickets'
        )
    con.close()
    code, output = run("audit", str(db), "--table", "audit view", "--fail-on", "none")
    assert code == 0 and "2 requests read" in output, output
    code, output = run("audit", str(db), "--table", "nope")
    assert code == 2
    assert (
        f"{db}:1:1: no table or view 'nope' in the database (it holds: audit view, tickets)"
        in output
    )


def test_a_query_renames_columns_to_facts(tmp_path: Path) -> None:
    db = database(
        tmp_path / "t.db",
        "CREATE TABLE tickets (ref, country, urgent)",
        [("A", "DE", 1), ("B", "FR", 0)],
    )
    query = (
        'SELECT ref AS id, country AS "authority.country", urgent AS "emergency.flag" FROM tickets'
    )
    code, output = run("audit", str(db), "--query", query, "--fail-on", "none")
    assert code == 0 and "2 requests read, 0 unreadable" in output, output


@pytest.mark.parametrize(
    "query",
    [
        "DELETE FROM tickets",
        "INSERT INTO tickets VALUES ('C', 'PT', 0)",
        "UPDATE tickets SET country = 'XX'",
        "DROP TABLE tickets",
        "ATTACH DATABASE 'other.db' AS other",
        "PRAGMA journal_mode = WAL",
        "CREATE TABLE x (y)",
    ],
)
def test_a_query_that_would_write_is_refused_and_the_database_is_unchanged(
    tmp_path: Path, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = database(tmp_path / "t.db", "CREATE TABLE tickets (id, country, urgent)", [("A", "DE", 1)])
    before = db.read_bytes()
    code, output = run("audit", str(db), "--query", query)
    assert code == 2, output
    assert output == f"error: --query cannot run on {db}: it may only read\n", output
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


@pytest.mark.parametrize("query", ["", "-- a comment alone", "  "])
def test_a_query_that_selects_nothing_is_a_usage_error(tmp_path: Path, query: str) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE tickets (id)", [("A",)])
    code, output = run("audit", str(db), "--query", query)
    assert (code, output) == (
        2,
        f"error: --query cannot run on {db}: it selects nothing (give a SELECT)\n",
    )


def test_a_query_with_a_mistake_is_a_usage_error(tmp_path: Path) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE tickets (id)", [("A",)])
    code, output = run("audit", str(db), "--query", "SELEC id FROM tickets")
    assert (code, output) == (2, f'error: --query cannot run on {db}: near "SELEC": syntax error\n')


@pytest.mark.parametrize(
    ("columns", "row", "where", "message"),
    [
        # a boolean fact takes 1 and 0, and true/false as text, nothing else
        ('id, "emergency.flag"', ("A", 2), "1:2", "'emergency.flag' expects true or false"),
        ('id, "emergency.flag"', ("A", "yes"), "1:2", "'emergency.flag' expects true or false"),
        (
            'id, "authority.country"',
            ("A", b"\x00DE"),
            "1:2",
            "'authority.country' holds binary data (a BLOB)",
        ),
        ('id, "targets.accounts_count"', ("A", 1.5), "1:2", "'targets.accounts_count' expects"),
        ('id, "authority.countyr"', ("A", "DE"), "1:2", "unknown fact 'authority.countyr'"),
        ('"authority.country"', ("DE",), "1:1", "the record has no 'id'"),
    ],
)
def test_a_bad_value_is_an_unreadable_record_at_its_row_and_column(
    tmp_path: Path, columns: str, row: tuple[Any, ...], where: str, message: str
) -> None:
    db = database(tmp_path / "t.db", f"CREATE TABLE requests ({columns})", [row])
    code, output = run("audit", str(db))
    assert code == 1, output
    assert f"{db}:{where}: {message}" in output, output
    code, output = run("audit", str(db), "--strict")
    assert code == 2 and f"{db}:{where}: {message}" in output, output


@pytest.mark.parametrize(
    ("row", "read"),
    [
        (
            ("A", 1, 3.0, "2026-03-01 10:00:00"),
            {"emergency.flag": True, "targets.accounts_count": 3},
        ),
        (("A", 0, None, ""), {"emergency.flag": False}),
        (("A", "true", "4", None), {"emergency.flag": True, "targets.accounts_count": 4}),
    ],
    ids=["integers-and-sqlite-datetime", "null-and-empty-text", "text"],
)
def test_values_are_typed_from_their_storage_class(
    catalog: Catalog, tmp_path: Path, row: tuple[Any, ...], read: dict[str, Any]
) -> None:
    db = database(
        tmp_path / "t.db",
        'CREATE TABLE requests (id, "emergency.flag", "targets.accounts_count", "intake.received_at")',
        [row],
    )
    kept: list[Any] = []
    summary = audit_logs(catalog, [str(db)], as_of=ON, keep=kept)
    assert (summary.requests, summary.unreadable) == (1, 0), summary.unreadable_shown
    from safeguards.engine.audit.database import read_database
    from safeguards.engine.audit.readers import HashingReader
    from safeguards.engine.audit.run import Auditor
    from safeguards.engine.logic.context import context_values

    parser = Auditor(catalog, context_values(catalog, None, ON), "t").parser
    with db.open("rb") as handle:
        (record,) = read_database(str(db), parser, Selection(), HashingReader(handle, str(db)))
    assert record.id == "A"
    assert {k: v for k, v in record.values.items() if k in read} == read
    if row[3]:
        assert record.values["intake.received_at"] == dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("text", "not an SQLite database: give --input-format jsonl or csv"),
        ("truncated", "the database is damaged: database disk image is malformed"),
        ("empty", "the database holds no table or view to read requests from"),
    ],
)
def test_a_file_that_is_no_sound_database_is_refused_at_its_start(
    tmp_path: Path, make: str, message: str
) -> None:
    db = tmp_path / "requests.db"
    if make == "text":
        db.write_text('{"id": "A"}\n', encoding="utf-8")
    elif make == "empty":
        sqlite3.connect(db).close()
        with sqlite3.connect(db) as con:
            con.execute("PRAGMA user_version = 1")  # a database file with no table
        con.close()
    else:
        database_log(db, records(EXAMPLE) * 30)
        db.write_bytes(db.read_bytes()[:6000])
    out = tmp_path / "findings.jsonl"
    code, output = run("audit", str(db), "--findings", str(out))
    assert code == 2, output
    assert output.startswith(f"{db}:1:1: {message}"), output
    assert not out.exists()


def test_a_database_damaged_part_way_stops_at_the_row_and_writes_no_findings(
    tmp_path: Path,
) -> None:
    db = tmp_path / "requests.db"
    database_log(db, records(generated_log(tmp_path, 400, seed=3)))
    data = bytearray(db.read_bytes())
    page = 4096
    data[3 * page : 4 * page] = b"\xff" * page  # a leaf page of the table, overwritten
    db.write_bytes(bytes(data))
    out = tmp_path / "findings.jsonl"
    code, output = run("audit", str(db), "--findings", str(out))
    assert code == 2, output
    assert "the database is damaged past row " in output
    assert "database disk image is malformed" in output
    row = int(output.split(":")[1])
    assert row > 1
    assert not out.exists()


def _not_utf8(db: Path, damage: str) -> None:
    """Write a database of the example log whose bytes hold text that is not UTF-8 at one place.

    ``column``: a column's name in the schema; ``token``: a column's name left unquoted, so
    that SQLite's message quotes bytes that are not UTF-8; ``table``: the table's name. (A
    value that is not UTF-8 makes its row unreadable: see the tests after this one.)
    """
    rows = records(EXAMPLE)
    if damage == "table":
        with sqlite3.connect(db) as con:
            con.execute('CREATE TABLE "reqzests" (id, purpose)')
            con.executemany("INSERT INTO reqzests VALUES (?, ?)", [("A", "x"), ("B", "y")])
        con.close()
        old, new = b"reqzests", b"req\xffests"
    else:
        database_log(db, rows)
        old = {
            "column": b'"cross_border.channel"',
            "token": b'"cross_border.channel", ',
        }[damage]
        new = {
            "column": b'"cross_border.chann\xf5l"',
            "token": b'"cross_border.channel\xff\xfe ',
        }[damage]
    data = db.read_bytes()
    assert data.count(old) >= 1, damage
    db.write_bytes(data.replace(old, new))


@pytest.mark.parametrize(
    ("damage", "line", "said"),
    [
        ("column", 1, "the name 'requests.cross_border.chann\ufffdl' is not UTF-8 text"),
        ("token", 1, "the database is damaged: malformed database schema (requests)"),
        ("table", 1, "Could not decode to UTF-8 column 'name' with text 'req\ufffdests'"),
    ],
)
@pytest.mark.parametrize("command", ["audit-1", "audit-2", "transparency"])
def test_text_that_is_not_utf8_in_a_database_is_located_without_a_traceback(
    tmp_path: Path, damage: str, line: int, said: str, command: str
) -> None:
    """A damaged name, schema or value ends in one located error, whichever command reads it.

    The sqlite3 module raises a UnicodeDecodeError, not its own error, where SQLite's message
    or a column's name is not UTF-8, and reports the authorizer's failure to decode a name as
    an exception it ignores: neither may reach the user as a traceback.
    """
    db = tmp_path / "requests.db"
    _not_utf8(db, damage)
    before = db.read_bytes()
    out = tmp_path / "out.json"
    if command == "transparency":
        args = ["transparency", str(db), "--period", "2026", "-o", str(out), "--format", "json"]
    else:
        args = ["audit", str(db), "--findings", str(out), "--jobs", command[-1]]
    done = cli_process(*args)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{db}:{line}:1: "), done.stderr
    assert said in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert not out.exists()
    assert db.read_bytes() == before


_DAMAGED_ROWS = (3, 1_777, 2_300)
"""Rows of the generated log whose authority's name is made bytes that are not UTF-8."""


def _not_utf8_values(
    folder: Path, records: int = 2_400, damaged: tuple[int, ...] = _DAMAGED_ROWS
) -> tuple[Path, Path]:
    """Return a database and a JSONL log of the same records, spoiled alike at rows ``damaged``.

    In the database the authority's name of each such row is text whose bytes are not UTF-8;
    in the log, the same byte spoils the same line.
    """
    log = generated_log(folder, records, seed=17)
    lines = log.read_bytes().splitlines(keepends=True)
    db = database_log(folder / "requests.db", [json.loads(line) for line in lines])
    with sqlite3.connect(db) as con:
        for row in damaged:
            (name,) = con.execute(
                'SELECT "authority.name" FROM requests WHERE rowid = ?', (row,)
            ).fetchone()
            spoiled = name.encode()[:3] + b"\xff" + name.encode()[4:]
            con.execute(
                'UPDATE requests SET "authority.name" = CAST(? AS TEXT) WHERE rowid = ?',
                (spoiled, row),
            )
            lines[row - 1] = lines[row - 1].replace(name.encode(), spoiled, 1)
    con.close()
    spoiled_log = folder / "spoiled.jsonl"
    spoiled_log.write_bytes(b"".join(lines))
    return db, spoiled_log


def _placed(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings with an unreadable record's message left out (it differs by log format)."""
    for finding in findings:
        if finding["status"] == "error":
            finding.pop("message")
    return findings


@pytest.mark.parametrize(
    "reading",
    [
        [],
        ["--jobs", "2"],  # the workers read ranges of rowids
        ["--jobs", "2", "--query", "SELECT * FROM requests"],  # rows handed to the workers
    ],
    ids=["one-process", "ranges", "handed-over"],
)
def test_a_value_that_is_not_utf8_makes_its_row_unreadable_and_the_audit_goes_on(
    tmp_path: Path, reading: list[str]
) -> None:
    """As a JSONL line that is not UTF-8 is: the row is counted, located, and the rest is read.

    sqlite3 cannot decode such a value, nor step past it: the rows are read again from there,
    decoded by the audit (three damaged rows: one early, two in the last chunks).
    """
    db, log = _not_utf8_values(tmp_path)
    expected = _placed(audit_findings(tmp_path, log))
    assert sum(f["status"] == "error" for f in expected) == len(_DAMAGED_ROWS)
    assert _placed(audit_findings(tmp_path, db, *reading)) == expected
    out = tmp_path / "summary.txt"
    code, _ = run("audit", str(db), *reading, "-o", str(out), "--fail-on", "none")
    summary = out.read_text(encoding="utf-8")
    assert code == 0 and "2397 requests read, 3 unreadable" in summary, summary
    said = "invalid UTF-8: 'authority.name' is not text from its character 4 on (byte 0xff)"
    for row in _DAMAGED_ROWS:
        assert f"{db}:{row}:5: {said}" in summary, summary


def test_values_that_are_not_utf8_at_the_edges_of_the_workers_ranges(tmp_path: Path) -> None:
    """Damaged rows first and last in ranges of 7 rowids, read by two workers, and side by side."""
    damaged = (1, 7, 8, 14, 15, 16, 60)
    db, log = _not_utf8_values(tmp_path, 60, damaged)
    _, found, workers = audit_by_workers(db, tmp_path / "db", 2, 7)
    assert len(workers.splitlines()) >= 8  # the table was read in ranges by the workers
    _, expected, _ = audit_by_workers(log, tmp_path / "log", 1, 7)

    def placed(findings: bytes) -> list[dict[str, Any]]:
        lines = [json.loads(line) for line in findings.splitlines()]
        for finding in lines:
            finding.pop("subject")
            if finding["status"] == "error":
                finding.pop("message")
                finding["location"] = finding["location"].split(":")[-2]
        return lines

    assert placed(found) == placed(expected)
    errors = [f["location"] for f in placed(found) if f["status"] == "error"]
    assert errors == [str(row) for row in damaged]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_value_that_is_not_utf8_stops_a_strict_audit_at_its_row(
    tmp_path: Path, jobs: str
) -> None:
    db, _ = _not_utf8_values(tmp_path)
    out = tmp_path / "findings.jsonl"
    done = cli_process("audit", str(db), "--strict", "--jobs", jobs, "--findings", str(out))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{db}:3:5: invalid UTF-8: 'authority.name' "), done.stderr
    assert not out.exists()


def test_transparency_counts_a_row_that_is_not_utf8_as_unreadable(tmp_path: Path) -> None:
    db, log = _not_utf8_values(tmp_path)
    tables = []
    for source in (db, log):
        out = tmp_path / f"{source.name}.json"
        args = [str(source), "--period", "2026", "--as-of", "2026-12-01", "--format", "json"]
        code, output = run("transparency", *args, "-o", str(out))
        assert code == 0, output
        report = json.loads(out.read_text(encoding="utf-8"))
        report.pop("inputs")  # the file's path, format and digest
        tables.append(report)
    assert tables[0] == tables[1]


def test_rows_read_again_after_a_write_stop_where_the_first_reading_did(tmp_path: Path) -> None:
    """A database written to once its lock was let go cannot give the same rows again."""
    from safeguards.engine.audit.database import _data_version, _rows

    db = database(tmp_path / "t.db", "CREATE TABLE requests (id, purpose)", [("A", "x")])
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO requests VALUES ('B', CAST(x'41ff' AS TEXT)), ('C', 'z')")
    con.close()
    reader = sqlite3.connect(db)
    before = _data_version(reader)
    with sqlite3.connect(db) as writer:
        writer.execute("INSERT INTO requests VALUES ('D', 'w')")
    writer.close()
    assert _data_version(reader) != before  # what the reading asks before it reads again
    cursor = reader.execute("SELECT * FROM requests")
    rows = _rows(cursor, str(db), again=lambda: None)
    assert next(rows) == ("A", "x")
    with pytest.raises(InputErrors) as stopped:
        next(rows)
    (error,) = stopped.value.errors
    assert (error.location.line, error.location.column) == (2, 1)
    assert error.message.startswith("the database changed while it was read (at row 2)")
    reader.close()


def test_a_database_cannot_come_from_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "requests.db"
    database_log(db, records(EXAMPLE))
    result = CliRunner().invoke(
        main, ["audit", "-", "--input-format", "sqlite"], input=db.read_bytes()
    )
    assert result.exit_code == 2
    assert result.output.startswith("-:1:1: an SQLite database is read from its file"), (
        result.output
    )
    # standard input redirected from the file itself (`audit - < requests.db`): a regular file,
    # known by its first bytes, and still no file name to open it by
    with db.open("rb") as stdin:
        child = subprocess.run(
            [*CLI_COMMAND, "audit", "-"], stdin=stdin, env=cli_env(), capture_output=True, text=True
        )
    assert child.returncode == 2, child.stderr
    assert child.stderr.startswith("-:1:1: an SQLite database is read from its file"), child.stderr


def test_a_table_or_query_without_a_database_is_a_usage_error(tmp_path: Path) -> None:
    assert run("audit", str(EXAMPLE), "--table", "requests") == (
        2,
        "error: --table chooses the rows of a database log (.db, .sqlite), and no log is one\n",
    )
    db = tmp_path / "r.db"
    database_log(db, records(EXAMPLE))
    code, output = run("audit", str(db), "--table", "requests", "--query", "SELECT 1")
    assert (code, output) == (2, "error: give --table or --query, not both\n")
    with pytest.raises(UsageError):
        Selection("requests", "SELECT 1")


@pytest.mark.parametrize(
    ("query", "where", "message"),
    [
        ("SELECT 1 AS a, 2 AS b", "1:1", "no column is named by a fact"),
        (
            'SELECT id, "authority.country", id FROM requests',
            "1:3",
            "column 'id' is selected twice",
        ),
    ],
)
def test_columns_that_name_no_fact_or_one_twice_refuse_the_log(
    catalog: Catalog, tmp_path: Path, query: str, where: str, message: str
) -> None:
    db = tmp_path / "r.db"
    database_log(db, records(EXAMPLE))
    with pytest.raises(InputErrors) as caught:
        audit_logs(catalog, [str(db)], as_of=ON, selection=Selection(query=query))
    assert str(caught.value.errors[0]).startswith(f"{db}:{where}: {message}")


def test_transparency_tables_from_a_database_are_those_of_its_csv(tmp_path: Path) -> None:
    source = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"
    db = tmp_path / "requests.db"
    database_log(db, records(source))
    reports = []
    for log in (source, ROOT / "examples" / "requests" / "examplecloud-2026.csv", db):
        code, output = run(
            "transparency",
            str(log),
            "--period",
            "2026",
            "--as-of",
            "2026-11-29",
            "--format",
            "json",
        )
        assert code == 0, output
        report = json.loads(output)
        report.pop("inputs")
        reports.append(report)
    assert reports[0] == reports[1] == reports[2]


def test_worst_requests_name_rows_of_a_database(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    database_log(db, records(EXAMPLE))
    code, output = run("audit", str(db), "--as-of", "2026-11-29", "--fail-on", "none")
    assert code == 0
    assert "DR-2026-0110 (row 10):" in output
    code, output = run(
        "audit", str(db), "--as-of", "2026-11-29", "--fail-on", "none", "--format", "markdown"
    )
    assert "| request | row | findings |" in output
    code, output = run("audit", str(EXAMPLE), "--as-of", "2026-11-29", "--fail-on", "none")
    assert "DR-2026-0110 (line 10):" in output


def test_a_value_too_long_for_a_request_stops_the_reading_where_it_stopped(tmp_path: Path) -> None:
    """Bounded memory, as for a log's overlong line: a value is not read past 1 MiB."""
    rows = [("A", "DE"), ("B", "FR"), ("C", "x" * (3 << 20)), ("D", "PT")]
    db = database(tmp_path / "t.db", 'CREATE TABLE requests (id, "authority.country")', rows)
    out = tmp_path / "findings.jsonl"
    code, output = run("audit", str(db), "--findings", str(out))
    assert code == 2, output
    place, message = output.split(": ", 1)
    assert message.startswith("a value past row ") and "longer than 1,048,576 bytes" in message
    row = int(place.rsplit(":", 2)[1])
    assert 1 <= row <= 3  # where the reading stopped: at the row, or (sqlite3 reads ahead) before
    assert not out.exists()


ENDLESS = (
    "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r)"
    " SELECT x AS id FROM r WHERE x < 0"
)
"""A query that runs for ever and yields no row."""


def _opened(child: subprocess.Popen[bytes], path: Path, seconds: float = 120) -> bool:
    """Wait until a child process holds ``path`` open (its query begins), or ends.

    A fixed wait is not enough on a busy machine, where the child's start alone can take
    longer: a signal sent before its handlers are set ends it as the default action does.
    """
    deadline = time.monotonic() + seconds
    folder = Path(f"/proc/{child.pid}/fd")
    while time.monotonic() < deadline and child.poll() is None:
        with contextlib.suppress(OSError):
            for fd in folder.iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) == os.path.realpath(path):
                        return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_a_query_that_runs_for_ever(
    tmp_path: Path, signum: int, status: int, jobs: str
) -> None:
    """With --jobs 2 the workers have started, waiting for rows the query never gives."""
    db = database(tmp_path / "t.db", "CREATE TABLE requests (id)", [("A",)])
    out = tmp_path / "findings.jsonl"
    args = ["audit", str(db), "--query", ENDLESS, "--findings", str(out), "--jobs", jobs]
    child = subprocess.Popen(
        [*CLI_COMMAND, *args], env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert _opened(child, db), "the audit never opened the database"
        time.sleep(0.5)  # well into the query
        assert child.poll() is None
        child.send_signal(signum)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == status, err
    assert b"Traceback" not in err and b"cannot be read" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


LOST_INTERRUPT = """
import sys
from safeguards.engine.io import interrupts

def noted_only(signum, frame):  # as where the KeyboardInterrupt is lost on its way
    interrupts.heard(signum)

interrupts._interrupted = noted_only
sys.argv = ["safeguards", *sys.argv[1:]]
from safeguards.engine.cli import run
run()
"""
"""The command line, its Ctrl-C noted but its KeyboardInterrupt never raised."""


def test_a_ctrl_c_whose_exception_was_lost_still_stops_the_query(tmp_path: Path) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE requests (id)", [("A",)])
    out = tmp_path / "findings.jsonl"
    args = ["--no-config", "audit", str(db), "--query", ENDLESS, "--findings", str(out)]
    child = subprocess.Popen(
        [sys.executable, "-c", LOST_INTERRUPT, *args],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert _opened(child, db), "the audit never opened the database"
        time.sleep(0.5)  # well into the query
        assert child.poll() is None
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert b"Traceback" not in err and b"cannot run" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


def test_a_signal_handled_earlier_in_the_process_stops_no_later_query(
    catalog: Catalog, tmp_path: Path
) -> None:
    """A program that caught the SystemExit of a SIGTERM and went on audits its next database.

    The signal is noted when it comes; only one noted while a query runs stops that query.
    (Before, the note outlived it, and every later query failed as interrupted.)
    """
    from safeguards.engine.io import interrupts

    log = generated_log(tmp_path, 2500, seed=3)  # long enough for the progress handler to run
    db = database_log(tmp_path / "requests.db", records(log))
    interrupts.heard(signal.SIGTERM)  # as the atomic writer's handler notes it
    try:
        summary = audit_logs(catalog, [str(db)], as_of=ON)
    finally:
        interrupts._HEARD.clear()
    assert (summary.requests, summary.unreadable) == (2500, 0)


LIBRARY_AUDIT = """
import datetime as dt, sys
from pathlib import Path
from safeguards.engine.audit.database import Selection
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.catalog import load_catalog

db, out, query = sys.argv[1:]
catalog = load_catalog()
print("querying", flush=True)
try:
    audit_logs(catalog, [db], as_of=dt.date(2026, 11, 29), findings_path=Path(out),
               selection=Selection(query=query))
except BaseException as ended:
    print(type(ended).__name__, getattr(ended, "code", ""), flush=True)
    raise
"""
"""A program that calls the library, not the command line: no handler of the CLI's is set."""


@pytest.mark.parametrize(
    ("signum", "ended"),
    [(signal.SIGTERM, b"SystemExit 143"), (signal.SIGINT, b"KeyboardInterrupt")],
)
def test_a_signal_stops_a_query_of_a_program_calling_the_library(
    tmp_path: Path, signum: int, ended: bytes
) -> None:
    """The query stopped by the signal ends as the signal asks, not as a damaged database."""
    db = database(tmp_path / "t.db", "CREATE TABLE requests (id)", [("A",)])
    out = tmp_path / "findings.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", LIBRARY_AUDIT, str(db), str(out), ENDLESS],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"querying\n"
        assert _opened(child, db), "the audit never opened the database"
        time.sleep(0.5)  # the catalog is loaded: well into the query
        assert child.poll() is None
        child.send_signal(signum)
        said, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert said.strip() == ended, err
    assert b"InputErrors" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


def test_a_database_locked_by_a_writer_says_so_and_how_to_go_on(tmp_path: Path) -> None:
    db = database(tmp_path / "t.db", "CREATE TABLE requests (id)", [("A",)])
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")  # a rollback-journal database: readers wait, then fail
        code, output = run("audit", str(db))
    finally:
        writer.close()
    assert code == 2, output
    assert output.startswith(f"{db}:1:1: the database is locked by a program writing to it"), output
    assert "'.backup copy.db'" in output


_CRASH = """
import os, sqlite3, sys
writer = sqlite3.connect(sys.argv[1], isolation_level=None)
writer.execute("PRAGMA synchronous = OFF")  # the journal bears its header from the first change
writer.execute("BEGIN IMMEDIATE")
writer.execute("DELETE FROM requests WHERE rowid % 2 = 0")
os._exit(0)  # stopped while writing: the journal stays, no lock with it
"""


@pytest.mark.parametrize(("jobs", "name"), [("1", "t.db"), ("2", "t.db"), ("2", "it's mine.db")])
def test_a_write_a_crash_left_unfinished_is_named_and_left_as_it_is(
    tmp_path: Path, jobs: str, name: str
) -> None:
    """A rollback journal left by a writer that stopped is SQLite's to undo at the next
    reading with write access: a read-only audit says so, and how to go on (the command
    quoted for a shell), and leaves both files as they are."""
    rows = [(f"R{n}",) for n in range(9)]
    db = database(tmp_path / name, "CREATE TABLE requests (id)", rows)
    subprocess.run([sys.executable, "-c", _CRASH, str(db)], check=True)
    journal = tmp_path / f"{name}-journal"
    before = db.read_bytes(), journal.read_bytes()
    findings = tmp_path / "f.jsonl"
    done = cli_process("audit", str(db), "--jobs", jobs, "--findings", str(findings))
    code, output = done.returncode, done.stdout + done.stderr
    assert code == 2, output
    assert output.startswith(f"{db}:1:1: the database holds a write left unfinished"), output
    assert f"sqlite3 {shlex.quote(str(db))} 'PRAGMA quick_check'" in output
    assert (db.read_bytes(), journal.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name, f"{name}-journal"]
    fixed = sqlite3.connect(db)  # what the message says to do
    assert fixed.execute("PRAGMA quick_check").fetchone() == ("ok",)
    fixed.close()
    assert not journal.exists()
    done = cli_process("audit", str(db), "--jobs", jobs, "--findings", str(findings))
    assert done.returncode in (0, 1), done.stderr
    assert len(findings.read_bytes().splitlines()) >= 9


def test_a_table_named_for_a_fifo_log_is_refused_without_waiting_for_its_writer(
    tmp_path: Path,
) -> None:
    """Looking for a database's first bytes opens regular files only: a FIFO would block."""
    fifo = tmp_path / "log.jsonl"
    os.mkfifo(fifo)
    child = subprocess.run(
        [*CLI_COMMAND, "audit", str(fifo), "--table", "requests"],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert child.returncode == 2
    assert child.stderr == (
        "error: --table chooses the rows of a database log (.db, .sqlite), and no log is one\n"
    )


EARLY_CTRL_C = """
import os, signal
import safeguards.engine.cli  # the command line loaded: Ctrl-C is heard from its start
os.kill(os.getpid(), signal.SIGINT)  # as if it came while the command's modules load
import click.testing
print("went on")
"""
"""A Ctrl-C while the command line loads, before any command listens."""


def test_a_ctrl_c_while_the_command_line_loads_ends_it_quietly() -> None:
    """Not a traceback from the middle of an import, nor click's "Aborted!" and exit 1."""
    done = subprocess.run(
        [sys.executable, "-c", EARLY_CTRL_C], env=cli_env(), capture_output=True, check=False
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == b"interrupted\n"
    assert done.stdout == b""


def test_tests_start_their_commands_with_ctrl_c_heard() -> None:
    """Even when the suite itself was started with it ignored (a shell's background job)."""
    probe = "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env(), capture_output=True, text=True, check=True
    )
    assert done.stdout == "True\n"
