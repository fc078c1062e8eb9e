"""Steps for organizations: workflows, single requests, whole request logs, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_bdd import given, parsers, then, when

from safeguards.engine import api
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.report import build_report
from safeguards.engine.models import Finding, Subject
from safeguards.engine.subjects.load import load_subject
from tests.bdd.steps_common import AS_OF, World, table_answers, write_profile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_LOG = ROOT / "examples" / "requests" / "example-10.jsonl"
WORKFLOWS = ROOT / "examples" / "workflows"


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten a nested record to dotted keys; lists of mappings become one list per field."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            for item in value:
                for field, cell in item.items():
                    out.setdefault(f"{name}.{field}", []).append(cell)
        else:
            out[name] = value
    return out


@pytest.fixture(scope="session")
def example_records() -> dict[str, dict[str, Any]]:
    lines = EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return {r["id"]: flatten({k: v for k, v in r.items() if k != "id"}) for r in records}


def _apply(target: dict[str, Any], datatable: list[list[str]]) -> None:
    _header, *rows = datatable
    for row in rows:
        if row[1].strip() == "unknown":
            target.pop(row[0].strip(), None)
    target.update(table_answers(datatable))


# ------------------------------------------------------------------------------ requests
@given(parsers.re(r"^a data request that answers:$"))
def request_answers(world: World, datatable: list[list[str]]) -> None:
    world.kind = "request"
    world.facts = {}
    _apply(world.facts, datatable)


@given(parsers.re(r"^the (?P<what>.+) of the example log \((?P<rid>DR-[0-9-]+)\)$"))
def example_request(
    world: World, example_records: dict[str, dict[str, Any]], what: str, rid: str
) -> None:
    world.kind = "request"
    world.facts = dict(example_records[rid])
    world.extra["request_id"] = rid


@given(parsers.re(r"^the request (also )?answers:$"))
def request_overrides(world: World, datatable: list[list[str]]) -> None:
    _apply(world.facts, datatable)


@given(parsers.re(r"^the organization works to the (?P<which>strong|weak) example workflow$"))
def request_workflow(world: World, which: str) -> None:
    world.extra["workflow"] = WORKFLOWS / f"{which}.yaml"


def _workflow(world: World, catalog: Catalog) -> Subject | None:
    path = world.extra.get("workflow")
    return load_subject(path, catalog) if path is not None else None


@when(parsers.re(r"^the requests? (is|are) audited$"))
def audit_request(world: World, catalog: Catalog, tmp_path: Path) -> None:
    rid = world.extra.get("request_id", "DR-TEST-0001")
    log = tmp_path / "requests.jsonl"
    log.write_text(json.dumps({"id": rid, "facts": world.facts}) + "\n", encoding="utf-8")
    kept: list[Finding] = []
    as_of = dt.date.fromisoformat(AS_OF)
    summary = audit_logs(
        catalog, [str(log)], workflow=_workflow(world, catalog), as_of=as_of, keep=kept
    )
    assert not summary.unreadable, summary.unreadable_shown
    world.kind = "request"
    world.report = build_report(catalog, [], kept, as_of=as_of)


# ------------------------------------------------------------------------------ workflows
@given(parsers.re(r"^a workflow that answers:$"))
def workflow_answers(world: World, datatable: list[list[str]]) -> None:
    world.kind = "workflow"
    world.facts = {}
    _apply(world.facts, datatable)


@given(parsers.re(r"^the (?P<which>strong|weak) example workflow$"))
def example_workflow(world: World, which: str) -> None:
    from safeguards.engine.errors import SubjectError
    from safeguards.engine.io.yamlsrc import load_yaml

    doc = load_yaml(WORKFLOWS / f"{which}.yaml", SubjectError)
    world.kind = "workflow"
    world.facts = flatten(doc.data["facts"])


@given(parsers.re(r"^the workflow (also )?answers:$"))
def workflow_overrides(world: World, datatable: list[list[str]]) -> None:
    _apply(world.facts, datatable)


@when(parsers.re(r"^the workflow is checked$"))
def check_workflow(world: World, catalog: Catalog, tmp_path: Path) -> None:
    world.kind = "workflow"
    facts = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in world.facts.items()}
    world.profile = write_profile(tmp_path, "workflow", facts, subject_id="WF")
    world.report = api.check([world.profile], catalog=catalog, as_of=dt.date.fromisoformat(AS_OF))


# ------------------------------------------------------------------------------ logs
def _record(rid: str, base: dict[str, Any], **changes: Any) -> str:
    facts = dict(base)
    for key, value in changes.items():
        dotted = key.replace("__", ".")
        if value is None:
            facts.pop(dotted, None)
        else:
            facts[dotted] = value
    return json.dumps({"id": rid, "facts": facts})


@given(
    parsers.re(
        r"^a request log of (?P<total>\d+) closed requests, (?P<bad>\d+) of which "
        r"(?P<flaw>do not name the crime investigated|were answered late)$"
    )
)
def log_of(
    world: World,
    example_records: dict[str, dict[str, Any]],
    tmp_path: Path,
    total: str,
    bad: str,
    flaw: str,
) -> None:
    base = example_records["DR-2026-0101"]
    lines = []
    for i in range(int(total)):
        changes: dict[str, Any] = {}
        if i < int(bad):
            if flaw.startswith("do not"):
                changes["offence__category"] = "not_stated"
            else:
                changes["timeline__responded_at"] = "2026-11-20T10:00:00Z"
        lines.append(_record(f"DR-LOG-{i:04d}", base, **changes))
    world.extra["log"] = _write_log(tmp_path, lines)


@given(parsers.re(r"^a request log in which every request is still pending$"))
def pending_log(world: World, example_records: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    base = example_records["DR-2026-0101"]
    lines = [
        _record(f"DR-P-{i}", base, outcome__disposition="pending", timeline__responded_at=None)
        for i in range(3)
    ]
    world.extra["log"] = _write_log(tmp_path, lines)


@given(parsers.re(r"^the example request log$"))
def the_example_log(world: World) -> None:
    world.extra["log"] = EXAMPLE_LOG


@given(parsers.re(r"^the year-long example request log$"))
def the_year_log(world: World) -> None:
    world.extra["log"] = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"


@given(parsers.re(r"^the year-long example request log, kept compressed$"))
def the_year_log_compressed(world: World, tmp_path: Path) -> None:
    import gzip

    world.extra["log"] = ROOT / "examples" / "requests" / "examplecloud-2026.jsonl"
    packed = tmp_path / "2026.jsonl.gz"
    packed.write_bytes(gzip.compress(world.extra["log"].read_bytes()))
    world.extra["packed"] = packed


@given(
    parsers.re(
        r"^the example request log exported one day at a time into a folder"
        r"(?P<beside>, beside a note and a copy still being written)?$"
    )
)
def the_example_log_by_day(world: World, tmp_path: Path, beside: str | None) -> None:
    """The ten requests in three daily logs, named by their day: 4, 3 and 3 requests."""
    lines = EXAMPLE_LOG.read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "logs"
    folder.mkdir()
    for day, part in (("01", lines[:4]), ("02", lines[4:7]), ("03", lines[7:])):
        (folder / f"2026-03-{day}.jsonl").write_text("".join(part), encoding="utf-8")
    if beside:
        (folder / "notes.txt").write_text("March's exports\n", encoding="utf-8")
        (folder / ".2026-03-04.jsonl").write_text("".join(lines), encoding="utf-8")
    world.extra["log"] = folder


@given(parsers.re(r"^a folder of request logs that holds only a spreadsheet$"))
def a_folder_without_logs(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "requests.xlsx").write_bytes(b"PK\x03\x04")
    world.extra["log"] = folder


@given(
    parsers.re(
        r"^the example request log, exported again with its first (?P<n>\d+) requests repeated$"
    )
)
def the_example_log_repeated(world: World, tmp_path: Path, n: str) -> None:
    lines = EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
    world.extra["log"] = _write_log(tmp_path, [*lines, *lines[: int(n)]])


@given(parsers.re(r"^the example request log as a CSV whose lines end in a carriage return alone$"))
def the_example_log_as_mac_csv(world: World, tmp_path: Path) -> None:
    csv_log = ROOT / "examples" / "requests" / "examplecloud-2026.csv"
    path = tmp_path / "log.csv"
    path.write_bytes(b"\r".join(csv_log.read_bytes().splitlines()[:11]) + b"\r")
    world.extra["log"] = path


@given(parsers.re(r"^the example request log as a CSV whose cells are parted by semicolons$"))
def the_example_log_as_semicolon_csv(world: World, tmp_path: Path) -> None:
    import csv

    csv_log = ROOT / "examples" / "requests" / "examplecloud-2026.csv"
    rows = list(csv.reader(csv_log.read_text(encoding="utf-8").splitlines()[:11]))
    path = tmp_path / "log.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, delimiter=";").writerows(rows)  # list cells, holding ';', are quoted
    world.extra["log"] = path


@given(
    parsers.re(r"^the example request log as a CSV whose authorities' names run over two lines$")
)
def the_example_log_as_multiline_csv(world: World, tmp_path: Path) -> None:
    csv_log = ROOT / "examples" / "requests" / "examplecloud-2026.csv"
    header, *rows = csv_log.read_bytes().splitlines(keepends=True)[:11]
    named = [row.replace(b",Example authority,", b',"Example\nauthority",', 1) for row in rows]
    assert named != rows
    path = tmp_path / "log.csv"
    path.write_bytes(header + b"".join(named))
    world.extra["log"] = path


@given(parsers.re(r"^the example request log kept in an SQLite database$"))
def the_example_log_in_a_database(world: World, tmp_path: Path) -> None:
    from tests.conftest import database_log

    records = [json.loads(line) for line in EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()]
    path = database_log(tmp_path / "requests.db", records)
    world.extra["log"] = path
    world.extra["database"] = path.read_bytes()


@given(
    parsers.re(r"^a request-tracking database whose table tickets names its columns its own way$")
)
def a_tracking_database(world: World, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "requests.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE tickets (ref TEXT, received TEXT, country TEXT, urgent INTEGER)")
        db.executemany(
            "INSERT INTO tickets VALUES (?, ?, ?, ?)",
            [("T-1", "2026-03-01 09:30:00", "DE", 0), ("T-2", "2026-03-02 17:05:00", "FR", 1)],
        )
    db.close()
    world.extra["log"] = path
    world.extra["database"] = path.read_bytes()


@then(parsers.re(r"^the database is as it was$"))
def database_unchanged(world: World) -> None:
    path = world.extra["log"]
    assert path.read_bytes() == world.extra["database"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["requests.db"]


@then(parsers.re(r"^no withheld count can be solved for from the published sums$"))
def nothing_recoverable(world: World) -> None:
    from safeguards.engine.models.transparency import TransparencyReport
    from tests.unit.test_linked_suppression import attack, shares_follow_counts

    assert world.result is not None and world.result.exit_code == 0, world.result
    rep = TransparencyReport.model_validate_json(world.result.output)
    assert "suppressed" in world.result.output  # there were cells to protect
    assert attack(rep) == []
    shares_follow_counts(rep)


def _write_log(folder: Path, lines: list[str]) -> Path:
    path = folder / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@when(parsers.re(r"^the log is audited$"))
def audit_log(world: World, catalog: Catalog) -> None:
    as_of = dt.date.fromisoformat(AS_OF)
    summary = audit_logs(
        catalog, [str(world.extra["log"])], workflow=_workflow(world, catalog), as_of=as_of
    )
    world.extra["summary"] = summary
    world.kind = "log"
    world.report = build_report(catalog, [], summary.log_findings, as_of=as_of)


# ------------------------------------------------------------------------------ CLI
@given(parsers.re(r"^a request log whose line (?P<line>\d+) is not valid JSON$"))
def broken_log(world: World, tmp_path: Path, line: str) -> None:
    good = EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
    lines = [*good[: int(line) - 1], '{"id": "DR-BROKEN", "intake": ', *good[int(line) - 1 :]]
    world.extra["log"] = _write_log(tmp_path, lines)


@given(parsers.re(r"^a request log whose line (?P<line>\d+) is a list nested (?P<depth>\d+) deep$"))
def deep_log(world: World, tmp_path: Path, line: str, depth: str) -> None:
    good = EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
    lines = [*good[: int(line) - 1], "[" * int(depth), *good[int(line) - 1 :]]
    world.extra["log"] = _write_log(tmp_path, lines)


@given(
    parsers.re(r"^a request log that gives its line (?P<line>\d+) again as line (?P<again>\d+)$")
)
def repeated_log(world: World, tmp_path: Path, line: str, again: str) -> None:
    good = EXAMPLE_LOG.read_text(encoding="utf-8").splitlines()
    assert int(again) <= len(good) + 1, "the example log is shorter"
    lines = good[: int(again) - 1]
    lines.append(good[int(line) - 1])
    world.extra["log"] = _write_log(tmp_path, lines)


@given(
    parsers.re(
        r"^a generated request log of (?P<n>\d+) requests whose lines (?P<first>\d+) and "
        r"(?P<second>\d+) are not valid JSON$"
    )
)
def generated_broken_log(world: World, tmp_path: Path, n: str, first: str, second: str) -> None:
    lines = _generated_lines(tmp_path, int(n))
    for at in (int(first), int(second)):
        lines[at - 1] = '{"id": "DR-BROKEN", "intake": '
    world.extra["log"] = _write_log(tmp_path, lines)


@given(parsers.re(r"^a generated request log of (?P<n>\d+) requests$"))
def generated_request_log(world: World, tmp_path: Path, n: str) -> None:
    world.extra["log"] = _write_log(tmp_path, _generated_lines(tmp_path, int(n)))


@given(
    parsers.re(
        r"^a generated request log of (?P<n>\d+) requests, a fifth of them spoiled,"
        r" exported one day at a time into a folder of (?P<days>\d+) logs$"
    )
)
def generated_daily_logs(world: World, tmp_path: Path, n: str, days: str) -> None:
    lines = _generated_lines(tmp_path, int(n), spoiled=0.2)
    folder = tmp_path / "logs"
    folder.mkdir()
    each = -(-len(lines) // int(days))
    for day in range(int(days)):
        part = lines[day * each : (day + 1) * each]
        (folder / f"day-{day + 1:03}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    world.extra["log"] = folder


@given(parsers.re(r"^a generated request log of (?P<n>\d+) requests, a fifth of them spoiled$"))
def spoiled_request_log(world: World, tmp_path: Path, n: str) -> None:
    world.extra["log"] = _write_log(tmp_path, _generated_lines(tmp_path, int(n), spoiled=0.2))


def _generated_lines(folder: Path, n: int, spoiled: float = 0.0) -> list[str]:
    """The lines of a log of ``n`` requests from the project's generator (seed 8)."""
    from tests.conftest import generated_log

    log = generated_log(folder, n, seed=8, malformed=spoiled)
    return log.read_text(encoding="utf-8").splitlines()


