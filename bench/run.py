"""Benchmark of the request-log audit (make bench). Prints figures; asserts nothing.

(a) end to end: `safeguards audit LOG --findings F` as a subprocess (parse, flatten, derive,
    check, write the findings) with each --jobs value, wall and CPU seconds, records per second
    and peak RSS of the child, against two floors measured in this process on the same file:
    `orjson.loads` of every line, and `orjson.loads` plus a plain flatten to dotted keys (the
    ratio tool CPU / orjson CPU is what issue 10 bounds at 2), and against bench/pipeline.py,
    the same audit written by hand in plain Python (flatten, dates, derived facts, checks,
    finding lines), run in this process on the same file;
    and, for logs of at most --database-max records, the same records as CSV
    (tools/jsonl_to_csv.py) and read from an SQLite database (tools/jsonl_to_sqlite.py; lines
    that are no JSON object left out), with each --jobs value, the findings compared;
    and `safeguards transparency LOG --period 2026` with each --jobs value, the tables compared,
    and its CPU per record at the smallest and the largest size (equal when it scales linearly);
    and, for each --jobs value above 1, its wall ratio against the best this machine allows
    (that many audits with --jobs 1 side by side against one alone, on the first log's
    first 5,000 lines, the median of --side-rounds alternating pairs, 7 by default; the start,
    a one-record audit, serial);
(b) evaluation only: the engine's compiled request checks over records already in memory,
    against a hand-written plain-Python implementation of the same checks, on the same records.

    python bench/run.py [--sizes 50000 500000] [--jobs 1 2] [--malformed 0.2]
                        [--eval-records 20000] [--keep DIR] [--side-rounds 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools"), str(ROOT / "bench")]

import handwritten  # noqa: E402
import pipeline  # noqa: E402
from generate_requests import generate, lines  # noqa: E402
from jsonl_to_csv import cells  # noqa: E402
from jsonl_to_sqlite import write as write_database  # noqa: E402

from safeguards.engine.audit.records import Record  # noqa: E402
from safeguards.engine.audit.run import Auditor  # noqa: E402
from safeguards.engine.catalog import load_catalog  # noqa: E402
from safeguards.engine.logic.context import context_values  # noqa: E402
from safeguards.engine.models import FactType  # noqa: E402

AS_OF = "2026-11-29"


def write_log(path: Path, n: int, malformed: float) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in lines(n, seed=7, malformed=malformed):
            out.write(line + "\n")


def _flatten(value: object, prefix: str, out: dict[str, object]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}{key}.", out)
    else:
        out[prefix[:-1]] = value


def floors(log: Path) -> tuple[float, float]:
    """Return the CPU seconds of orjson.loads alone, and with a flatten, over the file's lines."""
    import orjson

    data = log.read_bytes().splitlines()
    best_load = best_flat = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for line in data:
            try:  # noqa: SIM105 - a context manager per line would inflate the floor
                orjson.loads(line)
            except orjson.JSONDecodeError:
                pass
        t1 = time.process_time()
        for line in data:
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            _flatten(record, "", {})
        t2 = time.process_time()
        best_load, best_flat = min(best_load, t1 - t0), min(best_flat, t2 - t1)
    return best_load, best_flat


