"""Benchmark of the request-log audit (make bench). Prints figures; asserts nothing.

(a) end to end: `safeguards audit LOG --findings F` as a subprocess (parse, flatten, derive,
    check, write the findings), records per second and peak RSS of the child;
(b) evaluation only: the engine's compiled request checks over records already in memory,
    against a hand-written plain-Python implementation of the same checks, on the same records.

    python bench/run.py [--sizes 50000 500000] [--eval-records 20000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools"), str(ROOT / "bench")]

import handwritten  # noqa: E402
from generate_requests import generate  # noqa: E402

from engine.audit.records import Record  # noqa: E402
from engine.audit.run import Auditor, context_values  # noqa: E402
from engine.catalog import load_catalog  # noqa: E402

AS_OF = "2026-11-29"


def write_log(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in generate(n, seed=7):
            out.write(json.dumps(record, separators=(",", ":")) + "\n")


# The child's peak RSS is read in a small helper process: Linux carries a process's RSS
# high-water mark across fork and exec, so a child forked from this (larger) process would
# report this process's memory as its own.
HELPER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def end_to_end(log: Path, findings: Path, jobs: int) -> tuple[float, int, int]:
    """Run the CLI as a child; return seconds, peak RSS in KiB, and the exit status."""
    cmd = [sys.executable, "-c", "from engine.cli import main; main()", "audit", str(log)]
    cmd += ["--as-of", AS_OF, "--fail-on", "none", "--findings", str(findings)]
    # The report goes to a scratch file beside the findings, never to /dev/null: an output path
    # is replaced atomically, and run as root that would once have replaced the device itself.
    cmd += ["-o", str(findings.with_suffix(".report.txt"))]
    cmd += ["--jobs", str(jobs)]
    out = subprocess.run(
        [sys.executable, "-c", HELPER, *cmd], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seconds, peak, code = out.stdout.split()
    return float(seconds), int(peak), int(code)


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
    parser.add_argument("--eval-records", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=1, help="audit --jobs (0: one per core)")
    parser.add_argument("--keep", type=Path, help="folder for the generated logs (kept)")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print("\n(a) end to end: safeguards audit LOG --findings F (subprocess)")
        print(f"    {'records':>9} {'MB':>7} {'seconds':>8} {'records/s':>10} {'peak RSS MiB':>13}")
        rss = {}
        for n in args.sizes:
            log = folder / f"requests-{n}.jsonl"
            if not log.exists():
                write_log(log, n)
            seconds, peak, code = end_to_end(log, folder / f"findings-{n}.jsonl", args.jobs)
            rss[n] = peak
            size = log.stat().st_size / 1e6
            note = "" if code in (0, 1) else f"  (exit {code})"
            print(
                f"    {n:>9,} {size:>7.0f} {seconds:>8.1f} {n / seconds:>10,.0f} "
                f"{peak / 1024:>13.0f}{note}"
            )
        if len(rss) > 1:
            small, large = min(rss), max(rss)
            print(f"    peak RSS {large:,} / {small:,} records: {rss[large] / rss[small]:.2f}x")
    evaluation_only(args.eval_records)


if __name__ == "__main__":
    main()
