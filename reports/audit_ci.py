"""CI formats of a request-log audit: SARIF and JUnit, one result per request x failing check.

Besides the summary they need the findings that need action (read back from the findings file)
and where each request stands in its log, so that a dashboard points at the request's line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from safeguards.engine.models import FALLS_SHORT, NEEDS_ACTION, Finding
from safeguards.engine.models.audit import AuditSummary
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    escape_bidi_json,
    reveal_controls,
    show_value,
    status_label,
)
from safeguards.reports.sarif import LEVELS, SCHEMA_URI, artifact_uri, result_kind
from safeguards.reports.transparency_audit import SUMMARY_FORMATS, AuditRenderer

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


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


SARIF_MAX_RESULTS = 25_000
"""The most results of one run GitHub code scanning accepts: a SARIF file with more is refused."""

_LEVEL_RANK = {"error": 0, "warning": 1, "note": 2, "none": 3}
"""SARIF levels, most severe first."""


class AuditSarif(AuditCi):
    """SARIF 2.1.0: a result per request × check that failed, at the request's line.

    At most ``max_results`` results are written (None: all): the most severe are kept (errors,
    then warnings, notes and open questions; accepted waivers last), in the order of the
    findings file, and the run says how many were left out. A large log otherwise gives a
    file that GitHub code scanning refuses whole (:data:`SARIF_MAX_RESULTS`).
    """

    name: ClassVar[str] = "sarif"
    suffix: ClassVar[str] = ".sarif"

    def __init__(
        self,
        findings: Sequence[Finding] = (),
        places: Mapping[str, tuple[str, int]] | None = None,
        max_results: int | None = SARIF_MAX_RESULTS,
    ) -> None:
        """Keep the findings, the places of their requests and the most results written."""
        super().__init__(findings, places)
        self.max_results = max_results
        self.left_out = 0
        """How many results the last render left out (``max_results``)."""

    def render(self, summary: AuditSummary) -> str:
        """Return the audit as a SARIF log."""
        s = summary
        rules = _sarif_rules(s)
        rule_index = {r["id"]: i for i, r in enumerate(rules)}
        read = [i for i in s.inputs if i.path != "-"]
        artifacts = [
            {"location": {"uri": artifact_uri(i.path)}, "hashes": {"sha-256": i.sha256}}
            for i in read
        ]
        artifact_index = {i.path: n for n, i in enumerate(read)}
        results = []
        for f in self.all_findings(s):
            path, line = self.place(s, f)
            location: dict[str, Any] = {"uri": artifact_uri(path)}
            if path in artifact_index:
                location["index"] = artifact_index[path]
            results.append(_sarif_result(s, f, rule_index[f.safeguard], location, line))
        found = len(results)
        results = _most_severe(results, self.max_results)
        self.left_out = found - len(results)
        notifications = [
            {"level": "error", "message": {"text": f"{u.location}: {u.message}"}}
            for u in s.unreadable_shown
        ]
        if self.left_out:
            text = (
                f"{self.left_out} of {found} results left out: at most {len(results)} are"
                " written, the most severe kept (GitHub code scanning refuses a run of more"
                f" than {SARIF_MAX_RESULTS:,}); the findings file holds every finding"
            )
            notifications.append({"level": "warning", "message": {"text": text}})
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
        if self.left_out:
            run["properties"]["resultsLeftOut"] = self.left_out
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return escape_bidi_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _most_severe(results: list[dict[str, Any]], most: int | None) -> list[dict[str, Any]]:
    """Return at most ``most`` results, the most severe, in their order (None: all of them)."""
    if most is None or len(results) <= most:
        return results

    def rank(i: int) -> tuple[bool, int, int]:
        r = results[i]
        return "suppressions" in r, _LEVEL_RANK[r["level"]], i

    kept = sorted(sorted(range(len(results)), key=rank)[:most])
    return [results[i] for i in kept]


def _sarif_rules(s: AuditSummary) -> list[dict[str, Any]]:
    """Return a rule per check of the table, then one per log-level check not among them."""
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
    return rules


def _sarif_result(
    s: AuditSummary, f: Finding, rule_index: int, location: dict[str, Any], line: int | None
) -> dict[str, Any]:
    """Return the SARIF result of one finding, located at its request's line."""
    kind, level = result_kind(f)
    physical: dict[str, Any] = {"artifactLocation": location}
    if line:
        physical["region"] = {"startLine": line}
    identity = "\0".join((f.subject, f.safeguard, f.kind, f.request or ""))
    result: dict[str, Any] = {
        "ruleId": f.safeguard,
        "ruleIndex": rule_index,
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
                "justification": f"{f.waiver.justification} (approved by {f.waiver.approver})",
            }
        ]
    return result


