"""A CSV log audited by several workers gives what one process gives, rows over lines included.

Workers read byte ranges of the file. A CSV row may run over several lines inside a quoted
cell, so a chunk ends only after a line by which an even number of quote marks has been read
(where a row of well-formed CSV ends); a chunk that ends inside a quoted cell all the same (a
quote mark inside an unquoted cell misleads the count) is read again, with the rest of the log,
by the parent. The audits run in child processes, as a user's command does: forking workers
from the test process can deadlock them (see ``tests.conftest.cli_process``).
"""

from __future__ import annotations

import importlib
import io
import random
from pathlib import Path
from typing import Any

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


def _spans_line_by_line(reader: Any, data: bytes, base: int, chunk: int) -> list[Any]:
    """CSV chunks found the plain way: line by line, ending where the quotes read are even."""
    out, first, start, count = [], 1, base, 0
    for number, _ in enumerate(reader, start=1):
        count += 1
        if count >= chunk and data[base : base + reader.consumed].count(b'"') % 2 == 0:
            end = base + reader.consumed
            out.append(((first, start, end - start), count))
            first, start, count = number + 1, end, 0
    if count:
        out.append(((first, start, base + reader.consumed - start), count))
    return out


def test_csv_chunks_found_by_blocks_are_those_found_line_by_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Quotes anywhere, blocks smaller than lines, overlong lines, no last newline."""
    from safeguards.engine.audit import readers
    from safeguards.engine.errors import InputErrors

    pool = importlib.import_module("safeguards.engine.audit.pool")
    monkeypatch.setattr(readers, "MAX_LINE", 8)
    monkeypatch.setattr(readers, "MAX_SKIP", 40)
    rng = random.Random(11)
    tokens = [b"\n", b"a", b'"', b'""', b'"x\ny"', b"c" * 9, b'"' * 3 + b"\n", b"e\n\n"]
    for _ in range(3000):
        data = b"".join(rng.choice(tokens) for _ in range(rng.randrange(0, 14)))
        base = rng.choice([0, 0, min(2, len(data))])
        chunk, block = rng.randrange(1, 5), rng.randrange(1, 20)
        monkeypatch.setattr(pool, "CHUNK_LINES", chunk)
        monkeypatch.setattr(readers, "BLOCK", block)
        results = []
        for by_blocks in (True, False):
            stream = io.BytesIO(data)
            stream.seek(base)
            reader = readers.HashingReader(stream, "log.csv")
            try:
                if by_blocks:
                    spans = list(pool._spans(reader, base, quoted=True))
                else:
                    spans = _spans_line_by_line(reader, data, base, chunk)
                results.append((spans, reader.consumed, reader.digest.hexdigest()))
            except InputErrors as exc:
                where = exc.errors[0].location
                results.append(("error", where.line, where.column, exc.errors[0].message))
        assert results[0] == results[1], (data, base, chunk, block)
