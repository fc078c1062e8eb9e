"""CI formats of a request-log audit: SARIF and JUnit, one result per request x failing check.

Besides the summary they need the findings that need action (read back from the findings file)
and where each request stands in its log, so that a dashboard points at the request's line.
A large log has hundreds of thousands of those findings: they are taken one at a time and
written out as they come, through anonymous temporary files (SARIF keeps the most severe, which
is known only at the end; JUnit groups them by check), never held in memory all at once.
"""

from __future__ import annotations

import datetime as dt
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, ClassVar

from safeguards.engine.models import FALLS_SHORT, NEEDS_ACTION, Finding
from safeguards.engine.models.audit import AuditSummary, Place
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    fingerprint,
    indented_json,
    json_text,
    reveal_controls,
    show_value,
    status_label,
)
from safeguards.reports.sarif import (
    LEVELS,
    SCHEMA_URI,
    artifact_uri,
    result_kind,
    waiver_artifacts,
    waiver_notifications,
)
from safeguards.reports.transparency_audit import AuditRenderer

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET


Write = Callable[[bytes], object]
"""Where a CI format writes its UTF-8 text, piece by piece."""


class AuditCi(AuditRenderer):
    """Base of the CI formats: the summary plus the request findings that need action.

    Args:
        findings: the request findings to report, each with the place of its request where
            it is known, in the order of the findings file (an iterator is read once, as the
            report is written); met and not-applicable ones are left out.

    """

    def __init__(self, findings: Iterable[tuple[Finding, Place | None]] = ()) -> None:
        """Keep the findings to report."""
        self.findings = findings

    def all_findings(self, summary: AuditSummary) -> Iterator[tuple[Finding, Place]]:
        """Yield the request findings, then the log-level ones, that need action, each placed.

        A finding whose place is not known, and a log-level one, stands at the first log with
        no line.
        """
        somewhere = (summary.inputs[0].path if summary.inputs else summary.subject), None
        for f, where in self.findings:
            if f.status in CI_STATUSES:
                yield f, where or somewhere
        for f in summary.log_findings:
            if f.status in CI_STATUSES:
                yield f, somewhere

    def render(self, summary: AuditSummary) -> str:
        """Return the audit in this format (:meth:`write` gives it piece by piece)."""
        pieces: list[bytes] = []
        self.write(summary, pieces.append)
        return b"".join(pieces).decode()

    def write(self, summary: AuditSummary, out: Write) -> None:
        """Write the audit in this format to ``out``, piece by piece."""
        raise NotImplementedError


CI_STATUSES = NEEDS_ACTION
"""The statuses an audit reports to CI: what needs action or was waived."""


def audit_message(f: Finding) -> str:
    """Return what a CI format says of a request's finding: who, the verdict, open questions."""
    who = f"Request {f.request}" if f.request else "The log as a whole"
    text = f"{who}: {status_label(f)}: {f.message}"
    if f.missing_facts:
        text += " Open questions: " + "; ".join(q.text for q in f.missing_facts)
    if f.provisional:
        text += f" ({PROVISIONAL_NOTE})"
    return text


def copy_out(spool: IO[bytes], out: Write) -> None:
    """Write what a temporary file holds to ``out``, from its start, a block at a time."""
    spool.seek(0)
    while block := spool.read(1 << 20):
        out(block)


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
        findings: Iterable[tuple[Finding, Place | None]] = (),
        max_results: int | None = SARIF_MAX_RESULTS,
    ) -> None:
        """Keep the findings, each with its place, and the most results written."""
        super().__init__(findings)
        self.max_results = max_results
        self.left_out = 0
        """How many results the last render left out (``max_results``)."""

    def write(self, summary: AuditSummary, out: Write) -> None:
        """Write the audit as a SARIF log.

        Each result is written to a temporary file as it comes, with its rank (suppressed or
        not, level); the ranks kept whole and how many of the last one are kept are known at
        the end, and the kept results are then copied out in their order.
        """
        s = summary
        rules = _sarif_rules(s)
        rule_index = {r["id"]: i for i, r in enumerate(rules)}
        read = [i for i in s.inputs if i.path != "-"]
        artifacts = [
            {"location": {"uri": artifact_uri(i.path)}, "hashes": {"sha-256": i.sha256}}
            for i in read
        ]
        artifact_index = {i.path: n for n, i in enumerate(read)}
        notifications = waiver_notifications(s.waivers, rule_index, len(artifacts))
        artifacts += waiver_artifacts(s.waivers)
        with tempfile.TemporaryFile() as spool:
            counts = [0] * _RANKS
            for f, (path, line) in self.all_findings(s):
                location: dict[str, Any] = {"uri": artifact_uri(path)}
                if path in artifact_index:
                    location["index"] = artifact_index[path]
                result = _sarif_result(s, f, rule_index[f.safeguard], location, line)
                rank = 4 * ("suppressions" in result) + _LEVEL_RANK[result["level"]]
                counts[rank] += 1
                data = indented_json(result).replace(b"\n", _RESULT_BREAK)
                spool.write(_SPOOLED.pack(rank, len(data)) + data)
            found = sum(counts)
            kept = _kept_per_rank(counts, self.max_results)
            self.left_out = found - sum(kept)
            head, tail = _sarif_frame(s, rules, artifacts, notifications, found, sum(kept))
            out(head.encode())
            spool.seek(0)
            _copy_kept(spool, kept, out)
            out(tail.encode())


