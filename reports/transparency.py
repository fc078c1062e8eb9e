"""Renderers of a transparency report (markdown, csv, json, html), with their own registry."""

from __future__ import annotations

import csv
import html
import io
from typing import ClassVar

from safeguards.engine.models.transparency import Cell, Table, TransparencyReport
from safeguards.reports.base import (
    code_span,
    esc,
    json_text,
    md_value,
    reveal_controls,
    spreadsheet_cell,
)
from safeguards.reports.htmlkit import csp

REPEATED = "Repeated request ids (not counted again)"
"""The heading of the records whose request id was already counted."""


def _repeats_left(report: TransparencyReport) -> str:
    """Say how many repeated ids the list leaves out ("" when it shows them all)."""
    left = report.repeated - len(report.repeated_shown)
    return f"… and {left} more" if left > 0 else ""


class TransparencyRenderer:
    """Turns a transparency report into the text of one format; never opens files."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, report: TransparencyReport) -> str:
        """Return the report in this format."""
        raise NotImplementedError


def show(cell: Cell) -> str:
    """Render one cell for people: empty for none, one decimal for percentages."""
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return f"{cell:.1f}"
    return str(cell).replace("_", " ")


def _heading(report: TransparencyReport) -> str:
    n = report.requests_in_period
    if isinstance(n, int):
        requests = f"{n} requests"
    elif n.startswith("<"):
        requests = f"fewer than {report.min_cell} requests"
    else:
        requests = "a withheld number of requests"
    return (
        f"Transparency report {report.period}: {requests} received "
        f"from {report.start.isoformat()} (as of {report.as_of.isoformat()})"
    )


def _provenance(report: TransparencyReport) -> list[str]:
    """Say what made the tables: the tool, the catalog, the threshold, each log and its SHA-256."""
    threshold = f"minimum cell {report.min_cell}" if report.min_cell > 1 else "no minimum cell"
    return [
        f"Made by {report.tool.name} {report.tool.version} with catalog {report.catalog.version} "
        f"(SHA-256 {report.catalog.sha256}), period {report.period}, {threshold}, "
        f"as of {report.as_of.isoformat()}.",
        *(f"Read from {i.path} ({i.format}, SHA-256 {i.sha256})." for i in report.inputs),
    ]


class TransparencyMarkdown(TransparencyRenderer):
    """Markdown tables, one section per table, footnotes under each."""

    name: ClassVar[str] = "markdown"
    suffix: ClassVar[str] = ".md"

    def render(self, report: TransparencyReport) -> str:
        """Return every table as a Markdown table."""
        out = [f"# {_heading(report)}", ""]
        out += [f"- {n}" for n in report.notes]
        out += [f"- {md_value(line)}" for line in _provenance(report)]
        if report.repeated_shown:
            out += ["", f"## {REPEATED}", ""]
            out += [
                f"- {md_value(r.request)} at {code_span(r.location)}, first at {code_span(r.first)}"
                for r in report.repeated_shown
            ]
            if more := _repeats_left(report):
                out.append(f"- {more}")
        for t in report.tables:
            out += ["", f"## {t.id} {t.title}", ""]
            if not t.rows:
                out.append(esc(t.empty))
            else:
                out.append("| " + " | ".join(t.columns) + " |")
                out.append("|" + "---|" * len(t.columns))
                for row in t.rows:
                    out.append("| " + " | ".join(md_value(show(c)) for c in row) + " |")
            out += [f"\n_{n}_" for n in t.notes]
        return "\n".join(out) + "\n"


class TransparencyCsv(TransparencyRenderer):
    """Tidy CSV: one row per table cell (table, row, column, value), formulas neutralized."""

    name: ClassVar[str] = "csv"
    suffix: ClassVar[str] = ".csv"

    def render(self, report: TransparencyReport) -> str:
        """Return every cell of every table as one CSV row."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["period", "table", "row", "column", "value"])

        def cell(table: str, i: int, column: str, value: str) -> None:
            fields = (report.period, table, str(i), column, value)
            writer.writerow([spreadsheet_cell(x) for x in fields])

        for i, (column, value) in enumerate(_provenance_cells(report), start=1):
            cell("provenance", i, column, value)
        for i, r in enumerate(report.repeated_shown, start=1):
            for column, value in (
                ("request", r.request),
                ("at", r.location),
                ("first at", r.first),
            ):
                cell("repeated", i, column, value)
        for t in report.tables:
            for i, row in enumerate(t.rows, start=1):
                for column, shown in zip(t.columns, row, strict=True):
                    cell(t.id, i, column, "" if shown is None else str(shown))
        return buf.getvalue()


