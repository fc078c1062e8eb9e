"""Run the console script as a child process and measure it: wall and CPU seconds, peak RSS.

As ``safeguards`` runs, by this interpreter, from the checkout. CPU is user + system time of
the child and of the processes it waited for (an audit's workers), from ``os.wait4``. The
peak RSS is the child's own only when the process that forks it is small: Linux carries a
process's high-water mark across fork and exec, which is why ``bench/run.py``, which imports
the engine, measures through a helper process of its own instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-c", "from safeguards.engine.cli import run; run()"]
"""The console script, run by this interpreter (as ``safeguards`` runs it)."""


@dataclass(frozen=True)
class Measured:
    """What one run of the command cost."""

    wall: float
    cpu: float
    peak_kib: int


def run_cli(args: list[str], env: Mapping[str, str] | None = None) -> Measured:
    """Run ``safeguards ARGS`` in a child, its output discarded; stop the benchmark if it fails."""
    began = time.perf_counter()
    child = subprocess.Popen(
        [*COMMAND, *args],
        cwd=ROOT,
        env=None if env is None else dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"safeguards {' '.join(args)} failed (exit status {status})")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
