"""Transparency tables: periods, counts of the example log, suppression, safe CSV and HTML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from safeguards.engine.audit.bands import band
from safeguards.engine.audit.transparency import (
    REPEATS_SHOWN,
    Period,
    TransparencyReport,
    compute_tables,
)
from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import UsageError
from safeguards.engine.models.report import CatalogInfo, ToolInfo
from safeguards.engine.models.transparency import Table
from safeguards.reports.base import spreadsheet_cell
from safeguards.reports.transparency import TRANSPARENCY_FORMATS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "requests" / "example-10.jsonl"
AS_OF = dt.date(2026, 11, 29)


def report(catalog: Catalog, min_cell: int = 0, log: Path = EXAMPLE) -> TransparencyReport:
    return compute_tables(
        catalog, [str(log)], period=Period.parse("2026-H2"), min_cell=min_cell, as_of=AS_OF
    )


def table(rep: TransparencyReport, tid: str) -> Table:
    return next(t for t in rep.tables if t.id == tid)


def cell(t: Table, row_key: tuple[str, ...], column: str) -> object:
    width = len(row_key)
    row = next(r for r in t.rows if tuple(r[:width]) == row_key)
    return row[t.columns.index(column)]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 7, 1)),
        ("2026-H2", dt.date(2026, 7, 1), dt.date(2027, 1, 1)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        ("2026-05", dt.date(2026, 5, 1), dt.date(2026, 6, 1)),
    ],
)
def test_periods(text: str, start: dt.date, end: dt.date) -> None:
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2026-H3", "26", "2026-13", "last year"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(UsageError):
        Period.parse(text)


def test_example_log_tables(catalog: Catalog) -> None:
    rep = report(catalog)
    assert rep.requests_in_period == 10
    t1 = table(rep, "T1")
    assert sum(r[t1.columns.index("requests")] for r in t1.rows) == 9  # preservation apart
    assert sum(r[t1.columns.index("some data produced")] for r in t1.rows) == 8
    assert cell(t1, ("TR", "non_judicial_demand"), "% some data produced") == 0.0
    t2 = table(rep, "T2")
    assert sum(r[t2.columns.index("content")] for r in t2.rows) == 3
    assert sum(r[t2.columns.index("non content only")] for r in t2.rows) == 5
    assert sum(r[t2.columns.index("rejected")] for r in t2.rows) == 1
    assert cell(table(rep, "T4"), ("BR",), "requests") == 1
    t8 = table(rep, "T8")
    assert cell(t8, ("with confidentiality order",), "requests") == 2
    assert cell(t8, ("notices overdue",), "requests") == 1
    t9 = table(rep, "T9")
    assert cell(t9, ("pushback", "narrowed"), "requests") == 1
    assert cell(t9, ("rejection reason", "invalid_channel"), "requests") == 1
    t13 = table(rep, "T13")
    assert cell(t13, ("biometric", "requests"), "requests") == 1
    assert cell(t13, ("biometric", "additional court order"), "requests") == 0
    assert cell(t13, ("real-time (domestic_law)", "refused"), "requests") == 1
    assert any("closed requests only" in n for n in rep.notes)
    assert {t.id for t in rep.tables} >= {"T1", "T2", "T3", "T4", "T5", "T6", "T8", "T9"}
    assert {t.id for t in rep.tables} >= {"T10", "T11", "T13"}


def test_small_cells_are_suppressed_with_a_footnote(catalog: Catalog) -> None:
    rep = report(catalog, min_cell=3)
    t1 = table(rep, "T1")
    assert cell(t1, ("DE", "eu_production_order"), "requests") == "<3"
    assert cell(t1, ("DE", "eu_production_order"), "% some data produced") == "suppressed"
    assert any("suppressed" in n for n in t1.notes)


BIG = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"


def counts_of(rep: TransparencyReport, tid: str, parts: list[str]) -> list[list[object]]:
    t = table(rep, tid)
    return [[row[t.columns.index(c)] for c in parts] for row in t.rows]


def test_no_small_count_can_be_recomputed_from_a_row_total(catalog: Catalog) -> None:
    rep = compute_tables(catalog, [str(BIG)], period=Period.parse("2026"), as_of=AS_OF)
    assert rep.min_cell == 5  # the default protects small cells
    split = ["content", "non content only", "no data found", "rejected", "other"]
    t2 = table(rep, "T2")
    protected = 0
    for row in t2.rows:
        closed = row[t2.columns.index("closed")]
        parts = [row[t2.columns.index(c)] for c in split]
        if not isinstance(closed, int):
            continue
        unknown = [p for p in parts if not isinstance(p, int)]
        assert len(unknown) != 1, row  # one unknown part would be closed - the others
        protected += "suppressed" in parts
        shares = [row[t2.columns.index("% " + c)] for c in split]
        for count, share in zip(parts, shares, strict=True):
            assert isinstance(count, int) or share == "suppressed", row
    assert protected, "the example log has rows that need complementary suppression"
    t1 = table(rep, "T1")
    for row in t1.rows:
        total = row[t1.columns.index("requests")]
        pair = [row[t1.columns.index(c)] for c in ("in process", "closed")]
        if isinstance(total, int):
            assert sum(not isinstance(p, int) for p in pair) != 1, row


def test_medians_of_small_groups_are_withheld(catalog: Catalog) -> None:
    rep = compute_tables(catalog, [str(BIG)], period=Period.parse("2026"), as_of=AS_OF)
    t11 = table(rep, "T11")
    for row in t11.rows:
        closed = row[t11.columns.index("closed")]
        median = row[t11.columns.index("median hours")]
        if not isinstance(closed, int):
            assert median == "suppressed" and row[t11.columns.index("p90 hours")] == "suppressed"
    t3 = table(rep, "T3")
    for row in t3.rows:
        if not isinstance(row[t3.columns.index("requests")], int):
            assert row[t3.columns.index("median response hours")] in ("suppressed", None)


def test_publishing_every_count_says_so(catalog: Catalog) -> None:
    rep = report(catalog, min_cell=0)
    assert any("No count is suppressed" in n for n in rep.notes)


def test_the_page_and_the_markdown_say_what_was_read_and_run_nothing(catalog: Catalog) -> None:
    rep = report(catalog, min_cell=0)
    hostile = Table(
        id="T9", title="t", columns=("kind", "value"),
        rows=(("pushback", '<img src=x onerror=alert(1)>'), ("x", "[x](javascript:alert(1))")),
    )  # fmt: skip
    rep = rep.model_copy(update={"tables": (hostile,)})
    page = TRANSPARENCY_FORMATS["html"]().render(rep)
    assert 'http-equiv="Content-Security-Policy"' in page and "script-src 'none'" in page
    assert "<img" not in page
    text = TRANSPARENCY_FORMATS["markdown"]().render(rep)
    assert "<img" not in text and "[x](javascript:" not in text
    digest = rep.inputs[0].sha256
    assert digest in page and digest in text


def test_other_periods_count_nothing(catalog: Catalog) -> None:
    rep = compute_tables(catalog, [str(EXAMPLE)], period=Period.parse("2026-H1"), as_of=AS_OF)
    assert rep.requests_in_period == 0 and rep.outside_period == 10


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formulas_are_neutralized(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text


def test_every_format_renders_and_escapes(catalog: Catalog, tmp_path: Path) -> None:
    rec = json.loads(EXAMPLE.read_text(encoding="utf-8").splitlines()[0])
    rec["authority"]["country"] = "<script>alert(1)</script>"
    rec["offence"]["category"] = "fraud"
    log = tmp_path / "hostile.jsonl"
    log.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    rep = report(catalog, log=log)
    page = TRANSPARENCY_FORMATS["html"]().render(rep)
    assert "<script>" not in page and "&lt;script&gt;" in page
    rows = list(csv.reader(io.StringIO(TRANSPARENCY_FORMATS["csv"]().render(rep))))
    assert rows[0] == ["period", "table", "row", "column", "value"]
    assert json.loads(TRANSPARENCY_FORMATS["json"]().render(rep))["period"] == "2026-H2"
    assert "## T1" in TRANSPARENCY_FORMATS["markdown"]().render(rep)


@pytest.mark.parametrize("text", [" =2+2", '  =HYPERLINK("http://x")', " @SUM(A1)"])
def test_formulas_after_leading_spaces_are_neutralized_in_the_csv(text: str) -> None:
    assert spreadsheet_cell(text) == "'" + text
    table = Table(id="T1", title="t", columns=("country",), rows=((text,),))
    report = TransparencyReport(
        tool=ToolInfo(version="0.1.0"), catalog=CatalogInfo(version="1", sha256="0" * 64),
        period="2026", start=dt.date(2026, 1, 1), end=dt.date(2027, 1, 1), as_of=AS_OF,
        min_cell=0, inputs=(), requests_in_period=1, outside_period=0, unreadable=0, notes=(),
        tables=(table,),
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(TRANSPARENCY_FORMATS["csv"]().render(report))))
    values = [row[-1] for row in rows[1:] if row[1] == "T1"]
    assert values == ["'" + text]


def test_every_format_says_what_made_the_tables(catalog: Catalog) -> None:
    """Tool version, catalog, period, threshold and each log's SHA-256, in every format."""
    rep = report(catalog, min_cell=5)
    digest = rep.inputs[0].sha256
    for name, renderer in TRANSPARENCY_FORMATS.items():
        text = renderer().render(rep)
        for needed in ("safeguards", "0.1.0", catalog.sha256, digest, "2026-H2"):
            assert needed in text, (name, needed)
        assert "minimum cell" in text.lower() or '"min_cell": 5' in text, name
    rows = list(csv.reader(io.StringIO(TRANSPARENCY_FORMATS["csv"]().render(rep))))
    provenance = {r[3]: r[4] for r in rows[1:] if r[1] == "provenance"}
    assert provenance["minimum cell"] == "5" and provenance["log sha256"] == digest


