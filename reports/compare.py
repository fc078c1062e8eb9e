"""Renders comparisons: the jurisdictions × safeguards matrix and the diff of two versions."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from safeguards.engine.models import STATUS_ORDER, Status
from safeguards.engine.models.compare import Diff, FactState, Matrix
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    code_span,
    esc,
    json_text,
    md_source,
    one_line,
    reveal_controls,
    show_value,
    source_text,
    spreadsheet_cell,
)
from safeguards.reports.htmlkit import asset, csp, environment
from safeguards.reports.waivers import waiver_table


def _label(status: Status | None, provisional: bool = False) -> str:
    if status is None:
        return "—"
    return f"{status.label}*" if provisional else status.label


def _total_text(totals: dict[Status, int]) -> str:
    return ", ".join(f"{n} {s.label}" for s, n in totals.items() if n) or "—"


def matrix_title(m: Matrix) -> str:
    """Return the matrix's heading: by jurisdiction, by workflow, or by subject when mixed."""
    kinds = {s.kind for s in m.subjects}
    return f"Safeguards by {kinds.pop() if len(kinds) == 1 else 'subject'}"


def matrix_markdown(m: Matrix) -> str:
    """Return the matrix as a Markdown table, totals in the last column and row."""
    names = [esc(s.name or s.id) for s in m.subjects]
    out = [
        f"# {esc(matrix_title(m))}",
        "",
        f"As of {m.report.as_of} · catalog {m.report.catalog.version} "
        f"(sha256 `{m.report.catalog.sha256[:12]}`)",
        "",
        "| Safeguard | Proposal | " + " | ".join(names) + " | Totals |",
        "|---|---|" + "---|" * len(names) + "---|",
    ]
    for row in m.rows:
        info = row.safeguard
        out.append(
            f"| {info.id} {esc(info.title)} | {', '.join(info.seed_refs)} | "
            + " | ".join(_label(c, row.is_provisional(i)) for i, c in enumerate(row.cells))
            + f" | {_total_text(row.totals)} |"
        )
    out.append("| **Totals** | | " + " | ".join(_total_text(t) for t in m.column_totals) + " | |")
    if any(any(row.provisional) for row in m.rows):
        out += ["", f"\\* {esc(PROVISIONAL_NOTE)}."]
    if m.report.waivers:
        out += ["", *waiver_table(m.report.waivers)]
    return reveal_controls("\n".join(out), lines=True) + "\n"


def matrix_csv(m: Matrix) -> str:
    """Return the matrix as CSV: one row per safeguard, one column per subject, then totals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    head = ["safeguard", "title", "proposals", *(s.id for s in m.subjects)]
    head += [f"total_{s.value}" for s in STATUS_ORDER]
    writer.writerow([spreadsheet_cell(h) for h in head])
    for row in m.rows:
        info = row.safeguard
        values = [info.id, info.title, " ".join(info.seed_refs)]
        values += [
            "" if c is None else c.value + (" (provisional)" if row.is_provisional(i) else "")
            for i, c in enumerate(row.cells)
        ]
        values += [str(row.totals[s]) for s in STATUS_ORDER]
        writer.writerow([spreadsheet_cell(v) for v in values])
    for status in STATUS_ORDER:
        values = [f"total_{status.value}", "", ""]
        values += [str(t[status]) for t in m.column_totals]
        writer.writerow([spreadsheet_cell(v) for v in values + [""] * len(STATUS_ORDER)])
    return buffer.getvalue()


def matrix_html(m: Matrix) -> str:
    """Return the matrix as one self-contained HTML page with a colour-coded grid."""
    style = asset("report.css") + asset("matrix.css")
    return (
        environment()
        .get_template("matrix.html.j2")
        .render(
            m=m,
            title=matrix_title(m),
            style=style,
            csp=csp(style, None),
            provisional_note=PROVISIONAL_NOTE,
            any_provisional=any(any(row.provisional) for row in m.rows),
        )
    )


def matrix_json(m: Matrix) -> str:
    """Return the matrix as JSON: subjects, then one row per safeguard with a cell per subject."""
    data = {
        "as_of": m.report.as_of.isoformat() if m.report.as_of else None,
        "tool": m.report.tool.model_dump(mode="json"),
        "catalog": m.report.catalog.model_dump(mode="json"),
        "subjects": [s.model_dump(mode="json") for s in m.subjects],
        "rows": [
            {
                "safeguard": r.safeguard.id,
                "title": r.safeguard.title,
                "severity": r.safeguard.severity.value,
                "cells": {
                    s.id: (
                        None
                        if c is None
                        else {"status": c.value, "provisional": r.is_provisional(i)}
                    )
                    for i, (s, c) in enumerate(zip(m.subjects, r.cells, strict=True))
                },
                "totals": {k.value: n for k, n in r.totals.items()},
            }
            for r in m.rows
        ],
        "column_totals": {
            s.id: {k.value: n for k, n in t.items()}
            for s, t in zip(m.subjects, m.column_totals, strict=True)
        },
        "waivers": [w.model_dump(mode="json") for w in m.report.waivers],
    }
    return json_text(data)


MATRIX_FORMATS: dict[str, tuple[str, Callable[[Matrix], str]]] = {
    "markdown": (".md", matrix_markdown),
    "html": (".html", matrix_html),
    "csv": (".csv", matrix_csv),
    "json": (".json", matrix_json),
}
"""The formats of ``safeguards matrix``: name → (file suffix, renderer)."""


def _fact(state: FactState | None) -> str:
    if state is None:
        return "(not answered)"
    text = show_value(state.value)
    if state.source is None:
        return f"{text} (asserted)"
    return f"{text} ({source_text(state.source)})"


def _md_fact(state: FactState | None) -> str:
    """Render an answer as :func:`_fact` does, for a Markdown table: its source's address a link."""
    if state is None or state.source is None:
        return esc(_fact(state))
    return f"{esc(show_value(state.value))} ({md_source(state.source)})"


