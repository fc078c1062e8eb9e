"""Workers stop at the error one process meets first, even when the parent's reading stops later.

The parent reads ahead of the workers (a file's lines to part it, a table's rowids). When that
reading stops (a line that runs past the longest a line may be, a damaged page), the chunks
handed out before it hold records one process meets first: a strict audit's unreadable record
among them is the error to report, not the place where the parent's reading stopped.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, chunked_cli, database_log, generated_log, spoiled_records

SMALL_LINES = (
    "readers = importlib.import_module('safeguards.engine.audit.readers')\n"
    "readers.MAX_SKIP, readers.MAX_LINE, readers.BLOCK = 4000, 3000, 1024\n"
)
"""Python lines that make an endless line short enough for a test (and the blocks smaller)."""


WORKERS_MEET_IT = (
    "readers = importlib.import_module('safeguards.engine.audit.readers')\n"
    "readers.MAX_SKIP, readers.MAX_LINE = 4000, 3000\n"
)
"""An endless line short enough for a test in blocks longer than it: the parent looks at the
lengths of lines only where its blocks end, so it hands such a line to a worker."""


def _stops(
    log: Path, folder: Path, jobs: int, chunk: int, *extra: str, before: str = SMALL_LINES
) -> tuple[int, str]:
    """Audit in a child process (strict unless ``extra`` says otherwise); return the exit
    status and the messages."""
    folder.mkdir(parents=True)
    strict = [] if "--no-strict" in extra else ["--strict"]
    args = [
        "audit", str(log), *strict, "--jobs", str(jobs), "--fail-on", "none",
        "--findings", str(folder / "findings.jsonl"), *(e for e in extra if e != "--no-strict"),
    ]  # fmt: skip
    done, _ = chunked_cli(args, folder, chunk, before=before, check=False)
    assert not (folder / "findings.jsonl").exists()
    return done.returncode, (done.stdout + done.stderr).decode(errors="replace")


def _with_endless_line(lines: list[str], at: int) -> str:
    """Return the log's text with the line numbered ``at`` replaced by one that never ends."""
    lines = list(lines)
    lines[at - 1] = "x" * 5000
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("chunk", [10, 20])
def test_an_unreadable_jsonl_record_before_an_endless_line_is_reported(
    tmp_path: Path, chunk: int
) -> None:
    lines = generated_log(tmp_path, 120, seed=2).read_text(encoding="utf-8").splitlines()
    lines[4] = "{not json"
    log = tmp_path / "log.jsonl"
    log.write_text(_with_endless_line(lines, 50), encoding="utf-8")
    one = _stops(log, tmp_path / f"one-{chunk}", 1, chunk)
    assert one[0] == 2 and ":5:2: invalid JSON" in one[1], one
    assert _stops(log, tmp_path / f"two-{chunk}", 2, chunk) == one


@pytest.mark.parametrize("strict", [True, False])
def test_an_endless_line_a_worker_meets_stops_the_audit_as_one_process_does(
    tmp_path: Path, strict: bool
) -> None:
    """The worker's own reader stops at the line, placed in the whole log; strict, an
    unreadable record before it in the same chunk is met first. (The worker's error came back
    as an exception the parent could not unpickle, and the audit waited for ever.)"""
    lines = generated_log(tmp_path, 120, seed=2).read_text(encoding="utf-8").splitlines()
    lines[44] = "{not json"  # line 45, in the chunk of lines 41-50 with the endless line 48
    log = tmp_path / "log.jsonl"
    log.write_text(_with_endless_line(lines, 48), encoding="utf-8")
    extra = () if strict else ("--no-strict",)
    one = _stops(log, tmp_path / "one", 1, 10, *extra, before=WORKERS_MEET_IT)
    said = ":45:2: invalid JSON" if strict else ":48:1: the line runs past"
    assert one[0] == 2 and said in one[1], one
    assert _stops(log, tmp_path / "two", 2, 10, *extra, before=WORKERS_MEET_IT) == one


