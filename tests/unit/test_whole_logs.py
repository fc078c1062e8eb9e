"""Small logs handed whole to workers (``--jobs``): the output of one process, byte for byte.

The line limit is lowered in the child (``PARALLEL_MIN_LINES``), so that logs of a few
dozen lines are "small" and a few such logs hold lines enough for workers; a log over the
limit between them is read in chunks by a pool of its own, as before.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from safeguards.engine.audit.run import Tally, Worst
from safeguards.engine.models import Status
from tests.conftest import LOGS, ROOT, chunked_cli, generated_log

AS_OF = "2026-11-29"
LIMIT = f"importlib.import_module({LOGS!r}).PARALLEL_MIN_LINES = 40\n"


def small_logs(folder: Path, sizes: list[int], *, seed: int = 5, malformed: float = 0.2) -> Path:
    """Cut a generated log (a ``malformed`` share spoiled) into logs of ``sizes`` lines.

    The third log is a CSV file, the fourth starts with a byte order mark, and the last
    repeats the first request of the first log (counted once by the transparency tables).
    """
    lines = generated_log(folder.parent, sum(sizes), seed=seed, malformed=malformed).read_bytes()
    rows = lines.splitlines(keepends=True)
    folder.mkdir()
    at = 0
    for i, size in enumerate(sizes):
        part = rows[at : at + size]
        at += size
        if i == 3:
            part[0] = b"\xef\xbb\xbf" + part[0]
        if i == len(sizes) - 1:
            part.append(rows[0] if rows[0].startswith(b"{") else rows[1])
        (folder / f"{i:03}.jsonl").write_bytes(b"".join(part))
    csv_source = generated_log(folder.parent, 12, seed=seed + 1)
    (folder / "002.jsonl").unlink()
    _as_csv(csv_source, folder / "002.csv")
    return folder


def _as_csv(log: Path, out: Path) -> None:
    tool = ROOT / "tools" / "jsonl_to_csv.py"
    subprocess.run([sys.executable, str(tool), str(log), "-o", str(out)], check=True)


def run(logs: Path | list[Path], out: Path, jobs: int, *args: str) -> tuple[int, bytes, str]:
    """Audit ``logs`` with ``jobs``; return the exit status, stderr and the worker marks."""
    out.mkdir(exist_ok=True)
    named = [str(log) for log in (logs if isinstance(logs, list) else [logs])]
    argv = ["audit", *named, "--as-of", AS_OF, "--fail-on", "none", "--jobs", str(jobs)]
    argv += [a.replace("OUT", str(out)) for a in args]
    done, workers = chunked_cli(argv, out, 20, before=LIMIT, check=False, every_log=False)
    return done.returncode, done.stderr, workers


OUTPUTS = ("--findings", "OUT/findings.jsonl", "--format", "json", "-o", "OUT/summary.json")


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_small_logs_handed_whole_write_what_one_process_writes(tmp_path: Path, fmt: str) -> None:
    folder = small_logs(tmp_path / "logs", [15, 20, 0, 25, 30, 70, 10, 22, 18, 25, 12])
    args = ["--findings", "OUT/findings.jsonl", "--format", fmt, "-o", f"OUT/summary.{fmt}"]
    one = run(folder, tmp_path / "one", 1, *args)
    two = run(folder, tmp_path / "two", 2, *args)
    assert one[0] == two[0] == 0, (one, two)
    assert not one[2]
    assert "whole:" in two[2], "no worker audited a log"
    for name in ("findings.jsonl", f"summary.{fmt}"):
        written = [
            (tmp_path / d / name).read_bytes().replace(str(tmp_path / d).encode(), b"OUT")
            for d in ("one", "two")
        ]
        assert written[0] == written[1]
    summary = (tmp_path / "two" / f"summary.{fmt}").read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(summary)["unreadable"] > 0  # spoiled records were read as such
        assert len(json.loads(summary)["inputs"]) == 11
        assert len({w["log"] for w in json.loads(summary)["worst"]}) > 1


def test_the_transparency_tables_of_small_logs_are_those_of_one_process(tmp_path: Path) -> None:
    """The last log repeats a request of the first: a worker's count of it is not used."""
    folder = small_logs(tmp_path / "logs", [15, 20, 0, 25, 30, 22, 18, 25, 12])
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"t{jobs}"
        out.mkdir()
        argv = ["transparency", str(folder), "--period", "2026", "--as-of", AS_OF]
        argv += ["--format", "json", "-o", str(out / "t.json"), "--jobs", str(jobs)]
        _, workers = chunked_cli(argv, out, 20, before=LIMIT, every_log=False)
        outputs.append((out / "t.json").read_bytes())
        assert ("whole:" in workers) is (jobs == 2)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["repeated"] >= 1


