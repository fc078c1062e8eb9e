"""Markdown memo: a summary table, then each subject's findings with their evidence."""

from __future__ import annotations

from typing import ClassVar

from safeguards.engine.models import NEEDS_ACTION, Finding, Report, SafeguardInfo, Status
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    Renderer,
    by_subject,
    checked_before,
    code_span,
    counts,
    esc,
    md_citation,
    provisional_count,
    reveal_controls,
    safeguard_index,
    show_value,
    status_label,
    worst_first,
)
from safeguards.reports.rollup import requested, rollup, rollup_markdown
from safeguards.reports.waivers import waiver_table


class MarkdownReport(Renderer):
    """A memo a lawyer can paste into a document or read on a code forge."""

    name: ClassVar[str] = "markdown"
    suffix: ClassVar[str] = ".md"
    description: ClassVar[str] = (
        "memo with every finding, its evidence (web addresses as links) and open questions"
    )

    def render(self, report: Report) -> str:
        """Return the report as Markdown."""
        out = ["# Safeguards gap report", ""]
        out.append(
            f"As of {report.as_of} · catalog {report.catalog.version} "
            f"(sha256 `{report.catalog.sha256[:12]}`) · {report.tool.name} {report.tool.version}"
        )
        out += ["", "## Summary", "", _summary_table(report), ""]
        if provisional := provisional_count(list(report.findings)):
            out += [f"Verdicts marked {esc(PROVISIONAL_NOTE)} ({provisional}).", ""]
        index = safeguard_index(report)
        grouped = by_subject(report)
        for subject in report.subjects:
            title = f"{esc(subject.name)} ({esc(subject.id)})" if subject.name else esc(subject.id)
            out += [f"## {title}", ""]
            meta = f"Profile {code_span(subject.path)} (sha256 `{subject.sha256[:12]}`)"
            if subject.as_of:
                meta += f", describing the law as of {subject.as_of}"
            out += [meta + ".", ""]
            if before := checked_before(report, subject):
                out += [esc(before), ""]
            if subject.note:
                out += [f"> {esc(subject.note)}", ""]
            for f in worst_first(grouped.get(subject.id, [])):
                out += _finding(f, index.get(f.safeguard), subject.path)
        if report.waivers:
            out += waiver_table(report.waivers)
            files = {w.path: w.sha256 for w in report.waivers if w.sha256}
            out += [""]
            out += [f"Waiver file {code_span(p)} (sha256 `{d[:12]}`)" for p, d in files.items()]
            out.append("")
        text = "\n".join(out).rstrip() + "\n"
        by = requested(report)
        if by is not None:
            text += "\n" + rollup_markdown(report, rollup(report, by)).rstrip() + "\n"
        return reveal_controls(text, lines=True)


def _summary_table(report: Report) -> str:
    statuses = list(counts([]).keys())
    head = "| Subject | " + " | ".join(s.label for s in statuses) + " |"
    rule = "|---|" + "---:|" * len(statuses)
    rows = [head, rule]
    grouped = by_subject(report)
    for subject in report.subjects:
        tally = counts(grouped.get(subject.id, []))
        rows.append(
            f"| {esc(subject.name or subject.id)} | "
            + " | ".join(str(tally[s]) for s in statuses)
            + " |"
        )
    return "\n".join(rows)


def _finding(f: Finding, info: SafeguardInfo | None, path: str) -> list[str]:
    title = esc(info.title) if info else esc(f.safeguard)
    req = f" · request {esc(f.request)}" if f.request else ""
    out = [f"### {status_label(f).capitalize()} · {f.safeguard} — {title}{req}", ""]
    out.append(f"Severity: {f.severity.value}. {esc(f.message)}")
    out.append("")
    if f.provisional:
        out += [f"*{esc(PROVISIONAL_NOTE.capitalize())}.*", ""]
    if info and f.status is not Status.NOT_APPLICABLE:
        quotes = " … ".join(f"“{esc(q)}”" for q in info.seed_quotes)
        out += [
            f"The submission ({', '.join(info.seed_refs)}, {esc(info.seed_section)}): {quotes}",
            "",
        ]
    if f.decisive_facts:
        out.append("Answers that decided it:")
        out.append("")
        for fact in f.decisive_facts:
            where = f" ({esc(path)}:{fact.line})" if fact.line else ""
            out.append(
                f"- `{fact.fact}` = {esc(show_value(fact.value))} — {md_citation(fact)}{where}"
            )
        out.append("")
    if f.missing_facts:
        out.append("Open questions:")
        out.append("")
        out += [f"- `{q.fact}` — {esc(q.text)}" for q in f.missing_facts]
        out.append("")
    if f.status in NEEDS_ACTION:
        out += [f"Remediation: {esc(f.remediation)}", ""]
    return out
