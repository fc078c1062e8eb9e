"""Command-line abuse ends in one clear message and status 2, never a traceback."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.audit.transparency import Period
from safeguards.engine.cli import main
from tests.conftest import CLI_COMMAND, cli_env

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


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("a log", "not a Word document (.docx or .dotx): the file is not a zip package"),
        ("a zip bomb", "the Word template would unpack to 83,886,080 bytes, more than 64 MiB"),
        ("no document", "not a Word document python-docx can open (no relationship of type"),
        ("broken XML", "not a Word document python-docx can open ("),
    ],
)
def test_a_docx_template_that_is_no_word_document_is_an_input_error(
    kind: str, says: str, tmp_path: Path
) -> None:
    types = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    template = {
        "a log": LOG,
        "a zip bomb": _zip(tmp_path / "bomb.docx", {"word/document.xml": b"x" * (80 << 20)}),
        "no document": _zip(tmp_path / "empty.docx", {"[Content_Types].xml": types}),
        "broken XML": _zip(tmp_path / "broken.docx", {"[Content_Types].xml": b"<Types"}),
    }[kind]
    memo = tmp_path / "memo.docx"
    args = ["check", str(PROFILE), "--format", "docx", "-o", str(memo)]
    code, err = run([*args, "--docx-template", str(template), "--fail-on", "none"])
    assert code == 2, err
    assert err.startswith(f"{template}:1:1: {says}"), err
    assert len(err.strip().splitlines()) == 1
    assert not memo.exists()


def test_a_word_memo_is_not_printed_on_a_terminal() -> None:
    """A terminal would show the .docx bytes as garbage (and perhaps obey some of them)."""
    leader, follower = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # a terminal reads what it is sent; a full pty would block the child
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the follower side closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [*CLI_COMMAND, "check", str(PROFILE), "--format", "docx", "--fail-on", "none"],
            cwd=ROOT,
            env=cli_env(),
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr.startswith("error: --format docx writes a binary file")
    assert b"PK" not in shown
    piped = subprocess.run(
        [*CLI_COMMAND, "check", str(PROFILE), "--format", "docx", "--fail-on", "none"],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
    )
    assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")