@given(parsers.re(r'^a request log whose authority is named "(?P<text>.+)"$'))
def hostile_log(
    world: World, example_records: dict[str, dict[str, Any]], tmp_path: Path, text: str
) -> None:
    base = example_records["DR-2026-0101"]
    line = _record("DR-X-1", base, authority__country=text)
    world.extra["log"] = _write_log(tmp_path, [line])


@when(
    parsers.re(
        r"^the compliance officer runs safeguards (?P<command>audit|transparency)(?P<args>.*)$"
    )
)
def run_command(world: World, tmp_path: Path, command: str, args: str) -> None:
    from safeguards.engine.cli import main

    log = str(world.extra.get("log", EXAMPLE_LOG))
    argv = [command, log, "--as-of", AS_OF, *shlex.split(args)]
    argv = [a.replace("OUT", str(tmp_path)) for a in argv]
    world.result = CliRunner().invoke(main, argv, catch_exceptions=True)
    world.extra["out"] = tmp_path


@when(
    parsers.re(
        r"^the compliance officer's shell runs safeguards (?P<command>audit|transparency)"
        r"(?P<args>.*?)(?:, the workers taking (?P<chunk>\d+) lines at a time"
        r"|(?P<watched>, watching for workers))?$"
    )
)
def run_in_a_process(
    world: World, tmp_path: Path, command: str, args: str, chunk: str | None, watched: str | None
) -> None:
    """Run the command as a process of its own, as a shell does: it may fork workers (--jobs).

    With an eye on its workers, the processes that audit chunks of the log are noted: in
    chunks of ``chunk`` lines that workers read however small the log, or (watching) with the
    command's own limit on the lines of a log that workers read.
    """
    from tests.conftest import chunked_cli, cli_process

    log = str(world.extra.get("log", EXAMPLE_LOG))
    argv = [command, log, "--as-of", AS_OF, *shlex.split(args)]
    run = [a.replace("OUT", str(tmp_path)) for a in argv]
    world.extra["argv"] = argv
    if chunk is None and watched is None:
        done = cli_process(*run)
        _ran(world, tmp_path, done.stdout.encode(), done.stderr.encode(), done.returncode)
        return
    size = 2000 if chunk is None else int(chunk)
    ran, workers = chunked_cli(run, tmp_path, size, check=False, every_log=chunk is not None)
    _ran(world, tmp_path, ran.stdout, ran.stderr, ran.returncode)
    world.extra["workers"] = workers


