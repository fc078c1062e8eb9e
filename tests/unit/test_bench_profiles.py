"""bench/profiles.py (``check`` over many profiles, in ``make bench``) runs and prints its figures.

Only that it runs and what it prints: a benchmark's figures are never asserted.
"""

from __future__ import annotations

from tests.conftest import bench_output


def test_the_profiles_benchmark_prints_each_size_and_the_ratio() -> None:
    out = bench_output("profiles.py", "--sizes", "2", "3", "--formats", "json", "--repeat", "1")
    lines = out.splitlines()
    rows = [line.split() for line in lines if line.split()[:2] in (["2", "json"], ["3", "json"])]
    assert len(rows) == 2 and all(len(row) == 5 for row in rows), out
    assert "json: 3 / 2 profiles: warm" in out and "(linear: 1.5 x)" in out
