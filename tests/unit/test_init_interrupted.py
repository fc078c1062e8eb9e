"""`init` ended before its first answer claims no file and leaves none behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main

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
