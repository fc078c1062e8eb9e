"""The days and counts where behaviour turns: each pinned so that an off-by-one cannot pass.

A waiver applies from its granted day through its expiry day; the expiry warning starts 30 days
ahead; an undetermined finding can be waived like any other; two dated answers may not share a
day; and a parallel audit counts and writes exactly what a serial one does.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from safeguards.engine.audit import ranges
from safeguards.engine.cli import main
from tests.conftest import audit_by_workers, cli_process

DATA = Path(__file__).resolve().parents[1] / "data"
REPORTS = DATA / "reports"
CATALOG = ["--catalog", str(REPORTS / "catalog")]
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def waiver_file(tmp_path: Path, safeguard: str, granted: str, expires: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "safeguards: 1\nwaivers:\n"
        f"  - safeguard: {safeguard}\n    subject: MX\n"
        "    justification: Reform bill before parliament; tracked in LEG-9.\n"
        "    approver: Jane Doe, General Counsel\n"
        f"    granted: {granted}\n    expires: {expires}\n",
        encoding="utf-8",
    )
    return path


def finding(tmp_path: Path, waivers: Path, as_of: str, safeguard: str) -> dict[str, object]:
    out = tmp_path / f"r-{as_of}.json"
    code, _, err = run(
        "check",
        str(REPORTS / "mixland.yaml"),
        *CATALOG,
        "--waivers",
        str(waivers),
        "--as-of",
        as_of,
        "--fail-on",
        "none",
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert code == 0, err
    report = json.loads(out.read_text(encoding="utf-8"))
    (found,) = [
        f for f in report["findings"] if f["subject"] == "MX" and f["safeguard"] == safeguard
    ]
    assert isinstance(found, dict)
    return found


@pytest.mark.parametrize(
    ("as_of", "waived", "state"),
    [
        ("2024-01-01", False, "not_yet_granted"),  # the day before it is granted
        ("2024-01-02", True, "applied"),  # the day it is granted
        ("2024-06-30", True, "applied"),  # its expiry day: still in force
        ("2024-07-01", False, "expired"),  # the day after
    ],
)
def test_a_waiver_applies_from_its_granted_day_through_its_expiry_day(
    tmp_path: Path, as_of: str, waived: bool, state: str
) -> None:
    waivers = waiver_file(tmp_path, "SG-BIO-01", "2024-01-02", "2024-06-30")
    found = finding(tmp_path, waivers, as_of, "SG-BIO-01")
    assert (found["status"] == "waived") is waived, found["status"]
    if not waived:
        assert found["status"] == "gap"
    report = json.loads((tmp_path / f"r-{as_of}.json").read_text(encoding="utf-8"))
    assert [note["state"] for note in report["waivers"]] == [state]  # what the report says of it


def test_an_undetermined_finding_can_be_waived(tmp_path: Path) -> None:
    waivers = waiver_file(tmp_path, "SG-CON-02", "2024-01-02", "2024-06-30")
    found = finding(tmp_path, waivers, "2024-03-01", "SG-CON-02")
    assert found["status"] == "waived"
    assert found["waived_status"] == "undetermined"


@pytest.mark.parametrize(("as_of", "warned"), [("2024-05-31", True), ("2024-05-30", False)])
def test_the_expiry_warning_starts_thirty_days_ahead(
    tmp_path: Path, as_of: str, warned: bool
) -> None:
    # 2024-06-30 is 30 days after 2024-05-31 and 31 days after 2024-05-30.
    waivers = waiver_file(tmp_path, "SG-BIO-01", "2024-01-02", "2024-06-30")
    args = ["--subjects", str(REPORTS / "mixland.yaml"), "--as-of", as_of]
    code, out, err = run("waivers", "lint", str(waivers), *CATALOG, *args)
    text = out + err
    assert ("expires in 30 day(s)" in text) is warned, text
    assert ("expires in 31 day(s)" in text) is False
    assert code == 0, text
    report = tmp_path / "report.md"
    code, _, err = run(
        "check",
        str(REPORTS / "mixland.yaml"),
        *CATALOG,
        "--waivers",
        str(waivers),
        "--as-of",
        as_of,
        "--fail-on",
        "none",
        "--format",
        "json",
        "-o",
        str(report),
    )
    assert code == 0, err
    notes = json.loads(report.read_text(encoding="utf-8"))["waivers"]
    assert [n["expiring_soon"] for n in notes] == [warned]


@pytest.mark.parametrize(("granted", "allowed"), [("2024-01-02", True), ("2024-01-01", False)])
def test_a_high_safeguard_may_be_waived_for_180_days_at_most(
    tmp_path: Path, granted: str, allowed: bool
) -> None:
    # 2024-01-02 to 2024-06-30 is 180 days; from 2024-01-01 it is 181.
    waivers = waiver_file(tmp_path, "SG-BIO-01", granted, "2024-06-30")
    args = ["--subjects", str(REPORTS / "mixland.yaml"), "--as-of", "2024-03-01"]
    code, out, err = run("waivers", "lint", str(waivers), *CATALOG, *args)
    assert (code == 0) is allowed, out + err
    assert ("a high safeguard may be waived for at most 180 days" in out + err) is not allowed


def _profile(tmp_path: Path, until: str, since: str) -> Path:
    path = tmp_path / "dated.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: XX\nfacts:\n  interception.exists:\n"
        f"    - value: false\n      effective_until: {until}\n"
        f"    - value: true\n      effective_from: {since}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("until", "since", "overlap"),
    [("2024-06-30", "2024-06-30", True), ("2024-06-30", "2024-07-01", False)],
)
def test_dated_answers_may_not_share_a_day(
    tmp_path: Path, until: str, since: str, overlap: bool
) -> None:
    profile = _profile(tmp_path, until, since)
    code, _, err = run(
        "check", str(profile), "--catalog", str(DATA / "catalog"), "--fail-on", "none"
    )
    if overlap:
        assert code == 2
        assert f"{profile}:8:7: dated answers to 'interception.exists' overlap" in err, err
    else:
        assert code == 0, err


def _audit(log: Path, out: Path, jobs: int) -> tuple[int, str, str]:
    done = cli_process(
        "audit",
        str(log),
        "--workflow",
        str(ROOT / "examples" / "workflows" / "strong.yaml"),
        "--as-of",
        "2026-11-29",
        "--fail-on",
        "none",
        "--jobs",
        str(jobs),
        "--format",
        "json",
        "-o",
        str(out / "audit.json"),
        "--findings",
        str(out / "findings.jsonl"),
    )
    return done.returncode, done.stdout, done.stderr


def test_a_parallel_audit_counts_and_writes_what_a_serial_one_does(tmp_path: Path) -> None:
    lines = (ROOT / "examples" / "requests" / "examplecloud-2026.jsonl").read_text().splitlines()
    # unreadable records spread over the file, so that every worker meets some
    bad = ["{not json", '{"id": 5}', "[]", '"text"']
    mixed = [
        x for i, line in enumerate(lines) for x in ([line, bad[i % 4]] if i % 37 == 0 else [line])
    ]
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    outputs = {}
    for jobs in (1, 2, 3):
        folder = tmp_path / f"jobs-{jobs}"
        folder.mkdir()
        code, out, err = _audit(log, folder, jobs)
        assert code == 0, err
        summary = (folder / "audit.json").read_text(encoding="utf-8").replace(str(folder), "OUT")
        findings = (folder / "findings.jsonl").read_bytes()
        outputs[jobs] = (summary, findings, out)
    assert outputs[2] == outputs[1]
    assert outputs[3] == outputs[1]
    summary = json.loads(outputs[1][0])
    text = json.dumps(summary)
    assert str(len(lines)) in text, "every readable record is counted"


@pytest.mark.parametrize("limit", ["lines", "lines + 1", "default"])
def test_a_log_of_fewer_lines_than_parallel_min_lines_is_read_by_one_process(
    tmp_path: Path, limit: str
) -> None:
    """A log file of fewer lines than PARALLEL_MIN_LINES is read in one process whatever
    ``--jobs`` says (workers would cost more than they save); one of exactly that many, by the
    workers. The findings and the summary are the same either way."""
    logs = importlib.import_module("safeguards.engine.audit.logs")
    log = tmp_path / "log.jsonl"
    log.write_bytes((ROOT / "examples" / "requests" / "examplecloud-2026.jsonl").read_bytes())
    lines = log.read_bytes().count(b"\n")
    assert lines < logs.PARALLEL_MIN_LINES
    least = {"lines": lines, "lines + 1": lines + 1, "default": logs.PARALLEL_MIN_LINES}[limit]
    setting = (  # the whole file read for its lines: their number exact
        f"importlib.import_module('{logs.__name__}').PARALLEL_MIN_LINES = {least}\n"
        f"importlib.import_module('{logs.__name__}').SAMPLE_BYTES = {log.stat().st_size}\n"
    )
    one = audit_by_workers(log, tmp_path / "one", 1, 7)
    two = audit_by_workers(log, tmp_path / "two", 2, 7, before=setting)
    assert two[:2] == one[:2]
    chunks = [mark for mark in two[2].split() if not mark.startswith("whole:")]
    assert bool(chunks) == (limit == "lines"), "workers audited chunks only from the limit on"
    assert "whole:" not in two[2], "one small log is no run of small logs worth workers"


def test_the_lines_of_a_long_log_are_reckoned_from_its_first_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond SAMPLE_BYTES, the lines are the file's size over the mean length of the lines in
    its first bytes; a file whose first bytes hold no newline is not judged (workers read it).
    A stream's lines are not known before it is read: its chunks go to the workers."""
    from safeguards.engine.audit.readers import HashingReader

    logs = importlib.import_module("safeguards.engine.audit.logs")
    monkeypatch.setattr(logs, "SAMPLE_BYTES", 1000)
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"".join(b'{"id": "R-%05d"}\n' % i for i in range(400)))
    assert len(b'{"id": "R-00001"}\n') == 18  # 1000 bytes: 55 whole lines and part of one
    # 7,200 bytes at 55 lines in the first 1,000: 396 lines reckoned
    for least, few in ((396, False), (397, True)):
        monkeypatch.setattr(logs, "PARALLEL_MIN_LINES", least)
        with log.open("rb") as stream:
            assert logs._few_lines(HashingReader(stream, str(log))) is few
    log.write_bytes(b"x" * 5000 + b"\n")  # no newline in the first 1,000 bytes
    with log.open("rb") as stream:
        assert logs._few_lines(HashingReader(stream, str(log))) is False
    with log.open("rb") as stream:  # the same file, named '-' as standard input is
        assert logs._few_lines(HashingReader(stream, "-")) is False


