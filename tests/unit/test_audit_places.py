"""Where SARIF and JUnit point an audit's requests: the line the audit read each one at.

The places come from reading the logs again with the audit's own readers
(``engine/audit/places.py``). These tests give it what the plain ``json`` and ``csv`` modules
could not read (a line nested thousands of levels deep, a cell over the csv module's size
limit: both used to end the report in a traceback), CSV rows that run over several lines, a
request whose id first comes on a record the audit could not read, and a log changed after
the audit.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from jsonschema import Draft4Validator

from safeguards.engine.audit.places import request_places
from safeguards.engine.catalog import load_catalog
from safeguards.engine.cli import main
from safeguards.engine.models.audit import LogInput
from tests.conftest import ROOT
from tests.unit.test_reports_sarif import sarif_schema

__all__ = ["sarif_schema"]

EXAMPLE = ROOT / "examples" / "requests" / "example-10.jsonl"
WORKFLOW = ROOT / "examples" / "workflows" / "strong.yaml"


def _audit(log: Path, fmt: str, out: Path) -> tuple[int, str]:
    args = ["audit", str(log), "--workflow", str(WORKFLOW), "--as-of", "2026-11-29"]
    args += ["--format", fmt, "-o", str(out), "--fail-on", "none"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _results(out: Path) -> list[tuple[str, int]]:
    """(request, startLine) of every SARIF result that names a request."""
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    return [
        (r["properties"]["request"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in run["results"]
        if r["properties"]["request"]
    ]


def _acted_on(tmp_path: Path) -> str:
    """A request of the example log with a check that needs action."""
    out = tmp_path / "plain.sarif"
    assert _audit(EXAMPLE, "sarif", out)[0] == 0
    return _results(out)[0][0]


def test_a_line_no_parser_could_nest_that_deep_is_one_more_unreadable_record(
    tmp_path: Path, sarif_schema: dict[str, Any]
) -> None:
    records = [json.loads(x) for x in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    wanted = _acted_on(tmp_path)
    spoiled = dict(next(r for r in records if r["id"] == wanted), purpose=1)  # unreadable
    lines = [json.dumps(spoiled), "[" * 5000, *(json.dumps(r) for r in records)]
    log = tmp_path / "hostile.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "audit.sarif"
    code, output = _audit(log, "sarif", out)
    assert code == 0, output
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert not list(Draft4Validator(sarif_schema).iter_errors(sarif))
    results = _results(out)
    assert wanted in {request for request, _ in results}
    for request, line in results:
        assert line > 2, request  # never the unreadable records before the readable ones
        assert json.loads(lines[line - 1])["id"] == request

    junit = tmp_path / "audit.xml"
    assert _audit(log, "junit", junit)[0] == 0
    assert ET.parse(junit).getroot().findall(".//testcase")


def _csv_log(folder: Path) -> tuple[Path, dict[str, int], set[str]]:
    """The example log as CSV, every other row with a cell of three lines, one cell of 200,000
    characters; with the first line of every row, counted as the rows are written, and the
    rows below a row of several lines (whose first line is not their row's number + 1)."""
    made = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "jsonl_to_csv.py"), str(EXAMPLE)],
        check=True,
        capture_output=True,
    )
    header, *rows = list(csv.reader(io.StringIO(made.stdout.decode("utf-8"))))
    cell = header.index("legal_basis.citation")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    starts: dict[str, int] = {}
    shifted: set[str] = set()
    line = 2
    for n, row in enumerate(rows):
        if n % 2:
            row[cell] = "Art. 1\nsecond line\nthird line"
        if n == 2:
            row[cell] = "x" * 200_000
        starts[row[header.index("id")]] = line
        if line != n + 2:
            shifted.add(row[header.index("id")])
        before = out.tell()
        writer.writerow(row)
        line += out.getvalue()[before:].count("\n")
    log = folder / "rows.csv"
    log.write_text(out.getvalue(), encoding="utf-8")
    return log, starts, shifted


def test_a_csv_row_is_placed_at_its_first_line_and_a_huge_cell_does_not_stop_it(
    tmp_path: Path,
) -> None:
    log, starts, shifted = _csv_log(tmp_path)
    out = tmp_path / "audit.sarif"
    code, output = _audit(log, "sarif", out)
    assert code == 0, output
    results = _results(out)
    assert results
    assert shifted & {request for request, _ in results}
    for request, line in results:
        assert line == starts[request], request


def test_a_log_changed_since_the_audit_gives_no_places(tmp_path: Path) -> None:
    """Its lines would name other records: no place rather than a wrong one."""
    import hashlib

    catalog = load_catalog()
    log = tmp_path / "log.jsonl"
    log.write_bytes(EXAMPLE.read_bytes())
    first = json.loads(EXAMPLE.read_text(encoding="utf-8").splitlines()[0])["id"]
    digest = hashlib.sha256(log.read_bytes()).hexdigest()
    read = LogInput(path=str(log), format="jsonl", sha256=digest)
    assert request_places(catalog, [read]).get(first) == (str(log), 1)
    log.write_bytes(b"\n" + EXAMPLE.read_bytes())  # every record a line further down
    assert len(request_places(catalog, [read])) == 0
    log.unlink()
    assert len(request_places(catalog, [read])) == 0
    streamed = LogInput(path="-", format="jsonl", sha256=digest)
    assert len(request_places(catalog, [streamed])) == 0
    failing = Path("/proc/self/mem")  # Linux: a regular file whose reading fails (EIO)
    if failing.is_file():
        read = LogInput(path=str(failing), format="jsonl", sha256=digest)
        assert len(request_places(catalog, [read])) == 0


def test_places_keep_each_request_s_first_line_of_the_first_log_holding_it(
    tmp_path: Path,
) -> None:
    """A request given twice, within a log or across two, stands where it came first."""
    import hashlib

    catalog = load_catalog()
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    ids = [json.loads(line)["id"] for line in lines[:3]]
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(lines[1] + lines[0] + lines[1], encoding="utf-8")
    two.write_text(lines[2] + lines[0], encoding="utf-8")
    read = [
        LogInput(path=str(p), format="jsonl", sha256=hashlib.sha256(p.read_bytes()).hexdigest())
        for p in (one, two)
    ]
    places = request_places(catalog, read)
    assert len(places) == 3
    assert places.get(ids[1]) == (str(one), 1)
    assert places.get(ids[0]) == (str(one), 2)
    assert places.get(ids[2]) == (str(two), 1)
    assert places.get("not-in-any-log") is None