def _provenance_cells(report: TransparencyReport) -> list[tuple[str, str]]:
    """Return the provenance as (what, value) pairs: the first rows of the CSV (``provenance``)."""
    cells = [
        ("tool", f"{report.tool.name} {report.tool.version}"),
        ("catalog version", report.catalog.version),
        ("catalog sha256", report.catalog.sha256),
        ("minimum cell", str(report.min_cell)),
        ("as of", report.as_of.isoformat()),
    ]
    for i in report.inputs:
        cells += [("log", i.path), ("log format", i.format), ("log sha256", i.sha256)]
    return cells


class TransparencyJson(TransparencyRenderer):
    """The whole report as JSON."""

    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"

    def render(self, report: TransparencyReport) -> str:
        """Return the report as indented JSON."""
        data = report.model_dump(mode="json")
        return json_text(data)


def _html(value: object) -> str:
    """Escape a value for HTML, with bidi overrides and control characters made visible."""
    return html.escape(reveal_controls(str(value)))


def _html_table(t: Table) -> list[str]:
    e = _html
    out = [f'<section id="{e(t.id.lower())}">', f"<h2>{e(t.id)} {e(t.title)}</h2>"]
    if not t.rows:
        out.append(f"<p>{html.escape(t.empty)}</p>")
    else:
        out.append("<table><thead><tr>")
        out += [f"<th>{e(c)}</th>" for c in t.columns]
        out.append("</tr></thead><tbody>")
        for row in t.rows:
            out.append("<tr>" + "".join(f"<td>{e(show(c))}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
    out += [f'<p class="note">{e(n)}</p>' for n in t.notes]
    out.append("</section>")
    return out


_STYLE = (
    "body{font-family:sans-serif;max-width:70em;margin:auto}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}"
    "td{text-align:right}.note{font-style:italic}"
)


class TransparencyHtml(TransparencyRenderer):
    """A standalone HTML page; every interpolated value is escaped."""

    name: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"

    def render(self, report: TransparencyReport) -> str:
        """Return a self-contained HTML page."""
        e = _html
        title = _heading(report)
        out = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" '
            f'content="{html.escape(csp(_STYLE, None), False)}">',
            f"<title>{e(title)}</title>",
            f"<style>{_STYLE}</style>",
            "</head><body>",
            f"<h1>{e(title)}</h1>",
            "<ul>"
            + "".join(f"<li>{e(n)}</li>" for n in (*report.notes, *_provenance(report)))
            + "</ul>",
        ]
        if report.repeated_shown:
            out.append(f"<h2>{e(REPEATED)}</h2>")
            items = [
                f"<li>{e(r.request)} at {e(r.location)}, first at {e(r.first)}</li>"
                for r in report.repeated_shown
            ]
            if more := _repeats_left(report):
                items.append(f"<li>{e(more)}</li>")
            out.append("<ul>" + "".join(items) + "</ul>")
        for t in report.tables:
            out += _html_table(t)
        out.append("</body></html>")
        return "\n".join(out) + "\n"


TRANSPARENCY_FORMATS: dict[str, type[TransparencyRenderer]] = {
    cls.name: cls
    for cls in (TransparencyMarkdown, TransparencyCsv, TransparencyJson, TransparencyHtml)
}
"""Every transparency format by name; `safeguards transparency --format` reads it."""