# The child's peak RSS is read in a small helper process: Linux carries a process's RSS
# high-water mark across fork and exec, so a child forked from this (larger) process would
# report this process's memory as its own.
HELPER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
cpu = usage.ru_utime + usage.ru_stime
print(time.perf_counter() - start, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def end_to_end(log: Path, findings: Path, jobs: int) -> tuple[float, float, int, int]:
    """Run the audit as a child; return wall and CPU seconds, peak RSS in KiB, exit status."""
    args = ["audit", str(log), "--as-of", AS_OF, "--fail-on", "none", "--findings", str(findings)]
    # The report goes to a scratch file beside the findings, never to /dev/null: an output path
    # is replaced atomically, and run as root that would once have replaced the device itself.
    return command(*args, "-o", str(findings.with_suffix(".report.txt")), "--jobs", str(jobs))


def command(*args: str) -> tuple[float, float, int, int]:
    """Run ``safeguards ARGS`` as a child; return wall and CPU seconds, peak RSS, exit status."""
    cmd = [sys.executable, "-c", "from safeguards.engine.cli import run; run()", *args]
    out = subprocess.run(  # as the console script runs it
        [sys.executable, "-c", HELPER, *cmd], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds, cpu, peak, code = out.stdout.split()
    return float(seconds), float(cpu), int(peak), int(code)


def side_by_side(log: Path, folder: Path, jobs: int) -> float:
    """Return the wall seconds of ``jobs`` audits of the log with --jobs 1 started at once."""
    cmd = [sys.executable, "-c", "from safeguards.engine.cli import run; run()", "audit"]
    cmd += [str(log), "--as-of", AS_OF, "--fail-on", "none", "--jobs", "1"]
    start = time.perf_counter()
    children = [
        subprocess.Popen(
            [
                *cmd,
                "--findings",
                str(folder / f"side-{k}.jsonl"),
                "-o",
                str(folder / f"side-{k}.txt"),
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for k in range(jobs)
    ]
    for child in children:
        child.wait()
    return time.perf_counter() - start


def slowdown(log: Path, folder: Path, jobs: int, rounds: int = 7) -> float:
    """Return how much longer ``jobs`` busy audits side by side take than one alone.

    On a VM whose cores share a physical core, a cache or a memory bus, each of two busy
    processes runs slower than one alone, and no division of the work among workers can do
    better than that. The audits read the log's first 5,000 lines; one alone and ``jobs``
    side by side alternate, and the median of the ``rounds`` ratios is taken, so that the
    machine's own changes of speed (CPU time itself varies by a quarter within minutes on a
    shared host) fall on both sides of each ratio.
    """
    part = folder / "side.jsonl"
    with log.open("rb") as lines, part.open("wb") as out:
        out.writelines(itertools.islice(lines, 5000))
    ratios = [
        side_by_side(part, folder, jobs) / side_by_side(part, folder, 1) for _ in range(rounds)
    ]
    return statistics.median(ratios)


def start_wall(log: Path, folder: Path) -> float:
    """Return the least wall seconds of the audit of the log's first line alone (3 runs)."""
    with log.open("rb") as lines:
        first = lines.readline()
    one = folder / "start-1.jsonl"
    one.write_bytes(first)
    return min(end_to_end(one, folder / "start-1.out.jsonl", 1)[0] for _ in range(3))


def at_best(start: float, alone: float, slower: float, jobs: int) -> float:
    """Return the wall ratio --jobs JOBS / --jobs 1 to expect, at best, on this machine.

    The start (a one-record audit) stays serial; the rest of the wall time ``alone`` of
    --jobs 1 is shared among ``jobs`` workers, each ``slower`` than one process alone.
    """
    return (start + max(alone - start, 0.0) * slower / jobs) / alone


def transparency(log: Path, folder: Path, n: int, jobs_values: list[int]) -> float:
    """Count the transparency tables of the log with each --jobs value; return µs per record.

    (Of the first --jobs value, in CPU.) The tables must be the same whatever the jobs: a line
    says so, or says they differ.
    """
    tables, per_record = set(), 0.0
    for jobs in jobs_values:
        out = folder / f"tables-{n}-{jobs}.json"
        args = ["transparency", str(log), "--period", "2026", "--as-of", AS_OF]
        seconds, cpu, peak, code = command(
            *args, "--format", "json", "-o", str(out), "--jobs", str(jobs)
        )
        tables.add(out.read_bytes() if out.exists() else b"")
        per_record = per_record or cpu / n * 1e6
        note = "" if code == 0 else f"  (exit {code})"
        print(
            f"    {n:>9,} {log.stat().st_size / 1e6:>6.0f} {jobs:>4} {seconds:>7.1f} {cpu:>7.1f} "
            f"{n / seconds:>10,.0f} {peak / 1024:>8.0f}  transparency --period 2026{note}"
        )
    if len(jobs_values) > 1:
        same = "identical" if len(tables) == 1 else "DIFFERENT"
        print(f"    transparency tables with --jobs {jobs_values}: {same}")
    return per_record


CI_FORMATS = ("sarif", "junit", "github", "gitlab")
"""The audit formats that list every request × failing check."""


def ci_formats(log: Path, folder: Path, n: int, jobs: int) -> dict[str, int]:
    """Audit the log to each CI format (with --findings); return each one's peak RSS in KiB.

    SARIF, JUnit and the forges' (GitHub annotations, GitLab Code Quality) are written as the
    findings are read back, one at a time: their memory should not grow with the log.
    """
    peaks = {}
    for fmt in CI_FORMATS:
        out = folder / f"audit-{n}.{fmt}"
        args = ["audit", str(log), "--as-of", AS_OF, "--fail-on", "none", "--format", fmt]
        args += ["-o", str(out), "--findings", str(folder / f"ci-findings-{n}.jsonl")]
        seconds, cpu, peak, code = command(*args, "--jobs", str(jobs))
        peaks[fmt] = peak
        note = "" if code == 0 else f"  (exit {code})"
        print(
            f"    {n:>9,} {log.stat().st_size / 1e6:>6.0f} {jobs:>4} {seconds:>7.1f} {cpu:>7.1f} "
            f"{n / seconds:>10,.0f} {peak / 1024:>8.0f}  audit --format {fmt}{note}"
        )
    return peaks


def other_forms(log: Path, folder: Path, n: int, jobs_values: list[int]) -> None:
    """Audit the log's records as CSV and from an SQLite database, with each --jobs value.

    Lines that are no JSON object are left out (neither form can hold them). The findings of
    each form must be the same whatever the jobs: a line says so, or says they differ.
    """
    import csv
    import json

    records = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            records.append(record)
    table = folder / f"requests-{n}.csv"
    rows = [cells(record) for record in records]
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
        writer.writeheader()
        writer.writerows(rows)
    db = folder / f"requests-{n}.db"
    write_database(records, str(db))
    for form, path in (("as CSV", table), ("from an SQLite database", db)):
        found = set()
        for jobs in jobs_values:
            findings = folder / f"findings-{n}-{path.suffix[1:]}-{jobs}.jsonl"
            seconds, cpu, peak, code = end_to_end(path, findings, jobs)
            found.add(findings.read_bytes() if findings.exists() else b"")
            note = "" if code in (0, 1) else f"  (exit {code})"
            print(
                f"    {len(records):>9,} {path.stat().st_size / 1e6:>6.0f} {jobs:>4} "
                f"{seconds:>7.1f} {cpu:>7.1f} {len(records) / seconds:>10,.0f} "
                f"{peak / 1024:>8.0f}  the same records {form}{note}"
            )
        if len(jobs_values) > 1:
            same = "identical" if len(found) == 1 else "DIFFERENT"
            print(f"    findings {form} with --jobs {jobs_values}: {same}")


def pipeline_config() -> pipeline.Config:
    """The configuration the hand-written pipeline copies from the catalog once."""
    catalog = load_catalog()
    context = context_values(catalog, None, dt.date.fromisoformat(AS_OF))
    auditor = Auditor(catalog, context, "bench")
    specs = auditor.parser.specs
    return pipeline.Config(
        catalog.tables,
        context,
        [k for k, spec in specs.items() if spec.type is FactType.DATETIME],
        [k for k, spec in specs.items() if spec.type is FactType.DATE],
        [(c.safeguard.id, c.check.kind) for c in auditor.checks],
    )


def hand_written_end_to_end(log: Path, findings: Path, config: pipeline.Config) -> float:
    """Return the CPU seconds of the hand-written pipeline over ``log`` (one run)."""
    start = time.process_time()
    pipeline.audit(log, findings, config)
    return time.process_time() - start


def evaluation_only(n: int) -> None:
    catalog = load_catalog()
    auditor = Auditor(catalog, context_values(catalog, None, dt.date(2026, 11, 29)), "bench")
    values = []
    for raw in generate(n, seed=11):
        rid, facts, problem = auditor.parser.parse(raw)
        assert problem is None, problem
        values.append(auditor.values(Record(1, rid, facts)))
    engine, hand = auditor.decide_all, handwritten.statuses
    mismatches = sum([s.value for s in engine(v)] != list(hand(v)) for v in values[: min(n, 5000)])
    best_engine = best_hand = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for v in values:
            engine(v)
        t1 = time.perf_counter()
        for v in values:
            hand(v)
        t2 = time.perf_counter()
        best_engine, best_hand = min(best_engine, t1 - t0), min(best_hand, t2 - t1)
    checks = len(auditor.checks)
    print(f"\n(b) evaluation only, {n:,} records in memory, {checks} request checks each")
    print(f"    engine (fused compiled checks): {n / best_engine:>12,.0f} records/s")
    print(f"    hand-written plain Python     : {n / best_hand:>12,.0f} records/s")
    print(
        f"    ratio engine / hand-written   : {best_hand / best_engine:>12.2f}x  (target >= 0.5x)"
    )
    print(f"    status mismatches on {min(n, 5000):,} records: {mismatches}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 500_000])
    parser.add_argument(
        "--eval-records", type=int, default=20_000, help="records of part (b); 0 skips it"
    )
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="audit --jobs values")
    parser.add_argument(
        "--malformed", type=float, default=0.0, help="share of spoiled lines in the generated logs"
    )
    parser.add_argument("--keep", type=Path, help="folder for the generated logs (kept)")
    parser.add_argument(
        "--side-rounds",
        type=int,
        default=7,
        help="pairs of one audit alone and audits side by side (the machine's slowdown)",
    )
    parser.add_argument(
        "--database-max",
        type=int,
        default=50_000,
        help="largest log also audited as CSV and as an SQLite database (0: none)",
    )
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(
            "\n(a) end to end: safeguards audit LOG --findings F (subprocess), CPU against floors"
        )
        print(
            f"    {'records':>9} {'MB':>6} {'jobs':>4} {'wall s':>7} {'CPU s':>7} {'records/s':>10}"
            f" {'RSS MiB':>8} {'orjson s':>9} {'+flatten':>9} {'CPU/orjson':>10}"
        )
        rss: dict[int, int] = {}
        counting: dict[int, float] = {}
        ci_rss: dict[int, dict[str, int]] = {}
        config = pipeline_config()
        slowdowns: dict[int, float] = {}
        start = 0.0
        for n in args.sizes:
            log = folder / f"requests-{n}-{args.malformed}.jsonl"
            if not log.exists():
                write_log(log, n, args.malformed)
            load, flat = floors(log)
            walls: dict[int, float] = {}
            cpus: dict[int, float] = {}
            for jobs in args.jobs:
                findings = folder / f"findings-{n}-{jobs}.jsonl"
                seconds, cpu, peak, code = end_to_end(log, findings, jobs)
                walls[jobs] = seconds
                cpus[jobs] = cpu
                rss.setdefault(n, peak)
                size = log.stat().st_size / 1e6
                note = "" if code in (0, 1) else f"  (exit {code})"
                print(
                    f"    {n:>9,} {size:>6.0f} {jobs:>4} {seconds:>7.1f} {cpu:>7.1f} "
                    f"{n / seconds:>10,.0f} {peak / 1024:>8.0f} {load:>9.2f} {flat:>9.2f} "
                    f"{cpu / load:>9.1f}x{note}"
                )
            if n <= args.database_max:
                other_forms(log, folder, n, args.jobs)
            counting[n] = transparency(log, folder, n, args.jobs)
            ci_rss[n] = ci_formats(log, folder, n, args.jobs[0])
            hand = hand_written_end_to_end(log, folder / f"hand-{n}.jsonl", config)
            print(
                f"    {'':>9} {'':>6} {'hand-written pipeline (bench/pipeline.py)':>41} "
                f"{hand:>7.1f} CPU s, {hand / load:.1f}x orjson; tool --jobs {args.jobs[0]} / "
                f"hand-written CPU: {cpus[args.jobs[0]] / hand:.2f}x"
            )
            if 1 in walls and len(walls) > 1:
                if not slowdowns:  # the machine's, measured once on the first log
                    start = start_wall(log, folder)
                    for jobs in walls:
                        if jobs != 1:
                            slowdowns[jobs] = slowdown(log, folder, jobs, args.side_rounds)
                for jobs, seconds in walls.items():
                    if jobs != 1:
                        best = at_best(start, walls[1], slowdowns[jobs], jobs)
                        print(
                            f"    wall --jobs {jobs} / --jobs 1: {seconds / walls[1]:.2f}; "
                            f"{jobs} audits side by side take {slowdowns[jobs]:.2f}x one alone, "
                            f"the start {start:.2f} s: about {best:.2f} expected"
                        )
        if len(rss) > 1:
            small, large = min(rss), max(rss)
            print(
                f"    peak RSS (--jobs {args.jobs[0]}) {large:,} / {small:,} records: "
                f"{rss[large] / rss[small]:.2f}x"
            )
            print(
                f"    transparency CPU per record (--jobs {args.jobs[0]}), {large:,} / {small:,}"
                f" records: {counting[large] / counting[small]:.2f}x"
                " (the start included; 1.00x: linear)"
            )
            for fmt in CI_FORMATS:
                print(
                    f"    peak RSS of audit --format {fmt}, {large:,} / {small:,} records: "
                    f"{ci_rss[large][fmt] / ci_rss[small][fmt]:.2f}x"
                )
    if args.eval_records > 0:  # 0: the end-to-end figures only
        evaluation_only(args.eval_records)


if __name__ == "__main__":
    main()
