"""Writes the Word memo: summary, contents, what needs action, the full findings in an annex."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import PurePath as Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Mm, Pt
from docx.table import Table

from safeguards.engine.models import (
    NEEDS_ACTION,
    STATUS_ORDER,
    DecisiveFact,
    Finding,
    Report,
    SafeguardInfo,
    Status,
)
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    by_subject,
    counts,
    families,
    is_web_url,
    provisional_count,
    reference_text,
    report_timestamp,
    reveal_controls,
    safeguard_index,
    show_value,
    source_text,
    status_label,
    worst_first,
)
from safeguards.reports.docx import NEEDS_ACTION_ONLY
from safeguards.reports.rollup import FRAMEWORKS, requested, rollup


def subject_label(name: str | None, sid: str) -> str:
    """Return 'Name (ID)', or the id alone."""
    return f"{name} ({sid})" if name else sid


def _t(value: object) -> str:
    """Return text Word can hold, with bidi and control characters made visible."""
    return reveal_controls("" if value is None else str(value))


class References:
    """The numbered sources cited by the memo, each listed once."""

    def __init__(self) -> None:
        """Start with no sources."""
        self.items: dict[str, int] = {}
        self.urls: dict[str, str] = {}

    def cite(self, fact: DecisiveFact) -> str:
        """Return the marker of a decisive answer's source (``[3]``), or how it stands."""
        if fact.derived:
            return "derived"
        if fact.source is None:
            return "asserted"
        text = source_text(fact.source, fallback="cited source")
        number = self.items.setdefault(text, len(self.items) + 1)
        if fact.source.url:
            self.urls[text] = fact.source.url
        return f"cited [{number}]"


PAPER: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Page sizes in millimetres; A4 unless asked otherwise."""

_COUNT_CM = {"undetermined": 3.0, "not applicable": 2.2, "partial": 1.6, "waived": 1.6}
"""Widths of the summary's count columns (bold 8 pt status words, one line each)."""

_WIDTHS_CM = {"Safeguard": 2.5, "Severity": 2.2, "Status": 3.3, "Subject": 4.4}
"""Fixed column widths: wide enough that "undetermined" and "critical" never break."""


def write_memo(
    report: Report, paper: str | None, only: str | None, template: bytes | None
) -> bytes:
    """Return the memo as .docx bytes; timestamps come from the report, never the clock."""
    doc = _open_template(template)
    paper = paper or report.options.get("paper")
    if paper is not None or template is None:
        _page_setup(doc, str(paper or "a4"))
    only = only or report.options.get("only")
    short = only == NEEDS_ACTION_ONLY
    when = report_timestamp(report)
    props = doc.core_properties
    props.title = "Safeguards gap report"
    props.author = props.last_modified_by = f"{report.tool.name} {report.tool.version}"
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    props.revision = 1
    props.comments = f"Catalog {report.catalog.version}, sha256 {report.catalog.sha256}"
    _footer(doc)
    refs = References()
    doc.add_heading("Safeguards gap report", level=0)
    doc.add_paragraph(
        f"As of {report.as_of} · catalog {report.catalog.version} "
        f"(sha256 {report.catalog.sha256[:12]}) · {report.tool.name} {report.tool.version}"
        + (" · short memo: met and not-applicable findings left out" if short else "")
    )
    _summary(doc, report)
    _contents(doc, report, short)
    index = safeguard_index(report)
    grouped = by_subject(report)
    _needs_action(doc, report, grouped, index, refs)
    _annex(doc, report, grouped, index, refs, short)
    if not report.subjects:
        doc.add_paragraph("No subjects were checked.")
    _waivers(doc, report)
    doc.add_heading("References", level=1)
    if not refs.items:
        doc.add_paragraph("No answer cites a source.")
    for text, number in refs.items.items():
        _linked_paragraph(doc, f"[{number}] {text}", refs.urls.get(text))
    _provenance(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue(), when)


