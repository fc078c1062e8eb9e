"""`safeguards waivers lint`: exceptions a reviewer can trust, and reports that warn of expiry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine import api
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.lawyer.waiverlint import MAX_DAYS, lint_waivers
from safeguards.engine.models import Severity
from safeguards.reports import renderer

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
BAD = DATA / "waivers-bad.yaml"
GOOD = DATA / "waivers-good.yaml"
ON = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(CATALOG)


def test_every_problem_is_found_at_its_line(cat: Catalog) -> None:
    found = [str(p).split(": ", 1) for p in lint_waivers(BAD, cat, ON, dict.fromkeys(["RU", "ST"]))]
    where = {f"{loc.rsplit(':', 2)[-2]}": msg for loc, msg in found}
    assert "critical safeguard may be waived for at most 90 days" in where["8"]
    assert where["9"] == "unknown safeguard 'SG-LAW-9' (did you mean 'SG-LAW-05'?)"
    assert where["15"].endswith("has no approver")
    assert where["16"] == "unknown subject 'RUR' (did you mean 'RU'?)"
    assert "placeholder justification ('TODO')" in where["17"]
    assert where["23"].endswith("has no approver")
    assert "expired on 2025-06-30" in where["25"]
    assert where["31"].startswith("warning: ") and "expires in 19 day(s)" in where["31"]
    assert where["32"] == "unknown key 'expiry' (did you mean 'expires'?)"


def test_subjects_are_checked_only_when_given(cat: Catalog) -> None:
    messages = [p.message for p in lint_waivers(BAD, cat, ON, None)]
    assert not any("unknown subject" in m for m in messages)


@pytest.mark.parametrize(("severity", "days"), list(MAX_DAYS.items()))
def test_the_horizon_depends_on_severity(
    tmp_path: Path, cat: Catalog, severity: Severity, days: int
) -> None:
    sid = next(s.id for s in cat.safeguards.values() if s.severity is severity)
    granted = dt.date(2026, 1, 1)
    for length, too_long in ((days, False), (days + 1, True)):
        path = tmp_path / "w.yaml"
        path.write_text(
            f"safeguards: 1\nwaivers:\n  - safeguard: {sid}\n    subject: RU\n"
            f"    justification: A reason.\n    approver: A. Approver\n"
            f"    granted: {granted}\n    expires: {granted + dt.timedelta(days=length)}\n"
        )
        problems = [p for p in lint_waivers(path, cat, granted) if not p.warning]
        assert bool(problems) is too_long, (severity, length, problems)


def test_a_waiver_is_in_force_on_its_expiry_day_and_expired_the_day_after(
    tmp_path: Path, cat: Catalog
) -> None:
    """The lint agrees with the evaluation (in force from ``granted`` to ``expires``, both days
    included): on the expiry day a warning that it ends today, the day after an error."""
    sid = next(iter(cat.safeguards))
    expires = dt.date(2026, 3, 31)
    path = tmp_path / "w.yaml"
    path.write_text(
        f"safeguards: 1\nwaivers:\n  - safeguard: {sid}\n    subject: RU\n"
        f"    justification: A reason.\n    approver: A. Approver\n"
        f"    granted: 2026-03-01\n    expires: {expires}\n"
    )
    (on_the_day,) = lint_waivers(path, cat, expires)
    assert on_the_day.warning and "expires in 0 day(s), on 2026-03-31" in on_the_day.message
    (after,) = lint_waivers(path, cat, expires + dt.timedelta(days=1))
    assert not after.warning and "expired on 2026-03-31" in after.message


def test_the_cli_exit_codes(tmp_path: Path) -> None:
    cat = ["--catalog", str(CATALOG), "--as-of", "2026-06-01"]
    clean = CliRunner().invoke(main, ["waivers", "lint", str(GOOD), *cat])
    assert clean.exit_code == 0, clean.output
    assert "warning: the waiver of SG-LAW-03 for RU expires in 19 day(s)" in clean.output
    bad = CliRunner().invoke(
        main,
        ["waivers", "lint", str(BAD), *cat, "--subjects", str(DATA / "ruritania.yaml"),
         str(DATA / "styles.yaml")],
    )  # fmt: skip
    assert bad.exit_code == 1
    assert "10 problem(s), 1 warning(s)" in bad.output
    stray = CliRunner().invoke(main, ["waivers", "lint", str(BAD), str(GOOD), *cat])
    assert stray.exit_code == 2 and "--subjects" in stray.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("safeguards: 1\nwaivers:\n  - safeguard: [\n")
    result = CliRunner().invoke(main, ["waivers", "lint", str(broken), *cat])
    assert result.exit_code == 2
    assert f"{broken}:4:1: YAML syntax error" in result.output
    missing = CliRunner().invoke(main, ["waivers", "lint", str(tmp_path / "none.yaml"), *cat])
    assert missing.exit_code == 2 and "no such file" in missing.output


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_reports_warn_of_waivers_about_to_expire(cat: Catalog, fmt: str) -> None:
    report = api.check([DATA / "ruritania.yaml"], catalog=cat, waivers=[GOOD], as_of=ON)
    soon = [w for w in report.waivers if w.expiring_soon]
    assert [w.safeguard for w in soon] == ["SG-LAW-03"]
    text = renderer(fmt).render(report)
    assert "expires within 30 days" in text
    assert "SG-LAW-01" in text
