"""Reports under test: built once from the fixed catalog and profiles of tests/data/reports."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from safeguards.engine import api
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.logic.report import build_report
from safeguards.engine.models import Report, Status

ROOT = Path(__file__).resolve().parents[2]
DATA = Path("tests/data/reports")
CATALOG = DATA / "catalog"
AS_OF = dt.date(2024, 6, 1)
PROFILES = (DATA / "mixland.yaml", DATA / "nullland.yaml")
WAIVERS = (DATA / "waivers.yaml",)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run from the repo root (report paths are relative) with no SOURCE_DATE_EPOCH set."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield ROOT


@cache
def reports_catalog() -> Catalog:
    return load_catalog(ROOT / CATALOG)


def mixed_report(by: str | None = None) -> Report:
    """Two fictional countries and a waiver: every status appears once at least."""
    assert Path.cwd() == ROOT, "use the in_root fixture"
    report = api.check(PROFILES, catalog=reports_catalog(), waivers=WAIVERS, as_of=AS_OF)
    if by is not None:
        report = report.model_copy(update={"options": {**report.options, "by": by}})
    return report


def empty_report() -> Report:
    """A report that checked nothing."""
    return build_report(reports_catalog(), [], [], as_of=AS_OF)


def hostile_report() -> Report:
    """Script tags, formulas, quotes and bidi overrides in every free-text field."""
    assert Path.cwd() == ROOT, "use the in_root fixture"
    return api.check(
        [DATA / "hostile.yaml"],
        catalog=reports_catalog(),
        waivers=[DATA / "hostile-waivers.yaml"],
        as_of=AS_OF,
    )


def report_named(name: str) -> Report:
    return {"empty": empty_report, "mixed": mixed_report}[name]()


def test_the_mixed_report_shows_every_status(in_root: Path) -> None:
    report = mixed_report()
    assert {f.status for f in report.findings} == set(Status)
    assert report.summary == {
        "gap": 1,
        "partial": 1,
        "undetermined": 1,
        "waived": 1,
        "met": 2,
        "not_applicable": 2,
    }


def test_the_fixtures_do_not_depend_on_the_clock(in_root: Path) -> None:
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert mixed_report() == mixed_report()
    assert empty_report().findings == ()