def _summary(doc: DocumentObject, report: Report) -> None:
    """Write the executive summary: counts per subject, then its gaps and partials."""
    doc.add_heading("Executive summary", level=1)
    grouped = by_subject(report)
    rows = [
        [s.name or s.id, *(str(n) for n in counts(grouped.get(s.id, [])).values())]
        for s in report.subjects
    ]
    rows.append(["Total", *(str(report.summary.get(s.value, 0)) for s in STATUS_ORDER)])
    _table(doc, ["Subject", *(s.label for s in STATUS_ORDER)], rows, small=True)
    index = safeguard_index(report)
    for subject in report.subjects:
        findings = grouped.get(subject.id, [])
        gaps = worst_first([f for f in findings if f.status is Status.GAP])
        partials = worst_first([f for f in findings if f.status is Status.PARTIAL])
        p = doc.add_paragraph(style=_style(doc, "Summary Subject"))
        p.add_run(_t(subject_label(subject.name, subject.id))).bold = True
        tally = counts(findings)
        said = [f"{n} {s.label}" for s, n in tally.items() if n]
        provisional = provisional_count([f for f in findings if f.status in NEEDS_ACTION])
        tail = f"; {provisional} provisional" if provisional else ""
        p.add_run(_t(f": {', '.join(said) or 'no findings'}{tail}."))
        if not gaps and not partials:
            continue
        for f in gaps:
            title = index[f.safeguard].title if f.safeguard in index else f.safeguard
            line = doc.add_paragraph(style=_style(doc, "Summary Item"))
            line.add_run(_t(f"{status_label(f).capitalize()} ")).bold = True
            line.add_run(_t(f"({f.severity.value}) {f.safeguard} — {title}"))
        if partials:
            line = doc.add_paragraph(style=_style(doc, "Summary Item"))
            line.add_run("Partial ").bold = True
            line.add_run(
                _t(
                    ", ".join(
                        f"{f.safeguard} ({f.severity.value}"
                        + (", provisional" if f.provisional else "")
                        + ")"
                        for f in partials
                    )
                )
            )


def _contents(doc: DocumentObject, report: Report, short: bool) -> None:
    """Write a table-of-contents field (Word fills in the pages), prefilled with headings."""
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading("Contents", level=1)
    listed = ["What needs action"] + [f"    {subject_label(s.name, s.id)}" for s in report.subjects]
    listed += ["Annex: full findings" if not short else "Annex: findings that need action"]
    listed += [f"    {subject_label(s.name, s.id)}" for s in report.subjects]
    listed += ["Waivers"] * bool(report.waivers) + ["References", "Provenance"]
    _toc_field(doc, listed)


def _needs_action(
    doc: DocumentObject,
    report: Report,
    grouped: dict[str, list[Finding]],
    index: dict[str, SafeguardInfo],
    refs: References,
) -> None:
    """Write, per subject and worst first, every finding that needs action in full."""
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading("What needs action", level=1)
    doc.add_paragraph(
        "Gaps and partial findings first, most severe first; then waived findings and the"
        " questions the profile leaves open. "
        + PROVISIONAL_NOTE.capitalize()
        + " (marked “provisional”)."
    )
    for subject in report.subjects:
        doc.add_heading(_t(subject_label(subject.name, subject.id)), level=2)
        mine = worst_first([f for f in grouped.get(subject.id, []) if f.status in NEEDS_ACTION])
        if not mine:
            doc.add_paragraph("Nothing needs action.")
            continue
        for f in mine:
            _finding(doc, f, index[f.safeguard], subject.path, refs)


def _annex(
    doc: DocumentObject,
    report: Report,
    grouped: dict[str, list[Finding]],
    index: dict[str, SafeguardInfo],
    refs: References,
    short: bool,
) -> None:
    """Write every finding by subject and family in tables; met ones with their evidence."""
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading(
        "Annex: findings that need action" if short else "Annex: full findings", level=1
    )
    fams = families(report)
    wanted = requested(report)
    for subject in report.subjects:
        doc.add_heading(_t(subject_label(subject.name, subject.id)), level=2)
        meta = f"Profile {subject.path} (sha256 {subject.sha256[:12]})"
        if subject.as_of:
            meta += f", describing the law as of {subject.as_of}"
        doc.add_paragraph(_t(meta + "."))
        if subject.note:
            doc.add_paragraph(_t(subject.note), style=_style(doc, "Quote"))
        findings = grouped.get(subject.id, [])
        if short:
            findings = [f for f in findings if f.status in NEEDS_ACTION]
        for family, infos in fams.items():
            ids = {i.id for i in infos}
            mine = worst_first([f for f in findings if f.safeguard in ids])
            if not mine:
                continue
            doc.add_heading(_t(family.replace("-", " ").capitalize()), level=3)
            _table(
                doc,
                ["Safeguard", "Title", "Severity", "Status"],
                [
                    [f.safeguard, index[f.safeguard].title, f.severity.value, status_label(f)]
                    for f in mine
                ],
            )
            for f in mine:
                if f.status is Status.MET:
                    _finding(doc, f, index[f.safeguard], subject.path, refs, level=4)
        if short:
            continue
        single = report.model_copy(update={"subjects": (subject,), "findings": tuple(findings)})
        for by in dict.fromkeys(b for b in ("seed", wanted) if b):
            doc.add_heading(_t(f"By {FRAMEWORKS[by]}"), level=3)
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


