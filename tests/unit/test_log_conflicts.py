"""Conflicting or malformed request logs are refused with a location, never read silently.

A key twice in one JSONL object, a fact given dotted and nested, a CSV header with a column
twice or no header at all, and bytes that are not UTF-8 in a CSV row.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import json
import lzma
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import cli_process

ROOT = Path(__file__).resolve().parents[2]
JSONL = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"
CSV = ROOT / "examples" / "requests" / "examplecloud-2026.csv"


def audit(*args: str) -> subprocess.CompletedProcess[str]:
    return cli_process("audit", *args, "--as-of", "2026-12-01", "--fail-on", "none")


def first_record() -> str:
    return JSONL.read_text(encoding="utf-8").splitlines()[0]


def unreadable(tmp_path: Path, lines: list[str]) -> list[dict[str, str]]:
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "summary.json"
    done = audit(str(log), "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    shown: list[dict[str, str]] = summary["unreadable_shown"]
    assert summary["unreadable"] == len(shown)
    return shown


def test_a_key_twice_in_one_object_is_a_located_problem(tmp_path: Path) -> None:
    line = first_record().replace('"channel":"portal"', '"channel":"portal","channel":"email"')
    shown = unreadable(tmp_path, [first_record(), line])
    assert len(shown) == 1
    column = line.index('"channel":"email"') + 1
    assert shown[0]["location"].endswith(f":2:{column}")
    assert "'channel' appears twice" in shown[0]["message"]


def test_a_fact_dotted_and_nested_is_a_located_problem(tmp_path: Path) -> None:
    line = first_record().replace('{"id":', '{"intake.channel":"email","id":', 1)
    shown = unreadable(tmp_path, [line])
    # the second giving (the nested one) is pointed at
    column = line.index('"channel":"portal"') + 1
    assert shown[0]["location"].endswith(f":1:{column}")
    assert "'intake.channel' is given twice" in shown[0]["message"]


@pytest.mark.parametrize(
    "text",
    ['{"id":"A","note":"a\\":b"}', '{"id":"A","purpose":"x\\"  :y"}'],
    ids=["colon-in-text", "spaced-colon-in-text"],
)
def test_a_quote_and_colon_inside_text_is_not_taken_for_a_key(text: str, tmp_path: Path) -> None:
    shown = unreadable(tmp_path, [text])
    assert all("twice" not in s["message"] for s in shown), shown


def test_the_same_key_in_two_objects_is_fine(tmp_path: Path) -> None:
    assert unreadable(tmp_path, [first_record()]) == []


def test_a_csv_column_twice_refuses_the_log(tmp_path: Path) -> None:
    header, row = CSV.read_text(encoding="utf-8").splitlines()[:2]
    names = header.split(",")
    log = tmp_path / "dup.csv"
    log.write_text(",".join([*names, names[2]]) + "\n" + row + ",portal\n", encoding="utf-8")
    done = audit(str(log))
    assert done.returncode == 2
    column = len(",".join(names)) + 2
    assert done.stderr.strip() == (
        f"{log}:1:{column}: column '{names[2]}' appears twice in the header: which one is meant?"
    )


def test_a_csv_without_its_header_is_refused_not_shortened(tmp_path: Path) -> None:
    log = tmp_path / "nohead.csv"
    log.write_text("\n".join(CSV.read_text(encoding="utf-8").splitlines()[1:4]) + "\n")
    done = audit(str(log))
    assert done.returncode == 2
    assert done.stderr.startswith(f"{log}:1:1: the first row is not a header of fact names")


@pytest.mark.parametrize("command", ["audit", "transparency"])
def test_a_csv_whose_lines_end_in_a_carriage_return_alone_is_refused_and_said(
    tmp_path: Path, command: str
) -> None:
    """Excel's 'CSV (Macintosh)': read as one header row, it once gave "no request record"."""
    lines = CSV.read_bytes().splitlines()[:4]
    log = tmp_path / "mac.csv"
    log.write_bytes(b"\r".join(lines) + b"\r")
    if command == "audit":
        done = audit(str(log))
    else:
        done = cli_process("transparency", str(log), "--period", "2026", "--as-of", "2026-12-01")
    assert done.returncode == 2, done.stdout
    column = len(lines[0]) + 1
    assert done.stderr == (
        f"{log}:1:{column}: the lines of this CSV end in a carriage return alone (as Excel's"
        " 'CSV (Macintosh)' writes them): save the log as 'CSV UTF-8', whose lines end in a"
        " line feed\n"
    )
    crlf = tmp_path / "windows.csv"  # a carriage return before each line feed is fine
    crlf.write_bytes(b"\r\n".join(lines) + b"\r\n")
    assert audit(str(crlf)).returncode == 0