@pytest.mark.parametrize("chunk", [1, 7, 50])
def test_workers_reading_their_own_byte_ranges_see_the_lines_a_serial_run_sees(
    tmp_path: Path, chunk: int
) -> None:
    """Many chunks, a chunk of one line, an overlong line, a last line without its newline.

    The audit runs in a child process, single-threaded as a user's command is: forking workers
    from the test process, whose browser tests leave threads behind, can deadlock a worker.
    """
    lines = (ROOT / "examples" / "requests" / "examplecloud-2026.jsonl").read_bytes().splitlines()
    body = [*lines[:60], b'{"id": "' + b"x" * 9000 + b'"}', b"", b"{not json", *lines[60:120]]
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"\n".join(body))  # no newline after the last record
    readers = "importlib.import_module('safeguards.engine.audit.readers').MAX_LINE = 4096\n"
    one, two = (
        audit_by_workers(log, tmp_path / f"jobs-{jobs}", jobs, chunk, before=readers)
        for jobs in (1, 2)
    )
    assert two[:2] == one[:2]
    assert two[2], "workers read the byte ranges"
    assert "longer than" in one[0]  # the overlong line was reported at its line


def test_a_byte_range_is_read_as_the_whole_file_is(tmp_path: Path) -> None:
    import io

    from safeguards.engine.audit.readers import HashingReader

    pool = importlib.import_module("safeguards.engine.audit.pool")
    data = b"a\nbb\n\nccc\nlast"
    whole = list(HashingReader(io.BytesIO(data)))
    reader = HashingReader(io.BytesIO(data))
    spans = list(ranges.spans(reader, 0, lambda lines, size: pool.CHUNK_LINES))
    assert reader.consumed == len(data)
    log = tmp_path / "log.jsonl"
    log.write_bytes(data)
    parts = []
    with log.open("rb") as handle:
        handle.read(3)  # the descriptor's own offset is left alone by the ranges' reading
        for (first, offset, length, crc), count in spans:
            got = ranges.range_lines(handle.fileno(), offset, length, crc)
            assert len(got) == count and first == len(parts) + 1
            parts.extend(got)
        assert handle.read() == data[3:]
    assert parts == whole


