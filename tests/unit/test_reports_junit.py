"""JUnit XML: valid against the Jenkins xUnit schema; gap fails, undetermined errs, waived skips."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from safeguards.reports.audit_ci import case_xml
from safeguards.reports.junit import JunitReport
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


@pytest.fixture(scope="module")
def junit_schema(shared_schemas: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared_schemas / "junit.xsd")))


@pytest.mark.parametrize("undetermined", ["skipped", "error", "failure"])
@pytest.mark.parametrize("which", ["empty", "mixed"])
def test_the_document_is_valid_junit(
    in_root: Path, junit_schema: etree.XMLSchema, which: str, undetermined: str
) -> None:
    text = JunitReport(undetermined=undetermined).render(report_named(which))  # type: ignore[arg-type]
    doc = etree.fromstring(text.encode("utf-8"))
    assert junit_schema.validate(doc), junit_schema.error_log


def _cases(text: str) -> dict[tuple[str, str], str]:
    root = etree.fromstring(text.encode("utf-8"))
    out = {}
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            children = [c.tag for c in case]
            out[(suite.get("name"), case.get("name").split()[0])] = (
                children[0] if children else "pass"
            )
    return out


def test_one_case_per_subject_and_check(in_root: Path) -> None:
    report = mixed_report()
    cases = _cases(JunitReport().render(report))
    # one case per finding, and one per waiver in its waiver file's suite
    assert len(cases) == len(report.findings) + len(report.waivers) == 9
    assert cases["waivers (tests/data/reports/waivers.yaml)", "SG-TRA-01"] == "pass"
    assert cases["Mixland (MX)", "SG-BIO-01"] == "failure"  # gap
    assert cases["Mixland (MX)", "SG-CON-01"] == "failure"  # partial
    assert cases["Mixland (MX)", "SG-CON-02"] == "skipped"  # undetermined
    assert cases["Mixland (MX)", "SG-TRA-01"] == "pass"  # met
    assert cases["Nulland (NX)", "SG-CON-01"] == "skipped"  # not applicable
    assert cases["Nulland (NX)", "SG-TRA-01"] == "skipped"  # waived


def test_undetermined_can_count_as_failure(in_root: Path) -> None:
    text = JunitReport(undetermined="failure").render(mixed_report())
    assert _cases(text)["Mixland (MX)", "SG-CON-02"] == "failure"
    root = etree.fromstring(text.encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("9", "3", "0")


def test_totals_and_evidence(in_root: Path) -> None:
    root = etree.fromstring(JunitReport().render(mixed_report()).encode("utf-8"))
    # 8 findings and the waiver's case
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("9", "2", "0")
    mx = root.find("testsuite")
    assert (
        mx is not None and mx.get("skipped") == "1" and mx.get("file", "").endswith("mixland.yaml")
    )
    props = {p.get("name"): p.get("value") for p in mx.iter("property")}
    assert props["as_of"] == "2024-06-01" and len(props["catalog_sha256"] or "") == 64
    failure = mx.find("testcase/failure")
    assert failure is not None and failure.get("type") == "gap"
    assert "mixland.yaml:26" in (failure.text or "")  # the answer in force
    assert "Remediation:" in (failure.text or "")


def test_cli_flag_reports_undetermined_as_failure(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    profile = tmp_path / "p.yaml"
    profile.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: XX\nfacts:\n  interception.exists: true\n"
    )
    demo = str(Path(__file__).resolve().parents[1] / "data" / "catalog")
    base = ["check", str(profile), "--catalog", demo, "--format", "junit", "--as-of", "2026-01-01"]
    as_skipped = CliRunner().invoke(main, base).stdout
    as_error = CliRunner().invoke(main, [*base, "--undetermined-as", "error"]).stdout
    as_failure = CliRunner().invoke(main, [*base, "--undetermined-as", "failure"]).stdout
    assert 'errors="0"' in as_skipped and 'skipped="1"' in as_skipped
    assert 'errors="1"' in as_error and 'failures="0"' in as_error
    assert 'errors="0"' in as_failure and 'failures="1"' in as_failure


def test_undetermined_is_skipped_with_its_open_questions(in_root: Path) -> None:
    root = etree.fromstring(JunitReport().render(mixed_report()).encode("utf-8"))
    case = next(c for c in root.iter("testcase") if c.get("name").startswith("SG-CON-02"))
    skipped = case.find("skipped")
    assert skipped is not None
    assert skipped.get("type") == "undetermined"
    assert skipped.get("message", "").startswith("Open questions: ")
    assert root.get("errors") == "0"


def test_undetermined_can_count_as_error(in_root: Path) -> None:
    text = JunitReport(undetermined="error").render(mixed_report())
    assert _cases(text)["Mixland (MX)", "SG-CON-02"] == "error"


def test_an_audit_is_junit_with_a_case_per_request_and_failing_check(
    in_root: Path, tmp_path: Path, junit_schema: etree.XMLSchema
) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    out = tmp_path / "audit.junit.xml"
    args = ["audit", "examples/requests/example-10.jsonl", "--as-of", "2026-11-29"]
    args += ["--workflow", "examples/workflows/strong.yaml", "--format", "junit", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    doc = etree.parse(str(out))
    assert junit_schema.validate(doc), junit_schema.error_log
    cases = list(doc.iter("testcase"))
    assert cases
    for case in cases:
        assert case.get("name", "").startswith("SG-")
        (detail,) = [c for c in case if c.tag in ("failure", "skipped", "error")]
        assert detail.get("type") in ("gap", "partial", "undetermined", "waived")
        if not case.get("name", "").endswith("[log]"):
            assert "example-10.jsonl:" in (detail.text or "")


_XML_PIECES = ["&", "<", ">", '"', "'", "\r", "\n", "\t", "]]>", "&amp;", "é", "😀", " ", "a"]


def _element_tree_case(
    name: str, classname: str, outcome: str, kind: str, message: str, text: str
) -> str:
    """A test case as ElementTree builds and writes it, indented as a suite's case."""
    import xml.etree.ElementTree as ET

    case = ET.Element("testcase", name=name, classname=classname, time="0")
    detail = ET.SubElement(case, outcome, type=kind, message=message)
    detail.text = text
    ET.indent(case, level=2)
    return ET.tostring(case, encoding="unicode")


@pytest.mark.parametrize("seed", range(3))
def test_a_case_is_written_as_element_tree_writes_it(seed: int) -> None:
    """The audit's test cases are written as text: byte for byte what ElementTree writes."""
    rng = random.Random(seed)

    def text() -> str:
        return "".join(rng.choice(_XML_PIECES) for _ in range(rng.randrange(1, 8)))

    for _ in range(1000):
        fields = (text(), text(), rng.choice(("failure", "skipped")), text(), text(), text())
        assert case_xml(*fields) == _element_tree_case(*fields), fields