def test_jsonl_records_parted_by_carriage_returns_say_so(tmp_path: Path) -> None:
    records = JSONL.read_bytes().splitlines()[:3]
    log = tmp_path / "mac.jsonl"
    log.write_bytes(b"\r".join(records) + b"\r\n" + records[0] + b"\n")
    out = tmp_path / "summary.json"
    done = audit(str(log), "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["requests"] == 1 and summary["unreadable"] == 1
    shown = summary["unreadable_shown"][0]
    assert shown["location"] == f"{log}:1:{len(records[0]) + 2}"
    assert shown["message"] == (
        "invalid JSON: extra data (this line holds carriage returns: if they end its records,"
        " save the log with a line feed after each record, as JSON Lines asks)"
    )


def test_a_header_with_a_quote_never_closed_is_refused_not_an_empty_log(tmp_path: Path) -> None:
    lines = CSV.read_text(encoding="utf-8").splitlines()[:4]
    log = tmp_path / "quote.csv"
    log.write_text('"' + "\n".join(lines) + "\n", encoding="utf-8")
    done = audit(str(log))
    assert done.returncode == 2
    assert done.stderr == (
        f"{log}:1:1: the header row cannot be read: invalid CSV: a quoted cell is never closed"
        " (a '\"' is missing), so the rest of the file (lines 1 to 4) was read as one cell\n"
    )


def test_bytes_that_are_not_utf8_make_the_row_unreadable_not_mended(tmp_path: Path) -> None:
    lines = CSV.read_bytes().splitlines()[:4]
    lines[3] = lines[3].replace(b"Example authority", b"Ex\xff\xfeauthority")
    log = tmp_path / "bad.csv"
    log.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "summary.json"
    done = audit(str(log), "--format", "json", "-o", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["requests"] == 2 and summary["unreadable"] == 1
    column = lines[3].index(b"\xff") + 1
    assert summary["unreadable_shown"][0]["location"] == f"{log}:4:{column}"
    assert "invalid UTF-8" in summary["unreadable_shown"][0]["message"]
    strict = audit(str(log), "--strict")
    assert strict.returncode == 2 and f"{log}:4:{column}: invalid UTF-8" in strict.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_endless_line_is_reported_not_loaded(tmp_path: Path, jobs: str) -> None:
    lines = JSONL.read_bytes().splitlines(keepends=True)[:3]
    log = tmp_path / "long.jsonl"
    with log.open("wb") as out:
        out.write(lines[0] + lines[1])
        out.write(b'{"id":"' + b"A" * (3 * 1024 * 1024) + b'"}\n')
        out.write(lines[2])
    out_file = tmp_path / "summary.json"
    done = audit(str(log), "--format", "json", "-o", str(out_file), "--jobs", jobs)
    assert done.returncode == 0, done.stderr
    summary = json.loads(out_file.read_text(encoding="utf-8"))
    assert summary["requests"] == 3 and summary["unreadable"] == 1
    shown = summary["unreadable_shown"][0]
    assert shown["location"] == f"{log}:3:1048577"
    assert "longer than 1,048,576 bytes" in shown["message"]


def test_a_log_of_zero_bytes_without_newline_is_one_unreadable_line(tmp_path: Path) -> None:
    log = tmp_path / "zero.jsonl"
    log.write_bytes(b"\0" * (5 * 1024 * 1024))
    out_file = tmp_path / "summary.json"
    done = audit(str(log), "--format", "json", "-o", str(out_file))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out_file.read_text(encoding="utf-8"))
    assert summary["requests"] == 0 and summary["unreadable"] == 1


def test_an_overlong_csv_row_is_located(tmp_path: Path) -> None:
    lines = CSV.read_bytes().splitlines(keepends=True)[:3]
    log = tmp_path / "long.csv"
    log.write_bytes(lines[0] + lines[1] + b"x" * (2 * 1024 * 1024) + b"\n" + lines[2])
    out_file = tmp_path / "summary.json"
    done = audit(str(log), "--format", "json", "-o", str(out_file))
    assert done.returncode == 0, done.stderr
    summary = json.loads(out_file.read_text(encoding="utf-8"))
    assert summary["requests"] == 2 and summary["unreadable"] == 1
    assert summary["unreadable_shown"][0]["location"] == f"{log}:3:1048577"


def test_the_quick_count_of_key_ends_agrees_with_the_pattern() -> None:
    """Whitespace dropped, then ``":`` counted: the same count as the pattern on any bytes."""
    import random
    import re

    from safeguards.engine.audit.readers import _key_ends

    pattern = re.compile(rb'"\s*:')
    rng = random.Random(1)
    alphabet = [b'"', b":", b" ", b"\t", b"\n", b"\r", b"\f", b"\v", b"a", b"{", b"}", b"\\"]
    for _ in range(50_000):
        line = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))
        assert _key_ends(line) == len(pattern.findall(line)), line


