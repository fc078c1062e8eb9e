"""bench/logs.py (one audit over many logs, in ``make bench``) runs and prints its figures.

Only that it runs and what it prints: a benchmark's figures are never asserted.
"""

from __future__ import annotations

from tests.conftest import bench_output


def test_the_logs_benchmark_prints_each_size_with_both_settings() -> None:
    out = bench_output("logs.py", "--records", "60", "--sizes", "20", "60", "--repeat", "1")
    wanted = (["3", "20"], ["1", "60"])  # 3 logs of 20 lines, 1 of 60
    rows = [line.split() for line in out.splitlines() if line.split()[:2] in wanted]
    assert len(rows) == 2 and all(len(row) == 7 for row in rows), out
    assert "DIFFER" not in out
