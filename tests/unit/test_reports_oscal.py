"""OSCAL assessment results: valid against NIST's 1.2.2 schema, stable ids, no clock."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator

from safeguards.reports.oscal import OscalReport
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


def _unicode_pattern(
    validator: Validator, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """JSON Schema's ``pattern`` with the \\p{L} / \\p{N} classes Python's re lacks."""
    if not validator.is_type(instance, "string"):
        return
    translated = pattern.replace(r"\p{L}", r"[^\W\d_]").replace(r"\p{N}", r"\d")
    if not re.search(translated, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


OscalValidator = validators.extend(Draft7Validator, {"pattern": _unicode_pattern})


@pytest.fixture(scope="module")
def oscal_validator(shared_schemas: Path) -> Validator:
    path = shared_schemas / "oscal_assessment-results_schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema, format_checker=None)
    return OscalValidator(schema, format_checker=FormatChecker())


def _errors(validator: Validator, doc: Any) -> list[str]:
    return sorted(f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc))


@pytest.mark.parametrize("which", ["empty", "mixed"])
def test_the_document_is_valid_oscal(in_root: Path, oscal_validator: Validator, which: str) -> None:
    doc = json.loads(OscalReport().render(report_named(which)))
    assert not _errors(oscal_validator, doc)


def test_the_validator_does_reject_bad_documents(in_root: Path, oscal_validator: Validator) -> None:
    doc = json.loads(OscalReport().render(mixed_report()))
    doc["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "1 bad id"
    doc["assessment-results"]["uuid"] = "not-a-uuid"
    problems = _errors(oscal_validator, doc)
    assert any("target-id" in p for p in problems)
    assert any("'uuid'" in p for p in problems)


def test_findings_and_observations(in_root: Path) -> None:
    report = mixed_report()
    ar = json.loads(OscalReport().render(report))["assessment-results"]
    result = ar["results"][0]
    selected = result["reviewed-controls"]["control-selections"][0]["include-controls"]
    assert [c["control-id"] for c in selected] == [s.id.lower() for s in report.safeguards]
    assert len(result["findings"]) == len(result["observations"]) == len(report.findings)
    observations = {o["uuid"]: o for o in result["observations"]}
    states = {}
    for finding in result["findings"]:
        props = {p["name"]: p["value"] for p in finding["props"]}
        states[(props["subject"], finding["target"]["target-id"])] = finding["target"]["status"]
        assert finding["related-observations"][0]["observation-uuid"] in observations
    assert states["MX", "sg-bio-01"] == {"state": "not-satisfied", "reason": "fail"}
    assert states["MX", "sg-tra-01"] == {"state": "satisfied", "reason": "pass"}
    assert states["MX", "sg-con-02"]["reason"] == "other"
    evidence = [e for o in result["observations"] for e in o.get("relevant-evidence", [])]
    assert any(e.get("href") == "https://law.example/ccp#art90ter" for e in evidence)
    resources = ar["back-matter"]["resources"]
    hashes = [h["value"] for r in resources for link in r.get("rlinks", []) for h in link["hashes"]]
    assert hashes == [s.sha256 for s in report.subjects]


def test_a_provisional_verdict_says_so_in_a_property_and_the_remarks(in_root: Path) -> None:
    report = mixed_report()
    result = json.loads(OscalReport().render(report))["assessment-results"]["results"][0]
    marked = {}
    for finding in result["findings"]:
        props = {p["name"]: p["value"] for p in finding["props"]}
        key = (props["subject"], finding["target"]["target-id"])
        marked[key] = (props.get("provisional"), finding["remarks"].startswith("Provisional: "))
    assert marked["MX", "sg-tra-01"] == ("true", True)
    assert marked["MX", "sg-bio-01"] == (None, False)
    assert sum(1 for m in marked.values() if m[0]) == sum(f.provisional for f in report.findings)


def test_uuids_are_deterministic_and_follow_the_content(in_root: Path) -> None:
    first = json.loads(OscalReport().render(mixed_report()))["assessment-results"]
    again = json.loads(OscalReport().render(mixed_report()))["assessment-results"]
    other = json.loads(OscalReport().render(mixed_report(by="un")))["assessment-results"]
    assert first["uuid"] == again["uuid"] != other["uuid"]
    assert uuid.UUID(first["uuid"]).version == 5


def test_timestamps_come_from_as_of_or_source_date_epoch(
    in_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meta = json.loads(OscalReport().render(mixed_report()))["assessment-results"]["metadata"]
    assert meta["last-modified"] == "2024-06-01T00:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    doc = json.loads(OscalReport().render(mixed_report()))["assessment-results"]
    assert doc["metadata"]["last-modified"] == "2023-11-14T22:13:20Z"
    assert doc["results"][0]["start"] == "2023-11-14T22:13:20Z"