def national_security_log(tmp_path: Path, count: int) -> Path:
    """The big example log with the first ``count`` records turned into security letters."""
    lines = BIG.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        record = json.loads(line)
        if i < count:
            record["legal_process"]["type"] = "national_security_letter"
        out.append(json.dumps(record))
    log = tmp_path / "ns.jsonl"
    log.write_text("\n".join(out) + "\n", encoding="utf-8")
    return log


def test_national_security_demands_are_only_in_bands_after_the_delay(
    catalog: Catalog, tmp_path: Path
) -> None:
    plain = compute_tables(catalog, [str(BIG)], period=Period.parse("2026"), as_of=AS_OF)
    log = national_security_log(tmp_path, 7)
    late = dt.date(2027, 7, 1)
    rep = compute_tables(catalog, [str(log)], period=Period.parse("2026"), as_of=late)
    # they leave every exact count: the total and T1 alike
    assert rep.requests_in_period == plain.requests_in_period - 7
    t1 = table(rep, "T1")
    assert all(row[1] != "national_security_letter" for row in t1.rows)
    t12 = table(rep, "T12")
    assert cell(t12, ("national_security_letter",), "requests") == "0–249"
    assert cell(t12, ("fisa_order",), "requests") == "0–249"  # a zero is not told apart
    early = compute_tables(catalog, [str(log)], period=Period.parse("2026"), as_of=AS_OF)
    t12 = table(early, "T12")
    assert t12.rows == () and "2027-07-01" in t12.notes[0]
    wide = compute_tables(
        catalog, [str(log)], period=Period.parse("2026"), as_of=late, band_width=5
    )
    assert cell(table(wide, "T12"), ("national_security_letter",), "requests") == "5–9"


