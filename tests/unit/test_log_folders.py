"""A folder of request logs: its logs read in name order, as if each were named; nothing else."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.audit.logs import LOG_SUFFIXES, log_files, logs_to_read
from safeguards.engine.cli import main
from safeguards.engine.errors import InputErrors
from tests.conftest import ROOT, database_log

EXAMPLES = ROOT / "examples" / "requests"
CLOUD = EXAMPLES / "examplecloud-2026.jsonl"
AS_OF = "2026-11-29"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def daily(folder: Path) -> list[Path]:
    """Cut the 300 example requests into logs of different kinds, as a year's exports are."""
    lines = CLOUD.read_text(encoding="utf-8").splitlines(keepends=True)
    folder.mkdir()
    logs = [folder / "2026-01.jsonl", folder / "2026-02.NDJSON", folder / "2026-04.db"]
    logs[0].write_text("".join(lines[:100]), encoding="utf-8")
    logs[1].write_text("".join(lines[100:180]), encoding="utf-8")
    database_log(logs[2], [json.loads(line) for line in lines[240:]])
    csv = EXAMPLES / "examplecloud-2026.csv"  # the same requests as CSV: lines 181-240 of it
    rows = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    logs.insert(2, folder / "2026-03.csv")
    logs[2].write_text(rows[0] + "".join(rows[181:241]), encoding="utf-8")
    return logs


def test_a_folder_is_its_logs_in_name_order_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    logs = daily(folder)
    (folder / "README.txt").write_text("exports of the request tracker\n", encoding="utf-8")
    (folder / "summary.json").write_text("{}\n", encoding="utf-8")  # no log suffix
    shutil.copy(CLOUD, folder / ".2026-05.jsonl")  # hidden: a file still being written
    (folder / "old").mkdir()  # a subfolder is not read
    shutil.copy(CLOUD, folder / "old" / "2025.jsonl")
    assert log_files([str(folder)]) == [str(p) for p in logs]
    assert logs_to_read([str(folder)], None) == [str(p) for p in logs]

    by_folder = run(
        "audit",
        str(folder),
        "--as-of",
        AS_OF,
        "--fail-on",
        "none",
        "--findings",
        str(tmp_path / "a.jsonl"),
        "-o",
        str(tmp_path / "a.txt"),
    )
    by_name = run(
        "audit",
        *map(str, logs),
        "--as-of",
        AS_OF,
        "--fail-on",
        "none",
        "--findings",
        str(tmp_path / "b.jsonl"),
        "-o",
        str(tmp_path / "b.txt"),
    )
    assert by_folder[0] == by_name[0] == 0, (by_folder, by_name)
    # the same, but for the name of what is audited: the folder, not its first log
    named = (tmp_path / "b.jsonl").read_bytes().replace(b'"subject":"2026-01"', b'"subject":"logs"')
    assert (tmp_path / "a.jsonl").read_bytes() == named
    summary = (tmp_path / "a.txt").read_text(encoding="utf-8")
    by_names = (tmp_path / "b.txt").read_text(encoding="utf-8")
    assert by_names.startswith("Audit of 2026-01 as of ")
    assert summary == by_names.replace("Audit of 2026-01 as of ", "Audit of logs as of ", 1)
    assert "300 requests read, 0 unreadable" in summary


