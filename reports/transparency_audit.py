"""Renderers of a request-log audit summary (text, markdown, json), with their own registry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from safeguards.engine.models import FALLS_SHORT, NEEDS_ACTION, STATUS_ORDER, Finding
from safeguards.engine.models.audit import AuditSummary
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    escape_bidi_json,
    show_value,
    status_label,
    xml_safe,
)
from safeguards.reports.sarif import LEVELS, SCHEMA_URI, artifact_uri, result_kind

_COLUMNS = [s.value for s in STATUS_ORDER]
_SHORT = {
    "gap": "gap",
    "partial": "partial",
    "undetermined": "undet.",
    "waived": "waived",
    "met": "met",
    "not_applicable": "n/a",
}


class AuditRenderer:
    """Turns an audit summary into the text of one format; never opens files."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, summary: AuditSummary) -> str:
        """Return the summary in this format."""
        raise NotImplementedError


def _log_lines(findings: tuple[Finding, ...]) -> list[str]:
    out = []
    for f in findings:
        facts = ", ".join(f"{d.fact} = {show_value(d.value)}" for d in f.decisive_facts)
        out.append(
            f"{f.safeguard} {f.status.label}: {f.message}" + (f" ({facts})" if facts else "")
        )
    return out


class AuditText(AuditRenderer):
    """Plain text for a terminal or a CI log."""

    name: ClassVar[str] = "text"
    suffix: ClassVar[str] = ".txt"

    def render(self, summary: AuditSummary) -> str:
        """Return the summary as aligned plain text."""
        s = summary
        lines = [
            f"Audit of {s.subject} as of {s.as_of.isoformat()}: {s.requests} requests read, "
            f"{s.unreadable} unreadable",
            "Findings: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in s.totals.items()),
            "",
            f"{'safeguard':<10} {'kind':<8} " + " ".join(f"{_SHORT[c]:>7}" for c in _COLUMNS),
        ]
        for t in s.safeguards:
            cells = " ".join(f"{t.counts.get(c, 0):>7}" for c in _COLUMNS)
            lines.append(f"{t.safeguard:<10} {t.kind:<8} {cells}")
        if s.log_findings:
            lines += ["", "Log as a whole:", *("  " + x for x in _log_lines(s.log_findings))]
        if s.worst:
            lines += ["", "Worst requests:"]
            for w in s.worst:
                issues = ", ".join(f"{sid} {st.label}" for sid, st in w.issues)
                lines.append(f"  {w.request} (line {w.line}): {issues}")
        if s.unreadable:
            lines += ["", f"Unreadable records ({s.unreadable}):"]
            lines += [f"  {u.location}: {u.message}" for u in s.unreadable_shown]
            if s.unreadable > len(s.unreadable_shown):
                lines.append(f"  … and {s.unreadable - len(s.unreadable_shown)} more")
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class AuditMarkdown(AuditRenderer):
    """Markdown for a pull request or a wiki page."""

    name: ClassVar[str] = "markdown"
    suffix: ClassVar[str] = ".md"

    def render(self, summary: AuditSummary) -> str:
        """Return the summary as Markdown tables."""
        s = summary
        out = [
            f"# Request-log audit: {_md(s.subject)}",
            "",
            f"As of {s.as_of.isoformat()}: **{s.requests}** requests read, "
            f"**{s.unreadable}** could not be read. Catalog sha256 `{s.catalog.sha256[:12]}`, "
            f"safeguards {s.tool.version}.",
            "",
            "## Findings by safeguard",
            "",
            "| safeguard | kind | title | "
            + " | ".join(c.replace("_", " ") for c in _COLUMNS)
            + " |",
            "|---|---|---|" + "---:|" * len(_COLUMNS),
        ]
        for t in s.safeguards:
            cells = " | ".join(str(t.counts.get(c, 0)) for c in _COLUMNS)
            out.append(f"| {t.safeguard} | {t.kind} | {_md(t.title)} | {cells} |")
        if s.log_findings:
            out += ["", "## The log as a whole", ""]
            out += [f"- {_md(x)}" for x in _log_lines(s.log_findings)]
        if s.worst:
            out += ["", "## Worst requests", "", "| request | line | findings |", "|---|---:|---|"]
            for w in s.worst:
                issues = ", ".join(f"{sid} {st.label}" for sid, st in w.issues)
                out.append(f"| {_md(w.request)} | {w.line} | {issues} |")
        if s.unreadable:
            out += ["", f"## Unreadable records ({s.unreadable})", ""]
            out += [f"- `{_md(u.location)}`: {_md(u.message)}" for u in s.unreadable_shown]
        out += ["", "Inputs:", ""]
        out += [f"- `{_md(i.path)}` ({i.format}, sha256 `{i.sha256[:12]}`)" for i in s.inputs]
        if s.workflow and s.workflow_sha256:
            out.append(f"- workflow `{_md(s.workflow)}` (sha256 `{s.workflow_sha256[:12]}`)")
        waiver_files = {w.path: w.sha256 for w in s.waivers if w.sha256}
        out += [f"- waivers `{_md(p)}` (sha256 `{d[:12]}`)" for p, d in waiver_files.items()]
        return "\n".join(out) + "\n"


