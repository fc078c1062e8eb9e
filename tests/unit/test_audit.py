"""Request-log audit: readers, malformed records, findings file, waivers, golden statuses."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.audit.readers import LogHeaderError, read_csv, read_jsonl
from safeguards.engine.audit.records import RecordParser
from safeguards.engine.audit.run import WORST_KEPT, Tally, Worst
from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import InputErrors
from safeguards.engine.models import Finding, Status, Waiver
from tests.conftest import audit_findings, cli_process

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "requests" / "example-10.jsonl"
GOLDEN = ROOT / "tests" / "golden" / "audit-example-10.txt"
AS_OF = dt.date(2026, 11, 29)
ABBREV = {"met": "m", "partial": "P", "gap": "G", "undetermined": "U", "not_applicable": "·"}


def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]


def write(tmp_path: Path, lines: list[str], name: str = "log.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def matrix(findings: list[Finding], log: list[Finding]) -> str:
    ids = sorted({f.safeguard for f in findings})
    rows = {f.request: {} for f in findings}
    for f in findings:
        rows[f.request][f.safeguard] = ABBREV[f.status.value]
    out = ["request      " + " ".join(i[3:] for i in ids)]
    for rid, cells in rows.items():
        out.append(f"{rid} " + " ".join(cells[i].rjust(6) for i in ids))
    out += [f"log {f.safeguard} {f.status.value}" for f in log]
    return "\n".join(out) + "\n"


def test_example_log_gives_the_expected_findings(catalog: Catalog, update_golden: bool) -> None:
    kept: list[Finding] = []
    summary = audit_logs(catalog, [str(EXAMPLE)], as_of=AS_OF, keep=kept)
    text = matrix(kept, list(summary.log_findings))
    if update_golden:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    assert summary.requests == 10
    assert summary.log_values["log.accountability_coverage_pct"] == 90.0


def test_findings_file_has_one_line_per_applicable_check(catalog: Catalog, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    summary = audit_logs(catalog, [str(EXAMPLE)], as_of=AS_OF, findings_path=out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    applicable = sum(n for k, n in summary.totals.items() if k != "not_applicable")
    assert len(lines) == applicable
    assert {x["status"] for x in lines} <= {"met", "partial", "gap", "undetermined"}
    gap = next(x for x in lines if x["status"] == "gap")
    assert gap["request"].startswith("DR-2026-") and gap["decisive_facts"]
    assert not list(tmp_path.glob("*.tmp"))


def test_free_text_and_identifiers_are_never_echoed(catalog: Catalog, tmp_path: Path) -> None:
    rec = records()[9]
    rec["authority"]["name"] = "Officer Jane Roe"
    rec["legal_basis"]["citation"] = "jane.roe@example.org"
    rec["emergency"]["justification"] = "call +1 555 0100"
    out = tmp_path / "f.jsonl"
    audit_logs(catalog, [str(write(tmp_path, [json.dumps(rec)]))], as_of=AS_OF, findings_path=out)
    text = out.read_text(encoding="utf-8")
    assert "Jane" not in text and "555" not in text and "@" not in text


def test_bad_records_are_counted_with_their_line_and_column(
    catalog: Catalog, tmp_path: Path
) -> None:
    good = [json.dumps(r) for r in records()[:2]]
    bad_type = json.dumps({"id": "DR-1", "targets": {"accounts_count": "many"}})
    unknown = json.dumps({"id": "DR-2", "intake": {"chanel": "portal"}})
    reserved = json.dumps({"id": "DR-3", "policy": {"notice": {"grace_days": 400}}})
    no_id = json.dumps({"intake": {"channel": "portal"}})
    lines = [good[0], "{not json", bad_type, unknown, reserved, no_id, "[1, 2]", good[1]]
    log = write(tmp_path, lines)
    summary = audit_logs(catalog, [str(log)], as_of=AS_OF)
    assert summary.requests == 2 and summary.unreadable == 6
    shown = {u.location.split(":", 1)[1]: u.message for u in summary.unreadable_shown}
    assert shown["2:2"].startswith("invalid JSON")
    assert "expects a whole number, not 'many'" in shown["3:28"]
    assert "did you mean 'intake.channel'" in shown["4:27"]
    assert "computed by the audit" in next(m for k, m in shown.items() if k.startswith("5:"))
    assert "no 'id'" in next(m for k, m in shown.items() if k.startswith("6:"))


@pytest.mark.parametrize(
    "facts",
    [
        {"purpose": ["criminal_investigation"]},
        {"purpose": {"a": 1}},
        {"data": {"categories_requested": [["user.name"]]}},
        {"data": {"categories_requested": [{"a": 1}]}},
        {"targets": {"accounts_count": 1e400}},
        {"targets": {"accounts_count": 2.5}},
        {"targets": {"bulk": "yes"}},
        {"scope": {"date_from": "2026-13-45"}},
        {"intake": {"received_at": 20260101}},
        {"review": {"approvals": [{"role": ["x"]}]}},
        {"review": {"approvals": [{"colour": "red"}]}},
        {"intake": "portal"},
        {"legal_basis": {"citation": 42}},
    ],
)
def test_wrong_types_never_crash(catalog: Catalog, tmp_path: Path, facts: dict[str, Any]) -> None:
    log = write(tmp_path, [json.dumps({"id": "DR-1", **facts})])
    summary = audit_logs(catalog, [str(log)], as_of=AS_OF)
    assert summary.unreadable == 1, facts
    assert summary.unreadable_shown[0].location.startswith(f"{log}:1:")


def test_bad_values_that_look_like_identifiers_are_not_echoed(
    catalog: Catalog, tmp_path: Path
) -> None:
    line = json.dumps({"id": "DR-1", "purpose": "jane.roe@example.org"})
    summary = audit_logs(catalog, [str(write(tmp_path, [line]))], as_of=AS_OF)
    (problem,) = summary.unreadable_shown
    assert "jane" not in problem.message and "'purpose' expects" in problem.message


def test_strict_stops_at_the_first_bad_record_and_writes_nothing(
    catalog: Catalog, tmp_path: Path
) -> None:
    log = write(tmp_path, [json.dumps(records()[0]), '{"id": "DR-9", "purpose": "fun"}'])
    out = tmp_path / "f.jsonl"
    with pytest.raises(InputErrors) as err:
        audit_logs(catalog, [str(log)], as_of=AS_OF, findings_path=out, strict=True)
    assert str(err.value).startswith(f"{log}:2:")
    assert "'fun' is not" in str(err.value) or "purpose" in str(err.value)
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))


def test_csv_log_with_dotted_headers_and_semicolon_lists(catalog: Catalog) -> None:
    text = (
        "id,intake.received_at,authority.country,cross_border.provider_entity_country,"
        "legal_process.type,legal_process.access_mode,data.categories_requested,"
        "outcome.disposition,targets.bulk,targets.accounts_count\n"
        "DR-C-1,2026-09-14T08:12:00Z,DE,IE,eu_production_order,stored,"
        "user.device.ip_address;user.communications.traffic,produced_full,false,1\n"
        "DR-C-2,2026-09-14T08:12:00Z,DE,IE,eu_production_order,stored,user.nonsense,"
        "produced_full,false,1\n"
    )
    parser = RecordParser(catalog.facts["request"])
    got = list(read_csv(io.BytesIO(text.encode()), parser))
    assert got[0].problem is None and got[0].id == "DR-C-1"
    assert got[0].values["data.categories_requested"] == [
        "user.device.ip_address",
        "user.communications.traffic",
    ]
    assert got[0].values["targets.bulk"] is False
    assert got[1].problem is not None and got[1].problem.line == 3
    assert got[1].problem.column > 1


@pytest.mark.parametrize(
    ("text", "line", "message", "read"),
    [
        (
            'id\n"DR-1\n',
            2,
            "never closed (a '\"' is missing), so the rest of the file (line 2)",
            [],
        ),
        ('id\nDR-0\n"DR-1\nDR-2\nDR-3\n', 3, "the rest of the file (lines 3 to 5) was", ["DR-0"]),
        ('id\n"DR-1"x\nDR-2\n', 2, "invalid CSV: ',' expected after '\"'", ["DR-2"]),
    ],
)
def test_a_broken_quote_in_a_csv_log_is_an_unreadable_record_not_an_id(
    catalog: Catalog, text: str, line: int, message: str, read: list[str]
) -> None:
    """A quote never closed would swallow the rest of the log into one cell: said, not mended."""
    parser = RecordParser(catalog.facts["request"])
    got = list(read_csv(io.BytesIO(text.encode()), parser))
    bad = [r.problem for r in got if r.problem is not None]
    assert len(bad) == 1 and bad[0] is not None
    assert (bad[0].line, bad[0].column) == (line, 1)
    assert message in bad[0].message
    assert [r.id for r in got if r.problem is None] == read


def test_lists_of_mappings_become_one_list_per_field(catalog: Catalog) -> None:
    parser = RecordParser(catalog.facts["request"])
    (rec,) = read_jsonl([json.dumps(records()[1]).encode()], parser)
    assert rec.values["review.approvals.role"] == ["le_response_specialist", "legal_counsel"]
    assert rec.values["review.approvals.person"] == "p-104; p-017"


BIO_WAIVER = Waiver(
    safeguard="SG-BIO-01",
    subject="example-10",
    justification="Court order on file, record being corrected.",
    approver="General Counsel",
    granted=dt.date(2026, 11, 1),
    expires=dt.date(2026, 12, 31),
    requests=("DR-2026-0107",),
)
"""A waiver of one request's biometric finding in the example log (its gap, DR-2026-0107)."""


