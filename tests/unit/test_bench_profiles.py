"""bench/profiles.py (``check`` over many profiles, in ``make bench``) runs and prints its figures.

Only that it runs and what it prints: a benchmark's figures are never asserted.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, cli_env


def test_the_profiles_benchmark_prints_each_size_and_the_ratio() -> None:
    args = ["--sizes", "2", "3", "--formats", "json", "--repeat", "1"]
    done = subprocess.run(
        [sys.executable, "bench/profiles.py", *args],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    rows = [line.split() for line in lines if line.split()[:2] in (["2", "json"], ["3", "json"])]
    assert len(rows) == 2 and all(len(row) == 5 for row in rows), done.stdout
    assert "json: 3 / 2 profiles: warm" in done.stdout and "(linear: 1.5 x)" in done.stdout