def _finding(
    doc: DocumentObject,
    f: Finding,
    info: SafeguardInfo,
    path: str,
    refs: References,
    level: int = 3,
) -> None:
    req = f" · request {f.request}" if f.request else ""
    doc.add_heading(
        _t(f"{status_label(f).capitalize()} · {f.safeguard} — {info.title}{req}"), level=level
    )
    doc.add_paragraph(_t(f"Severity: {f.severity.value}. {f.message}"))
    if f.provisional:
        doc.add_paragraph(_t(f"{PROVISIONAL_NOTE.capitalize()}.")).runs[0].italic = True
    if f.status is not Status.NOT_APPLICABLE:
        for quote in info.seed_quotes:
            doc.add_paragraph(_t(f"“{quote}”"), style=_style(doc, "Quote"))
        doc.add_paragraph(_t(f"The submission, {', '.join(info.seed_refs)} — {info.seed_section}"))
    if f.decisive_facts:
        doc.add_paragraph("Answers that decided it:")
        for d in f.decisive_facts:
            where = f" ({Path(path).name}:{d.line})" if d.line else ""
            doc.add_paragraph(
                _t(f"{d.fact} = {show_value(d.value)} — {refs.cite(d)}{where}"),
                style=_style(doc, "List Bullet"),
            )
    if f.missing_facts:
        doc.add_paragraph("Open questions:")
        for q in f.missing_facts:
            doc.add_paragraph(_t(f"{q.fact} — {q.question}"), style=_style(doc, "List Bullet"))
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
        p = doc.add_paragraph("References: ")
        for n, r in enumerate(info.refs):
            text = reference_text(r) + ("" if r.verified else " (unverified)")
            if n:
                p.add_run("; ")
            if is_web_url(r.url):
                _add_hyperlink(p, str(r.url), _t(text))
            else:
                p.add_run(_t(text))


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
                w.state.value.replace("_", " ")
                + (" (expires soon)" if w.expiring_soon else "")
                + (f": {w.reason}" if w.reason else ""),
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
    waiver_files = {w.path: w.sha256 for w in report.waivers if w.sha256}
    lines += [f"Waiver file: {path} sha256 {digest}" for path, digest in waiver_files.items()]
    for text in lines:
        doc.add_paragraph(_t(text))


def _table(
    doc: DocumentObject, header: list[str], rows: list[list[Any]], *, small: bool = False
) -> Table:
    """Add a table with fixed column widths and a header row repeated on every page."""
    table: Table = doc.add_table(rows=1, cols=len(header))
    style = _style(doc, "Table Grid")
    if style is not None:
        table.style = style
    table.autofit = False
    widths = _widths(doc, header, small)
    _fixed_layout(table)
    head = table.rows[0]
    _repeat_header(head)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid: LibreOffice reads it, Word reads the cells
    for cell, text, width in zip(head.cells, header, widths, strict=True):
        cell.text = _t(text)
        cell.width = width
        for run in cell.paragraphs[0].runs:
            run.bold = True
            if small:
                run.font.size = Pt(8)
    for row in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.text = _t(text)
            cell.width = width
            if small:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)
    return table


