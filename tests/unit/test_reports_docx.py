"""Word memo: reopened with python-docx, it holds the report's content; same report, same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest

from safeguards.reports.docx import DocxReport
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _naive(when: dt.datetime | None) -> dt.datetime | None:
    return when.replace(tzinfo=None) if when else None


def test_the_memo_has_headings_per_family_a_table_and_references(in_root: Path) -> None:
    memo = _open(DocxReport().render_bytes(mixed_report()))
    headings = [(p.style.name, p.text) for p in memo.paragraphs if p.style.name.startswith("Head")]
    assert ("Heading 2", "Mixland (MX)") in headings
    assert ("Heading 3", "Conditions safeguards") in headings
    assert ("Heading 3", "Biometric data") in headings
    assert ("Heading 1", "References") in headings
    assert ("Heading 3", "By proposal of the submission (S1–S20)") in headings
    text = "\n".join(p.text for p in memo.paragraphs)
    assert "Gap · SG-BIO-01 — Biometric data needs an additional court order" in text
    assert "“judicial or other independent review”" in text
    assert "interception.authorization = judicial — cited [" in text
    assert "interception.urgent_bypass = true — asserted" in text
    assert "interception.max_days — For how many days may an order run at most?" in text
    assert "(mixland.yaml:26)" in text  # the answer in force, not the fact's key
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


def _headings(memo: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in memo.paragraphs if p.style.name.startswith("Head")]


def test_summary_first_then_contents_needs_action_and_annex(in_root: Path) -> None:
    memo = _open(DocxReport().render_bytes(mixed_report()))
    top = [t for level, t in _headings(memo) if level == "Heading 1"]
    assert top[:4] == ["Executive summary", "Contents", "What needs action", "Annex: full findings"]
    paragraphs = [p.text for p in memo.paragraphs]
    summary = paragraphs[: paragraphs.index("Contents")]
    mx = next(p for p in summary if p.startswith("Mixland (MX):"))
    assert "1 gap" in mx and "1 partial" in mx
    gap = summary.index(next(p for p in summary if p.startswith("Gap (high) SG-BIO-01")))
    partial = summary.index(next(p for p in summary if p.startswith("Partial SG-CON-01")))
    assert gap < partial  # worst first
    body = memo.element.body.xml
    assert 'TOC \\o "1-2"' in body
    # the summary's count table comes first, its header row repeats on every page
    table = memo.tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["Subject", "gap"]
    assert table.rows[0]._tr.trPr.xml.count("tblHeader") == 1


def test_a4_page_numbers_and_links(in_root: Path) -> None:
    data = DocxReport().render_bytes(mixed_report())
    memo = _open(data)
    section = memo.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        document = z.read("word/document.xml").decode()
    assert 'Target="https://law.example/ccp#art90ter" TargetMode="External"' in rels
    assert "<w:hyperlink" in document
    letter = _open(DocxReport(paper="letter").render_bytes(mixed_report())).sections[0]
    assert round(letter.page_width.inches, 1) == 8.5


def test_status_columns_are_wide_enough_not_to_break(in_root: Path) -> None:
    memo = _open(DocxReport().render_bytes(mixed_report()))
    for table in memo.tables:
        header = [c.text for c in table.rows[0].cells]
        assert 'w:type="fixed"' in table._tbl.tblPr.xml
        for name, cm in (("Status", 3.0), ("Severity", 2.0), ("undetermined", 2.8)):
            if name in header:
                assert table.columns[header.index(name)].width.cm >= cm


def test_only_needs_action_leaves_met_and_not_applicable_out(in_root: Path) -> None:
    full = _open(DocxReport().render_bytes(mixed_report()))
    short = _open(DocxReport(only="needs-action").render_bytes(mixed_report()))
    cells = [[c.text for c in row.cells] for t in short.tables[1:] for row in t.rows]
    statuses = {row[3] for row in cells if len(row) == 4 and row[0].startswith("SG-")}
    assert statuses and not statuses & {"met", "not applicable"}
    assert len(short.paragraphs) < len(full.paragraphs)
    assert "Annex: findings that need action" in [t for _, t in _headings(short)]


def test_a_template_gives_its_styles_and_letterhead(in_root: Path, tmp_path: Path) -> None:
    from docx.shared import Pt

    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Example & Partners LLP — letterhead"
    template.sections[0].footer.paragraphs[0].text = "Confidential"
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Normal"].font.size = Pt(12)
    template.add_paragraph("placeholder body text")
    buffer = io.BytesIO()
    template.save(buffer)
    memo = _open(DocxReport(template=buffer.getvalue()).render_bytes(mixed_report()))
    assert memo.sections[0].header.paragraphs[0].text == "Example & Partners LLP — letterhead"
    footer = memo.sections[0].footer
    assert footer.paragraphs[0].text == "Confidential" and "NUMPAGES" in footer._element.xml
    assert memo.styles["Normal"].font.name == "Georgia"
    assert memo.styles["Normal"].font.size == Pt(12)
    texts = [p.text for p in memo.paragraphs]
    assert "placeholder body text" not in texts
    assert "Executive summary" in texts
    # a template without the memo's table and list styles still works
    bare = docx.Document()
    for name in ("Table Grid", "List Bullet", "Quote"):
        element = bare.styles[name].element
        element.getparent().remove(element)
    buffer = io.BytesIO()
    bare.save(buffer)
    assert DocxReport(template=buffer.getvalue()).render_bytes(mixed_report())


def test_a_dotx_template_gives_a_document_with_its_letterhead(in_root: Path) -> None:
    """A firm's template is most often a .dotx: the memo made from it is a .docx document."""
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Example & Partners LLP — letterhead"
    buffer = io.BytesIO()
    template.save(buffer)
    dotx = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(dotx, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for member in src.infolist():
            content = src.read(member.filename)
            if member.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
                assert b"template.main+xml" in content
            dst.writestr(member, content)
    data = DocxReport(template=dotx.getvalue()).render_bytes(mixed_report())
    with zipfile.ZipFile(io.BytesIO(data)) as memo_package:
        types = memo_package.read("[Content_Types].xml")
    assert b"wordprocessingml.document.main+xml" in types
    assert b"template.main+xml" not in types  # Word would open it as a template
    memo = _open(data)
    assert memo.sections[0].header.paragraphs[0].text == "Example & Partners LLP — letterhead"
    assert "Executive summary" in [p.text for p in memo.paragraphs]


def test_cli_options_reach_the_memo(in_root: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    out = tmp_path / "memo.docx"
    args = ["check", "tests/data/reports/mixland.yaml", "--catalog", "tests/data/reports/catalog"]
    args += ["--fail-on", "none", "--format", "docx", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--paper", "letter", "--only", "needs-action"])
    assert result.exit_code == 0, result.output
    memo = _open(out.read_bytes())
    assert round(memo.sections[0].page_width.inches, 1) == 8.5
    assert "Annex: findings that need action" in [t for _, t in _headings(memo)]


def test_a_provisional_gap_says_so_beside_its_severity(in_root: Path) -> None:
    report = mixed_report()
    findings = tuple(
        f.model_copy(update={"provisional": True}) if f.safeguard == "SG-BIO-01" else f
        for f in report.findings
    )
    memo = _open(DocxReport().render_bytes(report.model_copy(update={"findings": findings})))
    texts = [p.text for p in memo.paragraphs]
    summary = texts[: texts.index("Contents")]
    assert any(t.startswith("Gap (high, provisional) SG-BIO-01") for t in summary), summary


def test_the_memo_says_what_became_of_each_waiver(tmp_path: Path) -> None:
    """A waiver expiring soon, and one for a subject not checked, with the closest one named."""
    from safeguards.engine import api

    root = Path(__file__).resolve().parents[2]
    waivers = tmp_path / "waivers.yaml"
    text = (root / "examples" / "waivers.yaml").read_text(encoding="utf-8")
    waivers.write_text(text + text.split("waivers:\n")[1].replace("subject: BE", "subject: B"))
    belgium = root / "examples" / "jurisdictions" / "belgium.yaml"
    report = api.check([belgium], waivers=[waivers], as_of=dt.date(2027, 5, 15))
    memo = _open(DocxReport().render_bytes(report))
    rows = [[c.text for c in row.cells] for row in memo.tables[-1].rows]
    assert rows == [
        ["Safeguard", "Subject", "Approver", "Granted", "Expires", "State"],
        [
            "SG-RES-01",
            "B",
            "Jane Doe, Head of Legal (example)",
            "2026-06-01",
            "2027-05-31",
            "unused (expires within 30 days): no subject 'B' was checked (did you mean 'BE'?)",
        ],
        [
            "SG-RES-01",
            "BE",
            "Jane Doe, Head of Legal (example)",
            "2026-06-01",
            "2027-05-31",
            "applied (expires within 30 days)",
        ],
    ]


def test_a_profiles_note_comes_before_its_findings() -> None:
    """The limits a profile states ("illustrative — verify with counsel") precede its findings."""
    from safeguards.engine import api

    root = Path(__file__).resolve().parents[2]
    germany = root / "examples" / "jurisdictions" / "germany.yaml"
    memo = _open(DocxReport().render_bytes(api.check([germany], as_of=dt.date(2026, 12, 1))))
    paragraphs = [(p.style.name, p.text) for p in memo.paragraphs]
    start = paragraphs.index(("Heading 1", "What needs action"))
    heading, profile, note, first = paragraphs[start + 2 : start + 6]
    assert heading == ("Heading 2", "Germany (DE)")
    assert profile[1].startswith("Profile ") and "germany.yaml (sha256 " in profile[1]
    assert profile[1].endswith(", describing the law as of 2026-12-01.")
    assert note[0] == "Quote" and note[1].startswith("Illustrative — verify with counsel.")
    assert first[0] == "Heading 3"
    notes = [text for _, text in paragraphs if text.startswith("Illustrative — verify")]
    assert len(notes) == 1  # the annex names the profile, without its note again
