"""Instructions per audited record, counted by valgrind: a figure that a busy machine cannot move.

Wall and CPU seconds on a shared 2-core machine vary by tens of percent from one minute to
the next, which hides a change of a few percent. valgrind's callgrind counts the instructions
the interpreter executes instead, the same on every run. The audit runs in-process twice, on a
generated log of N records and on a log of one record (the start: imports, catalog, compiled
code); the difference divided by N - 1 is the audit's own cost per record. The same is done
for a loop of ``orjson.loads`` over the lines (the floor issue 10 measures the audit against).

    python bench/instructions.py [--records 3000] [--malformed 0.0]

Needs valgrind (Debian: apt-get install valgrind); without it, says so and stops. Prints
figures, asserts nothing. Under valgrind the run is about 50 times slower than usual.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools")]

from generate_requests import lines  # noqa: E402

AUDIT = """
import datetime as dt, sys
from pathlib import Path
from safeguards.engine import load_catalog
from safeguards.engine.audit.logs import audit_logs
day = dt.date(2026, 11, 29)
audit_logs(load_catalog(), [sys.argv[1]], as_of=day, findings_path=Path(sys.argv[2]))
"""


FLOOR = """
import sys, orjson
with open(sys.argv[1], "rb") as log:
    for line in log:
        try:
            orjson.loads(line)
        except orjson.JSONDecodeError:  # a spoiled line (--malformed)
            pass
"""


def instructions(script: str, log: Path, out: Path) -> int:
    """Return the instructions callgrind counts for one run of ``script`` on ``log``."""
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.cg"]
    command += [sys.executable, "-c", script, str(log), str(out)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--malformed", type=float, default=0.0)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts (apt-get install valgrind)")
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        logs = {}
        for n in (1, args.records):
            logs[n] = folder / f"log-{n}.jsonl"
            text = "".join(f"{line}\n" for line in lines(n, seed=7, malformed=args.malformed))
            logs[n].write_text(text, encoding="utf-8")
        counts = {
            (name, n): instructions(script, logs[n], folder / f"{name}-{n}.jsonl")
            for name, script in (("audit", AUDIT), ("floor", FLOOR))
            for n in logs
        }
    n = args.records
    audit = (counts["audit", n] - counts["audit", 1]) / (n - 1)
    floor = (counts["floor", n] - counts["floor", 1]) / (n - 1)
    print(f"{n:,} records (malformed share {args.malformed}), valgrind callgrind")
    print(f"  audit start (imports, catalog, compiled code): {counts['audit', 1] / 1e6:8,.1f} M")
    print(f"  audit per record:                              {audit / 1e3:8,.1f} k")
    print(f"  orjson.loads per record (the floor):           {floor / 1e3:8,.1f} k")
    print(f"  audit / floor:                                 {audit / floor:8,.1f} x")


if __name__ == "__main__":
    main()
