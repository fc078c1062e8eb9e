"""A waiver file shared by many subjects, checked against a few: the others' waivers in one line.

A pre-commit hook or a pull request's job checks the profiles that changed, with the waiver file
of the whole repository. Every waiver of a subject not checked is unused, and was named one by
one in the text report and as an annotation in GitHub's (which shows only ten notices a step),
before the findings. Those whose subject is close to none checked are now named together, by
subject, in one line (the text reports) or in the summary notice (GitHub). A subject close to
one checked (a misspelling to suspect) and a waiver expiring within 30 days are still named on
their own; SARIF, GitLab, JUnit, JSON and Markdown list every waiver as before.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from safeguards.engine.cli import main
from tests.unit.test_reports_data import CATALOG, DATA, in_root

__all__ = ["in_root"]

ROWS = [
    ("SG-TRA-01", "NX", "2024-01-01", "2024-12-31"),  # Nulland, not checked
    ("SG-TRA-01", "MXX", "2024-01-01", "2024-12-31"),  # close to Mixland: misspelt?
    ("SG-TRA-01", "RU", "2024-01-01", "2024-12-31"),
    ("SG-BIO-01", "RU", "2024-03-01", "2024-08-01"),
    ("SG-TRA-01", "ZZ", "2024-01-01", "2024-07-01"),  # its 30th day after the check's
    ("SG-TRA-01", "QQ", "2024-01-01", "2024-07-02"),  # its 31st
]
WAIVERS = "safeguards: 1\nwaivers:\n" + "".join(
    f"  - {{safeguard: {sg}, subject: {who}, justification: Bill tabled, approver: A. C.,"
    f" granted: {granted}, expires: {expires}}}\n"
    for sg, who, granted, expires in ROWS
)
ELSEWHERE = "Waivers of subjects not checked here, so unused: NX (1), QQ (1), RU (2)"


def _check(tmp_path: Path, fmt: str, *profiles: str) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    args = ["--no-config", "check", *(str(DATA / p) for p in profiles or ("mixland.yaml",))]
    args += ["--catalog", str(CATALOG), "--as-of", "2024-06-01", "--waivers", str(path)]
    args += ["--format", fmt, "-o", str(out), "--fail-on", "none"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_text_report_names_the_others_in_one_line(tmp_path: Path) -> None:
    lines = _check(tmp_path, "text").splitlines()
    waivers = [x for x in lines if x.startswith("Waiver")]
    assert waivers == [
        "Waiver SG-TRA-01 for MXX: unused: no subject 'MXX' was checked (did you mean 'MX'?)"
        " (until 2024-12-31)",
        "Waiver SG-TRA-01 for ZZ: unused: no subject 'ZZ' was checked"
        " (until 2024-07-01: expires within 30 days)",
        ELSEWHERE,
    ]


def test_github_annotates_only_those_worth_a_look_here(tmp_path: Path) -> None:
    commands = _check(tmp_path, "github").splitlines()
    assert f"{ELSEWHERE} (not annotated)." in commands[0]
    annotated = [x.split("title=")[1].split("::")[0] for x in commands if "waivers.yaml" in x]
    assert annotated == ["waiver SG-TRA-01 for MXX", "waiver SG-TRA-01 for ZZ"]


def test_the_machine_readable_formats_still_list_every_waiver(tmp_path: Path) -> None:
    listed = json.loads(_check(tmp_path, "json"))["waivers"]
    assert sorted((w["subject"], w["state"]) for w in listed) == sorted(
        (who, "unused") for _, who, _, _ in ROWS
    )
    sarif = json.loads(_check(tmp_path, "sarif"))
    notes = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert len(notes) == len(ROWS)


def test_a_subject_checked_is_named_no_more_in_that_line(tmp_path: Path) -> None:
    text = _check(tmp_path, "text", "mixland.yaml", "nullland.yaml")
    assert "Waivers of subjects not checked here, so unused: QQ (1), RU (2)\n" in text
    assert "for NX" not in text  # applied, or unused for want of a finding, and not soon


def test_no_such_line_without_a_subject_to_compare_with(tmp_path: Path) -> None:
    """Every waiver is of a subject checked, or close to one: each is named on its own."""
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS.replace("RU", "MX").replace("QQ", "NX"), encoding="utf-8")
    args = ["--no-config", "check", str(DATA / "mixland.yaml"), str(DATA / "nullland.yaml")]
    args += ["--catalog", str(CATALOG), "--as-of", "2024-06-01", "--waivers", str(path)]
    text = CliRunner().invoke(main, [*args, "--fail-on", "none"]).output
    assert "not checked here" not in text and "Waiver SG-TRA-01 for ZZ" in text


def test_an_audit_names_another_subjects_waivers_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS.replace("MXX", "example-cloud"), encoding="utf-8")
    args = ["--no-config", "audit", "examples/requests/example-10.jsonl", "--as-of", "2024-06-01"]
    args += ["--workflow", "examples/workflows/strong.yaml", "--fail-on", "none"]
    args += ["--waivers", str(path)]
    text = CliRunner().invoke(main, args).output
    assert "Waiver SG-TRA-01 for example-cloud: unused: no subject 'example-cloud'" in text
    assert "Waivers of subjects not checked here, so unused: NX (1), QQ (1), RU (2)" in text
    github = CliRunner().invoke(main, [*args, "--format", "github"]).output.splitlines()
    assert "Waivers of subjects not checked here, so unused: NX (1)" in github[0]
    assert sum("waivers.yaml" in x for x in github) == 2
