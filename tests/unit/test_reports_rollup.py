"""Roll-up: findings under a framework's headings, the worst status winning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.models import Status
from safeguards.reports.rollup import UNMAPPED, aggregate, requested, rollup
from tests.unit.test_reports_data import AS_OF, CATALOG, PROFILES, WAIVERS, in_root, mixed_report

__all__ = ["in_root"]

G, P, U, W, M, N = (
    Status.GAP,
    Status.PARTIAL,
    Status.UNDETERMINED,
    Status.WAIVED,
    Status.MET,
    Status.NOT_APPLICABLE,
)


@pytest.mark.parametrize(
    ("statuses", "combined"),
    [
        ([M, G, P, U], G),
        ([M, P, U], P),
        ([M, U, W], U),
        ([M, W], W),
        ([M, N], M),
        ([N, N], N),
        ([], N),
    ],
)
def test_the_worst_status_wins(statuses: list[Status], combined: Status) -> None:
    assert aggregate(statuses) is combined


def test_by_proposal(in_root: Path) -> None:
    groups = {(g.subject, g.heading): g for g in rollup(mixed_report(), "seed").groups}
    assert [h for s, h in groups if s == "MX"] == ["S9", "S12", "S14"]
    assert groups["MX", "S9"].status is P  # SG-CON-01 partial + SG-CON-02 undetermined
    assert groups["MX", "S9"].safeguards == ("SG-CON-01", "SG-CON-02")
    assert groups["NX", "S9"].status is N
    assert groups["NX", "S12"].status is W
    assert groups["MX", "S14"].status is G


def test_by_a_reference_framework(in_root: Path) -> None:
    groups = {(g.subject, g.heading): g for g in rollup(mixed_report(), "budapest").groups}
    assert [h for s, h in groups if s == "MX"] == ["Art. 15", "Art. 21", UNMAPPED]
    assert groups["MX", "Art. 15"].status is P
    assert groups["MX", UNMAPPED].safeguards == ("SG-BIO-01", "SG-TRA-01")
    assert groups["MX", UNMAPPED].status is G
    un = rollup(mixed_report(), "un").groups[0]
    assert (un.heading, un.title) == ("Art. 24", "Conditions and safeguards")


def test_unknown_framework(in_root: Path) -> None:
    with pytest.raises(ValueError, match="unknown framework 'x'"):
        rollup(mixed_report(), "x")


def test_a_report_asks_for_a_roll_up_only_by_a_known_framework(in_root: Path) -> None:
    """A report's ``options.by`` names the roll-up to show; anything else asks for none."""
    report = mixed_report()
    for by, asked in (("un", "un"), ("seed", "seed"), ("x", None), (3, None), (None, None)):
        options = {**report.options, "by": by}
        assert requested(report.model_copy(update={"options": options})) == asked, by


def _check(*extra: str) -> str:
    args = ["check", *map(str, PROFILES), "--catalog", str(CATALOG), "--as-of", str(AS_OF)]
    args += ["--waivers", str(WAIVERS[0]), "--fail-on", "none", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_check_by_in_text_and_markdown(in_root: Path) -> None:
    text = _check("--by", "seed")
    assert "Roll-up by proposal of the submission (S1–S20):" in text
    assert "PARTIAL       S9  (SG-CON-01 partial, SG-CON-02 undetermined)" in text
    markdown = _check("--by", "np", "--format", "markdown")
    assert "## Roll-up by Necessary & Proportionate principle" in markdown
    assert "| Transparency | met | SG-TRA-01 (met) |" in markdown
    assert "Roll-up" not in _check()


def test_check_by_in_json(in_root: Path) -> None:
    data = json.loads(_check("--by", "seed", "--format", "json"))
    assert data["options"]["by"] == "seed"
    first = data["options"]["rollup"]["groups"][0]
    assert (first["subject"], first["heading"], first["status"]) == ("MX", "S9", "partial")


def test_check_by_refuses_an_unknown_framework(in_root: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(PROFILES[0]), "--by", "nope"])
    assert result.exit_code == 2
    assert "Invalid value for '--by'" in result.output
