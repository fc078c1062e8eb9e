"""The README's converters (tools/jsonl_to_csv.py, tools/jsonl_to_sqlite.py) on bad logs.

A line they cannot turn into a row ends the conversion with one located line and exit status
2, before anything is written: an output file already there is left as it was.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

TOOLS = ("jsonl_to_csv", "jsonl_to_sqlite")
GOOD = b'{"id": "A", "purpose": "x"}\n'


def convert(tool: str, log: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "tools" / f"{tool}.py"), str(log), "-o", str(out)]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize(
    ("line", "place", "why"),
    [
        (b"not json\n", "2:1", "invalid JSON: Expecting value"),
        (b'{"id": "B", "purpose": }\n', "2:24", "invalid JSON: Expecting value"),
        (b"[1, 2]\n", "2:1", "not a JSON object: a table has no row for it"),
        (b'"text"\n', "2:1", "not a JSON object"),
        (b'{"id": "B\xff"}\n', "2:10", "not UTF-8 text"),
    ],
)
def test_a_line_that_is_no_record_is_located_and_nothing_is_written(
    tmp_path: Path, tool: str, line: bytes, place: str, why: str
) -> None:
    log = tmp_path / "log.jsonl"
    log.write_bytes(GOOD + line + GOOD.replace(b'"A"', b'"C"'))
    out = tmp_path / "out"
    out.write_bytes(b"an earlier output\n")
    done = convert(tool, log, out)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{log}:{place}: {why}"), done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_bytes() == b"an earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl", "out"]


@pytest.mark.parametrize("tool", TOOLS)
def test_a_log_that_cannot_be_read_is_named(tmp_path: Path, tool: str) -> None:
    done = convert(tool, tmp_path / "missing.jsonl", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'missing.jsonl'}: No such file or directory\n"
    assert not (tmp_path / "out").exists()


def test_blank_lines_are_skipped_and_the_rows_written(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_bytes(GOOD + b"\n   \n" + GOOD.replace(b'"A"', b'"C"'))
    csv_out, db_out = tmp_path / "log.csv", tmp_path / "log.db"
    assert convert("jsonl_to_csv", log, csv_out).returncode == 0
    assert csv_out.read_text(encoding="utf-8") == "id,purpose\nA,x\nC,x\n"
    assert convert("jsonl_to_sqlite", log, db_out).returncode == 0
    with sqlite3.connect(db_out) as db:
        assert db.execute("SELECT * FROM requests").fetchall() == [("A", "x"), ("C", "x")]
    db.close()


def test_keys_that_differ_only_in_case_are_refused_for_a_database(tmp_path: Path) -> None:
    """SQLite's column names ignore ASCII case: 'Purpose' and 'purpose' would be one column."""
    log = tmp_path / "log.jsonl"
    log.write_bytes(GOOD + b"\n" + b'{"id": "B", "Purpose": "y", "caf\xc3\xa9": 1}\n')
    done = convert("jsonl_to_sqlite", log, tmp_path / "log.db")
    assert done.returncode == 2
    assert done.stderr == (
        f"{log}:3:1: 'Purpose' and 'purpose' differ only in case: one column of a database\n"
    )
    assert not (tmp_path / "log.db").exists()
    log.write_bytes(b'{"id": "A", "caf\xc3\xa9": 1}\n{"id": "B", "CAF\xc3\x89": 2}\n')
    assert convert("jsonl_to_sqlite", log, tmp_path / "log.db").returncode == 0  # not ASCII


def test_a_byte_order_mark_and_a_number_beyond_64_bits_are_kept(tmp_path: Path) -> None:
    """The mark before the first line is skipped, as the audit skips it; a huge number is text."""
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"\xef\xbb\xbf" + b'{"id": "A", "n": 123456789012345678901234567890}\n')
    assert convert("jsonl_to_csv", log, tmp_path / "log.csv").returncode == 0
    assert (tmp_path / "log.csv").read_text() == "id,n\nA,123456789012345678901234567890\n"
    assert convert("jsonl_to_sqlite", log, tmp_path / "log.db").returncode == 0
    with sqlite3.connect(tmp_path / "log.db") as db:
        assert db.execute("SELECT * FROM requests").fetchall() == [
            ("A", "123456789012345678901234567890")
        ]
    db.close()
