"""Where SARIF and JUnit point an audit's requests: the line the audit read each one at.

The audit notes where each record with findings that need action stands as it reads it
(``engine/audit/places.py``), and the findings read back take those places in turn. These
tests give it what the plain ``json`` and ``csv`` modules could not read (a line nested
thousands of levels deep, a cell over the csv module's size limit: both once ended the report
in a traceback, when the places came from reading the log again), CSV rows that run over
several lines, a request whose id first comes on a record the audit could not read, a request
given twice, standard input, and workers noting their chunks' places.
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

from safeguards.engine.audit.places import PlaceEntries, PlaceLog, located
from safeguards.engine.cli import main
from safeguards.engine.models import Finding, Severity, Status
from tests.conftest import CLI_COMMAND, ROOT, chunked_cli, cli_env, generated_log
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


def _finding(request: str | None, safeguard: str = "SG-INC-02") -> Finding:
    return Finding(
        subject="examplecloud",
        safeguard=safeguard,
        kind="request",
        status=Status.GAP,
        severity=Severity.MEDIUM,
        message="m",
        remediation="r",
        request=request,
    )


def test_findings_read_back_take_their_records_places_in_turn() -> None:
    """A record's findings take its entry, then the next record's the next; a database's rows
    have no line; a worker's entries come after what this process noted before them."""
    places = PlaceLog()
    places.start("a.jsonl", lined=True)
    places.note("R1", 4, 2)
    worker = PlaceEntries()
    worker.note("R2", 9, 1)
    worker.note("R1", 12, 1)  # the same request again, on a record of its own
    places.add(worker.entries)
    places.note("R3", 20, 1)  # this process again, after the worker's chunk
    places.start("b.db", lined=False)
    places.note("R4", 3, 1)
    assert len(places) == 5
    found = [_finding(r) for r in ("R1", "R1", "R2", "R1", "R3", "R4")]
    assert [where for _, where in located(found, places)] == [
        ("a.jsonl", 4),
        ("a.jsonl", 4),
        ("a.jsonl", 9),
        ("a.jsonl", 12),
        ("a.jsonl", 20),
        ("b.db", None),
    ]


def test_findings_out_of_step_with_the_entries_get_no_place_rather_than_a_wrong_one() -> None:
    places = PlaceLog()
    places.start("a.jsonl", lined=True)
    places.note("R1", 1, 1)
    places.note("R2", 2, 1)
    places.note("R3", 3, 1)
    found = [_finding("R1"), _finding("R3"), _finding("R3"), _finding(None)]
    assert [where for _, where in located(found, places)] == [("a.jsonl", 1), None, None, None]
    assert [where for _, where in located(found[:1] * 4, places)] == [("a.jsonl", 1)] + [None] * 3
    assert [where for _, where in located(found[:1], None)] == [None]
    assert [where for _, where in located([_finding("R1")] * 2, places)][1] is None


def test_a_request_given_twice_is_placed_at_each_of_its_records(tmp_path: Path) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    acted = _acted_on(tmp_path)
    record = next(line for line in lines if json.loads(line)["id"] == acted)
    log = tmp_path / "twice.jsonl"
    log.write_text(record + lines[0] + record, encoding="utf-8")
    out = tmp_path / "twice.sarif"
    assert _audit(log, "sarif", out)[0] == 0
    results = [line for request, line in _results(out) if request == acted]
    assert results and len(results) % 2 == 0
    half = len(results) // 2
    assert results == [1] * half + [3] * half
    junit = tmp_path / "twice.xml"
    assert _audit(log, "junit", junit)[0] == 0
    text = junit.read_text(encoding="utf-8")
    assert text.count(f"{log}:1\n") == text.count(f"{log}:3\n") == half


def test_a_log_on_standard_input_is_placed_at_its_lines(tmp_path: Path) -> None:
    """Standard input cannot be read twice: the lines are the ones the audit read."""
    out = tmp_path / "stdin.sarif"
    args = ["audit", "-", "--workflow", str(WORKFLOW), "--as-of", "2026-11-29", "--format"]
    done = subprocess.run(
        [*CLI_COMMAND, *args, "sarif", "-o", str(out), "--fail-on", "none"],
        input=b"\n" + EXAMPLE.read_bytes(),  # every record a line further down
        env=cli_env(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    records = EXAMPLE.read_text(encoding="utf-8").splitlines()
    results = _results(out)
    assert results
    for request, line in results:
        assert json.loads(records[line - 2])["id"] == request


def test_two_workers_place_every_result_where_one_process_does(tmp_path: Path) -> None:
    """Entries noted by workers, chunk by chunk, with spoiled records and repeated requests."""
    log = generated_log(tmp_path, 600, seed=5, malformed=0.2)
    text = log.read_text(encoding="utf-8")
    log.write_text(text + text.splitlines(keepends=True)[2] * 3, encoding="utf-8")
    reports = []
    for jobs in ("1", "2"):
        for fmt in ("sarif", "junit"):
            out = tmp_path / f"jobs{jobs}.{fmt}"
            args = ["audit", str(log), "--workflow", str(WORKFLOW), "--as-of", "2026-11-29"]
            args += ["--format", fmt, "-o", str(out), "--fail-on", "none", "--jobs", jobs]
            chunked_cli(args, tmp_path, 50)
            reports.append(out.read_bytes())
    assert reports[:2] == reports[2:]
    lines = {line for _, line in _results(tmp_path / "jobs2.sarif")}
    assert len(lines) > 50 and {3, 601, 602, 603} <= lines  # line 3 given three times more