def test_waivers_cover_named_requests_only(catalog: Catalog) -> None:
    waiver = BIO_WAIVER
    kept: list[Finding] = []
    summary = audit_logs(catalog, [str(EXAMPLE)], as_of=AS_OF, waivers=[waiver], keep=kept)
    bio = next(f for f in kept if f.safeguard == "SG-BIO-01" and f.request == "DR-2026-0107")
    assert bio.status is Status.WAIVED and bio.waived_status is Status.GAP
    assert summary.waivers[0].state.value == "applied"


def test_waived_findings_are_written_alike_with_or_without_kept_findings(
    catalog: Catalog, tmp_path: Path
) -> None:
    """The findings file of an audit with waivers is the same whether findings are kept or not.

    Without ``keep`` most finding lines come from templates; a waived finding must not: it is
    written waived, exactly as the usual path (taken for every finding when they are kept)
    writes it.
    """
    waiver = BIO_WAIVER
    plain, kept_path = tmp_path / "plain.jsonl", tmp_path / "kept.jsonl"
    audit_logs(catalog, [str(EXAMPLE)], as_of=AS_OF, waivers=[waiver], findings_path=plain)
    kept: list[Finding] = []
    audit_logs(
        catalog, [str(EXAMPLE)], as_of=AS_OF, waivers=[waiver], findings_path=kept_path, keep=kept
    )
    assert plain.read_bytes() == kept_path.read_bytes()
    lines = [json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines()]
    bio = {x["request"]: x["status"] for x in lines if x["safeguard"] == "SG-BIO-01"}
    assert bio["DR-2026-0107"] == "waived"
    assert [r for r, status in bio.items() if status == "waived"] == ["DR-2026-0107"]


