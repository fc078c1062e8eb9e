"""SARIF 2.1.0 log: catalog safeguards as rules, one result per finding that needs action."""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, ClassVar
from urllib.parse import quote

from engine.models import Finding, Report, SafeguardInfo, Severity, Status
from reports.base import Renderer, citation, escape_bidi_json, show_value, status_label

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
REPORTED = (Status.GAP, Status.PARTIAL, Status.UNDETERMINED, Status.WAIVED)
LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
"""SARIF level by safeguard severity."""


def artifact_uri(path: str) -> str:
    """Return a subject file path as a SARIF URI reference (relative stays relative)."""
    if PureWindowsPath(path).drive:
        return PureWindowsPath(path).as_uri()
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return posix.as_uri()
    return quote(posix.as_posix(), safe="/")


class SarifReport(Renderer):
    """A SARIF log for code-scanning dashboards: a gap shows at the line of its decisive answer.

    Undetermined findings are results too (a verdict the profile cannot give yet), at the
    level of their safeguard's severity; waived findings carry an accepted suppression.
    """

    name: ClassVar[str] = "sarif"
    suffix: ClassVar[str] = ".sarif"
    description: ClassVar[str] = (
        "SARIF 2.1.0 for code-scanning dashboards (gap, partial, undetermined)"
    )

    def render(self, report: Report) -> str:
        """Return the report as a SARIF 2.1.0 JSON log."""
        rules = list(report.safeguards)
        rule_index = {s.id: i for i, s in enumerate(rules)}
        paths = {s.id: s.path for s in report.subjects}
        artifacts = [
            {
                "location": {"uri": artifact_uri(s.path)},
                "hashes": {"sha-256": s.sha256},
                "roles": ["analysisTarget"],
            }
            for s in report.subjects
        ]
        artifact_index = {s.id: i for i, s in enumerate(report.subjects)}
        results = [
            _result(f, rule_index, paths.get(f.subject, ""), artifact_index.get(f.subject))
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
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        return escape_bidi_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _rule(s: SafeguardInfo) -> dict[str, Any]:
    refs = [f"{r.framework} {r.ref}" + ("" if r.verified else " (unverified)") for r in s.refs]
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


def _result(
    f: Finding, rule_index: dict[str, int], path: str, artifact: int | None
) -> dict[str, Any]:
    line = next((d.line for d in f.decisive_facts if d.line), None) or 1
    text = f"{status_label(f).capitalize()}: {f.message}"
    if f.missing_facts:
        text += " Open questions: " + "; ".join(q.question for q in f.missing_facts)
    location: dict[str, Any] = {"uri": artifact_uri(path)}
    if artifact is not None:
        location["index"] = artifact
    identity = "\0".join((f.subject, f.safeguard, f.kind, f.request or ""))
    result: dict[str, Any] = {
        "ruleId": f.safeguard,
        "level": LEVELS[f.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": location, "region": {"startLine": line}},
            }
        ],
        "partialFingerprints": {
            "safeguardsFinding/v1": hashlib.sha256(identity.encode()).hexdigest()
        },
        "properties": {
            "status": f.status.value,
            "provisional": f.provisional,
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
