"""Word memo (.docx): headings per family, a findings table, citations in a references section."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any, ClassVar

from docx import Document
from docx.document import Document as DocumentObject
from docx.table import Table

from engine.models import STATUS_ORDER, DecisiveFact, Finding, Report, SafeguardInfo, Status
from reports.base import (
    PROVISIONAL_NOTE,
    Renderer,
    by_subject,
    counts,
    families,
    report_timestamp,
    reveal_controls,
    safeguard_index,
    show_value,
    source_text,
    status_label,
    worst_first,
)
from reports.rollup import FRAMEWORKS, requested, rollup

NEEDS_ACTION = (Status.GAP, Status.PARTIAL, Status.UNDETERMINED, Status.WAIVED)


def _t(value: object) -> str:
    """Return text Word can hold, with bidi and control characters made visible."""
    return reveal_controls("" if value is None else str(value))


class References:
    """The numbered sources cited by the memo, each listed once."""

    def __init__(self) -> None:
        """Start with no sources."""
        self.items: dict[str, int] = {}

    def cite(self, fact: DecisiveFact) -> str:
        """Return the marker of a decisive answer's source (``[3]``), or how it stands."""
        if fact.derived:
            return "derived"
        if fact.source is None:
            return "asserted"
        text = source_text(fact.source, fallback="cited source")
        number = self.items.setdefault(text, len(self.items) + 1)
        return f"cited [{number}]"


class DocxReport(Renderer):
    """A Word memo with the content of the HTML report, in fixed bytes for the same report."""

    name: ClassVar[str] = "docx"
    suffix: ClassVar[str] = ".docx"
    description: ClassVar[str] = "Word memo: headings per family, findings table, references"
    binary: ClassVar[bool] = True

    def render(self, report: Report) -> str:
        """Refuse: a Word file is bytes (use :meth:`render_bytes`)."""
        raise TypeError("the docx format is binary; call render_bytes()")

    def render_bytes(self, report: Report) -> bytes:
        """Return the memo as .docx bytes; timestamps come from the report, never the clock."""
        doc = Document()
        when = report_timestamp(report)
        props = doc.core_properties
        props.title = "Safeguards gap report"
        props.author = props.last_modified_by = f"{report.tool.name} {report.tool.version}"
        props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
        props.revision = 1
        props.comments = f"Catalog {report.catalog.version}, sha256 {report.catalog.sha256}"
        refs = References()
        doc.add_heading("Safeguards gap report", level=0)
        doc.add_paragraph(
            f"As of {report.as_of} · catalog {report.catalog.version} "
            f"(sha256 {report.catalog.sha256[:12]}) · {report.tool.name} {report.tool.version}"
        )
        _summary(doc, report)
        index = safeguard_index(report)
        fams = families(report)
        grouped = by_subject(report)
        wanted = requested(report)
        for subject in report.subjects:
            title = f"{subject.name} ({subject.id})" if subject.name else subject.id
            doc.add_heading(_t(title), level=1)
            meta = f"Profile {subject.path} (sha256 {subject.sha256[:12]})"
            if subject.as_of:
                meta += f", describing the law as of {subject.as_of}"
            doc.add_paragraph(_t(meta + "."))
            if subject.note:
                doc.add_paragraph(_t(subject.note), style="Quote")
            findings = grouped.get(subject.id, [])
            for family, infos in fams.items():
                ids = {i.id for i in infos}
                mine = worst_first([f for f in findings if f.safeguard in ids])
                if not mine:
                    continue
                doc.add_heading(_t(family.replace("-", " ").capitalize()), level=2)
                _table(
                    doc,
                    ["Safeguard", "Title", "Severity", "Status"],
                    [
                        [f.safeguard, index[f.safeguard].title, f.severity.value, status_label(f)]
                        for f in mine
                    ],
                )
                for f in mine:
                    _finding(doc, f, index[f.safeguard], subject.path, refs)
            single = report.model_copy(update={"subjects": (subject,), "findings": tuple(findings)})
            for by in dict.fromkeys(b for b in ("seed", wanted) if b):
                doc.add_heading(_t(f"By {FRAMEWORKS[by]}"), level=2)
                _table(
                    doc,
                    ["Heading", "Status", "Findings"],
                    [
                        [
                            g.heading + (f" {g.title}" if g.title else ""),
                            g.status.label,
                            ", ".join(f"{f.safeguard} ({f.status.label})" for f in g.findings),
                        ]
                        for g in rollup(single, by).groups
                    ],
                )
        if not report.subjects:
            doc.add_paragraph("No subjects were checked.")
        _waivers(doc, report)
        doc.add_heading("References", level=1)
        if not refs.items:
            doc.add_paragraph("No answer cites a source.")
        for text, number in refs.items.items():
            doc.add_paragraph(_t(f"[{number}] {text}"))
        _provenance(doc, report)
        buffer = io.BytesIO()
        doc.save(buffer)
        return _fixed_zip(buffer.getvalue(), when)


