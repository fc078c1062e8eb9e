"""The command line: formats, outputs, exit codes, the JSON contract, rules and facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from safeguards.engine.cli import main
from safeguards.engine.io.validation import schema
from safeguards.engine.models import REPORT_VERSION
from safeguards.engine.models.schemagen import render as render_schema

DATA = Path(__file__).resolve().parent.parent / "data"
DEMO = str(DATA / "catalog")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def gap_profile(tmp_path: Path) -> Path:
    path = tmp_path / "gap.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: GP\nname: Gapland\nfacts:\n"
        "  interception.exists: true\n  interception.authorization: executive\n"
    )
    return path


def test_gap_of_high_severity_exits_1(gap_profile: Path) -> None:
    result = run("check", str(gap_profile), "--catalog", DEMO, "--as-of", "2026-01-01")
    assert result.exit_code == 1, result.output
    assert "GAP" in result.stdout and "SG-DEM-01" in result.stdout


@pytest.mark.parametrize(
    ("fail_on", "code"), [("critical", 0), ("high", 1), ("low", 1), ("none", 0)]
)
def test_fail_on_threshold(gap_profile: Path, fail_on: str, code: int) -> None:
    result = run("check", str(gap_profile), "--catalog", DEMO, "--fail-on", fail_on)
    assert result.exit_code == code


def test_json_report_follows_the_versioned_schema(gap_profile: Path) -> None:
    result = run(
        "check", str(gap_profile), "--catalog", DEMO, "--format", "json", "--as-of", "2026-01-01"
    )
    report = json.loads(result.stdout)
    Draft202012Validator(schema("report.schema.json")).validate(report)
    assert report["report_version"] == REPORT_VERSION == "1.1"
    assert report["tool"]["name"] == "safeguards"
    assert len(report["catalog"]["sha256"]) == 64
    assert (
        report["subjects"][0]["sha256"]
        == __import__("hashlib").sha256(gap_profile.read_bytes()).hexdigest()
    )
    finding = next(f for f in report["findings"] if f["safeguard"] == "SG-DEM-01")
    assert finding["status"] == "gap"
    assert {"fact", "value", "cited", "source", "line"} <= set(finding["decisive_facts"][0])
    assert report["summary"]["gap"] == 1
    assert set(report["summary"]) == {
        "met",
        "partial",
        "gap",
        "undetermined",
        "not_applicable",
        "waived",
    }


def test_committed_report_schema_is_up_to_date() -> None:
    committed = (
        Path(__file__).resolve().parents[2] / "engine" / "schemas" / "report.schema.json"
    ).read_text()
    assert committed == render_schema(), (
        "run `make schemas` and commit engine/schemas/report.schema.json"
    )


def test_same_inputs_same_bytes(gap_profile: Path) -> None:
    args = (
        "check",
        str(gap_profile),
        "--catalog",
        DEMO,
        "--format",
        "json",
        "--as-of",
        "2026-01-01",
    )
    assert run(*args).stdout == run(*args).stdout


def test_one_output_per_format(gap_profile: Path, tmp_path: Path) -> None:
    md, js = tmp_path / "r.md", tmp_path / "r.json"
    result = run(
        "check",
        str(gap_profile),
        "--catalog",
        DEMO,
        "--format",
        "markdown",
        "-o",
        str(md),
        "--format",
        "json",
        "-o",
        str(js),
    )
    assert result.exit_code == 1
    assert md.read_text().startswith("# Safeguards gap report")
    assert json.loads(js.read_text())["findings"]
    assert "wrote" in result.stderr


def test_output_folder(gap_profile: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = run(
        "check",
        str(gap_profile),
        "--catalog",
        DEMO,
        "--format",
        "json",
        "--format",
        "markdown",
        "-o",
        str(folder),
    )
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["gp.json", "gp.md"]


@pytest.mark.parametrize("formats", [["json"], ["json", "markdown"]])
def test_an_output_folder_ending_in_a_slash_is_made(
    gap_profile: Path, tmp_path: Path, formats: list[str]
) -> None:
    """``-o out/``: a folder that does not exist yet, not a file named ``out``."""
    folder = tmp_path / "new" / "out"
    args = [a for f in formats for a in ("--format", f)]
    result = run("check", str(gap_profile), "--catalog", DEMO, *args, "-o", f"{folder}/")
    assert result.exit_code == 1, result.output
    suffixes = {"json": ".json", "markdown": ".md"}
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"gp{suffixes[f]}" for f in formats)


def test_an_output_folder_in_the_configuration_keeps_its_slash(
    gap_profile: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / ".safeguards.yaml").write_text(
        "check:\n  format: [json, markdown]\n  output: [reports/]\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(project / ".safeguards.yaml"),
            "check",
            str(gap_profile),
            "--catalog",
            DEMO,
        ],
    )
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in (project / "reports").iterdir()) == ["gp.json", "gp.md"]


def test_mismatched_outputs_are_a_usage_error(gap_profile: Path, tmp_path: Path) -> None:
    result = run(
        "check", str(gap_profile), "--catalog", DEMO, "--format", "json", "--format", "markdown"
    )
    assert result.exit_code == 2
    assert "several --format need -o" in result.stderr


def test_bad_as_of_is_a_usage_error(gap_profile: Path) -> None:
    result = run("check", str(gap_profile), "--catalog", DEMO, "--as-of", "yesterday")
    assert result.exit_code == 2
    assert "'yesterday' is not a date" in result.stderr


def test_markdown_escapes_hostile_text(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: H\nname: '<script>alert(1)</script> | [x](javascript:y)'\n"
        "facts:\n  interception.exists: true\n  interception.authorization:\n    value: executive\n"
        "    source: {instrument: '<img src=x onerror=alert(1)>', quote: '**bold** `code`'}\n"
    )
    out = run("check", str(path), "--catalog", DEMO, "--format", "markdown").stdout
    assert "<script>" not in out and "<img" not in out
    assert "[x](javascript" not in out
    assert "\\[x\\](javascript" in out


def test_rules_list_show_and_facts() -> None:
    listed = run("rules", "list", "--catalog", DEMO)
    assert listed.exit_code == 0
    assert "SG-DEM-01" in listed.stdout and "SG-DEM-02" in listed.stdout
    shown = run("rules", "show", "sg-dem-01", "--catalog", DEMO)
    assert shown.exit_code == 0
    assert "[verified] Budapest Convention Art. 15" in shown.stdout
    assert "[UNVERIFIED] UN Convention Art. 24" in shown.stdout
    assert (
        "met when (interception.authorization is one of [independent_authority, judicial]"
        in shown.stdout
    )
    missing = run("rules", "show", "SG-DEM-1", "--catalog", DEMO)
    assert missing.exit_code == 2 and "did you mean 'SG-DEM-01'" in missing.stderr
    facts = run("facts", "jurisdiction", "--catalog", DEMO)
    assert (
        "interception.authorization  [enum: judicial, independent_authority, prosecutor, executive]"
        in facts.stdout
    )
    as_json = json.loads(run("facts", "request", "--format", "json", "--catalog", DEMO).stdout)
    assert {f["key"] for f in as_json} >= {"received_at", "response_hours"}
    assert run("facts", "country", "--catalog", DEMO).exit_code == 2


@pytest.mark.parametrize(("preset", "scanned"), [(None, False), ("", True)])
def test_the_command_does_not_look_for_pydantic_plugins(
    tmp_path: Path, preset: str | None, scanned: bool
) -> None:
    """pydantic's plugin scan (every installed distribution's entry points) is skipped.

    Unless the environment decides otherwise: an empty PYDANTIC_DISABLE_PLUGINS lets it run.
    """
    import subprocess
    import sys

    from tests.conftest import cli_env

    script = (
        "import sys\n"
        "from safeguards.engine.cli import main\n"
        "sys.argv = ['safeguards', '--no-config', 'check', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "loader = sys.modules.get('pydantic.plugin._loader')\n"
        "print(loader is not None and loader._plugins is not None)\n"
    )
    env = cli_env()
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if preset is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = preset
    profile = Path(__file__).resolve().parents[2] / "examples" / "jurisdictions" / "germany.yaml"
    done = subprocess.run(
        [sys.executable, "-c", script, str(profile), str(tmp_path / "report.txt")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [str(scanned)]
    assert (tmp_path / "report.txt").exists()


@pytest.mark.parametrize("argv", [["rules", "list"], ["check", "no-such-profile.yaml"]])
def test_the_console_script_freezes_what_is_left_and_main_does_not(
    argv: list[str], tmp_path: Path
) -> None:
    """`run` (the console script) collects less often and freezes the objects left before the
    exit, after success and after an error alike; `main`, which a program may call many times,
    does neither: the program's collector keeps its own settings."""
    import gc
    import subprocess
    import sys

    from safeguards.engine.cli import GC_THRESHOLDS
    from tests.conftest import cli_env

    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print(gc.get_threshold(), file=sys.stderr))\n"
        "atexit.register(lambda: print(gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "from safeguards.engine.cli import run\n"
        f"sys.argv = ['safeguards', '--no-config', *{argv!r}]\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=cli_env(), capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == (0 if argv[0] == "rules" else 2), done.stderr[-2000:]
    assert done.stderr.strip().splitlines()[-2:] == ["True", str(GC_THRESHOLDS)]
    assert GC_THRESHOLDS[0] > 700 and GC_THRESHOLDS[2] > 10  # above Python's own
    before, thresholds = gc.get_freeze_count(), gc.get_threshold()
    CliRunner().invoke(main, ["--no-config", *argv])
    assert gc.get_freeze_count() == before
    assert gc.get_threshold() == thresholds
