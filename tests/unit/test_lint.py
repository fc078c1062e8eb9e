"""`safeguards rules lint` fails when the catalog and its living spec drift apart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from safeguards.engine.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path, seed_text: str) -> Path:
    shutil.copytree(
        ROOT / "rules", tmp_path / "rules", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "features", tmp_path / "features")
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    return tmp_path


def lint(ws: Path) -> Result:
    args = ["rules", "lint", "--catalog", str(ws / "rules"), "--features", str(ws / "features")]
    return CliRunner().invoke(main, [*args, "--seed", str(ws / "seed.txt")])


def test_the_shipped_catalog_passes(workspace: Path) -> None:
    result = lint(workspace)
    assert result.exit_code == 0, result.output
    assert "catalog OK" in result.stderr


def test_removing_a_scenario_row_is_caught(workspace: Path) -> None:
    feature = workspace / "features" / "biometric-data.feature"
    text = feature.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not re.search(r"\|\s*partial\s*\|\s*$", line)]
    assert len(kept) < len(text.splitlines())
    feature.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = lint(workspace)
    assert result.exit_code == 1
    assert "SG-BIO-01: no scenario shows the jurisdiction check giving 'partial'" in result.stdout


def test_misspelling_a_fact_is_caught(workspace: Path) -> None:
    rule = workspace / "rules" / "catalog" / "biometric-data" / "SG-BIO-01.yaml"
    rule.write_text(
        rule.read_text().replace(
            "biometric.additional_court_order", "biometric.aditional_court_order", 1
        )
    )
    result = lint(workspace)
    assert result.exit_code == 2
    assert (
        "unknown fact 'biometric.aditional_court_order' (did you mean 'biometric.additional_court_order'?)"
        in result.stderr
    )
    assert re.search(r"SG-BIO-01\.yaml:\d+:\d+: ", result.stderr)


def test_altering_a_quote_is_caught(workspace: Path) -> None:
    rule = workspace / "rules" / "catalog" / "biometric-data" / "SG-BIO-01.yaml"
    text = rule.read_text()
    assert "court order should be" in text
    rule.write_text(text.replace("court order should be", "court warrant should be", 1))
    result = lint(workspace)
    assert result.exit_code == 1
    assert "SG-BIO-01: quote not found in the seed" in result.stdout


def test_a_proposal_without_safeguard_is_caught(workspace: Path) -> None:
    for rule in (workspace / "rules" / "catalog").rglob("*.yaml"):
        if re.search(r"ref: \[S20\]", rule.read_text()):
            rule.unlink()
    result = lint(workspace)
    assert "proposal S20 is encoded by no safeguard" in result.stdout


def test_colliding_ids_are_caught(workspace: Path) -> None:
    src = workspace / "rules" / "catalog" / "biometric-data" / "SG-BIO-01.yaml"
    dest = workspace / "rules" / "catalog" / "governance" / "SG-BIO-01.yaml"
    dest.write_text(src.read_text().replace("family: biometric-data", "family: governance"))
    result = lint(workspace)
    assert result.exit_code == 2
    assert "duplicate safeguard id 'SG-BIO-01'" in result.stderr


def test_a_feature_that_does_not_parse_is_named_where_it_breaks(workspace: Path) -> None:
    """A broken living spec is reported at its line, not read as a spec without scenarios."""
    broken = workspace / "features" / "broken.feature"
    text = "Feature: broken\n  Scenario: a step out of place\n    Given a step\n  Rubbish here\n"
    broken.write_text(text, encoding="utf-8")
    result = lint(workspace)
    assert result.exit_code == 1, result.output
    (line,) = [x for x in result.stdout.splitlines() if "broken.feature" in x]
    assert line.startswith(f"{broken}:4:3: cannot parse: expected: "), line
    assert line.endswith("got 'Rubbish here'"), line
    assert "Traceback" not in result.output
