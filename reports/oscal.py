"""OSCAL assessment results (JSON): safeguards as controls, findings with their observations."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any, ClassVar

from safeguards.engine.models import FALLS_SHORT, Finding, Report, Status, SubjectInfo
from safeguards.reports.base import (
    Renderer,
    citation,
    escape_bidi_json,
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


class OscalReport(Renderer):
    """OSCAL 1.2 assessment results, for GRC tools; ids are stable for the same report."""

    name: ClassVar[str] = "oscal"
    suffix: ClassVar[str] = ".oscal.json"
    description: ClassVar[str] = "OSCAL 1.2 assessment-results JSON for GRC tools"

    def render(self, report: Report) -> str:
        """Return the report as an OSCAL assessment-results document."""
        digest = hashlib.sha256(report.model_dump_json().encode()).hexdigest()
        doc_id = uuid.uuid5(_ROOT, digest)

        def uid(*parts: str) -> str:
            return str(uuid.uuid5(doc_id, "\0".join(parts)))

        stamp = report_timestamp(report).strftime("%Y-%m-%dT%H:%M:%SZ")
        catalog_uuid = uid("catalog")
        subject_uuid = {s.id: uid("subject", s.id) for s in report.subjects}
        observations: list[dict[str, Any]] = []
        findings: list[dict[str, Any]] = []
        index = safeguard_index(report)
        paths = {s.id: s.path for s in report.subjects}
        for f in report.findings:
            key = (f.subject, f.safeguard, f.kind, f.request or "")
            obs_id, find_id = uid("observation", *key), uid("finding", *key)
            info = index.get(f.safeguard)
            title = info.title if info else f.safeguard
            props = [
                _prop("status", f.status.value),
                _prop("severity", f.severity.value),
                _prop("subject", f.subject),
            ]
            if f.request:
                props.append(_prop("request", f.request))
            observation: dict[str, Any] = {
                "uuid": obs_id,
                "title": line(f"{f.safeguard} on {f.subject}"),
                "description": reveal_controls(f.message),
                "props": props,
                "methods": ["EXAMINE"],
                "types": ["finding"],
                "subjects": [
                    {
                        "subject-uuid": subject_uuid.get(f.subject, uid("subject", f.subject)),
                        "type": "resource",
                        "title": line(f.subject),
                    }
                ],
                "collected": stamp,
            }
            evidence = _evidence(f, paths.get(f.subject, ""))
            if evidence:
                observation["relevant-evidence"] = evidence
            observations.append(observation)
            findings.append(
                {
                    "uuid": find_id,
                    "title": line(f"{f.safeguard}: {title}"),
                    "description": reveal_controls(f.message),
                    "props": props,
                    "target": {
                        "type": "objective-id",
                        "target-id": f.safeguard.lower(),
                        "status": _state(f.status),
                    },
                    "related-observations": [{"observation-uuid": obs_id}],
                    "remarks": reveal_controls(_remarks(f)),
                }
            )
        controls = [{"control-id": s.id.lower()} for s in report.safeguards]
        selection: dict[str, Any] = (
            {"include-controls": controls} if controls else {"include-all": {}}
        )
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
        document = {
            "assessment-results": {
                "uuid": str(doc_id),
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
                "results": [result],
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
        return escape_bidi_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


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
    if f.missing_facts:
        parts.append("Open questions: " + "; ".join(q.question for q in f.missing_facts))
    if f.waiver is not None:
        parts.append(
            f"Waived until {f.waiver.expires.isoformat()} by {f.waiver.approver}: "
            f"{f.waiver.justification}"
        )
    return "\n\n".join(parts)