@then(parsers.re(r"^(?P<many>workers|no worker) read the log's chunks$"))
def workers_read(world: World, many: str) -> None:
    processes = set(world.extra["workers"].split())
    assert len(processes) >= 1 if many == "workers" else not processes, processes


@then(parsers.re(r"^workers audited the logs, a whole log at a time$"))
def workers_took_whole_logs(world: World) -> None:
    marks = world.extra["workers"].split()
    assert marks and all(m.startswith("whole:") for m in marks), marks


def _ran(world: World, folder: Path, stdout: bytes, stderr: bytes, status: int) -> None:
    """Keep what a command run as a process of its own said, and its exit status."""
    world.result = Result(CliRunner(), stdout, stderr, stdout + stderr, None, status, None)
    world.extra["out"] = folder


@when(
    parsers.re(
        r"^an export writes over line (?P<line>\d+) of the log while the compliance officer's "
        r"shell runs safeguards (?P<command>audit)(?P<args>.*)$"
    )
)
def run_while_written_over(
    world: World, tmp_path: Path, command: str, args: str, line: str
) -> None:
    """Run the command as a process of its own; once it has read (and hashed) the chunk that
    holds the given line, and before a worker reads it, a byte of the line is written over."""
    from tests.conftest import changed_once_read, chunked_cli

    log = Path(world.extra["log"])
    at = sum(map(len, log.read_bytes().splitlines(keepends=True)[: int(line) - 1])) + 2
    argv = [command, str(log), "--as-of", AS_OF, *shlex.split(args.replace("OUT", str(tmp_path)))]
    before = changed_once_read(log, at, b"X")
    done, _ = chunked_cli(argv, tmp_path, 2000, before=before, check=False)
    _ran(world, tmp_path, done.stdout, done.stderr, done.returncode)


