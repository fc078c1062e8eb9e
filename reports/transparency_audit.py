"""Renderers of a request-log audit summary for people: text, Markdown, JSON.

The CI formats (SARIF, JUnit), which also need the failing findings, are in
:mod:`safeguards.reports.audit_ci`.
"""

from __future__ import annotations

from typing import ClassVar

from safeguards.engine.models import STATUS_ORDER, Finding
from safeguards.engine.models.audit import AuditSummary
from safeguards.engine.text.wrap import wrap
from safeguards.reports.base import (
    code_span,
    json_text,
    md_value,
    one_line,
    show_value,
)
from safeguards.reports.waivers import waiver_lines, waiver_table

_COLUMNS = [s.value for s in STATUS_ORDER]
_SHORT = {
    "gap": "gap",
    "partial": "partial",
    "undetermined": "undet.",
    "waived": "waived",
    "met": "met",
    "not_applicable": "n/a",
}


class AuditRenderer:
    """Turns an audit summary into the text of one format; never opens files."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, summary: AuditSummary) -> str:
        """Return the summary in this format."""
        raise NotImplementedError


def _log_lines(findings: tuple[Finding, ...]) -> list[str]:
    out = []
    for f in findings:
        facts = ", ".join(f"{d.fact} = {show_value(d.value)}" for d in f.decisive_facts)
        out.append(
            one_line(
                f"{f.safeguard} {f.status.label}: {f.message}" + (f" ({facts})" if facts else "")
            )
        )
    return out


class AuditText(AuditRenderer):
    """Plain text for a terminal or a CI log.

    Args:
        width: the terminal's width: a long line (a request's findings, a log-level
            finding, an unreadable record) wraps to it, its next lines indented under its
            text. None (a pipe, a file): one line each, as programs read them.

    """

    name: ClassVar[str] = "text"
    suffix: ClassVar[str] = ".txt"

    def __init__(self, width: int | None = None) -> None:
        """Keep the width to wrap long lines to (None: never wrap)."""
        self.width = width

    def _line(self, text: str, indent: str = "  ") -> list[str]:
        """Return one line of the report, wrapped to the width when there is one."""
        if self.width is None:
            return [indent + text]
        return wrap(text, self.width, indent, 4, collapse=False)

    def _items(self, head: str, items: list[str], indent: str = "  ") -> list[str]:
        """Return ``head`` and its comma-separated items, wrapped between items only."""
        if self.width is None:
            return [f"{indent}{head} {', '.join(items)}"]
        lines, line = [], indent + head
        for n, item in enumerate(items):
            piece = item + ("," if n < len(items) - 1 else "")
            if len(line) + 1 + len(piece) > self.width and line != indent + head:
                lines.append(line)
                line = indent + "    " + piece
            else:
                line += " " + piece
        return [*lines, line]

    def render(self, summary: AuditSummary) -> str:
        """Return the summary as aligned plain text."""
        s = summary
        heading = (
            f"Audit of {one_line(s.subject)} as of {s.as_of.isoformat()}: "
            f"{s.requests} requests read, {s.unreadable} unreadable"
        )
        totals = [f"{n} {k.replace('_', ' ')}" for k, n in s.totals.items()]
        lines = [
            *self._line(heading, ""),
            *self._items("Findings:", totals, ""),
            "",
            f"{'safeguard':<10} {'kind':<8} " + " ".join(f"{_SHORT[c]:>7}" for c in _COLUMNS),
        ]
        for t in s.safeguards:
            cells = " ".join(f"{t.counts.get(c, 0):>7}" for c in _COLUMNS)
            lines.append(f"{t.safeguard:<10} {t.kind:<8} {cells}")
        if s.log_findings:
            lines += ["", "Log as a whole:"]
            for x in _log_lines(s.log_findings):
                lines += self._line(x)
        if s.worst:
            lines += ["", "Worst requests:"]
            several = _several_logs(s)
            for w in s.worst:
                issues = [f"{sid} {st.label}" for sid, st in w.issues]
                where = f"{one_line(w.log)}:{w.line}" if several else f"{_place(s)} {w.line}"
                lines += self._items(f"{one_line(w.request)} ({where}):", issues)
        if s.unreadable:
            lines += ["", f"Unreadable records ({s.unreadable}):"]
            for u in s.unreadable_shown:
                lines += self._line(f"{one_line(u.location)}: {one_line(u.message)}")
            if s.unreadable > len(s.unreadable_shown):
                lines.append(f"  … and {s.unreadable - len(s.unreadable_shown)} more")
        said = waiver_lines(s.waivers, {s.subject: None})
        if said:
            lines.append("")
            for x in said:
                lines += self._line(one_line(x), "")
        return "\n".join(lines) + "\n"


class AuditMarkdown(AuditRenderer):
    """Markdown for a pull request or a wiki page."""

    name: ClassVar[str] = "markdown"
    suffix: ClassVar[str] = ".md"

    def render(self, summary: AuditSummary) -> str:
        """Return the summary as Markdown tables."""
        s = summary
        out = [
            f"# Request-log audit: {md_value(s.subject)}",
            "",
            f"As of {s.as_of.isoformat()}: **{s.requests}** requests read, "
            f"**{s.unreadable}** could not be read. Catalog sha256 `{s.catalog.sha256[:12]}`, "
            f"safeguards {s.tool.version}.",
            "",
            "## Findings by safeguard",
            "",
            "| safeguard | kind | title | "
            + " | ".join(c.replace("_", " ") for c in _COLUMNS)
            + " |",
            "|---|---|---|" + "---:|" * len(_COLUMNS),
        ]
        for t in s.safeguards:
            cells = " | ".join(str(t.counts.get(c, 0)) for c in _COLUMNS)
            out.append(f"| {t.safeguard} | {t.kind} | {md_value(t.title)} | {cells} |")
        if s.log_findings:
            out += ["", "## The log as a whole", ""]
            out += [f"- {md_value(x)}" for x in _log_lines(s.log_findings)]
        if s.worst:
            several = _several_logs(s)
            out += [
                "",
                "## Worst requests",
                "",
                f"| request |{' log |' if several else ''} {_place(s)} | findings |",
                f"|---|{'---|' if several else ''}---:|---|",
            ]
            for w in s.worst:
                issues = ", ".join(f"{sid} {st.label}" for sid, st in w.issues)
                log = f" {md_value(w.log)} |" if several else ""
                out.append(f"| {md_value(w.request)} |{log} {w.line} | {issues} |")
        if s.unreadable:
            out += ["", f"## Unreadable records ({s.unreadable})", ""]
            out += [f"- {code_span(u.location)}: {md_value(u.message)}" for u in s.unreadable_shown]
        if s.waivers:
            out += ["", *waiver_table(s.waivers)]
        out += ["", "Inputs:", ""]
        out += [f"- {code_span(i.path)} ({i.format}, sha256 `{i.sha256[:12]}`)" for i in s.inputs]
        if s.workflow and s.workflow_sha256:
            out.append(f"- workflow {code_span(s.workflow)} (sha256 `{s.workflow_sha256[:12]}`)")
        waiver_files = {w.path: w.sha256 for w in s.waivers if w.sha256}
        out += [f"- waivers {code_span(p)} (sha256 `{d[:12]}`)" for p, d in waiver_files.items()]
        return "\n".join(out) + "\n"


class AuditJson(AuditRenderer):
    """The whole summary as JSON."""

    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"

    def render(self, summary: AuditSummary) -> str:
        """Return the summary as indented JSON."""
        data = summary.model_dump(mode="json")
        return json_text(data)


SUMMARY_FORMATS: dict[str, type[AuditRenderer]] = {
    cls.name: cls for cls in (AuditText, AuditMarkdown, AuditJson)
}
"""The formats of the summary alone (:data:`safeguards.reports.audit_forges.AUDIT_FORMATS`: all)."""


def _several_logs(summary: AuditSummary) -> bool:
    """Whether a worst request's log is named beside its line: lines start again in each log."""
    return len(summary.inputs) > 1


def _place(summary: AuditSummary) -> str:
    """Name what a request's number counts: the rows of databases, else the lines of logs."""
    formats = {i.format for i in summary.inputs}
    return "row" if formats == {"sqlite"} else "line"
