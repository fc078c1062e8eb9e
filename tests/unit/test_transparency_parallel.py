"""Transparency tables counted by several workers are those one process counts.

Each worker counts the records of its chunks apart, request ids and all; the parent adds the
chunks' counts in log order. A chunk holding an id that an earlier chunk gave (the same
request twice in a log, or in two logs) cannot be added as it is: the parent counts that
chunk's records itself, after those before it, so that the request is counted once and the
repeat listed where one process would list it. The commands run in child processes, as a
user's does: forking workers from the test process can deadlock them (see
``tests.conftest.cli_process``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from safeguards.engine.audit.accumulate import Accumulator
from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import RecordParser
from safeguards.engine.audit.run import Auditor
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.context import context_values
from tests.conftest import ROOT, chunked_cli, database_log, generated_log, spoiled_records

ON = "2026-11-29"


def tables_by_workers(
    logs: list[str], folder: Path, jobs: int, chunk: int, *extra: str, stdin: bytes = b""
) -> tuple[str, int, int]:
    """Count the tables in a child process, with chunks of ``chunk`` lines or rows.

    Returns the JSON report, how many chunks workers counted, and how many the parent
    counted itself.
    """
    folder.mkdir()
    here = folder / "here"
    before = (
        "tr = importlib.import_module('safeguards.engine.audit.transparency')\n"
        "serial = tr.CountJob.serial\n"
        "def counted_here(self, records):\n"
        f"    with open({str(here)!r}, 'a') as out:\n"
        "        out.write('chunk\\n')\n"
        "    return serial(self, records)\n"
        "tr.CountJob.serial = counted_here\n"
    )
    args = [
        "transparency", *logs, "--period", "2026-H1", "--as-of", ON,
        "--format", "json", "-o", str(folder / "tables.json"), "--jobs", str(jobs), *extra,
    ]  # fmt: skip
    _, workers = chunked_cli(args, folder, chunk, before=before, stdin=stdin)
    counted_here = len(here.read_text().splitlines()) if here.exists() else 0
    tables = (folder / "tables.json").read_text(encoding="utf-8")
    return tables, len(workers.splitlines()), counted_here


def _with_repeats(lines: list[str]) -> list[str]:
    """Give some requests twice: next to the first, far from it, and with other answers."""
    out = list(lines)
    out.insert(6, lines[5])  # in the same chunk, mostly
    out.append(lines[10])  # in a later chunk
    changed = json.loads(lines[40])
    changed["outcome"] = {"disposition": "rejected"}
    out.insert(len(out) // 2, json.dumps(changed))
    return out


@pytest.mark.parametrize("chunk", [1, 7, 60])
def test_workers_count_a_log_as_one_process_does(tmp_path: Path, chunk: int) -> None:
    source = generated_log(tmp_path, 300, seed=11, malformed=0.2)
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line]
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(_with_repeats(lines)) + "\n", encoding="utf-8")
    one, workers, _ = tables_by_workers([str(log)], tmp_path / "one", 1, chunk)
    assert workers == 0, "--jobs 1 counts in its own process"
    report = json.loads(one)
    assert report["repeated"] >= 2 and report["outside_period"] > 0 and report["unreadable"] > 0
    for jobs in (2, 3):
        many, workers, here = tables_by_workers([str(log)], tmp_path / f"jobs-{jobs}", jobs, chunk)
        assert many == one, (chunk, jobs)
        assert workers > 1, "the records were parted among workers"
        assert 1 <= here < workers, "only chunks with an id given before are counted again"


def test_a_log_without_repeated_ids_is_counted_by_the_workers_alone(tmp_path: Path) -> None:
    log = generated_log(tmp_path, 200, seed=12, malformed=0.2)
    one, _, _ = tables_by_workers([str(log)], tmp_path / "one", 1, 9)
    two, workers, here = tables_by_workers([str(log)], tmp_path / "two", 2, 9)
    assert two == one
    assert workers >= 200 // 9 and here == 0


def test_the_repeats_listed_stop_at_fifty_however_many_chunks_give_them(tmp_path: Path) -> None:
    lines = generated_log(tmp_path, 150, seed=17).read_text(encoding="utf-8").splitlines()
    log = tmp_path / "twice.jsonl"
    log.write_text("".join(f"{line}\n{line}\n" for line in lines), encoding="utf-8")
    one, _, _ = tables_by_workers([str(log)], tmp_path / "one", 1, 10)
    report = json.loads(one)
    assert report["repeated"] > 50 and len(report["repeated_shown"]) == 50
    two, workers, here = tables_by_workers([str(log)], tmp_path / "two", 2, 10)
    assert two == one
    assert workers > 20 and here == 0, "each repeat is in its first's chunk"


@pytest.mark.parametrize("form", ["csv", "sqlite"])
def test_workers_count_a_table_of_the_log_as_one_process_does(tmp_path: Path, form: str) -> None:
    records = spoiled_records(tmp_path, 240, seed=13)
    months = tuple(f"2026-0{m}" for m in range(1, 7))
    inside = [
        r for r in records if str(r.get("intake", {}).get("received_at", "")).startswith(months)
    ]
    records.insert(3, inside[0])
    records.append(inside[len(inside) // 2])
    if form == "sqlite":
        log = database_log(tmp_path / "log.db", records)
    else:
        jsonl = tmp_path / "records.jsonl"
        jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        log = tmp_path / "log.csv"
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "jsonl_to_csv.py"), str(jsonl), "-o", str(log)],
            check=True,
        )
    one, _, _ = tables_by_workers([str(log)], tmp_path / "one", 1, 11)
    assert json.loads(one)["repeated"] >= 1
    two, workers, here = tables_by_workers([str(log)], tmp_path / "two", 2, 11)
    assert two == one
    assert workers > 2 and here >= 1


def test_a_request_given_again_in_a_second_log_from_standard_input(tmp_path: Path) -> None:
    log = generated_log(tmp_path, 120, seed=14)
    lines = log.read_bytes().splitlines(keepends=True)
    again = b"".join(lines[50:60]) + generated_log(tmp_path, 30, seed=15).read_bytes()
    one, _, _ = tables_by_workers([str(log), "-"], tmp_path / "one", 1, 8, stdin=again)
    report = json.loads(one)
    assert report["repeated"] >= 10
    assert report["repeated_shown"][0]["first"].startswith(f"{log}:5")
    assert report["repeated_shown"][0]["location"].startswith("-:")
    two, workers, here = tables_by_workers([str(log), "-"], tmp_path / "two", 2, 8, stdin=again)
    assert two == one
    assert workers > 2 and here >= 1


def _values(catalog: Catalog, n: int, seed: int) -> list[dict[str, object]]:
    """The facts of generated requests, as the transparency counting sees them."""
    sys.path.insert(0, str(ROOT / "tools"))
    from generate_requests import lines

    auditor = Auditor(catalog, context_values(catalog, None, dt.date(2026, 11, 29)), "transparency")
    parser: RecordParser = auditor.parser
    encoded = [line.encode() for line in lines(n, seed, malformed=0.2)]
    records = read_jsonl(encoded, parser)
    return [auditor.values(record) for record in records if record.problem is None]


def _state(acc: Accumulator) -> list[object]:
    """Everything the tables are built from, in the order it was first counted."""
    return [
        [(table, list(counter.items())) for table, counter in acc.counts.items()],
        [(group, list(histogram.items())) for group, histogram in acc.hours.items()],
        list(acc.national_security.items()),
        acc.requests,
    ]


def test_counts_added_part_by_part_are_those_counted_in_one_go(catalog: Catalog) -> None:
    """Property: cut the requests anywhere, count each part apart, add them in order."""
    values = _values(catalog, 400, seed=16)
    whole = Accumulator()
    for v in values:
        whole.add(v)
    rng = random.Random(16)
    for _ in range(25):
        cuts = sorted(rng.sample(range(1, len(values)), rng.randrange(1, 12)))
        joined = Accumulator()
        for a, b in zip([0, *cuts], [*cuts, len(values)], strict=True):
            part = Accumulator()
            for v in values[a:b]:
                part.add(v)
            joined.merge(part)
        assert _state(joined) == _state(whole), cuts


def test_a_log_shortened_before_the_parent_counts_a_chunk_again_stops_the_count(
    tmp_path: Path,
) -> None:
    """The parent counts again a chunk whose ids were given before; the log no longer holds
    that chunk's bytes (cut as the parent comes to it): the count stops, as the audit does."""
    lines = generated_log(tmp_path, 300, seed=11).read_text(encoding="utf-8").splitlines()
    lines.append(lines[0])  # a repeat in the last chunk: counted again by the parent
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = log.stat().st_size - 100  # into the last line
    before = (
        "lines_of = pool._lines_of\n"
        "def cut_first(task):\n"
        f"    os.truncate({str(log)!r}, {size})\n"
        "    return lines_of(task)\n"
        "pool._lines_of = cut_first\n"
    )
    out = tmp_path / "tables.json"
    args = ["transparency", str(log), "--period", "2026-H1", "--as-of", ON, "--format", "json",
            "-o", str(out), "--jobs", "2"]  # fmt: skip
    done, workers = chunked_cli(args, tmp_path, 20, before=before, check=False)
    said = done.stderr.decode()
    assert log.stat().st_size == size, "the log was cut"
    assert done.returncode == 2 and "Traceback" not in said and workers, said
    assert f"{log}:301:1: the log changed while it was read" in said, said
    assert not out.exists()
