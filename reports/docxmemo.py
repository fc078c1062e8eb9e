"""Writes the Word memo: summary, contents, what needs action, the full findings in an annex."""

from __future__ import annotations

import io

from docx.document import Document as DocumentObject

from safeguards.engine.models import (
    NEEDS_ACTION,
    STATUS_ORDER,
    Finding,
    Report,
    SafeguardInfo,
    Status,
    SubjectInfo,
)
from safeguards.reports import docxkit as kit
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    by_subject,
    checked_before,
    counts,
    families,
    provisional_count,
    report_timestamp,
    safeguard_index,
    status_label,
    worst_first,
)
from safeguards.reports.docx import NEEDS_ACTION_ONLY
from safeguards.reports.docxfinding import References, finding
from safeguards.reports.rollup import FRAMEWORKS, requested, rollup


def subject_label(name: str | None, sid: str) -> str:
    """Return 'Name (ID)', or the id alone."""
    return f"{name} ({sid})" if name else sid


def write_memo(
    report: Report, paper: str | None, only: str | None, template: bytes | None
) -> bytes:
    """Return the memo as .docx bytes; timestamps come from the report, never the clock."""
    doc = kit.open_template(template)
    paper = paper or report.options.get("paper")
    if paper is not None or template is None:
        kit.page_setup(doc, str(paper or "a4"))
    only = only or report.options.get("only")
    short = only == NEEDS_ACTION_ONLY
    when = report_timestamp(report)
    props = doc.core_properties
    props.title = "Safeguards gap report"
    props.author = props.last_modified_by = f"{report.tool.name} {report.tool.version}"
    props.created = props.modified = props.last_printed = when.replace(tzinfo=None)
    props.revision = 1
    props.comments = f"Catalog {report.catalog.version}, sha256 {report.catalog.sha256}"
    kit.footer(doc)
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
        kit.linked_paragraph(doc, f"[{number}] {text}", refs.urls.get(text))
    _provenance(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return kit.fixed_zip(buffer.getvalue(), when)


def _summary(doc: DocumentObject, report: Report) -> None:
    """Write the executive summary: counts per subject, then its gaps and partials."""
    doc.add_heading("Executive summary", level=1)
    grouped = by_subject(report)
    rows = [
        [s.name or s.id, *(str(n) for n in counts(grouped.get(s.id, [])).values())]
        for s in report.subjects
    ]
    rows.append(["Total", *(str(report.summary.get(s.value, 0)) for s in STATUS_ORDER)])
    kit.add_table(doc, ["Subject", *(s.label for s in STATUS_ORDER)], rows, small=True)
    index = safeguard_index(report)
    for subject in report.subjects:
        findings = grouped.get(subject.id, [])
        gaps = worst_first([f for f in findings if f.status is Status.GAP])
        partials = worst_first([f for f in findings if f.status is Status.PARTIAL])
        p = doc.add_paragraph(style=kit.known_style(doc, "Summary Subject"))
        p.add_run(kit.plain(subject_label(subject.name, subject.id))).bold = True
        tally = counts(findings)
        said = [f"{n} {s.label}" for s, n in tally.items() if n]
        provisional = provisional_count([f for f in findings if f.status in NEEDS_ACTION])
        tail = f"; {provisional} provisional" if provisional else ""
        p.add_run(kit.plain(f": {', '.join(said) or 'no findings'}{tail}."))
        if not gaps and not partials:
            continue
        for f in gaps:
            title = index[f.safeguard].title if f.safeguard in index else f.safeguard
            line = doc.add_paragraph(style=kit.known_style(doc, "Summary Item"))
            line.add_run("Gap ").bold = True
            marks = f"{f.severity.value}, provisional" if f.provisional else f.severity.value
            line.add_run(kit.plain(f"({marks}) {f.safeguard} — {title}"))
        if partials:
            line = doc.add_paragraph(style=kit.known_style(doc, "Summary Item"))
            line.add_run("Partial ").bold = True
            line.add_run(
                kit.plain(
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
    kit.toc_field(doc, listed)


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
        doc.add_heading(kit.plain(subject_label(subject.name, subject.id)), level=2)
        _profile(doc, report, subject)
        mine = worst_first([f for f in grouped.get(subject.id, []) if f.status in NEEDS_ACTION])
        if not mine:
            doc.add_paragraph("Nothing needs action.")
            continue
        for f in mine:
            finding(doc, f, index[f.safeguard], subject.path, refs)


def _profile_line(subject: SubjectInfo) -> str:
    """Return which profile a subject's findings come from, and the date it describes."""
    meta = f"Profile {subject.path} (sha256 {subject.sha256[:12]})"
    return meta + (f", describing the law as of {subject.as_of}" if subject.as_of else "")


def _profile(doc: DocumentObject, report: Report, subject: SubjectInfo) -> None:
    """Write the profile a subject's findings rest on, and its note, before the findings.

    A profile's note says what was read and what was not ("illustrative — verify with
    counsel"): a memo states such limits before its findings, not only in an annex; and so
    does a check as of a day before the one the profile describes (:func:`checked_before`).
    """
    doc.add_paragraph(kit.plain(_profile_line(subject) + "."))
    if before := checked_before(report, subject):
        doc.add_paragraph(kit.plain(before))
    if subject.note:
        doc.add_paragraph(kit.plain(subject.note), style=kit.known_style(doc, "Quote"))


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
        doc.add_heading(kit.plain(subject_label(subject.name, subject.id)), level=2)
        doc.add_paragraph(kit.plain(_profile_line(subject) + "."))
        findings = grouped.get(subject.id, [])
        if short:
            findings = [f for f in findings if f.status in NEEDS_ACTION]
        for family, infos in fams.items():
            ids = {i.id for i in infos}
            mine = worst_first([f for f in findings if f.safeguard in ids])
            if not mine:
                continue
            doc.add_heading(kit.plain(family.replace("-", " ").capitalize()), level=3)
            kit.add_table(
                doc,
                ["Safeguard", "Title", "Severity", "Status"],
                [
                    [f.safeguard, index[f.safeguard].title, f.severity.value, status_label(f)]
                    for f in mine
                ],
            )
            for f in mine:
                if f.status is Status.MET:
                    finding(doc, f, index[f.safeguard], subject.path, refs, level=4)
        if short:
            continue
        single = report.model_copy(update={"subjects": (subject,), "findings": tuple(findings)})
        for by in dict.fromkeys(b for b in ("seed", wanted) if b):
            doc.add_heading(kit.plain(f"By {FRAMEWORKS[by]}"), level=3)
            kit.add_table(
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


def _waivers(doc: DocumentObject, report: Report) -> None:
    if not report.waivers:
        return
    doc.add_heading("Waivers", level=1)
    kit.add_table(
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
                + (" (expires within 30 days)" if w.expiring_soon else "")
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
        doc.add_paragraph(kit.plain(text))