def test_a_folder_and_a_log_in_it_read_the_log_once(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    logs = daily(folder)
    named = [str(logs[1]), str(folder), str(tmp_path / "." / "logs")]
    assert log_files(named) == [str(logs[1]), str(logs[0]), *map(str, logs[2:])]
    code, out = run("audit", *named, "--as-of", AS_OF, "--fail-on", "none")
    assert code == 0, out
    assert "300 requests read, 0 unreadable" in out


def test_transparency_reads_a_folder_as_its_logs(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    logs = daily(folder)
    common = ["--period", "2026", "--as-of", AS_OF, "--format", "json"]
    a = run("transparency", str(folder), *common, "-o", str(tmp_path / "a.json"))
    b = run("transparency", *map(str, logs), *common, "-o", str(tmp_path / "b.json"))
    assert a[0] == b[0] == 0, (a, b)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


@pytest.mark.parametrize("command", ["audit", "transparency"])
def test_a_folder_with_no_log_is_an_input_error(command: str, tmp_path: Path) -> None:
    """An emptied or mistyped folder would otherwise pass an audit that read nothing."""
    empty, notes = tmp_path / "empty", tmp_path / "notes"
    empty.mkdir()
    notes.mkdir()
    (notes / "requests.xlsx").write_bytes(b"PK\x03\x04")
    (notes / ".requests.jsonl").write_bytes(CLOUD.read_bytes())
    out = tmp_path / "out.jsonl"
    args = ["--findings", str(out)] if command == "audit" else ["--period", "2026"]
    code, said = run(command, str(empty), str(CLOUD), str(notes), *args, "-o", str(out))
    assert code == 2, said
    kinds = ", ".join(LOG_SUFFIXES)
    assert f"{empty}:1:1: folder holds no request log ({kinds})" in said
    assert f"{notes}:1:1: folder holds no request log" in said
    assert "Traceback" not in said
    assert not out.exists()
    with pytest.raises(InputErrors):
        log_files([str(empty)])


def test_a_link_named_as_a_log_that_leads_nowhere_is_named_not_skipped(tmp_path: Path) -> None:
    """A daily log moved away from under its link, or links in a loop: exit 2, the link named.

    A pipe named as a log is not one of the folder's logs (reading it would wait for ever).
    """
    folder = tmp_path / "logs"
    logs = daily(folder)
    moved = folder / "2026-05.jsonl"
    moved.symlink_to(tmp_path / "archive" / "2026-05.jsonl")
    (folder / "2026-06.jsonl").symlink_to("2026-07.jsonl")
    (folder / "2026-07.jsonl").symlink_to("2026-06.jsonl")
    os.mkfifo(folder / "2026-08.jsonl")
    looped = [str(folder / "2026-06.jsonl"), str(folder / "2026-07.jsonl")]
    assert log_files([str(folder)]) == [*map(str, logs), str(moved), *looped]
    out = tmp_path / "findings.jsonl"
    code, said = run("audit", str(folder), "--as-of", AS_OF, "--findings", str(out))
    assert code == 2, said
    assert said == f"{moved}:1:1: no such file\n"
    assert not out.exists()
    moved.unlink()
    code, said = run("audit", str(folder), "--as-of", AS_OF, "--findings", str(out))
    assert code == 2, said
    assert said.startswith(f"{looped[0]}:1:1: "), said
    assert not out.exists()


def test_an_output_among_a_folders_logs_is_refused_and_the_log_kept(tmp_path: Path) -> None:
    """The findings of last month's run, left in the folder, are one of its logs now."""
    folder = tmp_path / "logs"
    logs = daily(folder)
    before = logs[0].read_bytes()
    code, said = run("audit", str(folder), "--as-of", AS_OF, "--findings", str(logs[0]))
    assert code == 2, said
    assert str(logs[0]) in said
    assert logs[0].read_bytes() == before


def test_each_worst_request_names_the_log_and_line_it_was_read_at(tmp_path: Path) -> None:
    """Lines start again at 1 in each log: a worst request's line alone would not find it.

    (Workers give the same summary, log names included: ``test_whole_logs``.)
    """
    folder = tmp_path / "logs"
    folder.mkdir()
    lines = CLOUD.read_text(encoding="utf-8").splitlines(keepends=True)
    for month in range(3):  # three logs of 100 requests, the third's name holding a '|'
        name = f"2026-0{month + 1}{'|x' if month == 2 else ''}.jsonl"
        (folder / name).write_text("".join(lines[month * 100 : month * 100 + 100]), "utf-8")
    args = ["audit", str(folder), "--as-of", AS_OF, "--fail-on", "none"]
    code, output = run(*args, "--format", "json")
    assert code == 0, output
    worst = json.loads(output)["worst"]
    assert len(worst) == 10
    assert len({w["log"] for w in worst}) > 1  # the test tells the logs apart
    for w in worst:
        read = Path(w["log"]).read_text(encoding="utf-8").splitlines()[w["line"] - 1]
        assert json.loads(read)["id"] == w["request"]
    code, text = run(*args)
    first = worst[0]
    assert f"{first['request']} ({first['log']}:{first['line']}):" in text
    code, markdown = run(*args, "--format", "markdown")
    assert "| request | log | line | findings |" in markdown
    rows = [x for x in markdown.splitlines() if x.startswith("| DR-")]
    assert len(rows) == 10
    assert all(row.replace("\\|", "").count("|") == 5 for row in rows), rows
    assert any("2026-03\\|x.jsonl" in row for row in rows)


def test_an_audit_of_one_log_gives_the_worst_requests_line_alone() -> None:
    """The one log is named in the heading and among the inputs; its lines need no name."""
    args = ["audit", str(CLOUD), "--as-of", AS_OF, "--fail-on", "none"]
    code, text = run(*args)
    assert code == 0
    shown = text.split("Worst requests:\n", 1)[1].splitlines()[0]
    assert shown.split(" (", 1)[1].startswith("line "), shown
    code, markdown = run(*args, "--format", "markdown")
    assert "| request | line | findings |" in markdown
    worst = json.loads(run(*args, "--format", "json")[1])["worst"]
    assert {w["log"] for w in worst} == {str(CLOUD)}