def _widths(doc: DocumentObject, header: list[str], small: bool) -> list[Length]:
    """Return column widths: fixed for ids, severities, statuses; the rest share the rest."""
    section = doc.sections[-1]
    usable = (section.page_width or Mm(210)) - (section.left_margin or 0)
    usable -= section.right_margin or 0
    if small:  # the summary's count table: each status word on one line, the subject the rest
        counts_cm = [_COUNT_CM.get(h, 1.6) for h in header[1:]]
        first = usable - sum(Cm(w) for w in counts_cm)
        return [Emu(int(first)), *(Cm(w) for w in counts_cm)]
    fixed = {h: Cm(_WIDTHS_CM[h]) for h in header if h in _WIDTHS_CM and h != "Subject"}
    free = [h for h in header if h not in fixed]
    share = int((usable - sum(fixed.values())) / max(len(free), 1))
    return [fixed.get(h, Emu(share)) for h in header]


def _fixed_layout(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _style(doc: DocumentObject, name: str) -> str | None:
    """Return a style name the document has (a template may lack it): else None (Normal)."""
    try:
        doc.styles[name]
    except KeyError:
        return None
    return name


def _open_template(template: bytes | None) -> DocumentObject:
    """Open the user's template (body emptied; styles, headers, footers kept) or the default."""
    if template is None:
        doc = Document()
    else:
        doc = Document(io.BytesIO(_as_document(template)))
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    _memo_styles(doc, template is not None)
    return doc


def _as_document(data: bytes) -> bytes:
    """Turn a .dotx package into a .docx one (only the main part's content type differs)."""
    template = b"wordprocessingml.template.main+xml"
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read("[Content_Types].xml")
    if template not in types:
        return data
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "[Content_Types].xml":
                content = content.replace(template, b"wordprocessingml.document.main+xml")
            dst.writestr(member, content)
    return out.getvalue()


def _memo_styles(doc: DocumentObject, template: bool) -> None:
    """Add the memo's own compact styles (a template's styles of the same name win)."""
    if not template:  # a denser body than python-docx's default; a template keeps its own
        normal = doc.styles["Normal"]
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(3)
        for name in ("Heading 2", "Heading 3", "Heading 4"):
            doc.styles[name].paragraph_format.space_before = Pt(8)
    for name, size, indent in (("Summary Subject", 9.5, 0.0), ("Summary Item", 8.5, 0.6)):
        if _style(doc, name) is not None:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.space_before = Pt(3 if indent == 0 else 0)
        fmt.space_after = Pt(0)
        fmt.left_indent = Cm(indent)
        if indent:
            fmt.first_line_indent = Cm(-0.4)


def _page_setup(doc: DocumentObject, paper: str) -> None:
    width, height = PAPER.get(paper, PAPER["a4"])
    for section in doc.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """Append a complex field (PAGE, NUMPAGES, TOC) with the text shown until it updates."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(shown)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _footer(doc: DocumentObject) -> None:
    """Put page numbers in every section's footer, under a template's own footer text."""
    for section in doc.sections:
        footer = section.footer
        if "PAGE" in footer._element.xml:  # the template numbers its pages itself
            continue
        empty = footer.paragraphs and not any(p.text.strip() for p in footer.paragraphs)
        p = footer.paragraphs[0] if empty else footer.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Page ")
        _field(p, "PAGE", "1")
        p.add_run(" of ")
        _field(p, "NUMPAGES", "1")


def _toc_field(doc: DocumentObject, listed: list[str]) -> None:
    """Add a TOC field over headings 1–2, prefilled with their titles; Word updates it."""
    p = doc.add_paragraph()
    _field(p, 'TOC \\o "1-2" \\h \\z \\u', listed[0] if listed else "")
    for text in listed[1:]:
        doc.add_paragraph(_t(text))
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _add_hyperlink(paragraph: Any, url: str, text: str) -> None:
    """Append a working external hyperlink (blue, underlined) to a paragraph."""
    part = paragraph.part
    rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.extend([style, color, underline])
    run.append(props)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _linked_paragraph(doc: DocumentObject, text: str, url: str | None) -> None:
    """Add a paragraph whose cited URL (http or https only) is a working link."""
    p = doc.add_paragraph()
    marker = f"<{url}>" if url else ""
    if url and is_web_url(url) and marker in text:
        before, after = text.split(marker, 1)
        p.add_run(_t(before + "<"))
        _add_hyperlink(p, url, _t(url))
        p.add_run(_t(">" + after))
    else:
        p.add_run(_t(text))


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