_RANKS = 8
"""Ranks of a result, most severe first: not suppressed, then suppressed; by level in each."""
_SPOOLED = struct.Struct("<BQ")
"""A spooled result: its rank and the length of its text."""
_RESULT_BREAK = b"\n" + b" " * 8
"""A new line within a result, indented as the results of the run are."""
_RESULTS_KEY = '\n      "results": []'
"""The run's results as they stand in the frame: only structure can hold a real line break."""


def _kept_per_rank(counts: list[int], most: int | None) -> list[int]:
    """Return how many results of each rank are kept: the most severe first, ``most`` in all."""
    left = sum(counts) if most is None else most
    kept = []
    for n in counts:
        kept.append(min(n, left))
        left -= kept[-1]
    return kept


def _copy_kept(spool: IO[bytes], kept: list[int], out: Write) -> None:
    """Copy out the first ``kept[rank]`` spooled results of each rank, in their order."""
    taken = [0] * _RANKS
    first = True
    while header := spool.read(_SPOOLED.size):
        rank, size = _SPOOLED.unpack(header)
        data = spool.read(size)
        if taken[rank] < kept[rank]:
            taken[rank] += 1
            out((b"[" if first else b",") + _RESULT_BREAK + data)
            first = False
    out(b"[]" if first else b"\n      ]")