class AuditJson(AuditRenderer):
    """The whole summary as JSON."""

    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"

    def render(self, summary: AuditSummary) -> str:
        """Return the summary as indented JSON."""
        return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


AUDIT_FORMATS: dict[str, type[AuditRenderer]] = {
    cls.name: cls for cls in (AuditText, AuditMarkdown, AuditJson)
}
"""Every audit summary format by name; `safeguards audit --format` reads it."""


# CI formats of an audit: one result (SARIF) or test case (JUnit) per request × failing check.


class AuditCi(AuditRenderer):
    """Base of the CI formats: the summary plus the request findings that need action.

    Args:
        findings: the request (and log) findings to report, read back from the findings
            file; met and not-applicable ones are left out.
        places: where each request stands: request id → (log path, line).

    """

    def __init__(
        self,
        findings: Sequence[Finding] = (),
        places: Mapping[str, tuple[str, int]] | None = None,
    ) -> None:
        """Keep the findings to report and the place of each request in its log."""
        self.findings = [f for f in findings if f.status in CI_STATUSES]
        self.places = dict(places or {})

    def all_findings(self, summary: AuditSummary) -> list[Finding]:
        """Return the request findings, then the log-level ones, that need action."""
        return self.findings + [f for f in summary.log_findings if f.status in CI_STATUSES]

    def place(self, summary: AuditSummary, f: Finding) -> tuple[str, int | None]:
        """Return the log file and line of a finding's request (the first log, no line)."""
        if f.request and f.request in self.places:
            return self.places[f.request]
        return (summary.inputs[0].path if summary.inputs else summary.subject), None


CI_STATUSES = NEEDS_ACTION
"""The statuses an audit reports to CI: what needs action or was waived."""


def _audit_message(f: Finding) -> str:
    who = f"Request {f.request}" if f.request else "The log as a whole"
    text = f"{who}: {status_label(f)}: {f.message}"
    if f.missing_facts:
        text += " Open questions: " + "; ".join(q.question for q in f.missing_facts)
    if f.provisional:
        text += f" ({PROVISIONAL_NOTE})"
    return text


class AuditSarif(AuditCi):
    """SARIF 2.1.0: a result per request × check that failed, at the request's line."""

    name: ClassVar[str] = "sarif"
    suffix: ClassVar[str] = ".sarif"

    def render(self, summary: AuditSummary) -> str:
        """Return the audit as a SARIF log."""
        s = summary
        rules = [
            {
                "id": t.safeguard,
                "shortDescription": {"text": t.title},
                "defaultConfiguration": {"level": LEVELS[t.severity]},
                "properties": {"severity": t.severity.value, "kind": t.kind},
            }
            for t in s.safeguards
        ]
        known = {t.safeguard for t in s.safeguards}
        for f in s.log_findings:
            if f.safeguard not in known:
                known.add(f.safeguard)
                rules.append(
                    {
                        "id": f.safeguard,
                        "shortDescription": {"text": f.safeguard},
                        "defaultConfiguration": {"level": LEVELS[f.severity]},
                        "properties": {"severity": f.severity.value, "kind": f.kind},
                    }
                )
        rule_index = {r["id"]: i for i, r in enumerate(rules)}
        artifacts = [
            {"location": {"uri": artifact_uri(i.path)}, "hashes": {"sha-256": i.sha256}}
            for i in s.inputs
            if i.path != "-"
        ]
        artifact_index = {i.path: n for n, i in enumerate(x for x in s.inputs if x.path != "-")}
        results = []
        for f in self.all_findings(s):
            path, line = self.place(s, f)
            kind, level = result_kind(f)
            location: dict[str, Any] = {"uri": artifact_uri(path)}
            if path in artifact_index:
                location["index"] = artifact_index[path]
            physical: dict[str, Any] = {"artifactLocation": location}
            if line:
                physical["region"] = {"startLine": line}
            identity = "\0".join((f.subject, f.safeguard, f.kind, f.request or ""))
            result: dict[str, Any] = {
                "ruleId": f.safeguard,
                "ruleIndex": rule_index[f.safeguard],
                "kind": kind,
                "level": level,
                "message": {"text": _audit_message(f)},
                "locations": [
                    {
                        "physicalLocation": physical,
                        "logicalLocations": [
                            {
                                "name": f.request or s.subject,
                                "fullyQualifiedName": f"{s.subject}/{f.request or 'log'}",
                                "kind": "object",
                            }
                        ],
                    }
                ],
                "partialFingerprints": {
                    "safeguardsFinding/v1": hashlib.sha256(identity.encode()).hexdigest()
                },
                "properties": {
                    "status": f.status.value,
                    "provisional": f.provisional,
                    "request": f.request,
                    "kind": f.kind,
                    "decisiveFacts": [
                        {"fact": d.fact, "value": show_value(d.value)} for d in f.decisive_facts
                    ],
                    "openQuestions": [q.fact for q in f.missing_facts],
                    "remediation": f.remediation,
                },
            }
            if f.waiver is not None:
                result["suppressions"] = [
                    {
                        "kind": "external",
                        "status": "accepted",
                        "justification": f"{f.waiver.justification} "
                        f"(approved by {f.waiver.approver})",
                    }
                ]
            results.append(result)
        notifications = [
            {"level": "error", "message": {"text": f"{u.location}: {u.message}"}}
            for u in s.unreadable_shown
        ]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": s.tool.name,
                    "version": s.tool.version,
                    "semanticVersion": s.tool.version,
                    "rules": rules,
                }
            },
            "invocations": [
                {
                    "executionSuccessful": s.unreadable == 0,
                    "toolExecutionNotifications": notifications,
                }
            ],
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "asOf": s.as_of.isoformat(),
                "subject": s.subject,
                "requests": s.requests,
                "unreadable": s.unreadable,
                "totals": s.totals,
                "catalog": {"version": s.catalog.version, "sha256": s.catalog.sha256},
            },
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return escape_bidi_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


