"""A command given the wrong kind of file says what the file is, once, at the key that shows it.

A waiver file given as a profile, a profile or a JSON report given as waivers, a request log
given to `waivers lint`: one located message, exit status 2, nothing written, the file as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PROFILE = "a profile or a workflow"
WAIVERS = "a waiver file"
TO_CHECK = "check it with 'safeguards check'"
TO_WAIVERS = "give it to --waivers, or check it with 'safeguards waivers lint'"
TO_DIFF = "'safeguards diff' compares two reports, or a report with a profile"
TO_AUDIT = (
    "audit it with 'safeguards audit' (its --findings file explains every finding,"
    " request by request)"
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for source in (
        "jurisdictions/germany.yaml",
        "workflows/strong.yaml",
        "waivers.yaml",
        "requests/example-10.jsonl",
    ):
        shutil.copy(EXAMPLES / source, tmp_path / Path(source).name)
    report = CliRunner().invoke(
        main,
        ["check", str(tmp_path / "germany.yaml"), "--format", "json", "--fail-on", "none",
         "-o", str(tmp_path / "report.json")],
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    return tmp_path


CASES = [
    (["check", "{waivers.yaml}"], "waivers.yaml", "waivers", f"a waiver file, not {PROFILE}: {TO_WAIVERS}"),
    (["check", "{report.json}"], "report.json", '"report_version"', f"a JSON report, not {PROFILE}: {TO_DIFF}"),
    (["check", "{germany.yaml}", "--waivers", "{strong.yaml}"], "strong.yaml", "kind", f"a workflow profile, not {WAIVERS}: {TO_CHECK}"),
    (["check", "{germany.yaml}", "--waivers", "{report.json}"], "report.json", '"report_version"', f"a JSON report, not {WAIVERS}: {TO_DIFF}"),
    (["check", "{germany.yaml}", "--waivers", "{example-10.jsonl}"], "example-10.jsonl", "", f"a request log, not {WAIVERS}: {TO_AUDIT}"),
    (["waivers", "lint", "{germany.yaml}"], "germany.yaml", "kind", f"a jurisdiction profile, not {WAIVERS}: {TO_CHECK}"),
    (["waivers", "lint", "{example-10.jsonl}"], "example-10.jsonl", "", f"a request log, not {WAIVERS}: {TO_AUDIT}"),
    (["missing", "{waivers.yaml}"], "waivers.yaml", "waivers", f"a waiver file, not {PROFILE}: {TO_WAIVERS}"),
    (["set", "{waivers.yaml}", "instrument_type", "treaty"], "waivers.yaml", "waivers", f"a waiver file, not {PROFILE}: {TO_WAIVERS}"),
    (["explain", "SG-BIO-01", "--subject", "{waivers.yaml}"], "waivers.yaml", "waivers", f"a waiver file, not {PROFILE}: {TO_WAIVERS}"),
    (["audit", "{example-10.jsonl}", "--workflow", "{waivers.yaml}"], "waivers.yaml", "waivers", f"a waiver file, not {PROFILE}: {TO_WAIVERS}"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "culprit", "key", "message"), CASES)
def test_the_wrong_kind_of_file_is_named_once(
    files: Path, args: list[str], culprit: str, key: str, message: str
) -> None:
    before = {p.name: p.read_bytes() for p in files.iterdir()}
    out = files / "out"
    argv = [str(files / a[1:-1]) if a.startswith("{") else a for a in args]
    result = CliRunner().invoke(main, [*argv, "-o", str(out)] if args[0] == "check" else argv)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    place, said = line.split(": ", 1)
    path, row, column = place.rsplit(":", 2)
    assert (path, said) == (str(files / culprit), message)
    text = (files / culprit).read_text(encoding="utf-8").splitlines()
    assert text[int(row) - 1][int(column) - 1 :].startswith(key)
    assert {p.name: p.read_bytes() for p in files.iterdir()} == before  # nothing written


def test_a_profile_with_a_stray_waivers_key_is_left_to_the_schema(tmp_path: Path) -> None:
    """Only a file that is plainly another kind is named so; a profile's typo is located."""
    profile = tmp_path / "p.yaml"
    text = (EXAMPLES / "jurisdictions" / "germany.yaml").read_text(encoding="utf-8")
    profile.write_text(text.replace("facts:\n", "waivers: []\nfacts:\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(profile)])
    assert result.exit_code == 2
    assert "unknown key 'waivers'" in result.stderr and "a waiver file" not in result.stderr
