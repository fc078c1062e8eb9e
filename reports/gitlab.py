"""GitLab Code Quality report: the findings a merge request's widget lists as new or resolved.

GitLab reads the JSON array a job keeps as ``artifacts: reports: codequality:`` and compares it
with the target branch's by fingerprint, so a merge request shows the gaps it opens and those
it closes. Each issue carries the fields GitLab requires (description, check_name,
fingerprint, severity, location.path, location.lines.begin). Waived findings are left out:
a waiver accepts the gap, which GitLab would otherwise list as a new issue.
"""

from __future__ import annotations

from typing import Any, ClassVar

from safeguards.engine.models import NOT_MET, Finding, Report, Severity
from safeguards.reports.base import JsonRenderer, fingerprint, status_label
from safeguards.reports.forge import annotation_path, evidence, placed
from safeguards.reports.sarif import result_kind

SEVERITIES: dict[Severity, str] = {
    Severity.CRITICAL: "critical",
    Severity.HIGH: "major",
    Severity.MEDIUM: "minor",
    Severity.LOW: "info",
}
"""GitLab's severity (info, minor, major, critical, blocker) by the safeguard's severity.

``blocker`` is left unused: nothing in a profile stops a pipeline the way a build error does.
An open question is ``info``, whatever its safeguard's severity.
"""


def severity(f: Finding) -> str:
    """Return the GitLab severity of a finding."""
    kind, _ = result_kind(f)
    return "info" if kind == "open" else SEVERITIES[f.severity]


class GitlabReport(JsonRenderer):
    """A Code Quality report (a subset of the Code Climate issue format GitLab reads)."""

    name: ClassVar[str] = "gitlab"
    suffix: ClassVar[str] = ".gitlab.json"
    description: ClassVar[str] = (
        "GitLab Code Quality for merge requests (gap, partial; undetermined as info)"
    )

    def document(self, report: Report) -> list[dict[str, Any]]:
        """Return the findings that need action, waived ones aside, as Code Quality issues."""
        issues = []
        for f, path, line, info in placed(report, NOT_MET):
            title = f": {info.title}" if info else ""
            text = f"{f.safeguard}{title} — {status_label(f)}: {f.message}"
            if f.request:
                text += f" (request {f.request})"
            if f.decisive_facts:
                text += " Answers: " + "; ".join(evidence(d) for d in f.decisive_facts)
            if f.missing_facts:
                asked = (f"{q.fact}: {q.text}" for q in f.missing_facts)
                text += " Open questions: " + "; ".join(asked)
            issues.append(issue(f.safeguard, text, fingerprint(f), severity(f), path, line))
        return issues


def issue(check: str, text: str, key: str, level: str, path: str, line: int | None) -> Any:
    """Return one Code Quality issue: what GitLab requires, and its ``type``.

    ``key`` is its fingerprint, ``level`` its GitLab severity; a line of None is line 1.
    """
    return {
        "type": "issue",
        "description": text,
        "check_name": check,
        "fingerprint": key,
        "severity": level,
        "location": {"path": annotation_path(path), "lines": {"begin": line or 1}},
    }
