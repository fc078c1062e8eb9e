"""One finding in the Word memo: verdict, the answers that decided it, open questions, waiver.

The sources cited are numbered once for the whole memo (:class:`References`), listed at its end.
"""

from __future__ import annotations

from pathlib import PurePath as Path

from docx.document import Document as DocumentObject

from safeguards.engine.models import (
    NEEDS_ACTION,
    DecisiveFact,
    Finding,
    SafeguardInfo,
    Status,
)
from safeguards.reports import docxkit as kit
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    is_web_url,
    reference_text,
    show_value,
    source_text,
    status_label,
)


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


def finding(
    doc: DocumentObject,
    f: Finding,
    info: SafeguardInfo,
    path: str,
    refs: References,
    level: int = 3,
) -> None:
    """Add one finding under a heading of ``level``; its sources are numbered in ``refs``."""
    req = f" · request {f.request}" if f.request else ""
    doc.add_heading(
        kit.plain(f"{status_label(f).capitalize()} · {f.safeguard} — {info.title}{req}"),
        level=level,
    )
    doc.add_paragraph(kit.plain(f"Severity: {f.severity.value}. {f.message}"))
    if f.provisional:
        doc.add_paragraph(kit.plain(f"{PROVISIONAL_NOTE.capitalize()}.")).runs[0].italic = True
    if f.status is not Status.NOT_APPLICABLE:
        for quote in info.seed_quotes:
            doc.add_paragraph(kit.plain(f"“{quote}”"), style=kit.known_style(doc, "Quote"))
        doc.add_paragraph(
            kit.plain(f"The submission, {', '.join(info.seed_refs)} — {info.seed_section}")
        )
    if f.decisive_facts:
        doc.add_paragraph("Answers that decided it:")
        for d in f.decisive_facts:
            where = f" ({Path(path).name}:{d.line})" if d.line else ""
            doc.add_paragraph(
                kit.plain(f"{d.fact} = {show_value(d.value)} — {refs.cite(d)}{where}"),
                style=kit.known_style(doc, "List Bullet"),
            )
    if f.missing_facts:
        doc.add_paragraph("Open questions:")
        for q in f.missing_facts:
            doc.add_paragraph(
                kit.plain(f"{q.fact} — {q.text}"), style=kit.known_style(doc, "List Bullet")
            )
    if f.waiver is not None:
        doc.add_paragraph(
            kit.plain(
                f"Waived by {f.waiver.approver} from {f.waiver.granted} until "
                f"{f.waiver.expires}: {f.waiver.justification}"
            )
        )
    if f.status in NEEDS_ACTION:
        doc.add_paragraph(kit.plain(f"Remediation: {f.remediation}"))
    if info.refs:
        p = doc.add_paragraph("References: ")
        for n, r in enumerate(info.refs):
            text = reference_text(r) + ("" if r.verified else " (unverified)")
            if n:
                p.add_run("; ")
            if is_web_url(r.url):
                kit.add_hyperlink(p, str(r.url), kit.plain(text))
            else:
                p.add_run(kit.plain(text))
