"""Plain-text report for the terminal."""

from __future__ import annotations

from typing import ClassVar

from safeguards.engine.models import Report, Status
from safeguards.reports.base import (
    Renderer,
    by_subject,
    checked_before,
    citation,
    one_line,
    reveal_controls,
    safeguard_index,
    show_value,
    summary_text,
    worst_first,
    wrap,
)
from safeguards.reports.rollup import requested, rollup, rollup_text
from safeguards.reports.waivers import checked_names, waiver_lines


class TextReport(Renderer):
    """A terse terminal summary: counts per subject, then every finding that needs action."""

    name: ClassVar[str] = "text"
    suffix: ClassVar[str] = ".txt"
    description: ClassVar[str] = "terminal summary with the findings that need action"

    def __init__(self, width: int | None = None, colour: bool = False) -> None:
        """``width``: wrap long lines to it (a terminal's width); None keeps one line each.

        ``colour``: mark each status word with ANSI colour (for a terminal).
        """
        self.width = width
        self.colour = colour

    def _lines(self, text: str, indent: str, hang: int = 0) -> list[str]:
        """Return one logical line, wrapped to the width; a line break from the input is shown.

        A name, a citation or a justification with a line feed in it would otherwise start a
        line of its own, which a reader (or a CI runner reading workflow commands) takes for
        the report's: :func:`~safeguards.reports.base.one_line` shows it as ``<U+000A>``.
        """
        text = one_line(text)
        if self.width is None:
            return [indent + text]
        return wrap(text, self.width, indent, hang, collapse=False)

    def render(self, report: Report) -> str:
        """Return the report as plain text lines."""
        index = safeguard_index(report)
        groups = by_subject(report)
        lines: list[str] = []
        for subject in report.subjects:
            findings = groups.get(subject.id, [])
            title = f"{subject.name} ({subject.id})" if subject.name else subject.id
            lines += self._lines(f"{title}: {summary_text(findings) or 'no findings'}", "", 2)
            if before := checked_before(report, subject):
                lines += self._lines(before, "  ", 2)
            for f in worst_first(findings):
                if f.status in (Status.MET, Status.NOT_APPLICABLE):
                    continue
                info = index.get(f.safeguard)
                name = info.title if info else f.safeguard
                req = f" [{f.request}]" if f.request else ""
                head = (
                    f"{f.status.label.upper():<13} {f.severity.value:<8} "
                    f"{f.safeguard}{req}  {name}" + ("  [provisional]" if f.provisional else "")
                )
                lines += self._lines(head, "  ", 23)
                lines += self._lines(f.message, "      ")
                for fact in f.decisive_facts:
                    where = f"{subject.path}:{fact.line}" if fact.line else "derived"
                    answer = f"{fact.fact} = {show_value(fact.value)} ({citation(fact)}; {where})"
                    lines += self._lines(f"- {answer}", "      ", 2)
                for q in f.missing_facts:
                    lines += self._lines(f"? {q.fact}: {q.text}", "      ", 2)
            lines.append("")
        total = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.summary.items() if n)
        lines += self._lines(f"Total: {total or 'no findings'} (as of {report.as_of})", "", 2)
        for line in waiver_lines(report.waivers, checked_names(report)):
            lines += self._lines(line, "", 2)
        text = "\n".join(lines) + "\n"
        by = requested(report)
        if by is not None:
            text += "\n" + rollup_text(report, rollup(report, by))
        text = reveal_controls(text, lines=True)
        return _coloured(text) if self.colour else text


COLOURS = {
    Status.GAP: "31",  # red
    Status.PARTIAL: "33",  # yellow
    Status.UNDETERMINED: "35",  # magenta
    Status.MET: "32",  # green
    Status.NOT_APPLICABLE: "2",  # dim
}
"""ANSI colour of each status word on a terminal."""


def _coloured(text: str) -> str:
    """Colour the status word that opens each finding's line (after controls were shown)."""
    out = []
    for line in text.split("\n"):
        for status, code in COLOURS.items():
            word = status.label.upper()
            if line.startswith(f"  {word} "):
                line = f"  \x1b[{code}m{word}\x1b[0m" + line[2 + len(word) :]
                break
        out.append(line)
    return "\n".join(out)
