"""Word memo: reopened with python-docx, it holds the report's content; same report, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest

from reports.docx import DocxReport
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _naive(when: dt.datetime | None) -> dt.datetime | None:
    return when.replace(tzinfo=None) if when else None


def test_the_memo_has_headings_per_family_a_table_and_references(in_root: Path) -> None:
    memo = _open(DocxReport().render_bytes(mixed_report()))
    headings = [(p.style.name, p.text) for p in memo.paragraphs if p.style.name.startswith("Head")]
    assert ("Heading 1", "Mixland (MX)") in headings
    assert ("Heading 2", "Conditions safeguards") in headings
    assert ("Heading 2", "Biometric data") in headings
    assert ("Heading 1", "References") in headings
    assert ("Heading 2", "By proposal of the submission (S1–S20)") in headings
    text = "\n".join(p.text for p in memo.paragraphs)
    assert "Gap · SG-BIO-01 — Biometric data needs an additional court order" in text
    assert "“judicial or other independent review”" in text
    assert "interception.authorization = judicial — cited [" in text
    assert "interception.urgent_bypass = true — asserted" in text
    assert "interception.max_days — For how many days may an order run at most?" in text
    assert "Remediation: Require a separate court order" in text
    assert "“The investigating judge may order the interception of communications.”" in text
    assert "<https://law.example/ccp#art90ter>" in text
    assert "Waived by Jane Doe, General Counsel" in text
    cells = [[c.text for c in row.cells] for t in memo.tables for row in t.rows]
    assert ["SG-BIO-01", "Biometric data needs an additional court order", "high", "gap"] in cells
    assert ["Total", "1", "1", "1", "1", "2", "2"] in cells


def test_references_are_numbered_once(in_root: Path) -> None:
    memo = _open(DocxReport().render_bytes(mixed_report()))
    paragraphs = [p.text for p in memo.paragraphs]
    start = paragraphs.index("References")
    refs = [p for p in paragraphs[start + 1 :] if p.startswith("[")]
    assert refs[0].startswith("[1] Data Protection Act, art. 12")
    assert len(refs) == len(set(refs)) == len({r.split("]")[0] for r in refs})


def test_empty_report(in_root: Path) -> None:
    text = "\n".join(
        p.text for p in _open(DocxReport().render_bytes(report_named("empty"))).paragraphs
    )
    assert "No subjects were checked." in text


def test_bytes_and_dates_are_fixed(in_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = DocxReport().render_bytes(mixed_report())
    assert data == DocxReport().render_bytes(mixed_report())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 6, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
    props = _open(data).core_properties
    assert _naive(props.created) == _naive(props.modified) == dt.datetime(2024, 6, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    later = DocxReport().render_bytes(mixed_report())
    assert _naive(_open(later).core_properties.modified) == dt.datetime(2023, 11, 14, 22, 13, 20)
    with zipfile.ZipFile(io.BytesIO(later)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_render_refuses_text(in_root: Path) -> None:
    with pytest.raises(TypeError, match="binary"):
        DocxReport().render(mixed_report())