@when(
    parsers.re(
        r"^the compliance officer's shell pipes it into safeguards (?P<command>audit) -"
        r"(?P<args>.*)$"
    )
)
def pipe_into(world: World, tmp_path: Path, command: str, args: str) -> None:
    """Run the command as a process of its own, the log on its standard input."""
    from tests.conftest import CLI_COMMAND, cli_env

    argv = [command, "-", "--as-of", AS_OF, *shlex.split(args.replace("OUT", str(tmp_path)))]
    done = subprocess.run(
        [*CLI_COMMAND, *argv],
        input=Path(world.extra["log"]).read_bytes(),
        env=cli_env(),
        capture_output=True,
        check=False,
    )
    _ran(world, tmp_path, done.stdout, done.stderr, done.returncode)


@when(
    parsers.re(
        r"^the compliance officer's shell decompresses it into safeguards (?P<command>audit) -"
        r"(?P<args>.*)$"
    )
)
def decompress_into(world: World, tmp_path: Path, command: str, args: str) -> None:
    """Run the command as a process of its own, the log decompressed on its standard input
    (as ``zcat LOG.gz | safeguards audit -`` gives it), in a folder without the log."""
    import gzip

    from tests.conftest import CLI_COMMAND, cli_env

    argv = [command, "-", "--as-of", AS_OF, *shlex.split(args.replace("OUT", str(tmp_path)))]
    done = subprocess.run(
        [*CLI_COMMAND, *argv],
        input=gzip.decompress(world.extra["packed"].read_bytes()),
        cwd=tmp_path,
        env=cli_env(),
        capture_output=True,
        check=False,
    )
    _ran(world, tmp_path, done.stdout, done.stderr, done.returncode)


