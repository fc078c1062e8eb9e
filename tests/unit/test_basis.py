"""The evidence basis of answers: the floor of --min-basis, provisional verdicts, every format."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.compare import build_matrix
from safeguards.engine.logic.evaluate import Options, answers_in_force, evaluate_subject
from safeguards.engine.models import Basis, Status
from safeguards.engine.subjects.load import load_subject
from safeguards.reports import REGISTRY
from tests.unit.test_reports_data import AS_OF, CATALOG, DATA, PROFILES, in_root
from tests.unit.test_reports_data import mixed_report as mixed

__all__ = ["in_root"]

MIXLAND = DATA / "mixland.yaml"


def test_basis_ranks_from_the_text_down_to_recollection() -> None:
    ranked = sorted(Basis, key=lambda b: -b.rank)
    assert ranked == [
        Basis.OFFICIAL_TEXT,
        Basis.FAITHFUL_COPY,
        Basis.SECONDARY,
        Basis.RECOLLECTION,
    ]
    assert [b.provisional for b in ranked] == [False, False, True, True]


@pytest.mark.parametrize(
    ("floor", "kept"),
    [
        (None, {"interception.exists", "interception.urgent_bypass", "transparency.statistics"}),
        (Basis.RECOLLECTION, {"interception.exists", "transparency.statistics"}),
        (Basis.SECONDARY, {"interception.exists"}),
        (Basis.FAITHFUL_COPY, {"interception.exists"}),
        (Basis.OFFICIAL_TEXT, {"interception.exists"}),
    ],
)
def test_the_floor_keeps_answers_at_or_above_it(
    in_root: Path, floor: Basis | None, kept: set[str]
) -> None:
    catalog = _catalog()
    subject = load_subject(MIXLAND, catalog)
    chosen = answers_in_force(subject, Options(as_of=_day(AS_OF), min_basis=floor))
    wanted = {"interception.exists", "interception.urgent_bypass", "transparency.statistics"}
    assert set(chosen) & wanted == kept


def test_an_answer_equal_to_the_floor_counts(in_root: Path) -> None:
    catalog = _catalog()
    subject = load_subject(MIXLAND, catalog)
    # The 2019 Data Protection Act answer is a faithful copy: the floor faithful_copy keeps it.
    kept = answers_in_force(subject, Options(as_of=_day(AS_OF), min_basis=Basis.FAITHFUL_COPY))
    assert kept["biometric.court_order"].value is False
    dropped = answers_in_force(subject, Options(as_of=_day(AS_OF), min_basis=Basis.OFFICIAL_TEXT))
    assert "biometric.court_order" not in dropped


def test_a_verdict_on_recollection_is_provisional_and_undetermined_is_not(in_root: Path) -> None:
    catalog = _catalog()
    subject = load_subject(MIXLAND, catalog)
    found = {f.safeguard: f for f in evaluate_subject(catalog, subject, Options(as_of=_day(AS_OF)))}
    assert found["SG-TRA-01"].status is Status.MET and found["SG-TRA-01"].provisional
    assert not found["SG-BIO-01"].provisional  # rests on a faithful copy
    assert found["SG-CON-02"].status is Status.UNDETERMINED and not found["SG-CON-02"].provisional
    floor = Options(as_of=_day(AS_OF), min_basis=Basis.SECONDARY)
    strict = {f.safeguard: f for f in evaluate_subject(catalog, subject, floor)}
    assert strict["SG-TRA-01"].status is Status.UNDETERMINED and not strict["SG-TRA-01"].provisional


def test_the_secondary_answer_after_a_reform_is_provisional(in_root: Path) -> None:
    catalog = _catalog()
    subject = load_subject(MIXLAND, catalog)
    later = {
        f.safeguard: f
        for f in evaluate_subject(catalog, subject, Options(as_of=_day("2025-06-01")))
    }
    assert later["SG-BIO-01"].status is Status.MET and later["SG-BIO-01"].provisional


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_format_shows_the_basis_of_a_decisive_answer(in_root: Path, name: str) -> None:
    rendered = REGISTRY[name]().render_bytes(mixed())
    if name == "docx":
        rendered = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml")
    text = rendered.decode("utf-8")
    # Every format lists the gap SG-BIO-01 with the answer it rests on, a faithful copy.
    assert "faithful copy" in text or '"basis": "faithful_copy"' in text, name


def test_matrix_cells_mark_provisional_verdicts(in_root: Path) -> None:
    m = build_matrix(mixed())
    row = next(r for r in m.rows if r.safeguard.id == "SG-TRA-01")
    assert row.is_provisional(0) and not row.is_provisional(1)
    other = next(r for r in m.rows if r.safeguard.id == "SG-CON-01")
    assert not any(other.provisional)


def test_min_basis_on_check_matrix_diff_and_missing(in_root: Path) -> None:
    runner = CliRunner()
    common = ["--as-of", AS_OF, "--catalog", str(CATALOG), "--min-basis", "faithful_copy"]
    check = runner.invoke(
        main, ["check", str(MIXLAND), "--format", "json", "--fail-on", "none", *common]
    )
    assert check.exit_code == 0, check.output
    report = json.loads(check.stdout)
    assert report["options"]["min_basis"] == "faithful_copy"
    tra = next(f for f in report["findings"] if f["safeguard"] == "SG-TRA-01")
    assert tra["status"] == "undetermined"
    matrix = runner.invoke(main, ["matrix", *map(str, PROFILES), "--format", "csv", *common])
    assert matrix.exit_code == 0 and "provisional" not in matrix.stdout
    diff = runner.invoke(main, ["diff", str(MIXLAND), str(MIXLAND), *common])
    assert diff.exit_code == 0, diff.output
    missing = runner.invoke(
        main,
        [
            "missing",
            str(MIXLAND),
            "--format",
            "json",
            "--catalog",
            str(CATALOG),
            "--min-basis",
            "secondary",
        ],
    )
    assert missing.exit_code == 0, missing.output
    assert "transparency.statistics" in {q["fact"] for q in json.loads(missing.stdout)["questions"]}


def test_missing_lists_provisional_answers_to_confirm(in_root: Path) -> None:
    result = CliRunner().invoke(
        main, ["missing", str(MIXLAND), "--as-of", AS_OF, "--catalog", str(CATALOG)]
    )
    assert result.exit_code == 0, result.output
    assert "still worth confirming in the text" in result.stdout
    assert "transparency.statistics = published  [basis: recollection]" in result.stdout
    assert "decides: SG-TRA-01 (low)" in result.stdout


def test_a_bad_floor_is_a_usage_error(in_root: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(MIXLAND), "--min-basis", "rumour"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_explain_names_the_basis_of_each_condition(in_root: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "explain",
            "SG-TRA-01",
            "--subject",
            str(MIXLAND),
            "--as-of",
            AS_OF,
            "--catalog",
            str(CATALOG),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "MET (provisional)" in result.stdout
    assert "[basis: recollection — provisional]" in " ".join(result.stdout.split())


def _catalog() -> Catalog:
    return load_catalog(CATALOG)


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def test_the_note_of_a_check_written_to_files_counts_provisional_verdicts(tmp_path: Path) -> None:
    """The one line per subject on standard error says what the text report's heading says."""
    profile = Path(__file__).resolve().parents[2] / "examples/jurisdictions/united-states.yaml"
    args = ["--no-config", "check", str(profile), "--as-of", "2026-12-01", "--fail-on", "none"]
    to_file = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "us.md")])
    to_screen = CliRunner().invoke(main, args)
    assert to_file.exit_code == to_screen.exit_code == 0
    heading = to_screen.stdout.splitlines()[0]
    assert heading.startswith("United States (federal) (US): ") and "provisional)" in heading
    assert f"US: {heading.split(': ', 1)[1]}" in to_file.stderr.splitlines()