def diff_data(d: Diff) -> dict[str, Any]:
    """Return the diff as plain JSON data."""
    return {
        "old": d.old.model_dump(mode="json"),
        "new": d.new.model_dump(mode="json"),
        "facts": [c.model_dump(mode="json") for c in d.facts],
        "findings": [{**c.model_dump(mode="json"), "change": c.change} for c in d.findings],
        "new_gaps": len(d.new_gaps),
    }


def diff_json(d: Diff) -> str:
    """Return the diff as indented JSON."""
    return json_text(diff_data(d))


def diff_text(d: Diff) -> str:
    """Return the diff as terminal lines."""
    lines = [
        f"Old: {d.old.path} (as of {d.old.as_of})",
        f"New: {d.new.path} (as of {d.new.as_of})",
        "",
    ]
    lines.append(f"Facts changed: {len(d.facts)}")
    lines.extend(f"  {c.subject} {c.fact}: {_fact(c.old)} → {_fact(c.new)}" for c in d.facts)
    lines.append("")
    lines.append(f"Findings changed: {len(d.findings)} ({len(d.new_gaps)} new gap(s))")
    for f in d.findings:
        req = f" [{f.request}]" if f.request else ""
        lines.append(
            f"  {f.change.upper():<13} {f.subject} {f.safeguard}{req} "
            f"{_label(f.old, f.old_provisional)} → {_label(f.new, f.new_provisional)}  {f.title}"
        )
        lines.append(f"      because {f.reason}")
    if _any_provisional(d):
        lines += ["", f"* {PROVISIONAL_NOTE}."]
    # one_line: a line break in a citation or a path must not start a line of its own
    return reveal_controls("\n".join(one_line(x) for x in lines), lines=True) + "\n"


def _any_provisional(d: Diff) -> bool:
    return any(f.old_provisional or f.new_provisional for f in d.findings)


def diff_markdown(d: Diff) -> str:
    """Return the diff as a Markdown memo."""
    out = [
        "# What changed",
        "",
        f"Old: {code_span(d.old.path)} (as of {d.old.as_of}) · "
        f"new: {code_span(d.new.path)} (as of {d.new.as_of})",
        "",
        f"## Facts changed ({len(d.facts)})",
        "",
    ]
    if d.facts:
        out += ["| Subject | Fact | Old | New |", "|---|---|---|---|"]
        out += [
            f"| {esc(c.subject)} | `{c.fact}` | {_md_fact(c.old)} | {_md_fact(c.new)} |"
            for c in d.facts
        ]
        out.append("")
    out += [f"## Findings changed ({len(d.findings)}, {len(d.new_gaps)} new gap(s))", ""]
    if d.findings:
        out += ["| Change | Subject | Safeguard | Old | New | Why |", "|---|---|---|---|---|---|"]
        out += [
            f"| {f.change} | {esc(f.subject)} | {f.safeguard} {esc(f.title)} | "
            f"{_label(f.old, f.old_provisional)} | {_label(f.new, f.new_provisional)} | "
            f"{esc(f.reason)} |"
            for f in d.findings
        ]
    if _any_provisional(d):
        out += ["", f"\\* {esc(PROVISIONAL_NOTE)}."]
    return reveal_controls("\n".join(out).rstrip(), lines=True) + "\n"


DIFF_FORMATS: dict[str, Callable[[Diff], str]] = {
    "text": diff_text,
    "markdown": diff_markdown,
    "json": diff_json,
}
"""The formats of ``safeguards diff``."""
