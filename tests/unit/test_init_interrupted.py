"""`init` ended before its first answer claims no file and leaves none behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main

CATALOG = Path(__file__).resolve().parents[1] / "data" / "lawyer" / "catalog"


@pytest.mark.parametrize("typed", ["", "RU\n", "RU\nRuritania\n"], ids=["id", "name", "as-of"])
def test_end_of_input_in_the_envelope_writes_and_claims_nothing(tmp_path: Path, typed: str) -> None:
    out = tmp_path / "ru.yaml"
    args = ["--no-config", "init", "jurisdiction", "-o", str(out), "--catalog", str(CATALOG)]
    result = CliRunner().invoke(main, args, input=typed)
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert "saved in" not in result.output and "--resume" not in result.output
    assert f"{out} was not written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_end_of_input_after_the_envelope_says_where_the_answers_are(tmp_path: Path) -> None:
    out = tmp_path / "ru.yaml"
    args = ["--no-config", "init", "jurisdiction", "-o", str(out), "--catalog", str(CATALOG)]
    result = CliRunner().invoke(main, args, input="RU\nRuritania\n2024-06-01\n")
    assert result.exit_code == 130
    assert f"saved in {out}" in result.stderr
    assert out.is_file() and (tmp_path / "jurisdiction.schema.json").is_file()


def test_an_answer_interrupted_while_cited_is_asked_again_with_its_citation(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ru.yaml"
    args = ["--no-config", "init", "jurisdiction", "-o", str(out), "--catalog", str(CATALOG)]
    # answers the first question, starts its citation, and the input ends at "article"
    first = CliRunner().invoke(main, args, input="RU\nRuritania\n2024-06-01\n1\nSome Act\n")
    assert first.exit_code == 130
    assert "instrument_type" not in out.read_text(encoding="utf-8").split("facts:")[1]
    resume = ["--no-config", "init", "jurisdiction", "--resume", str(out), "--catalog"]
    again = CliRunner().invoke(main, [*resume, str(CATALOG)], input="1\nSome Act\nArt. 1\n\n\n")
    assert again.exit_code == 130
    assert "instrument_type" in again.output
    text = out.read_text(encoding="utf-8")
    assert "value: treaty" in text and "instrument: Some Act" in text and "article: Art. 1" in text


@pytest.mark.parametrize("errors", ["surrogateescape", "strict"])
def test_a_typed_line_that_is_not_utf8_is_asked_again(tmp_path: Path, errors: str) -> None:
    """A Latin-1 terminal or file gives bytes no UTF-8 profile can hold: the line comes again.

    Run as a child process, so that its standard input decodes as a user's does (``strict``
    is what a UTF-8 locale gives, ``surrogateescape`` the C locale).
    """
    import subprocess

    from tests.conftest import CLI_COMMAND, cli_env

    profile = tmp_path / "ru.yaml"
    args = ["init", "jurisdiction", "-o", str(profile), "--catalog", str(CATALOG)]
    typed = "RU\nRuritani\xe4\nRuritania\n2024-06-01\n".encode("latin-1")
    result = subprocess.run(
        [*CLI_COMMAND, *args],
        input=typed,
        capture_output=True,
        env={**cli_env(), "PYTHONIOENCODING": f"utf-8:{errors}"},
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 130, result.stderr  # the input ends before the first answer
    assert b"Traceback" not in result.stderr
    assert b"that is not UTF-8 text (Ruritani<U+DCE4>; <U+DCxx> is byte xx): again" in (
        result.stderr
    )
    text = profile.read_text(encoding="utf-8")
    assert "name: Ruritania\n" in text


def test_resuming_a_profile_with_another_hard_link_says_the_other_name_keeps_the_old_text(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ru.yaml"
    args = ["--no-config", "init", "jurisdiction", "-o", str(out), "--catalog", str(CATALOG)]
    assert CliRunner().invoke(main, args, input="RU\nRuritania\n2024-06-01\n").exit_code == 130
    other = tmp_path / "same.yaml"
    os.link(out, other)
    resume = ["--no-config", "init", "jurisdiction", "--resume", str(out), "--catalog"]
    again = CliRunner().invoke(main, [*resume, str(CATALOG)], input="")
    assert again.exit_code == 130
    assert f"{out} has another hard link: the edit replaces the file under this name" in (
        again.stderr
    )