def test_a_worker_reads_the_log_the_parent_opened_not_the_one_now_at_its_path(
    tmp_path: Path,
) -> None:
    """A log rotated during the audit (a new file at its path): the ranges are the old file's."""
    from safeguards.engine.audit.readers import HashingReader

    log = tmp_path / "log.jsonl"
    log.write_bytes(b"one\ntwo\nthree\n")
    with log.open("rb") as handle:
        log.rename(tmp_path / "log.jsonl.1")
        log.write_bytes(b"new\n")
        assert ranges.range_lines(handle.fileno(), 4, 10) == [b"two\n", b"three\n"]
        rest = HashingReader(ranges.Range(handle.fileno(), 8), "log.jsonl", hashed=False)
        assert list(rest.by_blocks()) == [b"three\n"]


def test_a_log_rotated_during_the_audit_is_audited_as_it_was_opened(tmp_path: Path) -> None:
    """The log is renamed and a new one started at its path while two workers audit it: they
    read their ranges from the file the audit opened, as one process reads it."""
    from tests.conftest import audit_by_workers, generated_log

    log = generated_log(tmp_path, 200, seed=12, malformed=0.2)
    rotate = (
        "ranges = importlib.import_module('safeguards.engine.audit.ranges')\n"
        "spans = ranges.spans\n"
        "def rotated(reader, base, *args, **kwargs):\n"
        f"    os.rename({str(log)!r}, {str(log)!r} + '.1')\n"
        f"    with open({str(log)!r}, 'w') as new:\n"
        '        new.write(\'{"id": "R-new"}\\n\' * 500)\n'
        "    yield from spans(reader, base, *args, **kwargs)\n"
        "ranges.spans = rotated\n"
    )
    one = audit_by_workers(log, tmp_path / "one", 1, 7)
    two = audit_by_workers(log, tmp_path / "two", 2, 7, before=rotate)
    assert log.read_text().startswith('{"id": "R-new"}'), "the log was rotated"
    assert two[:2] == one[:2] and two[2]


