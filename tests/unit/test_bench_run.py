"""bench/run.py (the audit's figures, in ``make bench``) runs and prints each of its lines.

Only that it runs and what it prints: a benchmark's figures are never asserted.
"""

from __future__ import annotations

import re
import sys

from tests.conftest import ROOT, bench_output


def test_the_audit_benchmark_prints_each_size_jobs_and_form() -> None:
    out = bench_output(
        "run.py",
        "--sizes",
        "120",
        "240",
        "--eval-records",
        "0",
        "--database-max",
        "120",
        "--side-rounds",
        "1",
    )
    for size in ("120", "240"):
        for jobs in ("1", "2"):
            assert re.search(rf"^ +{size} +\d+ +{jobs} ", out, re.MULTILINE), out
    assert "DIFFERENT" not in out
    for fmt in ("sarif", "junit", "github", "gitlab"):  # each CI format, at each size
        assert len(re.findall(rf"audit --format {fmt}$", out, re.MULTILINE)) == 2, out
    assert out.count("transparency tables with --jobs [1, 2]: identical") == 2, out
    for form in ("as CSV", "from an SQLite database"):  # at --database-max records only
        assert out.count(f"findings {form} with --jobs [1, 2]: identical") == 1, out
    expected = re.findall(
        r"wall --jobs 2 / --jobs 1: [\d.]+; 2 audits side by side take "
        r"[\d.]+x one alone, the start [\d.]+ s: about ([\d.]+) expected",
        out,
    )
    assert len(expected) == 2, out


def test_the_expected_ratio_keeps_the_start_serial() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from run import at_best  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert at_best(0.0, 2.0, 1.0, 2) == 0.5  # nothing serial, no slowdown: half
    assert at_best(0.5, 2.5, 1.0, 2) == 0.6  # 0.5 s serial, 2 s shared: 1.5 / 2.5
    assert at_best(0.0, 2.0, 1.1, 2) == 0.55  # each worker 10 % slower
    assert at_best(3.0, 2.0, 1.0, 2) == 1.5  # a start longer than the run: nothing to share
