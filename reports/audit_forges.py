"""Forge formats of a request-log audit: GitHub annotations and GitLab Code Quality.

One annotation or issue per request × check that needs action, at the request's line in its
log, where the audit's SARIF places it (:mod:`safeguards.reports.audit_ci`); the records that
could not be read are errors (GitHub) or major issues (GitLab) at their place. Both are
written as the findings are read back, one at a time: a log of any length is reported in the
memory of the audit itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections import Counter
from typing import IO, Any, ClassVar

from safeguards.engine.models import NOT_MET, Status
from safeguards.engine.models.audit import AuditSummary, Unreadable
from safeguards.reports.audit_ci import (
    AuditCi,
    AuditJunit,
    AuditSarif,
    Write,
    audit_message,
    copy_out,
)
from safeguards.reports.base import badness, fingerprint, indented_json
from safeguards.reports.github import (
    annotations_note,
    command,
    not_annotated,
    waiver_commands,
    workflow_command,
)
from safeguards.reports.gitlab import issue, severity, waiver_issues
from safeguards.reports.transparency_audit import SUMMARY_FORMATS, AuditRenderer
from safeguards.reports.waivers import one_by_one


def unreadable_place(u: Unreadable) -> tuple[str, int | None]:
    """Return the log and line of an unreadable record.

    A summary read back from its JSON keeps only the location's text: then that, and no line.
    """
    return (u.path, u.line) if u.path else (u.location, None)


def totals(s: AuditSummary) -> str:
    """Return the audit in one sentence: requests, findings by status, unreadable records."""
    counted = ", ".join(f"{n} {Status(st).label}" for st, n in s.totals.items() if n)
    unread = f"; {s.unreadable} unreadable record(s)" if s.unreadable else ""
    counted = counted or "no findings"
    return f"{s.requests} request(s) audited as of {s.as_of.isoformat()}: {counted}{unread}."


class AuditGithub(AuditCi):
    """Workflow commands: a summary, then an annotation per request × check that needs action."""

    name: ClassVar[str] = "github"
    suffix: ClassVar[str] = ".github.txt"

    def write(self, summary: AuditSummary, out: Write) -> None:
        """Write one workflow command a line: the summary, unreadable records, findings.

        The findings come worst first (gaps before partials, the most severe first; in log
        order among equals), as ``check`` lists them: GitHub shows only so many annotations
        of each kind. Each is written as it is read back to a temporary file of its rank,
        and the files are copied out worst first, so that memory stays flat. The summary
        comes first, so that GitHub shows it whatever the notices after it; it counts the
        annotations of each kind. The waivers worth a look follow it, at their lines in the
        waiver file (:func:`~safeguards.reports.github.waiver_commands`).
        """
        kinds = Counter({"error": len(summary.unreadable_shown)})
        shown, elsewhere = one_by_one(summary.waivers, {summary.subject: None})
        waivers = waiver_commands(shown, kinds)
        with contextlib.ExitStack() as stack:
            spools: dict[tuple[int, int], IO[bytes]] = {}
            for f, (path, line) in self.all_findings(summary):
                rank = badness(f)
                spool = spools.get(rank)
                if spool is None:
                    spool = spools[rank] = stack.enter_context(tempfile.TemporaryFile())
                title = f"{f.safeguard} {f.status.label}"
                kinds[kind := command(f)] += 1
                spool.write(workflow_command(kind, path, line, title, audit_message(f)).encode())
            text = totals(summary) + annotations_note(kinds) + not_annotated(elsewhere)
            out(workflow_command("notice", "", None, "safeguards", text).encode())
            for command_line in waivers:
                out(command_line.encode())
            for u in summary.unreadable_shown:
                path, line = unreadable_place(u)
                title = "unreadable record"
                out(workflow_command("error", path, line, title, u.message).encode())
            for rank in sorted(spools):
                copy_out(spools[rank], out)


class AuditGitlab(AuditCi):
    """A Code Quality report: an issue per request × check not met (waived ones left out).

    The unreadable records come first, the waivers worth a look last
    (:func:`~safeguards.reports.gitlab.waiver_issues`).
    """

    name: ClassVar[str] = "gitlab"
    suffix: ClassVar[str] = ".gitlab.json"

    def write(self, summary: AuditSummary, out: Write) -> None:
        """Write the JSON array an issue at a time."""
        first = True

        def put(found: Any) -> None:
            nonlocal first
            out((b"[\n  " if first else b",\n  ") + indented_json(found).replace(b"\n", b"\n  "))
            first = False

        for u in summary.unreadable_shown:
            path, line = unreadable_place(u)
            identity = hashlib.sha256(f"{u.location}\0{u.message}".encode()).hexdigest()
            text = f"Unreadable record: {u.message}"
            put(issue("unreadable-record", text, identity, "major", path, line))
        for f, (path, line) in self.all_findings(summary):
            if f.status in NOT_MET:
                put(issue(f.safeguard, audit_message(f), fingerprint(f), severity(f), path, line))
        for waiver in waiver_issues(summary.waivers):
            put(waiver)
        out(b"[]\n" if first else b"\n]\n")


AUDIT_FORMATS: dict[str, type[AuditRenderer]] = {
    **SUMMARY_FORMATS,
    **{cls.name: cls for cls in (AuditSarif, AuditJunit, AuditGithub, AuditGitlab)},
}
"""Every audit format by name; `safeguards audit --format` reads it."""