@then(parsers.re(r"^every result in (?P<name>\S+) names the log (?P<log>\S+)$"))
def results_name_the_log(world: World, name: str, log: str) -> None:
    run = json.loads((world.extra["out"] / name).read_text(encoding="utf-8"))["runs"][0]
    uris = {
        place["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for place in result["locations"]
    }
    assert uris == {log}, uris


@then(parsers.re(r"^the file (?P<name>\S+) is the one a single process writes$"))
def file_as_one_process_writes(world: World, tmp_path: Path, name: str) -> None:
    from safeguards.engine.cli import main

    single = tmp_path / "single"
    single.mkdir()
    argv = [a.replace("OUT", str(single)) for a in world.extra["argv"]] + ["--jobs", "1"]
    CliRunner().invoke(main, argv)
    assert (world.extra["out"] / name).read_bytes() == (single / name).read_bytes()


@then(
    parsers.re(
        r"^the files (?P<first>\S+) and (?P<second>\S+) are those the reference evaluator writes$"
    )
)
def files_as_the_reference_writes(world: World, tmp_path: Path, first: str, second: str) -> None:
    """Run the same command with --reference into a folder of its own; compare the files.

    The summary names the findings file, whose folder differs: it is read as the other's.
    """
    from tests.conftest import cli_process

    folder = tmp_path / "reference"
    folder.mkdir()
    argv = [a.replace("OUT", str(folder)) for a in world.extra["argv"]]
    done = cli_process(*argv, "--reference")
    assert done.returncode == world.result.exit_code, done.stderr
    for name in (first, second):
        ours = (world.extra["out"] / name).read_bytes()
        theirs = (folder / name).read_bytes().replace(str(folder).encode(), str(tmp_path).encode())
        assert ours == theirs, name


@then(parsers.re(r"^every result in (?P<name>\S+) points at the line of its request$"))
def results_point_at_requests(world: World, name: str) -> None:
    run = json.loads((world.extra["out"] / name).read_text(encoding="utf-8"))["runs"][0]
    lines = Path(world.extra["log"]).read_text(encoding="utf-8").splitlines()
    named = [r for r in run["results"] if r["properties"]["request"]]
    assert named, "no result names a request"
    for r in named:
        line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert json.loads(lines[line - 1])["id"] == r["properties"]["request"]


@then(
    parsers.re(
        r"^the results in (?P<name>\S+) of the request on line (?P<line>\d+) point at lines "
        r"(?P<first>\d+) and (?P<second>\d+), as many at each$"
    )
)
def repeated_request_places(world: World, name: str, line: str, first: str, second: str) -> None:
    run = json.loads((world.extra["out"] / name).read_text(encoding="utf-8"))["runs"][0]
    lines = Path(world.extra["log"]).read_text(encoding="utf-8").splitlines()
    rid = json.loads(lines[int(line) - 1])["id"]
    at = [
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in run["results"]
        if r["properties"]["request"] == rid
    ]
    half = len(at) // 2
    assert half and at == [int(first)] * half + [int(second)] * half, at


@then(parsers.re(r"^the file (?P<name>\S+) holds (?P<count>\d+) lines?$"))
def file_lines(world: World, name: str, count: str) -> None:
    path = world.extra["out"] / name
    assert path.is_file(), f"{path} was not written"
    assert len(path.read_text(encoding="utf-8").splitlines()) == int(count)


@then(parsers.re(r"^no file (?P<name>\S+) is written$"))
def no_file(world: World, name: str) -> None:
    assert not (world.extra["out"] / name).exists()
    leftovers = [p.name for p in world.extra["out"].iterdir() if p.name.endswith(".tmp")]
    assert not leftovers, leftovers


@then(parsers.re(r'^the output does not say "(?P<text>.+)"$'))
def output_lacks(world: World, text: str) -> None:
    assert world.result is not None
    assert text not in world.result.output, world.result.output