def test_chunks_shrink_near_the_end_so_that_the_workers_finish_together() -> None:
    """Guided chunk lengths: a short first chunk (TAIL_LINES, to learn the lines' length by),
    then full chunks while much is left, then a 2 × jobs-th of what is left, never fewer than
    TAIL_LINES; every line is in exactly one chunk, in order."""
    import io

    from safeguards.engine.audit.readers import HashingReader

    pool = importlib.import_module("safeguards.engine.audit.pool")
    data = b"".join(b'{"id": "R-%06d"}\n' % i for i in range(30_000))
    for jobs in (1, 2, 4):
        reader = HashingReader(io.BytesIO(data))
        spans = list(ranges.spans(reader, 0, pool.guided(len(data), jobs)))
        sizes = [n for _, n in spans]
        assert sum(sizes) == 30_000 and reader.consumed == len(data)
        assert [first for (first, _, _, _), _ in spans] == [
            1 + sum(sizes[:i]) for i in range(len(sizes))
        ]
        assert sizes[0] == pool.TAIL_LINES  # nothing read yet: a short first chunk
        assert sizes[1] == pool.CHUNK_LINES and sizes[1:] == sorted(sizes[1:], reverse=True)
        assert sizes[-2] == pool.TAIL_LINES >= sizes[-1]  # the tail: short chunks
        assert len(sizes) <= 30_000 // pool.CHUNK_LINES + 10 * jobs  # not many more chunks
        left = 30_000 - sizes[0]
        for n in sizes[1:-1]:  # each is a 2 x jobs-th of what is left, within the bounds
            assert n == max(pool.TAIL_LINES, min(pool.CHUNK_LINES, -(-left // (2 * jobs))))
            left -= n


def _spans_line_by_line(
    reader: Any, base: int, sizer: Any, quoted: bytes | None = None
) -> list[Any]:
    """The chunks of a file found the plain way: every line read through the HashingReader.

    ``sizer``: the lines of each chunk (as :func:`ranges.spans` takes it); ``quoted``: the
    file's bytes, for a CSV log, whose chunks end only after a line by which an even number of
    quote marks has been read.
    """
    out, first, start, count, chunk = [], 1, base, 0, sizer(0, 0)
    for number, _ in enumerate(reader, start=1):
        count += 1
        odd = quoted is not None and quoted[base : base + reader.consumed].count(b'"') % 2
        if count >= chunk and not odd:
            end = base + reader.consumed
            out.append(((first, start, end - start), count))
            first, start, count = number + 1, end, 0
            chunk = sizer(number, end - base)
    if count:
        out.append(((first, start, base + reader.consumed - start), count))
    return out


@pytest.mark.parametrize("quoted", [False, True], ids=["jsonl", "csv"])
def test_the_chunks_found_by_blocks_are_those_found_line_by_line(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, tmp_path: Path, quoted: bool
) -> None:
    """Blocks smaller than lines, chunks of one line, overlong and endless lines, no last newline.

    And for a CSV log, quote marks anywhere: cells over lines, doubled quotes, odd counts.
    """
    import io
    import random

    from safeguards.engine.audit import readers
    from safeguards.engine.errors import InputErrors

    pool = importlib.import_module("safeguards.engine.audit.pool")
    monkeypatch.setattr(readers, "MAX_LINE", 8)
    monkeypatch.setattr(readers, "MAX_SKIP", 40)
    rng = random.Random(6)
    fd = os.open(tmp_path / "log.jsonl", os.O_RDWR | os.O_CREAT)  # the workers' ranges
    request.addfinalizer(lambda: os.close(fd))
    tokens = [b"\n", b"a", b"bb", b"c" * 9, b"d" * 41, b"e\n\n"]
    if quoted:
        tokens += [b'"', b'""', b'"x\ny"', b'"' * 3 + b"\n"]
    for _ in range(3000):
        data = b"".join(rng.choice(tokens) for _ in range(rng.randrange(0, 12)))
        base = rng.choice([0, 0, min(3, len(data))])
        chunk, block = rng.randrange(1, 5), rng.randrange(1, 20)
        monkeypatch.setattr(pool, "CHUNK_LINES", chunk)
        monkeypatch.setattr(readers, "BLOCK", block)
        # fixed chunks, guided ones, or lengths that jump about
        sizer = rng.choice(
            [
                lambda n, b, chunk=chunk: chunk,
                pool.guided(len(data) - base, rng.randrange(1, 4)),
                lambda n, b: 1 + (7 * n + b) % 4,
            ]
        )
        results = []
        for by_blocks in (True, False):
            stream = io.BytesIO(data)
            stream.seek(base)
            reader = readers.HashingReader(stream, "log.jsonl")
            try:
                if by_blocks:
                    spans = []
                    for (first, offset, length, crc), count in ranges.spans(
                        reader, base, sizer, quoted=quoted
                    ):  # each chunk's checksum is that of its bytes
                        assert crc == zlib.crc32(data[offset : offset + length])
                        spans.append(((first, offset, length), count))
                else:
                    spans = _spans_line_by_line(reader, base, sizer, data if quoted else None)
                results.append((spans, reader.consumed, reader.digest.hexdigest()))
            except InputErrors as exc:
                where = exc.errors[0].location
                results.append(("error", where.line, where.column, exc.errors[0].message))
        assert results[0] == results[1], (data, base, chunk, block, sizer)
        if results[0][0] != "error":  # the workers' lines, read range by range, are the file's
            stream = io.BytesIO(data)
            stream.seek(base)
            whole = list(readers.HashingReader(stream, "log.jsonl"))
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
            read_back = []
            for (_, offset, length), count in results[0][0]:
                crc = zlib.crc32(data[offset : offset + length])
                read_back.append(ranges.range_lines(fd, offset, length, crc))
                assert len(read_back[-1]) == count
            assert [line for lines in read_back for line in lines] == whole, (data, base, chunk)


def test_a_regular_file_read_by_blocks_yields_the_lines_read_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Differential: lines, digest, bytes read and the endless-line error, both ways.

    Blocks smaller and larger than lines, lines ending at a block's end, overlong lines within
    one block and across several, lines just within and just past the limits, no last newline.
    """
    import io
    import random

    from safeguards.engine.audit import readers
    from safeguards.engine.errors import InputErrors

    monkeypatch.setattr(readers, "MAX_LINE", 8)
    monkeypatch.setattr(readers, "MAX_SKIP", 40)
    pieces = [b"\n", b"a", b"bb", b"c" * 7, b"d" * 8, b"e" * 9, b"f" * 39, b"g" * 41, b"h\n\n"]
    rng = random.Random(8)
    for _ in range(5000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 12)))
        monkeypatch.setattr(readers, "BLOCK", rng.choice([1, 2, 3, 5, 8, 9, 10, 17, 41, 64, 200]))
        results = []
        for by_blocks in (True, False):
            reader = readers.HashingReader(io.BytesIO(data), "log.jsonl")  # not regular: by lines
            got: list[bytes] = []
            try:
                got.extend(reader.by_blocks() if by_blocks else reader)
                results.append((got, reader.consumed, reader.digest.hexdigest()))
            except InputErrors as exc:
                where = exc.errors[0].location
                results.append((got, "error", where.line, where.column, exc.errors[0].message))
        assert results[0] == results[1], (data, readers.BLOCK)


def test_a_line_that_never_ends_stops_the_reading_at_its_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from safeguards.engine.audit import readers
    from safeguards.engine.errors import InputErrors

    monkeypatch.setattr(readers, "MAX_LINE", 8)
    monkeypatch.setattr(readers, "MAX_SKIP", 64)
    within = b"a\n" + b"x" * 60 + b"\nb\n"  # overlong but ends within the skip: reported, read on
    assert list(readers.HashingReader(io.BytesIO(within), "log.jsonl")) == [
        b"a\n",
        readers.OVERLONG,
        b"b\n",
    ]
    endless = b"a\nb\n" + b"x" * 80
    with pytest.raises(InputErrors) as caught:
        list(readers.HashingReader(io.BytesIO(endless), "log.jsonl"))
    where = caught.value.errors[0].location
    assert (where.path, where.line, where.column) == ("log.jsonl", 3, 1)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_endless_device_as_a_log_ends_with_a_located_message(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "audit.md"
    done = cli_process("audit", "/dev/zero", "--fail-on", "none", "--jobs", jobs, "-o", str(out))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("/dev/zero:1:1: the line runs past 64 MiB without ending")
    assert "Traceback" not in done.stderr and not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_workers_hand_their_lines_over_in_spool_files_that_never_outlive_the_audit(
    tmp_path: Path,
) -> None:
    """--jobs 2 writes the serial findings file; its spool folder is gone, also after an error.

    The workers put each chunk's lines in a file of a private folder under the temporary
    directory (``TMPDIR`` here), which the parent copies into the findings file in order.
    """
    from tests.conftest import chunked_cli, cli_env, generated_log

    log = generated_log(tmp_path, 300, seed=31, malformed=0.2)
    spool_home = tmp_path / "tmp"
    spool_home.mkdir()
    env = {**cli_env(), "TMPDIR": str(spool_home)}
    strong = str(ROOT / "examples" / "workflows" / "strong.yaml")
    found = {}
    for jobs in ("1", "2"):
        findings = tmp_path / f"findings-{jobs}.jsonl"
        args = ["audit", str(log), "--workflow", strong, "--as-of", "2026-11-29",
                "--fail-on", "none", "--jobs", jobs, "--findings", str(findings),
                "-o", str(tmp_path / f"audit-{jobs}.md")]  # fmt: skip
        marks = tmp_path / f"workers-{jobs}"
        marks.mkdir()
        _, workers = chunked_cli(args, marks, 40, env=env)
        found[jobs] = findings.read_bytes()
        assert list(spool_home.iterdir()) == []
        # one process reads alone; with two, workers audit the chunks
        assert (workers == "") == (jobs == "1") and len(workers.splitlines()) != 1
    assert found["2"] == found["1"] and found["1"]
    failed = tmp_path / "failed.jsonl"
    args = ["audit", str(log), "--workflow", strong, "--strict", "--jobs", "2",
            "--findings", str(failed)]  # fmt: skip
    done, _ = chunked_cli(args, tmp_path, 40, env=env, check=False)
    stderr = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in stderr, stderr
    assert not failed.exists() and list(spool_home.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2028-02-29", None),  # a leap day
        ("2026-02-29", "'2026-02-29' is no day of the calendar: day is out of range for month"),
        ("2026-13-01", "'2026-13-01' is no day of the calendar: month must be in 1..12"),
        ("29/02/2028", "'29/02/2028' is not a date (YYYY-MM-DD)"),
    ],
)
def test_an_as_of_date_is_a_day_of_the_calendar(typed: str, said: str | None) -> None:
    from safeguards.engine.cli import main

    profile = str(Path(__file__).resolve().parents[2] / "examples/jurisdictions/germany.yaml")
    result = CliRunner().invoke(main, ["check", profile, "--as-of", typed, "--fail-on", "none"])
    if said is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2 and said in result.output, result.output


@pytest.mark.parametrize(("cut", "strict"), [(10, False), (0, False), (10, True)])
def test_a_log_shortened_under_the_workers_stops_the_audit_where_its_bytes_end(
    tmp_path: Path, cut: int, strict: bool
) -> None:
    """The parent read and hashed bytes that are gone when a worker reads its range (a log
    rotated by copying and truncating it): the audit stops there, at the line the file now
    ends in, and writes no findings, instead of auditing fewer records than its digest names.
    Strict, an unreadable record before that line in the same chunk is met first."""
    from tests.conftest import changed_once_read, chunked_cli, generated_log

    log = generated_log(tmp_path, 300, seed=3)
    lines = log.read_bytes().splitlines(keepends=True)
    if strict:
        lines[145] = b"{not json\n"  # line 146, in the chunk of lines 141-147
        log.write_bytes(b"".join(lines))
    size = sum(map(len, lines[:146])) + cut  # into line 147 (or just before it)
    findings = tmp_path / "findings.jsonl"
    args = ["audit", str(log), "--jobs", "2", "--fail-on", "none", "--findings", str(findings)]
    args += ["--strict"] if strict else []
    done, workers = chunked_cli(args, tmp_path, 7, before=changed_once_read(log, size), check=False)
    said = done.stderr.decode()
    assert log.stat().st_size == size, "the log was shortened"
    assert done.returncode == 2 and "Traceback" not in said, said
    if strict:
        assert f"{log}:146:2: invalid JSON" in said, said
    else:
        assert f"{log}:147:1: the log changed while it was read" in said, said
    assert not findings.exists() and workers


@pytest.mark.parametrize("change", ["shortened", "written over"])
def test_a_csv_log_changed_while_the_parent_reads_it_on_stops_the_audit(
    tmp_path: Path, change: str
) -> None:
    """The parent reads a CSV log on from a chunk that ended inside a quoted cell; the file
    ends before the bytes its digest was read from, or a row after that chunk is written over
    in place once hashed: the audit stops, no findings written."""
    from tests.conftest import changed_once_read, chunked_cli

    example = ROOT / "examples" / "requests" / "examplecloud-2026.csv"
    header, *rows = example.read_text(encoding="utf-8").splitlines()
    lines = [
        row.replace("Example authority", f'"Example\nauthority {n}"', 1)
        for n, row in enumerate(rows[:60])
    ]
    lines[5] = lines[5].replace("cited provision", 'cited "provision', 1)  # a literal quote
    log = tmp_path / "log.csv"
    log.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    text = log.read_bytes()
    at = len(text) - len(text.splitlines(keepends=True)[-1]) - 30  # into the last row but one
    findings = tmp_path / "findings.jsonl"
    args = ["audit", str(log), "--jobs", "2", "--fail-on", "none", "--findings", str(findings)]
    if change == "shortened":
        before = changed_once_read(log, at)
    else:
        before = changed_once_read(log, at, bytes([text[at] ^ 1]))
    done, _ = chunked_cli(args, tmp_path, 4, before=before, check=False)
    said = done.stderr.decode()
    assert (log.stat().st_size == at) == (change == "shortened"), "the log was shortened"
    assert (log.read_bytes() != text) and done.returncode == 2, said
    assert "the log changed while it was read" in said, said
    assert "Traceback" not in said and not findings.exists()
    if change == "written over":  # the same bytes, not written over: audited as they are
        log.write_bytes(text)
        assert chunked_cli(args, tmp_path, 4, check=False)[0].returncode == 0


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_log_written_over_under_the_workers_stops_the_audit_at_the_chunk_it_changed(
    tmp_path: Path, suffix: str
) -> None:
    """The parent read and hashed a chunk; a record in it is then written over in place, its
    size unchanged (a log exported again over the old file): the worker reading that chunk finds
    its bytes no longer those the parent read, and the audit stops at the chunk's first line,
    no findings written, instead of auditing records its digest does not name."""
    from tests.conftest import changed_once_read, chunked_cli, generated_log

    log = generated_log(tmp_path, 60, seed=4)
    if suffix == ".csv":  # its header is line 1, its first row line 2
        csv = tmp_path / "log.csv"
        tool = [sys.executable, str(ROOT / "tools" / "jsonl_to_csv.py"), str(log), "-o", str(csv)]
        subprocess.run(tool, check=True)
        log = csv
    text = log.read_bytes()
    at = sum(map(len, text.splitlines(keepends=True)[:43])) + 2  # in line 44
    findings = tmp_path / "findings.jsonl"
    args = ["audit", str(log), "--jobs", "2", "--fail-on", "none", "--findings", str(findings)]
    overwrite = changed_once_read(log, at, b"X")
    done, workers = chunked_cli(args, tmp_path, 7, before=overwrite, check=False)
    said = done.stderr.decode()
    assert log.read_bytes() != text and len(log.read_bytes()) == len(text), "written over"
    assert done.returncode == 2 and "Traceback" not in said, said
    assert f"{log}:43:1: the log changed while it was read" in said, said  # chunk 43-49
    assert not findings.exists() and workers
    # the same bytes, not written over: audited as one process audits them
    log.write_bytes(text)
    again = chunked_cli(args, tmp_path, 7, check=False)[0]
    assert again.returncode == 0, again.stderr.decode()


def test_a_range_whose_bytes_are_not_those_read_gives_no_line(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"one\ntwo\nthree\n")
    with log.open("rb") as handle:
        fd = handle.fileno()
        assert ranges.range_lines(fd, 4, 10, zlib.crc32(b"two\nthree\n")) == [b"two\n", b"three\n"]
        with pytest.raises(ranges.Cut) as cut:
            ranges.range_lines(fd, 4, 10, zlib.crc32(b"two\nthreE\n"), path="log.jsonl", first=2)
        assert cut.value.lines == []
        assert str(cut.value.error).startswith("log.jsonl:2:1: the log changed while it was read")


def test_a_temporary_folder_that_cannot_take_the_spool_is_named_with_what_to_do(
    tmp_path: Path,
) -> None:
    """The workers' spool files cannot grow (a full temporary folder; here a limit on the size
    of a file): the message names the spool folder, not the findings file, and says how to do
    without it; exit 2, no findings file, no spool folder left."""
    from tests.conftest import chunked_cli, cli_env, generated_log

    log = generated_log(tmp_path, 200, seed=4)
    spool_home = tmp_path / "tmp"
    spool_home.mkdir()
    limited = (
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"  # a write past the limit then fails
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
    )
    findings = tmp_path / "findings.jsonl"
    args = ["audit", str(log), "--jobs", "2", "--fail-on", "none", "--findings", str(findings)]
    env = {**cli_env(), "TMPDIR": str(spool_home), "SAFEGUARDS_NO_CACHE": "1"}
    done, _ = chunked_cli(args, tmp_path, 40, before=limited, env=env, check=False)
    said = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in said, said
    assert f"error: {spool_home}/safeguards-spool-" in said and "File too large" in said, said
    assert "TMPDIR names another folder; --jobs 1 needs none" in said, said
    assert not findings.exists() and list(spool_home.iterdir()) == []
