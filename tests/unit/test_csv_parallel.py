"""A CSV log audited by several workers gives what one process gives, rows over lines included.

Workers read byte ranges of the file. A CSV row may run over several lines inside a quoted
cell, so a chunk ends only after a line by which an even number of quote marks has been read
(where a row of well-formed CSV ends); a chunk that ends inside a quoted cell all the same (a
quote mark inside an unquoted cell misleads the count) is read again, with the rest of the log,
by the parent. The audits run in child processes, as a user's command does: forking workers
from the test process can deadlock them (see ``tests.conftest.cli_process``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import audit_by_workers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "requests" / "examplecloud-2026.csv"


def _rows() -> tuple[bytes, list[bytes]]:
    header, *rows = EXAMPLE.read_bytes().splitlines(keepends=True)
    return header, rows


def _multiline(row: bytes, n: int) -> bytes:
    """The row with its authority's name quoted over two lines (a comma and quotes in it)."""
    return row.replace(b"Example authority", f'"Example\nauthority {n}, ""unit"""'.encode(), 1)


def _logs() -> dict[str, bytes]:
    header, rows = _rows()
    lines = [_multiline(row, n) if n % 4 == 0 else row for n, row in enumerate(rows[:90])]
    spoiled = list(lines)
    spoiled[10] = spoiled[10].replace(b"cited provision", b'cited "provision', 1)  # literal
    spoiled[20] = b"\xff\xfe not UTF-8,\n"
    spoiled[30] = b"too,few,cells\n"
    spoiled[40] = b"\n"
    unclosed = [*lines[:70], lines[70].replace(b"cited provision", b'"cited provision', 1)]
    unclosed += lines[71:]
    return {
        "rows over lines": header + b"".join(lines),
        "spoiled": b"\xef\xbb\xbf" + header.replace(b"\n", b"\r\n") + b"".join(spoiled),
        "a quote never closed": header + b"".join(unclosed),
        "no last newline": header + b"".join(lines).rstrip(b"\n"),
    }


@pytest.mark.parametrize("name", list(_logs()))
@pytest.mark.parametrize("chunk", [1, 3, 20])
def test_workers_read_a_csv_log_as_one_process_does(tmp_path: Path, name: str, chunk: int) -> None:
    log = tmp_path / "log.csv"
    log.write_bytes(_logs()[name])
    one = audit_by_workers(log, tmp_path / "jobs-1", 1, chunk)
    for jobs in (2, 3):
        many = audit_by_workers(log, tmp_path / f"jobs-{jobs}", jobs, chunk)
        assert many[:2] == one[:2], (name, chunk, jobs)
        assert many[2], "the rows were parted among workers"
    assert not one[2], "--jobs 1 reads the log in its own process"


def test_a_quote_mark_inside_an_unquoted_cell_is_read_as_one_process_reads_it(
    tmp_path: Path,
) -> None:
    """The quote miscounts every row after it: chunks end inside quoted cells, and the parent
    reads on from the first such chunk, so the findings stay those of one process."""
    header, rows = _rows()
    lines = [_multiline(row, n) for n, row in enumerate(rows[:60])]
    lines[5] = lines[5].replace(b"cited provision", b'cited "provision', 1)
    log = tmp_path / "log.csv"
    log.write_bytes(header + b"".join(lines))
    one = audit_by_workers(log, tmp_path / "one", 1, 4)
    two = audit_by_workers(log, tmp_path / "two", 2, 4)
    assert two[:2] == one[:2]
    assert '"requests": 60,' in one[0], "every row over its lines is one request"


def test_a_header_over_two_lines_is_left_to_one_process(tmp_path: Path) -> None:
    header, rows = _rows()
    log = tmp_path / "log.csv"
    log.write_bytes(header.replace(b",purpose,", b',"pur\npose",', 1) + b"".join(rows[:20]))
    one = audit_by_workers(log, tmp_path / "one", 1, 3)
    two = audit_by_workers(log, tmp_path / "two", 2, 3)
    assert two == one
    assert not two[2], "no worker read rows under a header it could not read alone"


STDIN = ("--input-format", "csv")


@pytest.mark.parametrize("name", list(_logs()))
@pytest.mark.parametrize("chunk", [1, 3, 20])
def test_workers_read_a_csv_log_on_standard_input_as_one_process_does(
    tmp_path: Path, name: str, chunk: int
) -> None:
    """A stream's lines are handed over in chunks that end where the quote marks are even."""
    log = tmp_path / "log.csv"
    log.write_bytes(_logs()[name])
    one = audit_by_workers(log, tmp_path / "jobs-1", 1, chunk, *STDIN, stdin=True)
    read_on = tmp_path / "read-on"
    before = (
        "read_on = pool._read_on\n"
        "def noted(*args):\n"
        f"    open({str(read_on)!r}, 'a').close()\n"
        "    return read_on(*args)\n"
        "pool._read_on = noted\n"
    )
    for jobs in (2, 3):
        folder = tmp_path / f"jobs-{jobs}"
        many = audit_by_workers(log, folder, jobs, chunk, *STDIN, before=before, stdin=True)
        assert many[:2] == one[:2], (name, chunk, jobs)
        assert many[2], "the rows were parted among workers"
    if name in ("rows over lines", "no last newline"):  # every quote mark where CSV puts one
        assert not read_on.exists(), "no chunk ended inside a quoted cell"


@pytest.mark.parametrize("open_lines", [2, 5, 1000])
def test_a_stream_whose_quote_marks_stay_odd_is_read_as_one_process_reads_it(
    tmp_path: Path, open_lines: int
) -> None:
    """A quote mark inside an unquoted cell leaves the count odd to the end: chunks are handed
    over at OPEN_LINES all the same, and one ending inside a quoted cell after it (a name over
    two lines) is read on from by the parent, from the lines it holds and the stream's rest."""
    header, rows = _rows()
    lines = [_multiline(row, n) if n % 7 == 3 else row for n, row in enumerate(rows[:60])]
    lines[2] = lines[2].replace(b"cited provision", b'cited "provision', 1)
    log = tmp_path / "log.csv"
    log.write_bytes(header + b"".join(lines))
    before = f"pool.OPEN_LINES = {open_lines}\n"
    one = audit_by_workers(log, tmp_path / "one", 1, 2, *STDIN, before=before, stdin=True)
    two = audit_by_workers(log, tmp_path / "two", 2, 2, *STDIN, before=before, stdin=True)
    assert two[:2] == one[:2]
    assert '"requests": 60,' in one[0], "every row over its lines is one request"
    assert two[2], "workers read the chunks before the count went wrong"


def test_a_stream_whose_header_is_no_plain_line_is_read_by_one_process(tmp_path: Path) -> None:
    header, rows = _rows()
    log = tmp_path / "log.csv"
    log.write_bytes(header.replace(b",purpose,", b',"pur\npose",', 1) + b"".join(rows[:20]))
    one = audit_by_workers(log, tmp_path / "one", 1, 3, *STDIN, stdin=True)
    two = audit_by_workers(log, tmp_path / "two", 2, 3, *STDIN, stdin=True)
    assert two == one
    assert not two[2], "no worker read rows under a header it could not read alone"