class AuditJunit(AuditCi):
    """JUnit XML: a test suite per check, a test case per request that failed it.

    Gaps and partials are failures, undetermined and waived skipped, unreadable records
    errors (the audit could not read them).
    """

    name: ClassVar[str] = "junit"
    suffix: ClassVar[str] = ".junit.xml"

    def render(self, summary: AuditSummary) -> str:
        """Return the audit as a JUnit XML document."""
        s = summary
        stamp = dt.datetime(s.as_of.year, s.as_of.month, s.as_of.day).isoformat()
        root = ET.Element("testsuites", name=f"safeguards audit {s.subject}")
        groups: dict[str, list[Finding]] = {}
        for f in self.all_findings(s):
            groups.setdefault(f.safeguard, []).append(f)
        titles = {t.safeguard: t.title for t in s.safeguards}
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for sid, found in sorted(groups.items()):
            outcomes = [_audit_outcome(f) for f in found]
            suite = ET.SubElement(
                root,
                "testsuite",
                name=xml_safe(f"{sid} {titles.get(sid, '')}".strip()),
                tests=str(len(found)),
                failures=str(outcomes.count("failure")),
                errors="0",
                skipped=str(outcomes.count("skipped")),
                time="0",
                timestamp=stamp,
            )
            for f, outcome in zip(found, outcomes, strict=True):
                path, line = self.place(s, f)
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=xml_safe(f"{sid} [{f.request or 'log'}]"),
                    classname=xml_safe(f"safeguards.audit.{s.subject}.{f.kind}"),
                    time="0",
                )
                detail = ET.SubElement(
                    case, outcome, type=f.status.value, message=xml_safe(_audit_message(f))
                )
                where = f"{path}:{line}" if line else path
                detail.text = xml_safe(f"{where}\nRemediation: {f.remediation}")
            totals["tests"] += len(found)
            totals["failures"] += outcomes.count("failure")
        if s.unreadable:
            suite = ET.SubElement(
                root,
                "testsuite",
                name="unreadable records",
                tests=str(len(s.unreadable_shown)),
                failures="0",
                errors=str(len(s.unreadable_shown)),
                skipped="0",
                time="0",
                timestamp=stamp,
            )
            for u in s.unreadable_shown:
                case = ET.SubElement(
                    suite, "testcase", name=xml_safe(u.location), classname="safeguards.audit"
                )
                ET.SubElement(case, "error", type="unreadable", message=xml_safe(u.message))
            totals["tests"] += len(s.unreadable_shown)
            totals["errors"] += len(s.unreadable_shown)
        for key, n in totals.items():
            root.set(key, str(n))
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _audit_outcome(f: Finding) -> str:
    return "failure" if f.status in FALLS_SHORT else "skipped"


AUDIT_FORMATS.update({cls.name: cls for cls in (AuditSarif, AuditJunit)})
