"""Builds a report from findings: subjects, safeguards, summary and provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.models import (
    STATUS_ORDER,
    CatalogInfo,
    Finding,
    Report,
    SafeguardInfo,
    Status,
    Subject,
    SubjectInfo,
    ToolInfo,
    WaiverNote,
    by_value,
    tally,
)
from safeguards.engine.version import __version__


def sort_key(f: Finding) -> tuple[Any, ...]:
    """Order findings by subject, then safeguard id, then kind and request."""
    return (f.subject, f.safeguard, f.kind, f.request or "")


def summarize(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings by status; every status appears, zero or not."""
    return by_value(tally(f.status for f in findings))


def build_report(
    catalog: Catalog,
    subjects: Iterable[Subject],
    findings: Iterable[Finding],
    *,
    as_of: dt.date | None,
    waivers: Iterable[WaiverNote] = (),
    options: dict[str, Any] | None = None,
) -> Report:
    """Assemble a deterministic report (findings sorted, safeguards limited to those used)."""
    ordered = sorted(findings, key=sort_key)
    used = {f.safeguard for f in ordered}
    infos = [
        SafeguardInfo(
            id=s.id,
            title=s.title,
            family=s.family,
            severity=s.severity,
            seed_refs=s.seed.ref,
            seed_section=s.seed.section,
            seed_quotes=s.seed.quotes,
            refs=s.refs,
            rationale=s.rationale,
            remediation=s.remediation,
        )
        for s in catalog.safeguards.values()
        if s.id in used
    ]
    return Report(
        tool=ToolInfo(version=__version__),
        catalog=CatalogInfo(version=catalog.version, sha256=catalog.sha256),
        as_of=as_of,
        options=options or {},
        subjects=tuple(
            SubjectInfo(**s.model_dump(include=set(SubjectInfo.model_fields))) for s in subjects
        ),
        safeguards=tuple(infos),
        findings=tuple(ordered),
        waivers=tuple(sorted(waivers, key=lambda w: (w.subject, w.safeguard, w.expires))),
        summary=summarize(ordered),
    )


def worst(findings: Iterable[Finding]) -> Status | None:
    """Return the worst status among findings (gap first), or None when there are none."""
    present = {f.status for f in findings}
    return next((s for s in STATUS_ORDER if s in present), None)
