"""Where a forge shows a finding: the helpers GitHub's and GitLab's formats share.

A finding is placed where SARIF places it (the line of its deciding answer, or of the
profile's ``facts:`` key), at a path written as forges match it, and its evidence is worded
as in every other format.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import PurePosixPath

from safeguards.engine.models import DecisiveFact, Finding, Report, SafeguardInfo, Status
from safeguards.reports.base import citation, safeguard_index, show_value, worst_first
from safeguards.reports.sarif import result_line


@lru_cache(maxsize=256)  # an audit's thousands of findings name the same few logs
def annotation_path(path: str) -> str:
    """Return a subject's path as GitHub matches it to a file: forward slashes, no ``./``."""
    posix = path.replace("\\", "/")
    return PurePosixPath(posix).as_posix() if posix else posix


def evidence(d: DecisiveFact) -> str:
    """Return an answer that decided a finding, with its citation and line."""
    where = f" (line {d.line})" if d.line else ""
    return f"{d.fact} = {show_value(d.value)} — {citation(d)}{where}"


def placed(
    report: Report, statuses: tuple[Status, ...]
) -> Iterator[tuple[Finding, str, int, SafeguardInfo | None]]:
    """Yield each finding with one of ``statuses``, its file, line and safeguard, worst first.

    The line is the one SARIF points at (:func:`~safeguards.reports.sarif.result_line`).
    Worst first (gaps, then partials; the most severe first): a forge shows only so many
    annotations of each kind on a page, and these should be the ones shown.
    """
    subjects = {s.id: s for s in report.subjects}
    index = safeguard_index(report)
    for f in worst_first([f for f in report.findings if f.status in statuses]):
        subject = subjects.get(f.subject)
        path = subject.path if subject else ""
        yield f, path, result_line(f, subject), index.get(f.safeguard)