@pytest.mark.parametrize("strict", [True, False])
def test_the_first_error_in_log_order_is_reported_whoever_met_it(
    tmp_path: Path, strict: bool
) -> None:
    """Logs 5 and 6 have a bad line each, and a log named later does not exist.

    A strict audit stops at log 5's bad line, which a worker meets, although log 6 is out
    too and the missing log comes after; without --strict the bad lines are counted and the
    missing log (named after log 7) stops the audit, once the logs out before it are taken in.
    """
    folder = small_logs(tmp_path / "logs", [15, 20, 0, 25, 30, 22, 18, 25, 12], malformed=0.0)
    for name, at in (("005.jsonl", 3), ("006.jsonl", 1)):  # log 6's comes after, if ever
        log = folder / name
        lines = log.read_bytes().splitlines(keepends=True)
        log.write_bytes(b"".join([*lines[:at], b"{not json\n", *lines[at:]]))
    logs = sorted(folder.iterdir())
    at = len(logs) if strict else 8  # strict: log 5's error is taken in as log 8 goes out
    named = [*logs[:at], tmp_path / "gone.jsonl", *logs[at:]]
    args = ["--strict"] if strict else []
    args += ["--findings", "OUT/findings.jsonl"]
    one = run(named, tmp_path / "one", 1, *args)
    two = run(named, tmp_path / "two", 2, *args)
    assert one[0] == two[0] == 2, (one, two)
    assert one[1] == two[1]
    said = two[1].decode()
    assert ("005.jsonl:4:" in said) is strict
    assert ("gone.jsonl:1:1: no such file" in said) is not strict
    assert "Traceback" not in said
    assert "whole:" in two[2], "no worker audited a log"
    assert not (tmp_path / "two" / "findings.jsonl").exists()


def test_a_folder_not_worth_workers_is_read_by_one_process(tmp_path: Path) -> None:
    """Three logs of 10 lines: fewer than the limit of 40 lines in all."""
    folder = small_logs(tmp_path / "logs", [10, 10, 0, 10])
    code, _, workers = run(folder, tmp_path / "out", 2, *OUTPUTS)
    assert code == 0
    assert not workers


def test_small_logs_after_a_long_one_are_judged_afresh(tmp_path: Path) -> None:
    """Two logs of 10 lines are too few for workers; the long log after them has a pool of
    its own, and the four small logs after it hold 90 lines: handed whole to workers."""
    folder = small_logs(tmp_path / "logs", [10, 10, 0, 70, 15, 20, 25, 30])
    one = run(folder, tmp_path / "one", 1, *OUTPUTS)
    two = run(folder, tmp_path / "two", 2, *OUTPUTS)
    assert one[0] == two[0] == 0
    marks = two[2].split()
    assert any(not m.startswith("whole:") for m in marks), "the long log was not parted"
    assert sum(m.startswith("whole:") for m in marks) == 4, marks
    assert (tmp_path / "one" / "findings.jsonl").read_bytes() == (
        tmp_path / "two" / "findings.jsonl"
    ).read_bytes()


@pytest.mark.parametrize("room", [0, -1])
def test_a_log_larger_than_whole_max_bytes_is_read_by_the_parent(tmp_path: Path, room: int) -> None:
    """At the limit a log is handed whole; one byte over it, the parent reads it."""
    folder = small_logs(tmp_path / "logs", [30, 30, 0, 30])
    largest = max(log.stat().st_size for log in folder.iterdir())
    limit = f"importlib.import_module({LOGS!r}).WHOLE_MAX_BYTES = {largest + room}\n"
    out = tmp_path / "out"
    out.mkdir()
    argv = ["audit", str(folder), "--as-of", AS_OF, "--fail-on", "none", "--jobs", "2"]
    argv += ["--findings", str(out / "findings.jsonl")]
    _, workers = chunked_cli(argv, out, 20, before=LIMIT + limit, every_log=False)
    handed = sum(mark.startswith("whole:") for mark in workers.split())
    assert handed == (4 if room == 0 else 3), workers
    one = run(folder, tmp_path / "one", 1, "--findings", "OUT/findings.jsonl")
    assert one[0] == 0
    assert (out / "findings.jsonl").read_bytes() == (
        tmp_path / "one" / "findings.jsonl"
    ).read_bytes()


def test_ties_among_the_worst_requests_go_to_the_earlier_log_then_line() -> None:
    """Tallies merged in any order keep the same requests in the same order."""
    issues = (("SG-BIO-01", Status.GAP),)
    ranked = [
        Worst(score, line, f"R-{score}-{log}-{line}", issues, log)
        for score in (3, 5)
        for log in range(4)
        for line in (1, 2, 7)
    ]
    orders = []
    for seed in range(20):
        shuffled = ranked[:]
        random.Random(seed).shuffle(shuffled)
        tally = Tally()
        for parts in (shuffled[:9], shuffled[9:]):
            part = Tally()
            for worst in parts:
                part.rank(worst)
            tally.merge(part)
        orders.append([w.request for w in tally.worst_first()])
    assert all(order == orders[0] for order in orders)
    assert orders[0][:4] == ["R-5-0-1", "R-5-0-2", "R-5-0-7", "R-5-1-1"]
