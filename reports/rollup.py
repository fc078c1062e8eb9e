"""Roll-up: a report's findings grouped under one framework's headings, one status per heading."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from safeguards.engine.models import STATUS_ORDER, Finding, Report, SafeguardInfo, Status
from safeguards.reports.base import esc, natural_key, one_line, safeguard_index, subject_title

FRAMEWORKS: dict[str, str] = {
    "seed": "proposal of the submission (S1–S20)",
    "un": "article of the UN convention",
    "budapest": "article of the Budapest Convention",
    "np": "Necessary & Proportionate principle",
    "rdr": "Ranking Digital Rights indicator",
}
"""The frameworks a report can be rolled up by, with the name of one heading."""

UNMAPPED = "(no reference)"
"""The heading of safeguards that the framework does not cover."""


@dataclass(frozen=True)
class RollupGroup:
    """One heading of one subject: the findings under it and their combined status."""

    subject: str
    heading: str
    title: str | None
    status: Status
    findings: tuple[Finding, ...]

    @property
    def safeguards(self) -> tuple[str, ...]:
        """Return the ids of the safeguards under this heading, without repeats."""
        return tuple(dict.fromkeys(f.safeguard for f in self.findings))


@dataclass(frozen=True)
class Rollup:
    """A report rolled up by one framework."""

    by: str
    groups: tuple[RollupGroup, ...]


def aggregate(statuses: Iterable[Status]) -> Status:
    """Combine statuses: the worst one, in the order gap, partial, undetermined, waived, met.

    A heading is not applicable only when every finding under it is.
    """
    present = set(statuses)
    return next((s for s in STATUS_ORDER if s in present), Status.NOT_APPLICABLE)


def headings(info: SafeguardInfo, by: str) -> list[tuple[str, str | None]]:
    """Return the headings (and their titles) a safeguard falls under in a framework."""
    if by == "seed":
        return [(ref, None) for ref in info.seed_refs] or [(UNMAPPED, None)]
    found = [(r.ref, r.title) for r in info.refs if r.framework == by]
    return found or [(UNMAPPED, None)]


def rollup(report: Report, by: str) -> Rollup:
    """Group the report's findings under the headings of a framework, per subject.

    Args:
        report: the report to roll up.
        by: ``seed`` (proposals S1–S20) or a reference framework (``un``, ``budapest``,
            ``np``, ``rdr``).

    Raises:
        ValueError: an unknown framework.

    """
    if by not in FRAMEWORKS:
        raise ValueError(f"unknown framework '{by}' (one of: {', '.join(FRAMEWORKS)})")
    index = safeguard_index(report)
    groups: list[RollupGroup] = []
    for subject in report.subjects:
        buckets: dict[str, list[Finding]] = {}
        titles: dict[str, str | None] = {}
        for f in report.findings:
            info = index.get(f.safeguard)
            if f.subject != subject.id or info is None:
                continue
            for heading, title in headings(info, by):
                buckets.setdefault(heading, []).append(f)
                titles[heading] = titles.get(heading) or title
        order = sorted(buckets, key=lambda h: (h == UNMAPPED, natural_key(h)))
        groups.extend(
            RollupGroup(
                subject=subject.id,
                heading=h,
                title=titles[h],
                status=aggregate(f.status for f in buckets[h]),
                findings=tuple(buckets[h]),
            )
            for h in order
        )
    return Rollup(by=by, groups=tuple(groups))


def rollup_data(result: Rollup) -> dict[str, Any]:
    """Return a roll-up as plain JSON data."""
    return {
        "by": result.by,
        "groups": [
            {
                "subject": g.subject,
                "heading": g.heading,
                "title": g.title,
                "status": g.status.value,
                "findings": [
                    {"safeguard": f.safeguard, "request": f.request, "status": f.status.value}
                    for f in g.findings
                ],
            }
            for g in result.groups
        ],
    }


def rollup_text(report: Report, result: Rollup) -> str:
    """Return a roll-up as terminal lines."""
    lines = [f"Roll-up by {FRAMEWORKS[result.by]}:"]
    current = None
    for g in result.groups:
        if g.subject != current:
            current = g.subject
            lines.append(f"  {one_line(subject_title(report, g.subject))}")
        title = f" {g.title}" if g.title else ""
        ids = ", ".join(f"{f.safeguard} {f.status.label}" for f in g.findings)
        lines.append(f"    {g.status.label.upper():<13} {g.heading}{title}  ({ids})")
    return "\n".join(lines) + "\n"


def rollup_markdown(report: Report, result: Rollup) -> str:
    """Return a roll-up as a Markdown section with one table per subject."""
    out = [f"## Roll-up by {FRAMEWORKS[result.by]}", ""]
    for subject in report.subjects:
        rows = [g for g in result.groups if g.subject == subject.id]
        out += [f"### {esc(subject_title(report, subject.id))}", ""]
        out += ["| Heading | Status | Safeguards |", "|---|---|---|"]
        for g in rows:
            title = f" {esc(g.title)}" if g.title else ""
            ids = ", ".join(f"{f.safeguard} ({f.status.label})" for f in g.findings)
            out.append(f"| {esc(g.heading)}{title} | {g.status.label} | {ids} |")
        out.append("")
    return "\n".join(out)


def requested(report: Report) -> str | None:
    """Return the framework a report asks to be rolled up by (``options['by']``), if any."""
    by = report.options.get("by")
    return by if isinstance(by, str) and by in FRAMEWORKS else None
