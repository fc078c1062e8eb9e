"""GitLab Code Quality report: the findings a merge request's widget lists as new or resolved.

GitLab reads the JSON array a job keeps as ``artifacts: reports: codequality:`` and compares it
with the target branch's by fingerprint, so a merge request shows the gaps it opens and those
it closes. Each issue carries the fields GitLab requires (description, check_name,
fingerprint, severity, location.path, location.lines.begin). Waived findings are left out:
a waiver accepts the gap, which GitLab would otherwise list as a new issue. Each waiver
worth a look (refused, expired, expiring within 30 days, unused, not yet granted) is an issue
at its line in the waiver file (:func:`waiver_issues`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, ClassVar

from safeguards.engine.models import NOT_MET, Finding, Report, Severity, WaiverNote
from safeguards.reports.base import JsonRenderer, fingerprint, status_label
from safeguards.reports.forge import annotation_path, evidence, placed
from safeguards.reports.sarif import result_kind
from safeguards.reports.waivers import waiver_level, waiver_line, waiver_state, worth_a_look

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
        "GitLab Code Quality for merge requests (gap, partial; undetermined as info; waivers"
        " worth a look at their line)"
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
        return issues + waiver_issues(report.waivers)


WAIVER_SEVERITIES = {"warning": "minor", "note": "info"}
"""The GitLab severity of a waiver worth a look, by its level (:func:`waiver_level`)."""


def waiver_issues(waivers: Sequence[WaiverNote]) -> list[dict[str, Any]]:
    """Return an issue at each waiver worth a look, in the waiver file, at the waiver's line.

    ``minor`` when it is refused, expired or expiring within 30 days, ``info`` when unused
    or not yet granted. Its fingerprint is the waiver's identity and state, so that a merge
    request lists a waiver as new when it comes to need a look (it starts to expire, say)
    and as resolved when it is renewed or removed.
    """
    out = []
    for w in filter(worth_a_look, waivers):
        identity = "\0".join(
            (w.path, w.safeguard, w.subject, str(w.granted), str(w.expires), waiver_state(w))
        )
        key = hashlib.sha256(identity.encode()).hexdigest()
        level = WAIVER_SEVERITIES[waiver_level(w)]
        out.append(issue("waiver", waiver_line(w), key, level, w.path, w.line))
    return out


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
