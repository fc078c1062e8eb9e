"""SARIF: valid against the official 2.1.0 schema, results where the decisive answers stand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from engine.models import Status
from reports.sarif import SarifReport, artifact_uri
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


@pytest.fixture(scope="module")
def sarif_schema(shared_schemas: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (shared_schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    Draft4Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("which", ["empty", "mixed"])
def test_the_log_is_valid_sarif(in_root: Path, sarif_schema: dict[str, Any], which: str) -> None:
    log = json.loads(SarifReport().render(report_named(which)))
    errors = sorted(Draft4Validator(sarif_schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_rules_are_the_safeguards_of_the_report(in_root: Path) -> None:
    report = mixed_report()
    run = json.loads(SarifReport().render(report))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [s.id for s in report.safeguards]
    con = next(r for r in rules if r["id"] == "SG-CON-01")
    assert con["defaultConfiguration"]["level"] == "error"
    assert con["shortDescription"]["text"].startswith("Interception needs")
    assert "S9" in con["properties"]["tags"]


def test_one_result_per_finding_that_needs_action(in_root: Path) -> None:
    report = mixed_report()
    results = json.loads(SarifReport().render(report))["runs"][0]["results"]
    wanted = [f for f in report.findings if f.status not in (Status.MET, Status.NOT_APPLICABLE)]
    assert [(r["ruleId"], r["properties"]["subject"]) for r in results] == [
        (f.safeguard, f.subject) for f in wanted
    ]
    by_rule = {(r["ruleId"], r["properties"]["subject"]): r for r in results}
    gap = by_rule["SG-BIO-01", "MX"]
    assert gap["level"] == "error"  # high
    region = gap["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "tests/data/reports/mixland.yaml"
    assert region["region"]["startLine"] == 21  # biometric.court_order in mixland.yaml
    assert by_rule["SG-CON-02", "MX"]["level"] == "warning"  # medium, undetermined
    assert by_rule["SG-CON-02", "MX"]["properties"]["openQuestions"] == ["interception.max_days"]
    waived = by_rule["SG-TRA-01", "NX"]
    assert waived["level"] == "note"  # low
    assert waived["suppressions"][0]["status"] == "accepted"
    assert "LEG-7" in waived["suppressions"][0]["justification"]


def test_the_decisive_line_is_where_the_answer_stands(in_root: Path) -> None:
    results = json.loads(SarifReport().render(mixed_report()))["runs"][0]["results"]
    text = Path("tests/data/reports/mixland.yaml").read_text(encoding="utf-8").splitlines()
    partial = next(r for r in results if r["ruleId"] == "SG-CON-01")
    line = partial["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert text[line - 1].strip() == "exists:"


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("profiles/be.yaml", "profiles/be.yaml"),
        ("/srv/laws/côte d'ivoire.yaml", "file:///srv/laws/c%C3%B4te%20d%27ivoire.yaml"),
        ("with space/x#1.yaml", "with%20space/x%231.yaml"),
    ],
)
def test_paths_become_uri_references(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
