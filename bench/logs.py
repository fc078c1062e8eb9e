"""One audit over many logs: wall and CPU seconds with one process and with workers, by log size.

An organization often keeps one log a day or a month, and audits the lot at once
(``safeguards audit logs/*.jsonl``). The same generated records (``tools/generate_requests.py``)
are cut into logs of a few sizes, and each set is audited with ``--jobs 1`` and ``--jobs 2``
in turn, ``--repeat`` times; the best wall and CPU times are kept (CPU: user + system of the
child and the workers it waited for), and the two findings files are compared byte for byte.
Nothing here asserts a figure: it prints them.

    python bench/logs.py [--records 30000] [--sizes 100 1000 5000 30000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

from child import ROOT, run_cli


def cut(lines: list[bytes], size: int, folder: Path) -> list[Path]:
    """Write ``lines`` into logs of ``size`` lines each in ``folder``; return them in order."""
    folder.mkdir()
    logs = []
    for start in range(0, len(lines), size):
        logs.append(folder / f"log-{start // size:05d}.jsonl")
        logs[-1].write_bytes(b"".join(lines[start : start + size]))
    return logs


def audit(logs: list[Path], jobs: int, out: Path) -> tuple[float, float]:
    """Audit ``logs`` in a child with ``jobs`` workers; return its wall and CPU seconds."""
    args = ["--no-config", "audit", *map(str, logs), "--as-of", "2026-11-29", "--fail-on", "none"]
    args += ["--jobs", str(jobs), "--findings", str(out), "-o", str(out.with_suffix(".txt"))]
    run = run_cli(args)
    return run.wall, run.cpu


def main() -> None:
    """Print, for each log size, the best times with one process and with two workers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 30_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    options = parser.parse_args()
    print(f"one audit over many logs: {options.records:,} generated records cut into logs,")
    print(f"seconds, best of {options.repeat}; --jobs 1 and 2 alternating, findings compared")
    head = f"  {'logs':>6} {'lines':>7}   {'jobs 1 wall':>11} {'CPU':>6}"
    print(f"{head}   {'jobs 2 wall':>11} {'CPU':>6}   {'wall 2/1':>8}")
    with tempfile.TemporaryDirectory(prefix="safeguards-bench-") as scratch:
        base = Path(scratch)
        whole = base / "whole.jsonl"
        generator = [sys.executable, str(ROOT / "tools" / "generate_requests.py")]
        subprocess.run([*generator, str(options.records), "-o", str(whole)], check=True)
        lines = whole.read_bytes().splitlines(keepends=True)
        for size in options.sizes:
            logs = cut(lines, size, base / f"logs-{size}")
            best: dict[int, tuple[float, float]] = {}
            for _ in range(options.repeat):
                for jobs in (1, 2):
                    wall, cpu = audit(logs, jobs, base / f"findings-{jobs}.jsonl")
                    old = best.get(jobs, (wall, cpu))
                    best[jobs] = (min(old[0], wall), min(old[1], cpu))
            same = filecmp.cmp(base / "findings-1.jsonl", base / "findings-2.jsonl", shallow=False)
            (w1, c1), (w2, c2) = best[1], best[2]
            row = f"  {len(logs):6,} {size:7,}   {w1:11.2f} {c1:6.2f}   {w2:11.2f} {c2:6.2f}"
            print(f"{row}   {w2 / w1:8.2f}" + ("" if same else "   FINDINGS DIFFER"))


if __name__ == "__main__":
    main()
