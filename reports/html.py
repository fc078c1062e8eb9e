"""Self-contained HTML report: summary chart, findings by family and proposal, offline filters."""

from __future__ import annotations

from typing import Any, ClassVar

from safeguards.engine.models import NEEDS_ACTION, STATUS_ORDER, Finding, Report, Severity, Status
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    Renderer,
    by_subject,
    checked_before,
    counts,
    families,
    finding_key,
    safeguard_index,
    worst_first,
)
from safeguards.reports.htmlkit import asset, bar_chart, csp, environment
from safeguards.reports.rollup import FRAMEWORKS, Rollup, requested, rollup


class HtmlReport(Renderer):
    """One HTML file a person opens offline, filters, and prints as a memo."""

    name: ClassVar[str] = "html"
    suffix: ClassVar[str] = ".html"
    description: ClassVar[str] = (
        "self-contained page: chart, filters, findings by family and proposal"
    )

    def render(self, report: Report) -> str:
        """Return the report as one HTML document (no external requests)."""
        style = asset("report.css")
        script = asset("report.js")
        return (
            environment()
            .get_template("report.html.j2")
            .render(
                report=report,
                style=style,
                script=script,
                csp=csp(style, script),
                summary=_summary(report),
                subjects=_subjects(report),
                severities=[s.value for s in Severity],
                frameworks=FRAMEWORKS,
                provisional_note=PROVISIONAL_NOTE,
                family_anchor=family_anchor,
            )
        )


def _summary(report: Report) -> dict[str, Any]:
    tally = counts(list(report.findings))
    return {
        "tally": {s.value: n for s, n in tally.items()},
        "chart": bar_chart(tally),
        "total": len(report.findings),
    }


def _subjects(report: Report) -> list[dict[str, Any]]:
    index = safeguard_index(report)
    grouped = by_subject(report)
    fam_of = {s.id: fam for fam, infos in families(report).items() for s in infos}
    out = []
    anchors = {finding_key(f): f"f{i + 1}" for i, f in enumerate(report.findings)}
    wanted = requested(report)
    for n, subject in enumerate(report.subjects, start=1):
        findings = grouped.get(subject.id, [])
        by_family: dict[str, list[dict[str, Any]]] = {}
        for f in worst_first(findings):
            fam = fam_of.get(f.safeguard, "other")
            by_family.setdefault(fam, []).append(
                _finding(f, index, anchors[finding_key(f)], subject.path)
            )
        single = report.model_copy(update={"subjects": (subject,), "findings": tuple(findings)})
        rollups = [_rollup_rows(rollup(single, "seed"), anchors)]
        if wanted is not None and wanted != "seed":
            rollups.append(_rollup_rows(rollup(single, wanted), anchors))
        out.append(
            {
                "anchor": f"s{n}",
                "info": subject,
                "before": checked_before(report, subject),
                "tally": {s.value: c for s, c in counts(findings).items()},
                "families": sorted(by_family.items()),
                "toc": _toc_families(f"s{n}", by_family),
                "rollups": rollups,
            }
        )
    return out


def _toc_families(anchor: str, by_family: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Return the table-of-contents entries of one subject: each family and what needs action."""
    out = []
    for family, items in sorted(by_family.items()):
        tally = counts([item["f"] for item in items])
        out.append(
            {
                "family": family,
                "anchor": family_anchor(anchor, family),
                "title": family.replace("-", " ").capitalize(),
                "needs": [(s, tally[s]) for s in NEEDS_ACTION if tally[s]],
                "total": len(items),
            }
        )
    return out


def family_anchor(subject_anchor: str, family: str) -> str:
    """Return the id of one subject's family section (``s1-biometric-data``)."""
    return f"{subject_anchor}-{family}"


def _finding(f: Finding, index: dict[str, Any], anchor: str, path: str) -> dict[str, Any]:
    info = index.get(f.safeguard)
    return {
        "anchor": anchor,
        "f": f,
        "info": info,
        "title": info.title if info else f.safeguard,
        "show_seed": info is not None and f.status is not Status.NOT_APPLICABLE,
        "show_remediation": f.status in NEEDS_ACTION,
        "path": path,
    }


def _rollup_rows(result: Rollup, anchors: dict[tuple[str, str, str, str], str]) -> dict[str, Any]:
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return {
        "by": result.by,
        "name": FRAMEWORKS[result.by],
        "rows": [
            {
                "heading": g.heading,
                "title": g.title,
                "status": g.status,
                "links": [
                    (anchors[finding_key(f)], f.safeguard, f.status)
                    for f in sorted(g.findings, key=lambda f: (rank[f.status], f.safeguard))
                ],
            }
            for g in result.groups
        ],
    }
