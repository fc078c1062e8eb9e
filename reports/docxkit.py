"""Word plumbing for the memo: tables of fixed widths, styles, fields, links, a stable zip.

python-docx covers paragraphs and tables; what a memo to hand on needs beyond that (a header row
repeated on every page, a fixed layout, PAGE and TOC fields, external hyperlinks, a template's
styles, byte-for-byte reproducible output) is written here as WordprocessingML.
"""

from __future__ import annotations

import datetime as dt
import io
import weakref
import zipfile
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

from safeguards.reports.base import is_web_url, reveal_controls

_COUNT_CM = {"undetermined": 3.0, "not applicable": 2.2, "partial": 1.6, "waived": 1.6}
"""Widths of the summary's count columns (bold 8 pt status words, one line each)."""

_WIDTHS_CM = {"Safeguard": 2.5, "Severity": 2.2, "Status": 3.3, "Subject": 4.4}
"""Fixed column widths: wide enough that "undetermined" and "critical" never break."""


def plain(value: object) -> str:
    """Return text Word can hold, with bidi and control characters made visible."""
    return reveal_controls("" if value is None else str(value))


def add_table(
    doc: DocumentObject, header: list[str], rows: list[list[Any]], *, small: bool = False
) -> Table:
    """Add a table with fixed column widths and a header row repeated on every page."""
    table: Table = doc.add_table(rows=1, cols=len(header))
    style = known_style(doc, "Table Grid")
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
        cell.text = plain(text)
        cell.width = width
        for run in cell.paragraphs[0].runs:
            run.bold = True
            if small:
                run.font.size = Pt(8)
    for row in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.text = plain(text)
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


def known_style(doc: DocumentObject, name: str) -> str | None:
    """Return a style name the document has (a template may lack it): else None (Normal).

    Looked up once per document and name (python-docx reads every style for each lookup); the
    memo's own styles are all added before (:func:`open_template`).
    """
    known = _KNOWN.setdefault(doc.part, {})
    if name not in known:
        known[name] = name if _has_style(doc, name) else None
    return known[name]


_KNOWN: weakref.WeakKeyDictionary[Any, dict[str, str | None]] = weakref.WeakKeyDictionary()
"""The styles :func:`known_style` found (or not), by the document's main part."""


def _has_style(doc: DocumentObject, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def open_template(template: bytes | None) -> DocumentObject:
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
    _remember_style_ids(doc)
    return doc


def _remember_style_ids(doc: DocumentObject) -> None:
    """Resolve each style name once, not at every paragraph given that style.

    python-docx resolves a style name at each assignment, and compares the style with the
    default of its type by reading every style of the document (a template's too): about
    2 ms a paragraph, most of a memo's making (1,600 paragraphs for the eight example
    profiles). A name's id cannot change while the memo is written (its styles are all added
    before, in :func:`_memo_styles`); a name that is not found still raises as before.
    """
    part = doc.part
    resolve: Any = part.get_style_id  # untyped in python-docx
    known: dict[tuple[str, Any], str | None] = {}

    def get_style_id(style_or_name: Any, style_type: Any) -> str | None:
        if not isinstance(style_or_name, str):
            found: str | None = resolve(style_or_name, style_type)
            return found
        key = (style_or_name, style_type)
        if key not in known:
            known[key] = resolve(style_or_name, style_type)
        return known[key]

    setattr(part, "get_style_id", get_style_id)  # noqa: B010 (this document's part only)


MAX_TEMPLATE_UNPACKED = 64 * 1024 * 1024
"""The most a template may unpack to (a letterhead with its images is a few megabytes)."""
MAX_TEMPLATE_PARTS = 2000
"""The most files a template's package may hold."""


def template_problem(data: bytes) -> str | None:
    """Return why the bytes are no usable Word template (None: they are one).

    A template is a file the user names, perhaps received from elsewhere: what python-docx
    cannot open (not a zip, no main document, broken XML) or what would unpack to far more than
    any letterhead (a zip bomb) is refused with one sentence, before any report is written.
    """
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "not a Word document (.docx or .dotx): the file is not a zip package"
    with package:
        parts = package.infolist()
        if len(parts) > MAX_TEMPLATE_PARTS:
            return f"the Word template holds {len(parts)} files, more than {MAX_TEMPLATE_PARTS}"
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_TEMPLATE_UNPACKED:
            mib = MAX_TEMPLATE_UNPACKED // (1024 * 1024)
            return f"the Word template would unpack to {unpacked:,} bytes, more than {mib} MiB"
    try:
        open_template(data)
    except Exception as exc:  # any failure of python-docx on the file means the same to the user
        text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        why = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        return f"not a Word document python-docx can open ({why[:200]})"
    return None


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
        if _has_style(doc, name):
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


PAPER: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
"""Page sizes in millimetres, by the name `--paper` takes; A4 unless asked otherwise."""


def page_setup(doc: DocumentObject, paper: str) -> None:
    """Set the paper size and 2 cm margins on every section."""
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


def footer(doc: DocumentObject) -> None:
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


def toc_field(doc: DocumentObject, listed: list[str]) -> None:
    """Add a TOC field over headings 1–2, prefilled with their titles; Word updates it."""
    p = doc.add_paragraph()
    _field(p, 'TOC \\o "1-2" \\h \\z \\u', listed[0] if listed else "")
    for text in listed[1:]:
        doc.add_paragraph(plain(text))
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def add_hyperlink(paragraph: Any, url: str, text: str) -> None:
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


def linked_paragraph(doc: DocumentObject, text: str, url: str | None) -> None:
    """Add a paragraph whose cited URL (http or https only) is a working link."""
    p = doc.add_paragraph()
    marker = f"<{url}>" if url else ""
    if url and is_web_url(url) and marker in text:
        before, after = text.split(marker, 1)
        p.add_run(plain(before + "<"))
        add_hyperlink(p, url, plain(url))
        p.add_run(plain(">" + after))
    else:
        p.add_run(plain(text))


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
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