def _sarif_frame(
    s: AuditSummary,
    rules: list[dict[str, Any]],
    artifacts: list[dict[str, Any]],
    waivers: list[dict[str, Any]],
    found: int,
    written: int,
) -> tuple[str, str]:
    """Return the SARIF log before its ``written`` results (of ``found``) and after them.

    ``waivers`` are the configuration notifications of the waivers worth a look.
    """
    left_out = found - written
    notifications = [
        {"level": "error", "message": {"text": f"{u.location}: {u.message}"}}
        for u in s.unreadable_shown
    ]
    if left_out:
        text = (
            f"{left_out} of {found} results left out: at most {written} are"
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
                **({"toolConfigurationNotifications": waivers} if waivers else {}),
            }
        ],
        "artifacts": artifacts,
        "results": [],
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
    if left_out:
        run["properties"]["resultsLeftOut"] = left_out
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    text = json_text(log)
    at = text.index(_RESULTS_KEY) + len(_RESULTS_KEY) - 2
    return text[:at], text[at + 2 :]


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
    result: dict[str, Any] = {
        "ruleId": f.safeguard,
        "ruleIndex": rule_index,
        "kind": kind,
        "level": level,
        "message": {"text": audit_message(f)},
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
        "partialFingerprints": {"safeguardsFinding/v1": fingerprint(f)},
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
    errors (the audit could not read them); the waivers given have a suite for each waiver
    file, as in ``check``'s JUnit (:func:`~safeguards.reports.junit.waiver_suites`).
    """

    name: ClassVar[str] = "junit"
    suffix: ClassVar[str] = ".junit.xml"

    def write(self, summary: AuditSummary, out: Write) -> None:
        """Write the audit as a JUnit XML document.

        Each test case is written, as it comes, to a temporary file of its check; the
        document's frame (the suites with their counts) is then written around those files.
        """
        import xml.etree.ElementTree as ET  # only when JUnit is written

        from safeguards.reports.junit import waiver_suites

        s = summary
        stamp = dt.datetime(s.as_of.year, s.as_of.month, s.as_of.day).isoformat()
        root = ET.Element("testsuites", name=reveal_controls(f"safeguards audit {s.subject}"))
        titles = {t.safeguard: t.title for t in s.safeguards}
        totals = {"tests": 0, "failures": 0, "errors": 0}
        groups: dict[str, _CaseSpool] = {}
        try:
            for f, (path, line) in self.all_findings(s):
                group = groups.get(f.safeguard)
                if group is None:
                    group = groups[f.safeguard] = _CaseSpool()
                outcome = _audit_outcome(f)
                where = f"{path}:{line}" if line else path
                case = case_xml(
                    reveal_controls(f"{f.safeguard} [{f.request or 'log'}]"),
                    reveal_controls(f"safeguards.audit.{s.subject}.{f.kind}"),
                    outcome,
                    f.status.value,
                    reveal_controls(audit_message(f)),
                    reveal_controls(f"{where}\nRemediation: {f.remediation}"),
                )
                group.add(case, outcome)
            order = sorted(groups)
            for n, sid in enumerate(order):
                group = groups[sid]
                suite = _suite(root, f"{sid} {titles.get(sid, '')}".strip(), stamp, group.tests)
                suite.set("failures", str(group.failures))
                suite.set("skipped", str(group.skipped))
                ET.SubElement(suite, _cases_tag(n))  # where the spooled cases go
                totals["tests"] += group.tests
                totals["failures"] += group.failures
            if s.unreadable:
                shown = len(s.unreadable_shown)
                suite = _suite(root, "unreadable records", stamp, shown)
                suite.set("errors", str(shown))
                for u in s.unreadable_shown:
                    unread = ET.SubElement(
                        suite,
                        "testcase",
                        name=reveal_controls(u.location),
                        classname="safeguards.audit",
                    )
                    ET.SubElement(
                        unread, "error", type="unreadable", message=reveal_controls(u.message)
                    )
                totals["tests"] += shown
                totals["errors"] += shown
            totals["tests"] += waiver_suites(root, s.waivers, stamp)
            for key, value in totals.items():
                root.set(key, str(value))
            ET.indent(root)
            body = ET.tostring(root, encoding="unicode")
            out(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            for n, sid in enumerate(order):
                before, body = body.split(f"<{_cases_tag(n)} />", 1)
                out(before.encode())
                groups[sid].copy_to(out)
            out(body.encode() + b"\n")
        finally:
            for group in groups.values():
                group.close()


class _CaseSpool:
    """The test cases of one check, written to a temporary file as they come."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self.tests = self.failures = self.skipped = 0

    def add(self, case: str, outcome: str) -> None:
        """Add a test case (its XML, indented as in the document) and count its outcome."""
        self.file.write(((_CASE_LINE if self.tests else "") + case).encode())
        self.tests += 1
        self.failures += outcome == "failure"
        self.skipped += outcome == "skipped"

    def copy_to(self, out: Write) -> None:
        """Write the test cases out, in their order."""
        copy_out(self.file, out)

    def close(self) -> None:
        """Let the temporary file go."""
        self.file.close()


_CASE_LINE = "\n" + " " * 4
"""What stands between two test cases of a suite."""


def case_xml(name: str, classname: str, outcome: str, kind: str, message: str, text: str) -> str:
    """Return a test case as it stands in a suite of the document, written as ElementTree would.

    ``<testcase name classname time="0">`` holding ``<outcome type message>text</outcome>``,
    indented as ``ET.indent`` lays out a case of a suite; texts escaped as ElementTree escapes
    them. Written directly, as text, rather than as a tree built, indented and serialized:
    a large log has tens of thousands of cases (a request and check that needs action each).
    """
    return (
        f'<testcase name="{_escaped(name, _ATTRIBUTE_ESCAPES)}"'
        f' classname="{_escaped(classname, _ATTRIBUTE_ESCAPES)}" time="0">'
        f'\n      <{outcome} type="{_escaped(kind, _ATTRIBUTE_ESCAPES)}"'
        f' message="{_escaped(message, _ATTRIBUTE_ESCAPES)}">'
        f"{_escaped(text, _TEXT_ESCAPES)}</{outcome}>\n    </testcase>"
    )


_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
"""What ElementTree escapes in an element's text, in its order."""
_ATTRIBUTE_ESCAPES = (
    *_TEXT_ESCAPES,
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)
"""What ElementTree escapes in an attribute's value, in its order."""


def _escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    """Escape text as ElementTree does (:data:`_TEXT_ESCAPES`, :data:`_ATTRIBUTE_ESCAPES`)."""
    for character, entity in escapes:
        if character in text:
            text = text.replace(character, entity)
    return text


def _cases_tag(n: int) -> str:
    """Return the tag standing for the test cases of the ``n``-th suite in the frame.

    Every text and attribute of the frame is escaped (``<`` as ``&lt;``): an element's tag
    can only be structure.
    """
    return f"safeguards-cases-{n}"


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
