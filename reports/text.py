"""Plain-text report for the terminal."""

from __future__ import annotations

from typing import ClassVar

from engine.models import Report, Status
from reports.base import (
    Renderer,
    by_subject,
    citation,
    counts,
    provisional_count,
    reveal_controls,
    safeguard_index,
    show_value,
    worst_first,
)
from reports.rollup import requested, rollup, rollup_text


class TextReport(Renderer):
    """A terse terminal summary: counts per subject, then every finding that needs action."""

    name: ClassVar[str] = "text"
    suffix: ClassVar[str] = ".txt"
    description: ClassVar[str] = "terminal summary with the findings that need action"

    def render(self, report: Report) -> str:
        """Return the report as plain text lines."""
        index = safeguard_index(report)
        lines: list[str] = []
        for subject in report.subjects:
            findings = by_subject(report).get(subject.id, [])
            tally = counts(findings)
            title = f"{subject.name} ({subject.id})" if subject.name else subject.id
            summary = ", ".join(f"{n} {s.label}" for s, n in tally.items() if n)
            if provisional := provisional_count(findings):
                summary += f" ({provisional} provisional)"
            lines.append(f"{title}: {summary or 'no findings'}")
            for f in worst_first(findings):
                if f.status in (Status.MET, Status.NOT_APPLICABLE):
                    continue
                info = index.get(f.safeguard)
                name = info.title if info else f.safeguard
                req = f" [{f.request}]" if f.request else ""
                lines.append(
                    f"  {f.status.label.upper():<13} {f.severity.value:<8} "
                    f"{f.safeguard}{req}  {name}" + ("  [provisional]" if f.provisional else "")
                )
                lines.append(f"      {f.message}")
                for fact in f.decisive_facts:
                    where = f"{subject.path}:{fact.line}" if fact.line else "derived"
                    lines.append(
                        f"      - {fact.fact} = {show_value(fact.value)} "
                        f"({citation(fact)}; {where})"
                    )
                lines.extend(f"      ? {q.fact}: {q.question}" for q in f.missing_facts)
            lines.append("")
        total = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.summary.items() if n)
        lines.append(f"Total: {total or 'no findings'} (as of {report.as_of})")
        for w in report.waivers:
            if w.state.value != "applied" or w.expiring_soon:
                soon = " (expires within 30 days)" if w.expiring_soon else ""
                lines.append(
                    f"Waiver {w.safeguard} for {w.subject}: "
                    f"{w.state.value.replace('_', ' ')}, expires {w.expires}{soon}"
                )
        text = "\n".join(lines) + "\n"
        by = requested(report)
        if by is not None:
            text += "\n" + rollup_text(report, rollup(report, by))
        return reveal_controls(text, lines=True)
