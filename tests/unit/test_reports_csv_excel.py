"""CSV for spreadsheets: a BOM on request, provenance columns, one list item per line."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from click.testing import CliRunner

from safeguards.engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
MIXLAND = ROOT / "tests" / "data" / "reports" / "mixland.yaml"
CATALOG = ROOT / "tests" / "data" / "reports" / "catalog"


def run(*extra: str) -> bytes:
    args = ["--no-config", "check", str(MIXLAND), "--catalog", str(CATALOG), "--format", "csv"]
    result = CliRunner().invoke(main, [*args, "--fail-on", "none", "--as-of", "2024-06-01", *extra])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_a_bom_only_when_asked() -> None:
    assert not run().startswith(b"\xef\xbb\xbf")
    with_bom = run("--csv-bom")
    assert with_bom.startswith(b"\xef\xbb\xbfsubject,")
    assert with_bom[3:] == run()


def test_rows_carry_the_profile_hash_and_the_date() -> None:
    rows = list(csv.DictReader(io.StringIO(run().decode("utf-8"))))
    assert rows
    digest = hashlib.sha256(MIXLAND.read_bytes()).hexdigest()
    assert {r["profile_sha256"] for r in rows} == {digest}
    assert {r["as_of"] for r in rows} == {"2024-06-01"}


def test_list_cells_hold_one_item_per_line() -> None:
    rows = list(csv.DictReader(io.StringIO(run().decode("utf-8"))))
    many = [r for r in rows if r["decisive_answers"].count(" = ") > 1]
    assert many, "mixland has a finding with several decisive answers"
    for row in many:
        lines = row["decisive_answers"].split("\n")
        assert len(lines) == row["decisive_answers"].count(" = ")
