"""JUnit XML: one test suite per subject, one test case per check, for CI dashboards."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import ClassVar, Literal, assert_never

from safeguards.engine.models import Finding, Report, Status, WaiverNote
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    Renderer,
    by_subject,
    citation,
    report_timestamp,
    reveal_controls,
    safeguard_index,
    show_value,
    status_label,
)
from safeguards.reports.waivers import waiver_line, worth_a_look

Outcome = Literal["pass", "failure", "error", "skipped"]


def _text(value: object) -> str:
    """Return text XML 1.0 can hold, with bidi and control characters made visible."""
    return reveal_controls(str(value))


Undetermined = Literal["skipped", "error", "failure"]
"""How an undetermined finding is reported: skipped (default), or strictly as error/failure."""


class JunitReport(Renderer):
    """JUnit XML: a gap or partial is a failure, undetermined skipped, waived or n/a skipped.

    The waivers given have a suite of their own for each waiver file (:func:`waiver_suites`).

    An undetermined check is skipped with its open questions as the message: the profile
    does not answer them yet, which is not a broken build. ``--undetermined-as error`` or
    ``failure`` keeps the strict choice.

    Args:
        undetermined: ``"skipped"``, ``"error"`` (the check could not run to a verdict) or
            ``"failure"`` (treat an open question like a gap); by default the report's
            ``options["undetermined_as"]`` (``check --undetermined-as``), else ``"skipped"``.

    """

    name: ClassVar[str] = "junit"
    suffix: ClassVar[str] = ".junit.xml"
    description: ClassVar[str] = (
        "JUnit XML for CI: gap, partial → failure; undetermined → skipped (open questions);"
        " a suite of each waiver file's waivers"
    )

    def __init__(self, undetermined: Undetermined | None = None) -> None:
        """Choose how undetermined findings are reported (default: as the report asks)."""
        self.undetermined = undetermined

    def outcome(self, f: Finding, report: Report | None = None) -> Outcome:
        """Return the JUnit outcome of one finding."""
        match f.status:
            case Status.GAP | Status.PARTIAL:
                return "failure"
            case Status.UNDETERMINED:
                asked = report.options.get("undetermined_as") if report is not None else None
                if self.undetermined is not None:
                    return self.undetermined
                return asked if asked in ("error", "failure") else "skipped"
            case Status.WAIVED | Status.NOT_APPLICABLE:
                return "skipped"
            case Status.MET:
                return "pass"
            case _:
                assert_never(f.status)

    def render(self, report: Report) -> str:
        """Return the report as a JUnit XML document."""
        index = safeguard_index(report)
        stamp = report_timestamp(report).strftime("%Y-%m-%dT%H:%M:%S")
        root = ET.Element("testsuites", name="safeguards")
        # The JUnit schema has no "skipped" attribute on <testsuites>: only per suite.
        totals = {"tests": 0, "failures": 0, "errors": 0}
        grouped = by_subject(report)
        for subject in report.subjects:
            findings = grouped.get(subject.id, [])
            outcomes = [self.outcome(f, report) for f in findings]
            suite = ET.SubElement(
                root,
                "testsuite",
                name=_text(f"{subject.name} ({subject.id})" if subject.name else subject.id),
                tests=str(len(findings)),
                failures=str(outcomes.count("failure")),
                errors=str(outcomes.count("error")),
                skipped=str(outcomes.count("skipped")),
                time="0",
                timestamp=stamp,
                file=_text(subject.path),
            )
            props = ET.SubElement(suite, "properties")
            for key, value in (
                ("subject", subject.id),
                ("subject_sha256", subject.sha256),
                ("as_of", report.as_of.isoformat() if report.as_of else ""),
                ("catalog_version", report.catalog.version),
                ("catalog_sha256", report.catalog.sha256),
                ("tool", f"{report.tool.name} {report.tool.version}"),
            ):
                ET.SubElement(props, "property", name=key, value=_text(value))
            for f, outcome in zip(findings, outcomes, strict=True):
                info = index.get(f.safeguard)
                title = info.title if info else f.safeguard
                req = f" [{f.request}]" if f.request else ""
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=_text(f"{f.safeguard}{req} {title}"),
                    classname=_text(f"safeguards.{subject.id}.{info.family if info else f.kind}"),
                    time="0",
                )
                if outcome != "pass":
                    detail = ET.SubElement(
                        case, outcome, type=f.status.value, message=_text(_message(f))
                    )
                    detail.text = _text(_details(f, subject.path))
            totals["tests"] += len(findings)
            totals["failures"] += outcomes.count("failure")
            totals["errors"] += outcomes.count("error")
        totals["tests"] += waiver_suites(root, report.waivers, stamp)
        for key, n in totals.items():
            root.set(key, str(n))
        root.set("time", "0")
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def waiver_suites(root: ET.Element, waivers: Sequence[WaiverNote], stamp: str) -> int:
    """Add a test suite for each waiver file, and return how many test cases they hold.

    A test case per waiver, named by its safeguard and subject: passed when it applied and
    does not expire within 30 days, else skipped with what became of it (refused, expired,
    expiring soon, unused, not yet granted): a waiver worth a look is never a failure of its
    own, since a finding it no longer waives already fails in its subject's suite.
    """
    by_file: dict[str, list[WaiverNote]] = {}
    for w in waivers:
        by_file.setdefault(w.path, []).append(w)
    for path, some in by_file.items():
        looks = sum(map(worth_a_look, some))
        suite = ET.SubElement(
            root,
            "testsuite",
            name=_text(f"waivers ({path})" if path else "waivers"),
            tests=str(len(some)),
            failures="0",
            errors="0",
            skipped=str(looks),
            time="0",
            timestamp=stamp,
        )
        if path:
            suite.set("file", _text(path))
        for w in some:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_text(f"{w.safeguard} for {w.subject}"),
                classname="safeguards.waivers",
                time="0",
            )
            if worth_a_look(w):
                detail = ET.SubElement(
                    case, "skipped", type=w.state.value, message=_text(waiver_line(w))
                )
                where = f"{path}:{w.line}\n" if path else ""
                detail.text = _text(
                    f"{where}Approved by {w.approver}, from {w.granted} to {w.expires}."
                )
    return len(waivers)


def _message(f: Finding) -> str:
    """Return the one-line message: the open questions first when the check is undetermined."""
    text = f"{status_label(f)}: {f.message}"
    if f.status is Status.UNDETERMINED and f.missing_facts:
        questions = "; ".join(q.text for q in f.missing_facts)
        return f"Open questions: {questions} ({text})"
    return text


def _details(f: Finding, path: str) -> str:
    lines = [f"{status_label(f)}: {f.message}"]
    for d in f.decisive_facts:
        where = f" ({path}:{d.line})" if d.line else ""
        lines.append(f"- {d.fact} = {show_value(d.value)} [{citation(d)}]{where}")
    lines.extend(f"? {q.fact}: {q.text}" for q in f.missing_facts)
    if f.status is not Status.NOT_APPLICABLE:
        lines.append(f"Remediation: {f.remediation}")
    if f.provisional:
        lines.append(f"Note: {PROVISIONAL_NOTE}")
    return "\n".join(lines)
