"""OSCAL assessment results (JSON): safeguards as controls, findings with their observations."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, ClassVar

from safeguards.engine.models import FALLS_SHORT, Finding, Report, Status, SubjectInfo
from safeguards.reports.base import (
    PROVISIONAL_NOTE,
    JsonRenderer,
    citation,
    is_web_url,
    report_timestamp,
    reveal_controls,
    safeguard_index,
    show_value,
)
from safeguards.reports.sarif import artifact_uri

OSCAL_VERSION = "1.2.2"
NS = "https://safeguards.invalid/ns/oscal"
"""The namespace of the properties this tool adds (status, severity, …)."""

_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NS)


def line(text: object) -> str:
    """Return one line of inert text, no leading or trailing blanks (OSCAL string fields)."""
    return " ".join(reveal_controls(str(text)).split()) or "-"


def _prop(name: str, value: object) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": line(value)}


def _state(status: Status) -> dict[str, str]:
    """Map a status to OSCAL's satisfied / not-satisfied, with the nuance in the reason."""
    if status is Status.MET:
        return {"state": "satisfied", "reason": "pass"}
    if status in FALLS_SHORT:
        return {"state": "not-satisfied", "reason": "fail"}
    if status is Status.NOT_APPLICABLE:
        return {"state": "satisfied", "reason": "other", "remarks": "Not applicable."}
    return {"state": "not-satisfied", "reason": "other", "remarks": status.label.capitalize()}


class OscalReport(JsonRenderer):
    """OSCAL 1.2 assessment results, for GRC tools; ids are stable for the same report."""

    name: ClassVar[str] = "oscal"
    suffix: ClassVar[str] = ".oscal.json"
    description: ClassVar[str] = "OSCAL 1.2 assessment-results JSON for GRC tools"

    def document(self, report: Report) -> dict[str, Any]:
        """Return the report as an OSCAL assessment-results document."""
        digest = hashlib.sha256(report.model_dump_json().encode()).hexdigest()
        uid = _Ids(uuid.uuid5(_ROOT, digest))
        stamp = report_timestamp(report).strftime("%Y-%m-%dT%H:%M:%SZ")
        catalog_uuid = uid("catalog")
        subject_uuid = {s.id: uid("subject", s.id) for s in report.subjects}
        document = {
            "assessment-results": {
                "uuid": str(uid.document),
                "metadata": {
                    "title": "Safeguards gap report",
                    "last-modified": stamp,
                    "version": report.report_version,
                    "oscal-version": OSCAL_VERSION,
                    "props": [
                        _prop("tool", f"{report.tool.name} {report.tool.version}"),
                        _prop("catalog-sha256", report.catalog.sha256),
                    ],
                },
                "import-ap": {
                    "href": f"#{catalog_uuid}",
                    "remarks": "No assessment plan: the safeguards catalog was applied as is.",
                },
                "results": [_result(report, uid, stamp, subject_uuid)],
                "back-matter": {
                    "resources": [
                        {
                            "uuid": catalog_uuid,
                            "title": line(f"Safeguards catalog {report.catalog.version}"),
                            "props": [_prop("sha256", report.catalog.sha256)],
                        },
                        *(_resource(s, subject_uuid[s.id]) for s in report.subjects),
                    ]
                },
            }
        }
        return document


class _Ids:
    """Stable UUIDs: version 5, named by the parts under the document's own UUID."""

    def __init__(self, document: uuid.UUID) -> None:
        self.document = document

    def __call__(self, *parts: str) -> str:
        return str(uuid.uuid5(self.document, "\0".join(parts)))


