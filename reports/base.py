"""The renderer interface and small helpers shared by several formats."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, ClassVar

from engine.models import STATUS_ORDER, DecisiveFact, Finding, Report, SafeguardInfo, Status


class Renderer:
    """Turns a report into the text of one format; never opens files, never reads the clock."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    description: ClassVar[str]
    binary: ClassVar[bool] = False

    def render(self, report: Report) -> str:
        """Return the report in this format."""
        raise NotImplementedError

    def render_bytes(self, report: Report) -> bytes:
        """Return the report as bytes (UTF-8 for text formats)."""
        return self.render(report).encode("utf-8")


def show_value(value: Any) -> str:
    """Render a fact's value the way the user wrote it."""
    if value is None:
        return "(not answered)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def citation(fact: DecisiveFact) -> str:
    """Render the evidence behind an answer in one line ('asserted' when there is none)."""
    if fact.derived:
        return "derived"
    if fact.source is None:
        return "asserted"
    s = fact.source
    parts = [p for p in (s.instrument, s.article and f"art. {s.article}") if p]
    text = ", ".join(parts) or "cited"
    if s.quote:
        text += f' — "{s.quote}"'
    if s.url:
        text += f" <{s.url}>"
    return text


def by_subject(report: Report) -> dict[str, list[Finding]]:
    """Group findings by subject id, keeping the report's order of subjects."""
    groups: dict[str, list[Finding]] = {s.id: [] for s in report.subjects}
    for f in report.findings:
        groups.setdefault(f.subject, []).append(f)
    return groups


def counts(findings: list[Finding]) -> dict[Status, int]:
    """Count findings by status, worst first, every status present."""
    out = dict.fromkeys(STATUS_ORDER, 0)
    for f in findings:
        out[f.status] += 1
    return out


def worst_first(findings: list[Finding]) -> list[Finding]:
    """Sort findings worst status first, then by severity, then by safeguard id."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return sorted(
        findings, key=lambda f: (rank[f.status], -f.severity.rank, f.safeguard, f.request or "")
    )


def safeguard_index(report: Report) -> dict[str, SafeguardInfo]:
    """Return the report's safeguards by id."""
    return {s.id: s for s in report.safeguards}


def families(report: Report) -> dict[str, list[SafeguardInfo]]:
    """Group the report's safeguards by family, families sorted by name."""
    out: dict[str, list[SafeguardInfo]] = defaultdict(list)
    for s in report.safeguards:
        out[s.family].append(s)
    return dict(sorted(out.items()))
