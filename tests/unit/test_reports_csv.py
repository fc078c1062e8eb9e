"""CSV: one row per finding, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from safeguards.reports.base import spreadsheet_cell as cell
from safeguards.reports.csv import COLUMNS, CsvReport
from tests.unit.test_reports_data import in_root, mixed_report

__all__ = ["in_root"]


def test_one_row_per_finding(in_root: Path) -> None:
    report = mixed_report()
    rows = list(csv.DictReader(io.StringIO(CsvReport().render(report), newline="")))
    assert len(rows) == len(report.findings)
    assert tuple(rows[0]) == COLUMNS
    gap = next(r for r in rows if r["safeguard"] == "SG-BIO-01" and r["subject"] == "MX")
    assert gap["status"] == "gap" and gap["severity"] == "high"
    assert (
        "biometric.court_order = false [Data Protection Act, art. 12 [basis: faithful copy, version of 2019-05-01]]"
        in gap["decisive_answers"]
    )
    waived = next(r for r in rows if r["status"] == "waived")
    assert waived["unwaived_status"] == "gap"
    open_q = next(r for r in rows if r["status"] == "undetermined")
    assert open_q["open_questions"].startswith("interception.max_days:")


def test_a_provisional_verdict_is_marked_in_its_own_column(in_root: Path) -> None:
    """Mixland's statistics rest on recollection: its SG-TRA-01 verdict is provisional."""
    report = mixed_report()
    rows = list(csv.DictReader(io.StringIO(CsvReport().render(report), newline="")))
    marks = {(r["subject"], r["safeguard"]): r["provisional"] for r in rows}
    assert marks["MX", "SG-TRA-01"] == "true"
    assert marks["MX", "SG-BIO-01"] == "false"  # a faithful copy of the text
    assert set(marks.values()) == {"true", "false"}
    assert sum(v == "true" for v in marks.values()) == sum(f.provisional for f in report.findings)
    assert COLUMNS[-1] == "provisional"  # last: the columns before it keep their places


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("1-2", "1-2"),
        ("plain text", "plain text"),
        ("\u202eevil", "<U+202E>evil"),
        (None, ""),
    ],
)
def test_cells_are_inert(raw: str | None, shown: str) -> None:
    assert cell(raw) == shown