def test_worst_requests_are_bounded() -> None:
    tally = Tally()
    for i in range(1000):
        tally.rank(Worst(i % 37, i, f"R{i}", ()))
    assert len(tally.worst) == WORST_KEPT
    assert tally.worst_first()[0].score == 36


def test_unreadable_list_is_bounded(catalog: Catalog, tmp_path: Path) -> None:
    log = write(tmp_path, ["{"] * 200)
    summary = audit_logs(catalog, [str(log)], as_of=AS_OF)
    assert summary.unreadable == 200 and len(summary.unreadable_shown) == 50


def test_cli_audit_reads_stdin_and_renders_every_format(tmp_path: Path) -> None:
    from safeguards.engine.cli import main

    data = EXAMPLE.read_bytes()
    for fmt in ("text", "markdown", "json"):
        out = tmp_path / f"summary.{fmt}"
        args = ["audit", "-", "--as-of", "2026-11-29", "--format", fmt, "-o", str(out)]
        result = CliRunner().invoke(main, args, input=data)
        assert result.exit_code == 1, result.output
        assert "DR-2026-0110" in out.read_text(encoding="utf-8")


def test_cli_audit_missing_log_is_an_input_error(tmp_path: Path) -> None:
    from safeguards.engine.cli import main

    result = CliRunner().invoke(main, ["audit", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.jsonl'}:1:1: no such file" in result.output


def test_cli_workflow_must_be_a_workflow(tmp_path: Path) -> None:
    from safeguards.engine.cli import main

    profile = tmp_path / "wf.yaml"
    profile.write_text("safeguards: 1\nkind: jurisdiction\nid: X\nfacts: {}\n", encoding="utf-8")
    args = ["audit", str(EXAMPLE), "--workflow", str(profile)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "needs a kind: workflow file" in result.output


def test_evidence_gives_met_lines_the_fields_of_every_finding(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    plain, full = tmp_path / "plain.jsonl", tmp_path / "full.jsonl"
    base = [
        "audit",
        str(EXAMPLE),
        "--as-of",
        "2026-11-29",
        "--fail-on",
        "none",
        "-o",
        str(tmp_path / "s.txt"),
    ]
    assert CliRunner().invoke(main, [*base, "--findings", str(plain)]).exit_code == 0
    assert CliRunner().invoke(main, [*base, "--findings", str(full), "--evidence"]).exit_code == 0
    lines = [json.loads(x) for x in full.read_text().splitlines()]
    met = [x for x in lines if x["status"] == "met"]
    assert met and all(x["decisive_facts"] and "remediation" in x for x in met)
    same = [(x["request"], x["safeguard"], x["status"]) for x in lines]
    assert same == [
        (x["request"], x["safeguard"], x["status"])
        for x in map(json.loads, plain.read_text().splitlines())
    ]


def _csv_cells(record: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Flatten one JSON record the way a spreadsheet export would: dotted headers, ';' lists."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_csv_cells(value, name + "."))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            fields = dict.fromkeys(f for item in value for f in item)
            for field in fields:
                cells = [item.get(field) for item in value]
                out[f"{name}.{field}"] = ";".join(_cell(x) for x in cells if x is not None)
        elif isinstance(value, list):
            out[name] = ";".join(_cell(x) for x in value)
        else:
            out[name] = _cell(value)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize("mark", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_the_same_log_as_csv_and_jsonl_gives_identical_findings(tmp_path: Path, mark: str) -> None:
    """Also as spreadsheets in European locales save "CSV": parted by ';' (or by tabs)."""
    import csv

    records = [json.loads(line) for line in EXAMPLE.read_text().splitlines() if line.strip()]
    rows = [_csv_cells(r) for r in records]
    header = list(dict.fromkeys(k for row in rows for k in row))
    as_csv = tmp_path / "example-10.csv"
    with as_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, delimiter=mark)
        writer.writeheader()
        writer.writerows(rows)
    as_jsonl = audit_findings(tmp_path, EXAMPLE)
    assert len(as_jsonl) > 50
    assert audit_findings(tmp_path, as_csv) == as_jsonl
    if mark == ";":  # a list cell holds ';' too: the file quotes it, and it reads as a list
        assert '"' in as_csv.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ('"id";"authority.country"', "DR-1;DE", {"authority.country": "DE"}),
        ("id\tauthority.country", "DR-1\tDE", {"authority.country": "DE"}),
        ("id,authority.country", "DR-1,DE", {"authority.country": "DE"}),
        # a comma anywhere in the header: parted by commas, whatever else it holds
        ("id,data.categories_requested", 'DR-1,"user.name;user.contact.email"', None),
    ],
    ids=["semicolon-quoted", "tab", "comma", "comma-with-list"],
)
def test_the_cells_of_a_csv_log_are_parted_as_its_header_is(
    catalog: Catalog, header: str, cell: str, expected: dict[str, str] | None
) -> None:
    parser = RecordParser(catalog.facts["request"])
    (got,) = list(read_csv(io.BytesIO(f"{header}\r\n{cell}\r\n".encode()), parser))
    assert got.problem is None and got.id == "DR-1"
    if expected is None:
        assert got.values["data.categories_requested"] == ["user.name", "user.contact.email"]
    else:
        assert {k: got.values[k] for k in expected} == expected


def test_a_header_of_unknown_names_parted_by_semicolons_is_still_no_header(
    catalog: Catalog,
) -> None:
    parser = RecordParser(catalog.facts["request"])
    with pytest.raises(LogHeaderError) as refused:
        list(read_csv(io.BytesIO(b"DR-1;DE\r\nDR-2;FR\r\n"), parser))
    assert "not a header of fact names" in refused.value.message


def test_unreadable_records_fail_the_audit_unless_fail_on_none(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    log = tmp_path / "log.jsonl"
    log.write_text(EXAMPLE.read_text().splitlines()[0] + "\nnot json\n")
    base = ["audit", str(log), "--as-of", "2026-11-29", "-o", str(tmp_path / "s.txt")]
    assert CliRunner().invoke(main, [*base, "--fail-on", "critical"]).exit_code == 1
    assert CliRunner().invoke(main, [*base, "--fail-on", "none"]).exit_code == 0
    log.write_text(EXAMPLE.read_text().splitlines()[0] + "\n")
    assert CliRunner().invoke(main, [*base, "--fail-on", "critical"]).exit_code == 0


def test_a_byte_order_mark_before_the_first_record_is_skipped(tmp_path: Path) -> None:
    """As the CSV reader does; the digest of the log still covers every byte of it."""
    clean = tmp_path / "clean.jsonl"
    marked = tmp_path / "marked.jsonl"
    clean.write_bytes(EXAMPLE.read_bytes())
    marked.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    found = {}
    for log in (clean, marked):
        for jobs in ("1", "2"):
            out = tmp_path / f"{log.stem}-{jobs}.jsonl"
            done = cli_process("audit", str(log), "--findings", str(out), "--jobs", jobs)
            assert done.returncode in (0, 1), done.stderr
            assert "0 unreadable" in done.stdout
            found[log.stem, jobs] = out.read_text(encoding="utf-8").replace('"marked"', '"clean"')
    assert len(set(found.values())) == 1


def test_a_byte_order_mark_elsewhere_is_a_broken_record(catalog: Catalog) -> None:
    parser = RecordParser(catalog.facts["request"])
    lines = [json.dumps(r).encode() for r in records()[:2]]
    got = list(read_jsonl([lines[0], b"\xef\xbb\xbf" + lines[1]], parser))
    assert got[0].problem is None
    assert got[1].problem is not None and got[1].problem.line == 2
    assert "bom" in got[1].problem.message.lower()  # orjson and json both say BOM
    chunk = list(read_jsonl([b"\xef\xbb\xbf" + lines[1]], parser, start=7))  # not the log's start
    assert chunk[0].problem is not None and chunk[0].problem.line == 7


def test_a_byte_order_mark_before_a_quoted_csv_header_is_skipped(catalog: Catalog) -> None:
    """Skipped as bytes, before the CSV is parsed: the quoted first column is still 'id'."""
    parser = RecordParser(catalog.facts["request"])
    text = b'\xef\xbb\xbf"id","authority.country"\r\nDR-1,DE\r\n'
    (got,) = list(read_csv(io.BytesIO(text), parser))
    assert got.problem is None and got.id == "DR-1"
    assert got.values["authority.country"] == "DE"


def test_the_same_log_as_flat_json_lines_gives_identical_findings(tmp_path: Path) -> None:
    """A table exported as JSON lines (every fact under its dotted key) reads as the nested log."""
    from tests.conftest import generated_log
    from tests.unit.test_fastread import flattened

    source = generated_log(tmp_path, 500, seed=12, malformed=0.2)
    flat = tmp_path / "flat.jsonl"
    with flat.open("w", encoding="utf-8") as out:
        for line in source.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                out.write(line + "\n")  # a spoiled line stays as spoiled
                continue
            out.write(json.dumps(flattened(record)) + "\n")
    nested = audit_findings(tmp_path, source)
    assert len(nested) > 1000
    assert audit_findings(tmp_path, flat) == nested