def test_an_error_raised_in_a_worker_reaches_the_parent_whole() -> None:
    """The errors a worker may raise survive pickling (Exception's own would call them with
    their rendered text, and the pool's thread taking results in would die of it)."""
    import pickle

    from safeguards.engine.audit.readers import LogHeaderError
    from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError, WaiverError

    errors = InputErrors(
        [
            SubjectError(SourceLocation("log.jsonl", 3, 2), "bad"),
            WaiverError(SourceLocation("w"), "x"),
        ]
    )
    back = pickle.loads(pickle.dumps(errors))
    assert type(back) is InputErrors and str(back) == str(errors)
    assert [(type(e), e.location, e.message) for e in back.errors] == [
        (type(e), e.location, e.message) for e in errors.errors
    ]
    header = pickle.loads(pickle.dumps(LogHeaderError(1, 7, "no id column")))
    assert (header.line, header.column, header.message) == (1, 7, "no id column")


def test_a_csv_read_on_by_the_parent_stops_at_its_first_unreadable_row(tmp_path: Path) -> None:
    """A quote mark inside an unquoted cell miscounts the rows after it: a chunk ends inside a
    quoted cell, and the parent reads on from there itself. Its reading meets an unreadable row
    before the endless line that the rest of the log holds."""
    example = ROOT / "examples" / "requests" / "examplecloud-2026.csv"
    header, *rows = example.read_text(encoding="utf-8").splitlines()
    lines = [
        row.replace("Example authority", f'"Example\nauthority {n}"', 1)
        for n, row in enumerate(rows[:60])
    ]
    lines[5] = lines[5].replace("cited provision", 'cited "provision', 1)  # literal
    lines[30] += ",x,y"  # more cells than the header names
    log = tmp_path / "log.csv"
    log.write_text(header + "\n" + _with_endless_line(lines, 55), encoding="utf-8")
    one = _stops(log, tmp_path / "one", 1, 4)
    assert one[0] == 2 and "cells but the header" in one[1], one
    assert _stops(log, tmp_path / "two", 2, 4) == one


@pytest.mark.parametrize("chunk", [10, 20])
def test_an_unreadable_csv_row_before_an_endless_line_is_reported(
    tmp_path: Path, chunk: int
) -> None:
    source = generated_log(tmp_path, 120, seed=2)
    csv = tmp_path / "rows.csv"
    tool = ROOT / "tools" / "jsonl_to_csv.py"
    subprocess.run([sys.executable, str(tool), str(source), "-o", str(csv)], check=True)
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[4] += ",x,y"  # more cells than the header names
    log = tmp_path / "log.csv"
    log.write_text(_with_endless_line(lines, 50), encoding="utf-8")
    one = _stops(log, tmp_path / f"one-{chunk}", 1, chunk)
    assert one[0] == 2 and ":5:1: " in one[1] and "cells but the header" in one[1], one
    assert _stops(log, tmp_path / f"two-{chunk}", 2, chunk) == one


def test_an_unreadable_row_before_a_damaged_page_is_reported(tmp_path: Path) -> None:
    records = spoiled_records(tmp_path, 400, seed=3)
    records[3] = {"id": "R-bad", "intake": {"received_at": "not a date"}}
    db = database_log(tmp_path / "requests.db", records)
    with sqlite3.connect(db) as con:  # counted by the index: the damage found by the rowids
        con.execute('CREATE INDEX country ON requests ("authority.country")')
    con.close()
    data = bytearray(db.read_bytes())
    data[3 * 4096 : 4 * 4096] = b"\xff" * 4096  # a leaf page of the table, overwritten
    db.write_bytes(bytes(data))
    one = _stops(db, tmp_path / "one", 1, 10)
    assert one[0] == 2 and ":4:" in one[1] and "damaged" not in one[1], one
    for chunk in (10, 20):
        assert _stops(db, tmp_path / f"two-{chunk}", 2, chunk) == one, chunk


@pytest.mark.parametrize("chunk", [10, 20])
def test_of_two_unreadable_records_in_two_chunks_the_first_is_reported(
    tmp_path: Path, chunk: int
) -> None:
    """A chunk's error met while later chunks are being handed out is the one reported, not
    that of a chunk after it, still in a worker's hands."""
    lines = generated_log(tmp_path, 120, seed=2).read_text(encoding="utf-8").splitlines()
    lines[4] = "{not json"
    lines[chunk + 4] = "{not json either"
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _stops(log, tmp_path / f"one-{chunk}", 1, chunk)
    assert one[0] == 2 and ":5:2: invalid JSON" in one[1], one
    assert _stops(log, tmp_path / f"two-{chunk}", 2, chunk) == one
