"""CSV: one row per finding, safe to open in a spreadsheet (no formula runs)."""

from __future__ import annotations

import csv
import io
from typing import ClassVar

from safeguards.engine.models import Finding, Report
from safeguards.reports.base import (
    Renderer,
    citation,
    safeguard_index,
    show_value,
    spreadsheet_cell,
)

COLUMNS = (
    "subject",
    "subject_name",
    "safeguard",
    "title",
    "family",
    "severity",
    "status",
    "unwaived_status",
    "kind",
    "request",
    "proposals",
    "message",
    "decisive_answers",
    "open_questions",
    "remediation",
    "profile",
    "profile_sha256",
    "as_of",
    "provisional",
)
"""The header row, in order. List cells (answers, open questions) hold one item per line.

``provisional`` is ``true`` when the verdict rests on an answer not read in the text itself
(commentary or recollection), as the other formats mark it; it comes last, so that the columns
before it keep their places."""

BOM = "\ufeff"
"""Excel reads a CSV as UTF-8 only when it starts with this mark (``--csv-bom``)."""


class CsvReport(Renderer):
    """One row per finding, for a spreadsheet or a pivot table."""

    def __init__(self, bom: bool = False) -> None:
        """``bom``: start with a UTF-8 byte-order mark, for Excel."""
        self.bom = bom

    name: ClassVar[str] = "csv"
    suffix: ClassVar[str] = ".csv"
    description: ClassVar[str] = (
        "one row per finding for spreadsheets (formula injection neutralized)"
    )

    def render(self, report: Report) -> str:
        """Return the findings as CSV with a header row (RFC 4180 line ends)."""
        index = safeguard_index(report)
        subjects = {s.id: s for s in report.subjects}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for f in report.findings:
            info = index.get(f.safeguard)
            subject = subjects.get(f.subject)
            row = (
                f.subject,
                subject.name if subject else "",
                f.safeguard,
                info.title if info else "",
                info.family if info else "",
                f.severity.value,
                f.status.value,
                f.waived_status.value if f.waived_status else "",
                f.kind,
                f.request,
                " ".join(info.seed_refs) if info else "",
                f.message,
                _answers(f, subject.path if subject else ""),
                "\n".join(f"{q.fact}: {q.text}" for q in f.missing_facts),
                f.remediation,
                subject.path if subject else "",
                subject.sha256 if subject else "",
                report.as_of.isoformat() if report.as_of else "",
                "true" if f.provisional else "false",
            )
            writer.writerow([spreadsheet_cell(v) for v in row])
        return (BOM if self.bom else "") + buffer.getvalue()


def _answers(f: Finding, path: str) -> str:
    parts = []
    for d in f.decisive_facts:
        where = f" ({path}:{d.line})" if d.line else ""
        parts.append(f"{d.fact} = {show_value(d.value)} [{citation(d)}]{where}")
    return "\n".join(parts)
