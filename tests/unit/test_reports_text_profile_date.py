"""The text report says so when a profile is checked as of a day before the one it describes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safeguards.engine import api
from safeguards.reports.text import TextReport
from tests.unit.test_reports_data import DATA, in_root, reports_catalog

__all__ = ["in_root"]

NOTE = "Note: the profile describes the law as of 2024-06-01; checked as of {day}"


@pytest.mark.parametrize(
    ("day", "noted"),
    [
        (dt.date(2024, 5, 31), True),  # the day before the profile's
        (dt.date(2024, 6, 1), False),  # the profile's own day
        (dt.date(2024, 6, 2), False),
        (dt.date(2019, 1, 1), True),
    ],
)
def test_a_check_before_the_profiles_day_is_noted_under_its_subject(
    in_root: Path, day: dt.date, noted: bool
) -> None:
    report = api.check([DATA / "mixland.yaml"], catalog=reports_catalog(), as_of=day)
    lines = TextReport().render(report).splitlines()
    said = [n for n, line in enumerate(lines) if NOTE.format(day=day) in line]
    assert said == ([1] if noted else []), lines[:3]
    if noted:
        assert lines[0].startswith("Mixland (MX): ")
        assert lines[1].endswith(
            "its answers with no effective_from are taken as in force on that day too."
        )
