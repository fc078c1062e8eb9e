"""The audit's progress line: records, the share of the input read, the time left."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
from pathlib import Path

import pytest

from safeguards.engine import Period, load_catalog, transparency
from safeguards.engine.audit import ranges
from safeguards.engine.audit.readers import HashingReader
from safeguards.engine.cli.progress import Progress, total_size
from tests.conftest import ROOT, generated_log


def test_share_comes_from_the_byte_position_across_logs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(b"x" * 300)
    second.write_bytes(b"y" * 100)
    total = total_size([str(first), str(second)])
    assert total == 400
    shown: list[str] = []
    bar = Progress(total, shown.append)
    with first.open("rb") as stream:
        bar.reading(stream)
        stream.read(100)
        bar(10)
        assert "10 records" in shown[-1] and " 25.0%" in shown[-1] and "left" in shown[-1]
        stream.read(200)
        with second.open("rb") as other:
            bar.reading(other)
            other.read(100)
            bar(5)
    assert "15 records" in shown[-1] and "100.0%" in shown[-1]


def test_the_logs_read_stay_counted_when_the_next_one_starts(tmp_path: Path) -> None:
    """The audit closes each log once read: its bytes must stay in the share (they did not:
    the share started again from nothing at each log of a folder of daily logs)."""
    from safeguards.engine.audit.logs import audit_logs

    logs = [str(generated_log(tmp_path, 40 + i, seed=i)) for i in range(3)]
    shown: list[str] = []
    bar = Progress(total_size(logs), shown.append)
    audit_logs(load_catalog(), logs, as_of=dt.date(2026, 11, 29), progress=bar)
    assert bar.done_before == sum(os.path.getsize(log) for log in logs[:-1])
    bar(0)
    share = float(shown[-1].split("%")[0].split()[-1])
    assert share == pytest.approx(100 * bar.done_before / sum(map(os.path.getsize, logs)), 0.01)


def test_a_stream_without_size_shows_records_and_time_only(tmp_path: Path) -> None:
    assert total_size(["-"]) is None
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert total_size([str(fifo)]) is None
    shown: list[str] = []
    bar = Progress(None, shown.append)
    bar(1000)
    assert shown == [shown[0]] and shown[0].startswith("1,000 records") and "%" not in shown[0]


def test_transparency_reports_its_progress_like_the_audit(tmp_path: Path) -> None:
    log = generated_log(tmp_path, 2500, seed=3)
    shown: list[str] = []
    bar = Progress(total_size([str(log)]), shown.append)
    transparency(
        load_catalog(), [str(log)], period=Period.parse("2026"), as_of=dt.date(2026, 12, 1),
        progress=bar,
    )  # fmt: skip
    assert [line.split(" records")[0] for line in shown] == ["1,000", "2,000"]
    assert all("%" in line and "left" in line for line in shown)


def test_workers_report_every_record_once_whatever_the_chunks(tmp_path: Path) -> None:
    """With --jobs 2, the progress adds up to the log's records: each chunk counts its own.

    Run in a child process: workers are never forked from the test process (see cli_process).
    """
    import subprocess
    import sys

    from tests.conftest import cli_env

    log = generated_log(tmp_path, 2345, seed=5)
    script = (
        "import datetime as dt, importlib, sys\n"
        "importlib.import_module('safeguards.engine.audit.pool').CHUNK_LINES = 1000\n"
        "importlib.import_module('safeguards.engine.audit.logs').PARALLEL_MIN_LINES = 0\n"
        "from safeguards.engine import load_catalog\n"
        "from safeguards.engine.audit.logs import audit_logs\n"
        "seen = []\n"
        "audit_logs(load_catalog(), [sys.argv[1]], as_of=dt.date(2026, 12, 1), jobs=2,\n"
        "           progress=seen.append, findings_path=None)\n"
        "print(sorted(seen))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(log)], env=cli_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert sum(seen) == 2345
    # the chunks of the log, as the parent cuts them (a short first one, then at most 1000 lines)
    pool = importlib.import_module("safeguards.engine.audit.pool")
    with log.open("rb") as stream, pytest.MonkeyPatch.context() as m:
        m.setattr(pool, "CHUNK_LINES", 1000)
        reader = HashingReader(stream, str(log))
        sizes = [n for _, n in ranges.spans(reader, 0, pool.guided(log.stat().st_size, 2))]
    assert seen == sorted(sizes) and max(sizes) <= 1000 and len(sizes) > 3


def test_workers_count_a_csv_row_over_several_lines_once(tmp_path: Path) -> None:
    """A CSV row whose quoted cell runs over lines is one record, wherever the chunks end."""
    import subprocess
    import sys

    from tests.conftest import cli_env

    header, *rows = (
        (ROOT / "examples" / "requests" / "examplecloud-2026.csv")
        .read_bytes()
        .splitlines(keepends=True)
    )
    named = [row.replace(b",Example authority,", b',"Example\n\nauthority",', 1) for row in rows]
    named[120] = b"an,unreadable,row\n"  # counted too, as an unreadable record
    log = tmp_path / "log.csv"
    log.write_bytes(header + b"".join(named))
    script = (
        "import datetime as dt, importlib, sys\n"
        "importlib.import_module('safeguards.engine.audit.pool').CHUNK_LINES = 50\n"
        "importlib.import_module('safeguards.engine.audit.logs').PARALLEL_MIN_LINES = 0\n"
        "from safeguards.engine import load_catalog\n"
        "from safeguards.engine.audit.logs import audit_logs\n"
        "seen = []\n"
        "audit_logs(load_catalog(), [sys.argv[1]], as_of=dt.date(2026, 12, 1), jobs=2,\n"
        "           progress=seen.append, findings_path=None)\n"
        "print(len(seen), sum(seen))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(log)], env=cli_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    chunks, records = map(int, done.stdout.split())
    assert records == len(rows) == 300 and chunks > 3
    assert log.read_bytes().count(b"\n") > 2 * records  # many more lines than records


def test_a_database_log_shows_records_and_time_only(tmp_path: Path) -> None:
    """A database is read through for its digest before its rows: its bytes tell nothing."""
    from safeguards.engine.audit.logs import audit_logs
    from tests.conftest import database_log

    log = generated_log(tmp_path, 2500, seed=3)
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    db = database_log(tmp_path / "requests.db", records)
    shown: list[str] = []
    bar = Progress(total_size([str(db)]), shown.append)
    audit_logs(load_catalog(), [str(db)], as_of=dt.date(2026, 12, 1), progress=bar)
    assert shown, "the audit told its progress"
    assert all("%" not in line and "elapsed" in line for line in shown), shown
