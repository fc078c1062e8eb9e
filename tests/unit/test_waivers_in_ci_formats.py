"""Waivers worth a look in the CI formats: SARIF, GitLab Code Quality and JUnit say so too.

A waiver refused, expired, expiring within 30 days, unused or not yet granted is shown where
each format shows what is not a finding: a configuration notification at the waiver's line
(SARIF), an issue at that line (GitLab), a skipped case in a suite of the waiver file (JUnit);
a waiver applied and not expiring soon is only listed (SARIF's artifact, JUnit's passed case).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator
from lxml import etree

from safeguards.engine.cli import main
from tests.unit.test_reports_data import CATALOG, DATA, in_root

__all__ = ["in_root"]

ROWS = [
    ("SG-TRA-01", "NX", "2024-01-01", "2024-12-31"),
    ("SG-BIO-01", "MX", "2024-05-01", "2024-07-01"),
    ("SG-CON-02", "MX", "2024-01-01", "2024-05-31"),
    ("SG-CON-01", "MX", "2024-06-02", "2024-08-01"),
    ("SG-TRA-01", "MXX", "2024-01-01", "2024-12-31"),
    ("SG-CON-02", "MX", "2024-01-01", "2026-01-01"),
]
"""As of 2024-06-01: applied (not soon), applied expiring on the 30th day after, expired the
day before, granted the day after, unused (its subject misspelt), refused (too long)."""
WAIVERS = "safeguards: 1\nwaivers:\n" + "".join(
    f"  - {{safeguard: {sg}, subject: {who}, justification: Bill tabled, approver: A. C.,"
    f" granted: {granted}, expires: {expires}}}\n"
    for sg, who, granted, expires in ROWS
)
"""The waivers file: one waiver a line, the first on line 3."""

LOOKS = {
    # line: (safeguard, subject, state, SARIF level, GitLab severity)
    4: ("SG-BIO-01", "MX", "applied", "warning", "minor"),
    5: ("SG-CON-02", "MX", "expired", "warning", "minor"),
    6: ("SG-CON-01", "MX", "not_yet_granted", "note", "info"),
    7: ("SG-TRA-01", "MXX", "unused", "note", "info"),
    8: ("SG-CON-02", "MX", "refused", "warning", "minor"),
}
"""The waivers worth a look, by their line in :data:`WAIVERS`; the one on line 3 is not."""


def _check(tmp_path: Path, fmt: str, waivers: str = WAIVERS) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(waivers, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    args = ["--no-config", "check", str(DATA / "mixland.yaml"), str(DATA / "nullland.yaml")]
    args += ["--catalog", str(CATALOG), "--as-of", "2024-06-01", "--waivers", str(path)]
    args += ["--format", fmt, "-o", str(out), "--fail-on", "none"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _audit(tmp_path: Path, fmt: str) -> str:
    out = tmp_path / f"audit.{fmt}"
    args = ["--no-config", "audit", "tests/data/audit/golden.jsonl", "--as-of", "2026-11-29"]
    args += ["examples/requests/example-10.jsonl"]
    args += ["--workflow", "examples/workflows/strong.yaml", "--fail-on", "none"]
    args += ["--waivers", "tests/data/audit/golden-waivers.yaml", "--format", fmt, "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sarif_schema(shared_schemas: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (shared_schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    return schema


@pytest.fixture(scope="module")
def junit_schema(shared_schemas: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_schemas / "junit.xsd")))


def test_sarif_notifies_each_waiver_worth_a_look_at_its_line(
    in_root: Path, tmp_path: Path, sarif_schema: dict[str, Any]
) -> None:
    log = json.loads(_check(tmp_path, "sarif"))
    errors = sorted(Draft4Validator(sarif_schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    run = log["runs"][0]
    waiver_file = run["artifacts"][-1]
    assert waiver_file["roles"] == ["userSpecifiedConfiguration"]
    assert waiver_file["location"]["uri"].endswith("waivers.yaml")
    digest = hashlib.sha256((tmp_path / "waivers.yaml").read_bytes()).hexdigest()
    assert waiver_file["hashes"] == {"sha-256": digest}
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolConfigurationNotifications"]
    seen = {}
    for note in notes:
        place = note["locations"][0]["physicalLocation"]
        assert place["artifactLocation"]["index"] == len(run["artifacts"]) - 1
        rule = note["associatedRule"]
        assert run["tool"]["driver"]["rules"][rule["index"]]["id"] == rule["id"]
        props = note["properties"]
        seen[place["region"]["startLine"]] = (
            rule["id"],
            props["subject"],
            props["state"],
            note["level"],
        )
        assert note["message"]["text"].startswith(f"Waiver {rule['id']} for {props['subject']}: ")
    assert seen == {line: want[:4] for line, want in LOOKS.items()}
    by_line = {n["locations"][0]["physicalLocation"]["region"]["startLine"]: n for n in notes}
    assert by_line[4]["properties"]["expiringSoon"] is True
    assert "(expires within 30 days)" in by_line[4]["message"]["text"]
    assert by_line[7]["properties"]["reason"] == "no subject 'MXX' was checked (did you mean 'MX'?)"
    assert "365 days" in by_line[8]["properties"]["reason"]


def test_sarif_of_waivers_that_all_apply_has_no_notification(in_root: Path, tmp_path: Path) -> None:
    only_applied = "\n".join(WAIVERS.splitlines()[:3]) + "\n"
    run = json.loads(_check(tmp_path, "sarif", only_applied))["runs"][0]
    assert "invocations" not in run
    assert run["artifacts"][-1]["roles"] == ["userSpecifiedConfiguration"]


def test_gitlab_lists_each_waiver_worth_a_look_as_an_issue(in_root: Path, tmp_path: Path) -> None:
    issues = json.loads(_check(tmp_path, "gitlab"))
    waivers = [i for i in issues if i["check_name"] == "waiver"]
    assert {i["location"]["lines"]["begin"]: i["severity"] for i in waivers} == {
        line: want[4] for line, want in LOOKS.items()
    }
    assert all(i["location"]["path"].endswith("waivers.yaml") for i in waivers)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    # the same waivers give the same fingerprints; a waiver renewed is a new issue
    assert json.loads(_check(tmp_path, "gitlab")) == issues
    again = {i["location"]["lines"]["begin"]: i["fingerprint"] for i in waivers}

    def fingerprints(waivers: str) -> dict[int, str]:
        issues = json.loads(_check(tmp_path, "gitlab", waivers))
        return {
            i["location"]["lines"]["begin"]: i["fingerprint"]
            for i in issues
            if i["check_name"] == "waiver"
        }

    renewed = fingerprints(WAIVERS.replace("expires: 2024-07-01", "expires: 2024-06-30"))
    assert renewed.keys() == again.keys() and renewed[4] != again[4]
    assert {k: renewed[k] for k in (5, 6, 7, 8)} == {k: again[k] for k in (5, 6, 7, 8)}
    # 31 days before it expires, an applied waiver is no longer worth a look
    assert 4 not in fingerprints(WAIVERS.replace("expires: 2024-07-01", "expires: 2024-07-02"))


def _waiver_cases(text: str, junit_schema: etree.XMLSchema) -> tuple[Any, dict[str, str]]:
    doc = etree.fromstring(text.encode("utf-8"))
    assert junit_schema.validate(doc), junit_schema.error_log
    (suite,) = [s for s in doc.iter("testsuite") if s.get("name").startswith("waivers (")]
    cases = {}
    for case in suite.iter("testcase"):
        children = list(case)
        cases[case.get("name")] = children[0].get("type") if children else "pass"
    return suite, cases


def test_junit_gives_each_waiver_file_a_suite(
    in_root: Path, tmp_path: Path, junit_schema: etree.XMLSchema
) -> None:
    text = _check(tmp_path, "junit")
    suite, cases = _waiver_cases(text, junit_schema)
    assert suite.get("file").endswith("waivers.yaml")
    assert (suite.get("tests"), suite.get("skipped"), suite.get("failures")) == ("6", "5", "0")
    assert cases == {
        "SG-TRA-01 for NX": "pass",
        "SG-BIO-01 for MX": "applied",
        "SG-CON-02 for MX": "refused",  # two cases of that name: the second one's
        "SG-CON-01 for MX": "not_yet_granted",
        "SG-TRA-01 for MXX": "unused",
    }
    root = etree.fromstring(text.encode("utf-8"))
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root.iter("testsuite"))
    expired = [c for c in suite.iter("skipped") if c.get("type") == "expired"]
    assert expired[0].text.splitlines()[0].endswith("waivers.yaml:5")


def test_the_audit_says_the_same_of_its_waivers(
    in_root: Path,
    tmp_path: Path,
    sarif_schema: dict[str, Any],
    junit_schema: etree.XMLSchema,
) -> None:
    """The golden audit's waivers: one applied, one expired, one unused (a misspelt subject)."""
    log = json.loads(_audit(tmp_path, "sarif"))
    assert not list(Draft4Validator(sarif_schema).iter_errors(log))
    notes = log["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert [(n["associatedRule"]["id"], n["level"]) for n in notes] == [
        ("SG-TRA-12", "warning"),
        ("SG-TRA-11", "note"),
    ]
    gitlab = json.loads(_audit(tmp_path, "gitlab"))
    assert [i["severity"] for i in gitlab if i["check_name"] == "waiver"] == ["minor", "info"]
    _, cases = _waiver_cases(_audit(tmp_path, "junit"), junit_schema)
    assert cases == {
        "SG-INC-02 for examplecloud": "pass",
        "SG-TRA-12 for examplecloud": "expired",
        "SG-TRA-11 for example-cloud": "unused",
    }