class AuditJunit(AuditCi):
    """JUnit XML: a test suite per check, a test case per request that failed it.

    Gaps and partials are failures, undetermined and waived skipped, unreadable records
    errors (the audit could not read them).
    """

    name: ClassVar[str] = "junit"
    suffix: ClassVar[str] = ".junit.xml"

    def render(self, summary: AuditSummary) -> str:
        """Return the audit as a JUnit XML document."""
        import xml.etree.ElementTree as ET  # only when JUnit is written

        s = summary
        stamp = dt.datetime(s.as_of.year, s.as_of.month, s.as_of.day).isoformat()
        root = ET.Element("testsuites", name=reveal_controls(f"safeguards audit {s.subject}"))
        groups: dict[str, list[Finding]] = {}
        for f in self.all_findings(s):
            groups.setdefault(f.safeguard, []).append(f)
        titles = {t.safeguard: t.title for t in s.safeguards}
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for sid, found in sorted(groups.items()):
            outcomes = [_audit_outcome(f) for f in found]
            suite = _suite(root, f"{sid} {titles.get(sid, '')}".strip(), stamp, len(found))
            suite.set("failures", str(outcomes.count("failure")))
            suite.set("skipped", str(outcomes.count("skipped")))
            for f, outcome in zip(found, outcomes, strict=True):
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=reveal_controls(f"{sid} [{f.request or 'log'}]"),
                    classname=reveal_controls(f"safeguards.audit.{s.subject}.{f.kind}"),
                    time="0",
                )
                detail = ET.SubElement(
                    case, outcome, type=f.status.value, message=reveal_controls(_audit_message(f))
                )
                path, line = self.place(s, f)
                where = f"{path}:{line}" if line else path
                detail.text = reveal_controls(f"{where}\nRemediation: {f.remediation}")
            totals["tests"] += len(found)
            totals["failures"] += outcomes.count("failure")
        if s.unreadable:
            shown = len(s.unreadable_shown)
            suite = _suite(root, "unreadable records", stamp, shown)
            suite.set("errors", str(shown))
            for u in s.unreadable_shown:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=reveal_controls(u.location),
                    classname="safeguards.audit",
                )
                ET.SubElement(case, "error", type="unreadable", message=reveal_controls(u.message))
            totals["tests"] += shown
            totals["errors"] += shown
        for key, n in totals.items():
            root.set(key, str(n))
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(root: ET.Element, name: str, stamp: str, tests: int) -> ET.Element:
    """Add a test suite with no failures, errors or skips yet (the caller sets them)."""
    import xml.etree.ElementTree as ET

    return ET.SubElement(
        root,
        "testsuite",
        name=reveal_controls(name),
        tests=str(tests),
        failures="0",
        errors="0",
        skipped="0",
        time="0",
        timestamp=stamp,
    )


def _audit_outcome(f: Finding) -> str:
    return "failure" if f.status in FALLS_SHORT else "skipped"


AUDIT_FORMATS: dict[str, type[AuditRenderer]] = {
    **SUMMARY_FORMATS,
    **{cls.name: cls for cls in (AuditSarif, AuditJunit)},
}
"""Every audit format by name; `safeguards audit --format` reads it."""