def test_cross_border_requests_by_channel(catalog: Catalog) -> None:
    rep = compute_tables(catalog, [str(BIG)], period=Period.parse("2026"), as_of=AS_OF, min_cell=0)
    t7 = table(rep, "T7")
    assert t7.rows, "the example log has requests from abroad"
    channels = {row[0] for row in t7.rows}
    assert "mlat" in channels
    assert all(isinstance(row[2], int) and row[2] > 0 for row in t7.rows)
    assert [t.id for t in rep.tables] == [f"T{i}" for i in range(1, 14)]


@pytest.mark.parametrize(
    ("count", "width", "shown"),
    [(0, 250, "0–249"), (249, 250, "0–249"), (250, 250, "250–499"), (7, 5, "5–9")],
)
def test_bands(count: int, width: int, shown: str) -> None:
    assert band(count, width) == shown


def _periodic(catalog: Catalog, logs: list[Path], period: str = "2026") -> TransparencyReport:
    return compute_tables(
        catalog, [str(p) for p in logs], period=Period.parse(period), min_cell=0, as_of=AS_OF
    )


def test_a_request_id_given_twice_is_counted_once_and_named(
    catalog: Catalog, tmp_path: Path
) -> None:
    """An export overlapping the last one must not count its requests twice."""
    lines = EXAMPLE.read_bytes().splitlines(keepends=True)
    first, second = tmp_path / "jan-jun.jsonl", tmp_path / "jun-dec.jsonl"
    first.write_bytes(b"".join(lines[:6]))
    second.write_bytes(b"".join(lines[4:]) + lines[0])  # lines 5 and 6 again, and line 1
    once = _periodic(catalog, [EXAMPLE])
    twice = _periodic(catalog, [first, second])
    assert twice.requests_in_period == once.requests_in_period == 10
    assert twice.tables == once.tables
    assert twice.repeated == 3 and once.repeated == 0
    ids = [json.loads(x)["id"] for x in lines]
    note = next(n for n in twice.notes if "repeat" in n)
    assert note.startswith("3 records of the period repeat the id of a request already counted")
    shown = [(r.request, r.location, r.first) for r in twice.repeated_shown]
    assert shown == [
        (ids[4], f"{second}:1", f"{first}:5"),
        (ids[5], f"{second}:2", f"{first}:6"),
        (ids[0], f"{second}:7", f"{first}:1"),
    ]
    markdown = TRANSPARENCY_FORMATS["markdown"]().render(twice)
    assert f"- {ids[0]} at `{second}:7`, first at `{first}:1`" in markdown


