"""GitHub Actions annotations: one workflow command per finding that needs action.

Printed by a step (``safeguards check profiles/ --format github``), each line becomes an
annotation on the profile line that decides the finding: in the run's summary and in a pull
request's changed files, with no code-scanning upload (which a private repository may not
have). Gaps and partials are errors, warnings or notices by severity, as in SARIF; open
questions and waived findings are notices, never errors. A first notice sums up the run and
counts the annotations after it, worst first, since GitHub makes only so many of each kind.
A waiver worth a look (refused, expired or expiring within 30 days: warnings; unused or not
yet granted: notices) is annotated at its line in the waiver file, right after the summary;
those unused only because their subject was not checked are named in the summary instead
(:func:`~safeguards.reports.waivers.one_by_one`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from safeguards.engine.models import (
    NEEDS_ACTION,
    Finding,
    Report,
    Status,
    WaiverNote,
)
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    Renderer,
    reveal_controls,
    status_label,
    summary_text,
)
from safeguards.reports.forge import annotation_path, evidence, placed
from safeguards.reports.sarif import result_kind
from safeguards.reports.waivers import (
    checked_names,
    one_by_one,
    waiver_level,
    waiver_state,
)

COMMANDS: dict[str, str] = {"error": "error", "warning": "warning", "note": "notice"}
"""The workflow command of a failed check by its SARIF level (SARIF's ``note`` is a notice)."""
SHOWN_PER_KIND = 10
"""The annotations of each kind (error, warning, notice) GitHub shows for a step.

Read in actions/toolkit, ``docs/problem-matchers.md`` ("Limitations"); a job shows at most 50.
The step's log keeps every line: only the annotations beyond these are not made.
"""


def escape_data(text: str) -> str:
    """Escape a command's message as GitHub's toolkit does (``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property as GitHub's toolkit does (``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding) -> str:
    """Return the workflow command of a finding: ``error``, ``warning`` or ``notice``."""
    kind, level = result_kind(f)
    if f.status is Status.WAIVED or kind == "open":
        return "notice"
    return COMMANDS[level]


def message(f: Finding) -> str:
    """Return an annotation's text: the verdict, then one line each for what a reader needs."""
    lines = [f"{status_label(f).capitalize()}: {f.message}"]
    lines += [f"Answer: {evidence(d)}" for d in f.decisive_facts]
    lines += [f"Open question ({q.fact}): {q.text}" for q in f.missing_facts]
    if f.provisional:
        lines.append(f"{PROVISIONAL_NOTE.capitalize()}.")
    if f.remediation and f.status is not Status.UNDETERMINED:
        lines.append(f"Remediation: {f.remediation}")
    return "\n".join(lines)


def workflow_command(name: str, path: str, line: int | None, title: str, text: str) -> str:
    """Return one workflow command line, its properties and message escaped as GitHub's are.

    ``path`` "" or "-" (standard input) names no file, and then no line either: a line is
    only ever a file's.
    """
    file = annotation_path(path) if path not in ("", "-") else ""
    properties = {"file": file, "line": str(line or "") if file else "", "title": title}
    shown = ",".join(
        f"{key}={escape_property(reveal_controls(value))}"
        for key, value in properties.items()
        if value
    )
    return f"::{name} {shown}::{escape_data(reveal_controls(text, lines=True))}\n"


class GithubReport(Renderer):
    """Workflow commands (``::error file=…,line=…,title=…::…``), one line per finding."""

    name: ClassVar[str] = "github"
    suffix: ClassVar[str] = ".github.txt"
    description: ClassVar[str] = (
        "GitHub Actions annotations at the deciding line (open questions and waived findings"
        " as notices), and at each waiver worth a look"
    )

    def render(self, report: Report) -> str:
        """Return a notice that sums up the run, then one command for each finding.

        The summary comes first, so that it is always among the notices GitHub shows.
        """
        kinds: Counter[str] = Counter()
        shown, elsewhere = one_by_one(report.waivers, checked_names(report))
        out = waiver_commands(shown, kinds)
        for f, path, line, info in placed(report, NEEDS_ACTION):
            title = f"{f.safeguard} {status_label(f)}" + (f": {info.title}" if info else "")
            if f.request:
                title += f" (request {f.request})"
            kinds[kind := command(f)] += 1
            out.append(workflow_command(kind, path, line, title, message(f)))
        text = summary(report) + annotations_note(kinds) + not_annotated(elsewhere)
        return workflow_command("notice", "", None, "safeguards", text) + "".join(out)


def waiver_commands(waivers: Sequence[WaiverNote], kinds: Counter[str]) -> list[str]:
    """Return an annotation at each of ``waivers``, counting it in ``kinds``.

    The waivers are those worth a look that are named one by one
    (:func:`~safeguards.reports.waivers.one_by_one`). A waiver refused, expired or expiring
    within 30 days is a warning (a finding it waived fails, or soon will); one unused or not
    yet granted is a notice.
    """
    out = []
    for w in waivers:
        kinds[kind := COMMANDS[waiver_level(w)]] += 1
        title = f"waiver {w.safeguard} for {w.subject}"
        text = waiver_state(w)
        out.append(workflow_command(kind, w.path, w.line, title, text[0].upper() + text[1:]))
    return out


def not_annotated(elsewhere: str) -> str:
    """Return the summary's sentence on the waivers of subjects not checked (not annotated)."""
    return f" {elsewhere} (not annotated)." if elsewhere else ""


def summary(report: Report) -> str:
    """Return what the run checked, as of when, with what result."""
    counted = summary_text(list(report.findings)) or "no findings"
    day = f" as of {report.as_of.isoformat()}" if report.as_of else ""
    return f"{len(report.subjects)} subject(s) checked{day}: {counted}."


def annotations_note(kinds: Counter[str]) -> str:
    """Return how many annotations of each kind follow, and what GitHub leaves out of them.

    Empty when none follow. Where a kind runs past :data:`SHOWN_PER_KIND` (the notices with the
    summary's own), the note says that the step's log holds the rest, since GitHub shows no
    sign of them itself.
    """
    parts = [f"{n} {kind}{'' if n == 1 else 's'}" for kind in KINDS if (n := kinds[kind])]
    if not parts:
        return ""
    text = f" Annotations, worst first: {', '.join(parts)}"
    if max(kinds["error"], kinds["warning"], kinds["notice"] + 1) > SHOWN_PER_KIND:
        text += (
            f"; GitHub shows the first {SHOWN_PER_KIND} of each kind in a step (this summary"
            " among the notices), and the step's log holds every one"
        )
    return text + "."


KINDS = ("error", "warning", "notice")
"""The workflow commands of annotations, most severe first."""
