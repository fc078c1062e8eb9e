"""Every report that names a profile's day says so when it is checked as of a day before it.

Its answers with no ``effective_from`` are then taken as the law of that earlier day, which
the profile does not say: the text, Markdown, HTML and Word reports note it under the subject.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from safeguards.engine import api
from safeguards.engine.models import Report
from safeguards.reports import renderer
from safeguards.reports.text import TextReport
from tests.unit.test_reports_data import DATA, in_root, reports_catalog

__all__ = ["in_root"]

NOTE = "Note: the profile describes the law as of 2024-06-01; checked as of {day}"
TAIL = "its answers with no effective_from are taken as in force on that day too."

DAYS = [
    (dt.date(2024, 5, 31), True),  # the day before the profile's
    (dt.date(2024, 6, 1), False),  # the profile's own day
    (dt.date(2024, 6, 2), False),
    (dt.date(2019, 1, 1), True),
]


def _report(day: dt.date) -> Report:
    return api.check([DATA / "mixland.yaml"], catalog=reports_catalog(), as_of=day)


@pytest.mark.parametrize(("day", "noted"), DAYS)
def test_the_text_report_notes_it_under_its_subject(
    in_root: Path, day: dt.date, noted: bool
) -> None:
    lines = TextReport().render(_report(day)).splitlines()
    said = [n for n, line in enumerate(lines) if NOTE.format(day=day) in line]
    assert said == ([1] if noted else []), lines[:3]
    if noted:
        assert lines[0].startswith("Mixland (MX): ")
        assert lines[1].endswith(TAIL)


@pytest.mark.parametrize(("day", "noted"), DAYS)
@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_the_memos_note_it_after_the_profiles_line(
    in_root: Path, fmt: str, day: dt.date, noted: bool
) -> None:
    data = renderer(fmt).render_bytes(_report(day))
    if fmt == "docx":
        texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    else:  # Markdown escapes the underscore of effective_from
        texts = data.decode("utf-8").replace("\\_", "_").splitlines()
    said = [n for n, text in enumerate(texts) if NOTE.format(day=day) in text]
    assert len(said) == (1 if noted else 0), fmt
    if noted:
        assert TAIL in texts[said[0]]
        # right after the lines naming the profile and the day it describes (HTML: and its tally)
        before = texts[max(0, said[0] - 2) : said[0]]
        assert any("describing the law as of 2024-06-01" in text for text in before)