def test_only_the_first_repeats_are_listed_and_all_are_counted(
    catalog: Catalog, tmp_path: Path
) -> None:
    line = EXAMPLE.read_bytes().splitlines(keepends=True)[0]
    log = tmp_path / "same.jsonl"
    log.write_bytes(line * (REPEATS_SHOWN + 8))
    rep = _periodic(catalog, [log])
    assert rep.requests_in_period == 1
    assert rep.repeated == REPEATS_SHOWN + 7
    assert len(rep.repeated_shown) == REPEATS_SHOWN
    for name in ("markdown", "html"):
        assert "… and 7 more" in TRANSPARENCY_FORMATS[name]().render(rep)


def test_a_log_named_twice_is_read_once(catalog: Catalog, tmp_path: Path) -> None:
    link = tmp_path / "link.jsonl"
    link.symlink_to(EXAMPLE)
    again = _periodic(catalog, [EXAMPLE, link, EXAMPLE])
    once = _periodic(catalog, [EXAMPLE])
    assert again.model_dump() == once.model_dump()


def test_a_repeated_id_outside_the_period_or_unreadable_is_not_a_repeat(
    catalog: Catalog, tmp_path: Path
) -> None:
    lines = EXAMPLE.read_bytes().splitlines(keepends=True)
    log = tmp_path / "log.jsonl"
    record = json.loads(lines[0])
    earlier = {**record, "intake": {**record["intake"], "received_at": "2025-12-31T23:59:00Z"}}
    broken = lines[0].replace(b'"intake"', b'"intake":1,"x"', 1)
    log.write_bytes(json.dumps(earlier).encode() + b"\n" + broken + b"".join(lines))
    rep = _periodic(catalog, [log])
    assert (rep.repeated, rep.outside_period, rep.unreadable) == (0, 1, 1)
    assert rep.requests_in_period == 10


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_repeats_anywhere_leave_the_tables_of_the_log_without_them(
    catalog: Catalog, tmp_path: Path, seed: int
) -> None:
    """Differential: a year's log with earlier records copied in at random places, across two
    logs, publishes exactly the tables of the log itself."""
    import random

    year = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"
    lines = year.read_bytes().splitlines(keepends=True)
    rng = random.Random(seed)
    spoiled = list(lines)
    for _ in range(40):
        at = rng.randrange(1, len(spoiled) + 1)
        spoiled.insert(at, rng.choice(spoiled[:at]))
    half = len(spoiled) // 2
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(b"".join(spoiled[:half]))
    second.write_bytes(b"".join(spoiled[half:]))
    clean, repeated = _periodic(catalog, [year]), _periodic(catalog, [first, second])
    assert repeated.tables == clean.tables
    assert repeated.requests_in_period == clean.requests_in_period
    assert repeated.repeated == 40