def _summary(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Summary", level=1)
    grouped = by_subject(report)
    rows = [
        [s.name or s.id, *(str(n) for n in counts(grouped.get(s.id, [])).values())]
        for s in report.subjects
    ]
    rows.append(["Total", *(str(report.summary.get(s.value, 0)) for s in STATUS_ORDER)])
    _table(doc, ["Subject", *(s.label for s in STATUS_ORDER)], rows)


def _finding(
    doc: DocumentObject, f: Finding, info: SafeguardInfo, path: str, refs: References
) -> None:
    req = f" · request {f.request}" if f.request else ""
    doc.add_heading(
        _t(f"{status_label(f).capitalize()} · {f.safeguard} — {info.title}{req}"), level=3
    )
    doc.add_paragraph(_t(f"Severity: {f.severity.value}. {f.message}"))
    if f.provisional:
        doc.add_paragraph(_t(f"{PROVISIONAL_NOTE.capitalize()}."))
    if f.status is not Status.NOT_APPLICABLE:
        for quote in info.seed_quotes:
            doc.add_paragraph(_t(f"“{quote}”"), style="Quote")
        doc.add_paragraph(_t(f"The submission, {', '.join(info.seed_refs)} — {info.seed_section}"))
    if f.decisive_facts:
        doc.add_paragraph("Answers that decided it:")
        for d in f.decisive_facts:
            where = f" ({path}:{d.line})" if d.line else ""
            doc.add_paragraph(
                _t(f"{d.fact} = {show_value(d.value)} — {refs.cite(d)}{where}"),
                style="List Bullet",
            )
    if f.missing_facts:
        doc.add_paragraph("Open questions:")
        for q in f.missing_facts:
            doc.add_paragraph(_t(f"{q.fact} — {q.question}"), style="List Bullet")
    if f.waiver is not None:
        doc.add_paragraph(
            _t(
                f"Waived by {f.waiver.approver} from {f.waiver.granted} until "
                f"{f.waiver.expires}: {f.waiver.justification}"
            )
        )
    if f.status in NEEDS_ACTION:
        doc.add_paragraph(_t(f"Remediation: {f.remediation}"))
    if info.refs:
        listed = "; ".join(
            f"{r.framework} {r.ref}" + ("" if r.verified else " (unverified)") for r in info.refs
        )
        doc.add_paragraph(_t(f"References: {listed}"))


def _waivers(doc: DocumentObject, report: Report) -> None:
    if not report.waivers:
        return
    doc.add_heading("Waivers", level=1)
    _table(
        doc,
        ["Safeguard", "Subject", "Approver", "Granted", "Expires", "State"],
        [
            [
                w.safeguard,
                w.subject,
                w.approver,
                str(w.granted),
                str(w.expires),
                w.state.value.replace("_", " ") + (" (expires soon)" if w.expiring_soon else ""),
            ]
            for w in report.waivers
        ],
    )


def _provenance(doc: DocumentObject, report: Report) -> None:
    doc.add_heading("Provenance", level=1)
    lines = [
        f"Tool: {report.tool.name} {report.tool.version} (report format {report.report_version})",
        f"Catalog: {report.catalog.version}, sha256 {report.catalog.sha256}",
        f"As of: {report.as_of}",
    ]
    lines += [f"Input: {s.path} sha256 {s.sha256}" for s in report.subjects]
    for text in lines:
        doc.add_paragraph(_t(text))


def _table(doc: DocumentObject, header: list[str], rows: list[list[Any]]) -> Table:
    table: Table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = _t(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text in zip(cells, row, strict=True):
            cell.text = _t(text)
    return table


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite the package with one fixed timestamp and mode per member: same report, same bytes."""
    year = min(max(when.year, 1980), 2107)
    stamp = (year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for member in src.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(member.filename), compresslevel=9)
    return out.getvalue()