def _result(report: Report, uid: _Ids, stamp: str, subject_uuid: dict[str, str]) -> dict[str, Any]:
    """Return the one assessment result: the controls reviewed, an observation per finding."""
    observations: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    index = safeguard_index(report)
    paths = {s.id: s.path for s in report.subjects}
    for f in report.findings:
        key = (f.subject, f.safeguard, f.kind, f.request or "")
        obs_id = uid("observation", *key)
        subject = subject_uuid.get(f.subject, uid("subject", f.subject))
        observations.append(_observation(f, obs_id, subject, stamp, paths.get(f.subject, "")))
        info = index.get(f.safeguard)
        title = info.title if info else f.safeguard
        findings.append(_finding(f, uid("finding", *key), obs_id, title))
    controls = [{"control-id": s.id.lower()} for s in report.safeguards]
    selection: dict[str, Any] = {"include-controls": controls} if controls else {"include-all": {}}
    result: dict[str, Any] = {
        "uuid": uid("result"),
        "title": "Safeguards check",
        "description": (
            f"Subjects checked against the safeguards catalog {report.catalog.version} "
            f"as of {report.as_of}."
        ),
        "start": stamp,
        "end": stamp,
        "props": [_prop("as-of", report.as_of or "undated")],
        "reviewed-controls": {"control-selections": [selection]},
    }
    if observations:
        result["observations"] = observations
        result["findings"] = findings
    return result


def _props(f: Finding) -> list[dict[str, str]]:
    props = [
        _prop("status", f.status.value),
        _prop("severity", f.severity.value),
        _prop("subject", f.subject),
    ]
    if f.request:
        props.append(_prop("request", f.request))
    if f.provisional:  # the verdict rests on commentary or recollection, not the text itself
        props.append(_prop("provisional", "true"))
    return props


def _observation(f: Finding, obs_id: str, subject: str, stamp: str, path: str) -> dict[str, Any]:
    observation: dict[str, Any] = {
        "uuid": obs_id,
        "title": line(f"{f.safeguard} on {f.subject}"),
        "description": reveal_controls(f.message),
        "props": _props(f),
        "methods": ["EXAMINE"],
        "types": ["finding"],
        "subjects": [{"subject-uuid": subject, "type": "resource", "title": line(f.subject)}],
        "collected": stamp,
    }
    evidence = _evidence(f, path)
    if evidence:
        observation["relevant-evidence"] = evidence
    return observation


def _finding(f: Finding, find_id: str, obs_id: str, title: str) -> dict[str, Any]:
    return {
        "uuid": find_id,
        "title": line(f"{f.safeguard}: {title}"),
        "description": reveal_controls(f.message),
        "props": _props(f),
        "target": {
            "type": "objective-id",
            "target-id": f.safeguard.lower(),
            "status": _state(f.status),
        },
        "related-observations": [{"observation-uuid": obs_id}],
        "remarks": reveal_controls(_remarks(f)),
    }


def _resource(s: SubjectInfo, resource_uuid: str) -> dict[str, Any]:
    return {
        "uuid": resource_uuid,
        "title": line(f"{s.name} ({s.id})" if s.name else s.id),
        "props": [_prop("subject-kind", s.kind)],
        "rlinks": [
            {
                "href": artifact_uri(s.path),
                "media-type": "application/json"
                if s.path.endswith(".json")
                else "application/yaml",
                "hashes": [{"algorithm": "SHA-256", "value": s.sha256}],
            }
        ],
    }


def _evidence(f: Finding, path: str) -> list[dict[str, Any]]:
    out = []
    for d in f.decisive_facts:
        where = f" ({path}:{d.line})" if d.line else ""
        item: dict[str, Any] = {
            "description": reveal_controls(
                f"{d.fact} = {show_value(d.value)} — {citation(d)}{where}"
            )
        }
        if d.source is not None and is_web_url(d.source.url):
            item["href"] = d.source.url
        out.append(item)
    return out


def _remarks(f: Finding) -> str:
    parts = [f"Remediation: {f.remediation}"]
    if f.provisional:
        parts.insert(0, f"{PROVISIONAL_NOTE.capitalize()}.")
    if f.missing_facts:
        parts.append("Open questions: " + "; ".join(q.text for q in f.missing_facts))
    if f.waiver is not None:
        parts.append(
            f"Waived until {f.waiver.expires.isoformat()} by {f.waiver.approver}: "
            f"{f.waiver.justification}"
        )
    return "\n\n".join(parts)
