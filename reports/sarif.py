"""SARIF 2.1.0 log: catalog safeguards as rules, one result per finding that needs action."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, ClassVar
from urllib.parse import quote

from safeguards.engine.models import (
    NEEDS_ACTION,
    Finding,
    Report,
    SafeguardInfo,
    Severity,
    Status,
    SubjectInfo,
    WaiverNote,
)
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    JsonRenderer,
    citation,
    fingerprint,
    reference_text,
    show_value,
    status_label,
)
from safeguards.reports.waivers import waiver_level, waiver_line, worth_a_look

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
REPORTED = NEEDS_ACTION
LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
"""SARIF level by safeguard severity."""


@lru_cache(maxsize=256)  # every result of a log or profile names the same few paths
def artifact_uri(path: str) -> str:
    """Return a subject file path as a SARIF URI reference (relative stays relative)."""
    if PureWindowsPath(path).drive:
        return PureWindowsPath(path).as_uri()
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return posix.as_uri()
    return quote(posix.as_posix(), safe="/")


OPEN_LEVEL = "none"
"""The level of an undetermined finding: an open question is never an error on a dashboard.

SARIF 2.1.0 §3.27.10: a result whose ``kind`` is not ``fail`` has level ``none``.
"""


class SarifReport(JsonRenderer):
    """A SARIF log for code-scanning dashboards: a gap shows at the line of its decisive answer.

    Gaps and partials are ``fail`` results at the level of their safeguard's severity.
    Undetermined findings are ``open`` results (SARIF's kind for "the tool could not decide")
    at level ``none``, located at the profile's ``facts:`` key when the answer is absent;
    waived findings carry an accepted suppression. Each waiver file is an artifact of the
    run (``userSpecifiedConfiguration``), and each waiver worth a look (refused, expired,
    expiring within 30 days, unused, not yet granted) a configuration notification at its
    line: a warning when a finding it waived fails or soon will, a note otherwise.
    """

    name: ClassVar[str] = "sarif"
    suffix: ClassVar[str] = ".sarif"
    description: ClassVar[str] = (
        "SARIF 2.1.0 for code-scanning dashboards (gap, partial; undetermined as open notes;"
        " waivers worth a look as notifications at their line)"
    )

    def document(self, report: Report) -> dict[str, Any]:
        """Return the report as a SARIF 2.1.0 JSON log."""
        rules = list(report.safeguards)
        rule_index = {s.id: i for i, s in enumerate(rules)}
        subjects = {s.id: s for s in report.subjects}
        artifacts = [
            {
                "location": {"uri": artifact_uri(s.path)},
                "hashes": {"sha-256": s.sha256},
                "roles": ["analysisTarget"],
            }
            for s in report.subjects
        ]
        artifact_index = {s.id: i for i, s in enumerate(report.subjects)}
        notifications = waiver_notifications(report.waivers, rule_index, len(artifacts))
        artifacts += waiver_artifacts(report.waivers)
        results = [
            _result(f, rule_index, subjects.get(f.subject), artifact_index.get(f.subject))
            for f in report.findings
            if f.status in REPORTED
        ]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "rules": [_rule(s) for s in rules],
                }
            },
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "asOf": report.as_of.isoformat() if report.as_of else None,
                "catalog": {"version": report.catalog.version, "sha256": report.catalog.sha256},
                "summary": report.summary,
            },
        }
        if notifications:
            run["invocations"] = [
                {"executionSuccessful": True, "toolConfigurationNotifications": notifications}
            ]
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return log


def waiver_files(waivers: Sequence[WaiverNote]) -> dict[str, str]:
    """Return each waiver file read, in the order first named, with its SHA-256 ("" unknown)."""
    files: dict[str, str] = {}
    for w in waivers:
        if w.path not in ("", "-"):
            files.setdefault(w.path, w.sha256)
    return files


def waiver_artifacts(waivers: Sequence[WaiverNote]) -> list[dict[str, Any]]:
    """Return a SARIF artifact for each waiver file: configuration the user gave the run."""
    return [
        {
            "location": {"uri": artifact_uri(path)},
            **({"hashes": {"sha-256": sha256}} if sha256 else {}),
            "roles": ["userSpecifiedConfiguration"],
        }
        for path, sha256 in waiver_files(waivers).items()
    ]


def waiver_notifications(
    waivers: Sequence[WaiverNote], rule_index: dict[str, int], first_artifact: int
) -> list[dict[str, Any]]:
    """Return a configuration notification for each waiver worth a look, at its line.

    The level is :func:`~safeguards.reports.waivers.waiver_level`'s; the artifacts of the
    waiver files (:func:`waiver_artifacts`) follow the run's others from ``first_artifact``.
    """
    index = {path: first_artifact + n for n, path in enumerate(waiver_files(waivers))}
    notes = []
    for w in filter(worth_a_look, waivers):
        note: dict[str, Any] = {"level": waiver_level(w), "message": {"text": waiver_line(w)}}
        if w.path in index:
            location = {"uri": artifact_uri(w.path), "index": index[w.path]}
            region = {"startLine": w.line}
            note["locations"] = [
                {"physicalLocation": {"artifactLocation": location, "region": region}}
            ]
        rule: dict[str, Any] = {"id": w.safeguard}
        if w.safeguard in rule_index:
            rule["index"] = rule_index[w.safeguard]
        note["associatedRule"] = rule
        note["properties"] = {
            "subject": w.subject,
            "state": w.state.value,
            "approver": w.approver,
            "granted": w.granted.isoformat(),
            "expires": w.expires.isoformat(),
            "expiringSoon": w.expiring_soon,
            **({"reason": w.reason} if w.reason else {}),
        }
        notes.append(note)
    return notes


def _rule(s: SafeguardInfo) -> dict[str, Any]:
    refs = [reference_text(r) + ("" if r.verified else " (unverified)") for r in s.refs]
    return {
        "id": s.id,
        "shortDescription": {"text": s.title},
        "fullDescription": {"text": s.rationale},
        "help": {"text": s.remediation},
        "defaultConfiguration": {"level": LEVELS[s.severity]},
        "properties": {
            "family": s.family,
            "severity": s.severity.value,
            "proposals": list(s.seed_refs),
            "seed": {"section": s.seed_section, "quotes": list(s.seed_quotes)},
            "references": refs,
            "tags": [s.family, *s.seed_refs],
        },
    }


def result_line(f: Finding, subject: SubjectInfo | None) -> int:
    """Return the line a result points at in its subject file.

    The first decisive answer's line; for an answer that is absent (an open question), the
    line of the profile's ``facts:`` key, where it would be written; line 1 only when the
    file says neither (a request log, a report built by hand).
    """
    line = next((d.line for d in f.decisive_facts if d.line and not d.derived), None)
    line = line or next((d.line for d in f.decisive_facts if d.line), None)
    if line is None and subject is not None:
        line = subject.facts_line
    return line or 1


def result_kind(f: Finding) -> tuple[str, str]:
    """Return the SARIF ``kind`` and ``level`` of a finding."""
    status = f.waived_status if f.status is Status.WAIVED and f.waived_status else f.status
    if status is Status.UNDETERMINED:
        return "open", OPEN_LEVEL
    return "fail", LEVELS[f.severity]


def _result(
    f: Finding, rule_index: dict[str, int], subject: SubjectInfo | None, artifact: int | None
) -> dict[str, Any]:
    path = subject.path if subject is not None else ""
    line = result_line(f, subject)
    kind, level = result_kind(f)
    text = f"{status_label(f).capitalize()}: {f.message}"
    if f.missing_facts:
        text += " Open questions: " + "; ".join(q.text for q in f.missing_facts)
    location: dict[str, Any] = {"uri": artifact_uri(path)}
    if artifact is not None:
        location["index"] = artifact
    result: dict[str, Any] = {
        "ruleId": f.safeguard,
        "kind": kind,
        "level": level,
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": location, "region": {"startLine": line}},
            }
        ],
        "partialFingerprints": {"safeguardsFinding/v1": fingerprint(f)},
        "properties": {
            "status": f.status.value,
            "provisional": f.provisional,
            **({"provisionalNote": PROVISIONAL_NOTE} if f.provisional else {}),
            "subject": f.subject,
            "kind": f.kind,
            "decisiveFacts": [
                {
                    "fact": d.fact,
                    "value": show_value(d.value),
                    "evidence": citation(d),
                    "line": d.line,
                }
                for d in f.decisive_facts
            ],
            "openQuestions": [q.fact for q in f.missing_facts],
            "remediation": f.remediation,
        },
    }
    if f.safeguard in rule_index:
        result["ruleIndex"] = rule_index[f.safeguard]
    if f.request:
        result["properties"]["request"] = f.request
    if f.waiver is not None:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": (
                    f"{f.waiver.justification} (approved by {f.waiver.approver}, "
                    f"{f.waiver.granted.isoformat()} to {f.waiver.expires.isoformat()})"
                ),
            }
        ]
        result["properties"]["waivedStatus"] = f.waived_status.value if f.waived_status else None
    return result