@pytest.mark.parametrize("command", ["audit", "transparency"])
def test_a_yaml_file_given_as_a_log_is_refused_before_any_log_is_read(
    tmp_path: Path, command: str
) -> None:
    """``audit log.jsonl strong.yaml``: a workflow in the place of a log, not 126 bad records."""
    workflow = ROOT / "examples" / "workflows" / "strong.yaml"
    findings = tmp_path / "findings.jsonl"
    if command == "audit":
        done = audit(str(JSONL), str(workflow), "--findings", str(findings))
    else:
        done = cli_process(command, str(JSONL), str(workflow), "--period", "2026")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"{workflow}:1:1: a YAML file, not a request log (JSONL or CSV): a workflow goes with"
        " --workflow (--input-format jsonl reads the file as a log all the same)\n"
    )
    assert not findings.exists()


@pytest.mark.parametrize(
    ("kind", "tool", "pack"),
    [
        ("gzip", "zcat", lambda data: gzip.compress(data)),
        ("bzip2", "bzcat", lambda data: bz2.compress(data)),
        ("xz", "xzcat", lambda data: lzma.compress(data)),
    ],
)
@pytest.mark.parametrize(
    ("command", "jobs"), [("audit", "1"), ("audit", "2"), ("transparency", "")]
)
def test_a_compressed_log_is_refused_with_how_to_read_it(
    tmp_path: Path, kind: str, tool: str, pack: Any, command: str, jobs: str
) -> None:
    """An exported log is often compressed: read as text, each of its lines was unreadable."""
    log = tmp_path / "export.jsonl.gz"
    log.write_bytes(pack(JSONL.read_bytes()))
    if command == "audit":
        done = audit(str(log), "--jobs", jobs, "--findings", str(tmp_path / "f.jsonl"))
    else:
        done = cli_process(command, str(log), "--period", "2026")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"{log}:1:1: a {kind}-compressed file, not a request log: decompress it first"
        f" ({tool} {log} > LOG), or pipe it in and name the log '-'\n"
    )
    assert not (tmp_path / "f.jsonl").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("mark", [",", ";"], ids=["comma", "semicolon"])
def test_a_csv_log_read_as_jsonl_is_refused_at_its_header(
    tmp_path: Path, jobs: str, mark: str
) -> None:
    """A CSV saved as .txt: hundreds of unreadable records before; one refusal now."""
    rows = list(csv.reader(CSV.read_text(encoding="utf-8").splitlines()[:40]))
    log = tmp_path / "export.txt"
    with log.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, delimiter=mark).writerows(rows)
    findings = tmp_path / "findings.jsonl"
    done = audit(str(log), "--jobs", jobs, "--findings", str(findings))
    assert done.returncode == 2, done.stdout
    assert done.stderr == (
        f"{log}:1:1: this is the header row of a CSV log, read as JSONL: name the file .csv"
        " or give --input-format csv\n"
    )
    assert not findings.exists()
    read = audit(str(log), "--input-format", "csv")
    assert read.returncode == 0 and "39 requests read, 0 unreadable" in read.stdout, read.stderr


def test_a_tsv_log_is_read_as_csv(tmp_path: Path) -> None:
    log = tmp_path / "export.tsv"
    rows = list(csv.reader(CSV.read_text(encoding="utf-8").splitlines()[:11]))
    with log.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, delimiter="\t").writerows(rows)
    done = audit(str(log))
    assert done.returncode == 0 and "10 requests read, 0 unreadable" in done.stdout, done.stderr
