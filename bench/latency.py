"""Interactive latency: CPU time of short commands against the import floor of their packages.

Each command runs seven times; the best CPU time (user + system of the child) is printed, so
that a busy machine does not inflate the figure. Run from the root of a clone: make bench.

Each command first runs once allowed to write its bytecode (``__pycache__``), as every run on
a user's machine after the first is, or an installed wheel is: with ``PYTHONDONTWRITEBYTECODE``
set (some CI images set it) every module would otherwise be compiled again at each start.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = str(Path(sys.executable).with_name("safeguards"))
COMMANDS = {
    "floor: import click, pydantic, ruamel.yaml, jsonschema": [
        sys.executable,
        "-c",
        "import click, pydantic, ruamel.yaml, jsonschema",
    ],
    "safeguards rules list": [TOOL, "rules", "list"],
    "safeguards check germany.yaml": [
        TOOL,
        "check",
        "examples/jurisdictions/germany.yaml",
        "--fail-on",
        "none",
    ],
    "safeguards explain SG-MEN-01": [TOOL, "explain", "SG-MEN-01"],
    "safeguards check 8 profiles --format docx": [
        TOOL,
        "check",
        "examples/jurisdictions/",
        "--fail-on",
        "none",
        "--format",
        "docx",
        "-o",
        os.devnull,
    ],
}


def cpu_seconds(command: list[str], runs: int = 7) -> float:
    """Return the best CPU time of ``runs`` runs of a command."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, spent)
    return best


def warm_up(command: list[str]) -> None:
    """Run a command once with bytecode writing allowed, as a user's first run does."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)


def main() -> None:
    """Print each command's best CPU time and its ratio to the floor."""
    for command in COMMANDS.values():
        warm_up(command)
    print("Interactive latency (best of 7, CPU seconds, bytecode written)")
    floor = 0.0
    for name, command in COMMANDS.items():
        spent = cpu_seconds(command)
        floor = floor or spent
        print(f"  {name:55} {spent:6.3f} s  {spent / floor:5.1f} x floor")


if __name__ == "__main__":
    main()
