"""Command-line abuse ends in one clear message and status 2, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.audit.transparency import Period
from safeguards.engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "examples" / "requests" / "example-10.jsonl"
PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--no-config", *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.mark.parametrize("period", ["9999", "9999-Q4", "0000", "0000-05"])
def test_a_period_beyond_the_calendar_is_a_usage_error(period: str) -> None:
    code, err = run(["transparency", str(LOG), "--period", period])
    assert code == 2 and err.startswith(f"error: --period '{period}'"), err


def test_the_last_and_first_representable_periods_work() -> None:
    assert Period.parse("9998-12").end.isoformat() == "9999-01-01"
    assert Period.parse("0001").start.isoformat() == "0001-01-01"


def test_set_refuses_the_first_day_of_the_calendar(tmp_path: Path) -> None:
    profile = tmp_path / "de.yaml"
    shutil.copy(PROFILE, profile)
    before = profile.read_bytes()
    code, err = run(
        ["set", str(profile), "powers.scope.limited", "true", "--effective-from", "0001-01-01"]
    )
    assert code == 2 and "--effective-from must be after 0001-01-01" in err
    assert profile.read_bytes() == before
    code, err = run(
        ["set", str(profile), "powers.scope.limited", "true", "--effective-from", "0001-01-02"]
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99999999999999", "is not a number of seconds since 1970"),
        ("253402300800", "lies beyond the year 9999"),
        ("12abc", "is not a number of seconds since 1970"),
        ("-5", "is not a number of seconds since 1970"),
    ],
)
def test_a_bad_source_date_epoch_is_a_usage_error(value: str, message: str) -> None:
    code, err = run(["check", str(PROFILE), "--fail-on", "none"], env={"SOURCE_DATE_EPOCH": value})
    assert code == 2 and message in err, err


def test_the_last_second_of_9999_is_accepted() -> None:
    code, err = run(
        ["check", str(PROFILE), "--fail-on", "none"], env={"SOURCE_DATE_EPOCH": "253402300799"}
    )
    assert code == 0, err


NOT_UTF8 = "StPO\udcff"
"""What Python makes of the argument bytes ``StPO\\xff`` (a Latin-1 terminal, say)."""


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (
            ["set", "{profile}", "powers.scope.limited", "true", "--source-instrument", NOT_UTF8],
            "--source-instrument",
        ),
        (["set", "{profile}", "research.protection.type", NOT_UTF8], "VALUE"),
        (["rules", "show", NOT_UTF8], "SAFEGUARD_ID"),
        (["transparency", str(LOG), "--period", NOT_UTF8], "--period"),
        (
            [
                "check",
                str(PROFILE),
                "--as-of",
                "2026-01-01",
                "--fail-on",
                "none",
                "--by",
                "seed",
                "--format",
                "text",
                "-o",
                "{out}",
                "--waivers",
                str(ROOT / "examples/waivers.yaml"),
                "--paper",
                "a4",
                "--only",
                "all",
                "--min-basis",
                "recollection",
            ],
            None,
        ),
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_by_name(
    args: list[str], named: str | None, tmp_path: Path
) -> None:
    profile = tmp_path / "de.yaml"
    shutil.copy(PROFILE, profile)
    out = tmp_path / "out.txt"
    args = [a.replace("{profile}", str(profile)).replace("{out}", str(out)) for a in args]
    code, err = run(args)
    if named is None:  # every text option given, none undecodable: the check passes them
        assert code == 0, err
        return
    assert code == 2, err
    assert (
        err == f"error: {named}: 'StPO<U+DCFF>' is not UTF-8 text (<U+DCxx> stands for a byte xx)\n"
    )
    assert profile.read_bytes() == PROFILE.read_bytes()
