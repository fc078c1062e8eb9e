"""``audit - --stdin-filename LOG`` and ``transparency``: a request log piped in, named.

A log decompressed on its way in (``zcat logs/2026-11.jsonl.gz | safeguards audit -
--stdin-filename logs/2026-11.jsonl``) is audited as that file would be: its suffix gives its
format, every location and report names it, and the file itself, if one is there, is neither
read nor written. The audit of a log so piped is, byte for byte, the audit of the file. Each
command runs in a child process with a real standard input: a pipe, or a regular file
redirected to it (which the workers of ``--jobs`` could read by ranges, and must not).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import IO

import pytest

from tests.conftest import CLI_COMMAND, ROOT, cli_env, generated_log

WORKFLOW = ROOT / "examples" / "workflows" / "strong.yaml"
CSV_LOG = ROOT / "examples" / "requests" / "examplecloud-2026.csv"
AS_OF = ("--as-of", "2026-12-01")


def run(*args: str | Path, stdin: bytes | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run a command in ``cwd``; standard input a pipe of bytes, or a file redirected to it."""
    handle: IO[bytes] | None = stdin.open("rb") if isinstance(stdin, Path) else None
    try:
        return subprocess.run(
            [*CLI_COMMAND, *map(str, args)],
            cwd=cwd,
            env=cli_env(),
            stdin=handle,
            input=None if handle is not None else stdin,
            capture_output=True,
            timeout=300,
        )
    finally:
        if handle is not None:
            handle.close()


def _places(tmp_path: Path, log: Path, name: str) -> tuple[Path, Path, Path]:
    """Two folders: in one, ``name`` is the log; in the other, a different log of that name."""
    real, other = tmp_path / "real", tmp_path / "other"
    for folder in (real, other):
        (folder / name).parent.mkdir(parents=True)
    shutil.copyfile(log, real / name)
    decoy = other / name
    decoy.write_bytes(b'{"id": "DECOY-1"}\n' * 3000)  # many lines: workers would part it
    return real, other, decoy


@pytest.mark.parametrize("redirected", [True, False], ids=["regular-file", "pipe"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_piped_log_so_named_is_audited_as_the_file(
    tmp_path: Path, redirected: bool, jobs: str
) -> None:
    log = generated_log(tmp_path, 3000, seed=4103, malformed=0.2)
    real, other, decoy = _places(tmp_path, log, "logs/2026-11.jsonl")
    decoy_bytes = decoy.read_bytes()
    outputs = ("--findings", "f.jsonl", "--format", "sarif", "-o", "s.sarif", "--jobs", jobs)
    args = ("audit", "--workflow", WORKFLOW, *AS_OF, *outputs)
    from_file = run(*args, "logs/2026-11.jsonl", stdin=b"", cwd=real)
    stdin: bytes | Path = log if redirected else log.read_bytes()
    named = ("-", "--stdin-filename", "logs/2026-11.jsonl")
    piped = run(*args, *named, stdin=stdin, cwd=other)
    assert from_file.returncode == piped.returncode == 1, piped.stderr
    for output in ("f.jsonl", "s.sarif"):
        assert (real / output).read_bytes() == (other / output).read_bytes(), output
    sarif = json.loads((other / "s.sarif").read_bytes())
    uris = {
        place["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for place in result.get("locations", [])
    }
    assert uris == {"logs/2026-11.jsonl"}
    assert decoy.read_bytes() == decoy_bytes  # neither read nor written


@pytest.mark.parametrize("order", [["logs", "-"], ["-", "logs"]], ids=str)
def test_a_folder_is_audited_with_the_piped_log_in_place_of_its_file(
    tmp_path: Path, order: list[str]
) -> None:
    records = (ROOT / "examples" / "requests" / "example-10.jsonl").read_bytes().splitlines(True)
    expected, piped = tmp_path / "expected", tmp_path / "piped"
    for folder, first in ((expected, records[:4]), (piped, [b"not a record\n"])):
        (folder / "logs").mkdir(parents=True)
        (folder / "logs" / "a.jsonl").write_bytes(b"".join(first))
        (folder / "logs" / "b.jsonl").write_bytes(b"".join(records[4:]))
    args = ("--format", "json", "--findings", "f.jsonl", "--workflow", WORKFLOW, *AS_OF)
    want = run("audit", "logs", *args, stdin=b"", cwd=expected)
    got = run("audit", *order, "--stdin-filename", "logs/a.jsonl", *args,
              stdin=b"".join(records[:4]), cwd=piped)  # fmt: skip
    assert got.returncode == want.returncode == 1, got.stderr
    assert (piped / "f.jsonl").read_bytes() == (expected / "f.jsonl").read_bytes()
    inputs = json.loads(got.stdout)["inputs"]
    assert [i["path"] for i in inputs] == ["logs/a.jsonl", "logs/b.jsonl"]  # each once
    assert json.loads(want.stdout)["inputs"][0]["sha256"] == inputs[0]["sha256"]


def test_the_summary_names_the_file_and_its_suffix_gives_the_format(tmp_path: Path) -> None:
    got = run("audit", "-", "--stdin-filename", "logs/x.csv", *AS_OF, "--format", "json",
              stdin=CSV_LOG.read_bytes(), cwd=tmp_path)  # fmt: skip
    assert got.returncode == 1, got.stderr
    summary = json.loads(got.stdout)
    assert summary["inputs"][0]["path"] == "logs/x.csv"
    assert summary["inputs"][0]["format"] == "csv"
    assert summary["subject"] == "x" and summary["requests"] > 0
    unnamed = run("audit", "-", *AS_OF, stdin=CSV_LOG.read_bytes(), cwd=tmp_path)
    assert unnamed.returncode == 2  # read as JSONL, its header refused
    assert b"-:1:1: this is the header row of a CSV log" in unnamed.stderr


def test_unreadable_records_are_located_in_the_named_file(tmp_path: Path) -> None:
    spoiled = b'{"id": "R-1"}\n{"id": \n'
    got = run("audit", "-", "--stdin-filename", "in/log.jsonl", *AS_OF, "--strict",
              stdin=spoiled, cwd=tmp_path)  # fmt: skip
    assert got.returncode == 2
    assert got.stderr.startswith(b"in/log.jsonl:2:"), got.stderr
    assert b"Traceback" not in got.stderr


def test_transparency_names_the_file(tmp_path: Path) -> None:
    got = run("transparency", "-", "--stdin-filename", "logs/x.csv", "--period", "2026",
              *AS_OF, stdin=CSV_LOG.read_bytes(), cwd=tmp_path)  # fmt: skip
    assert got.returncode == 0, got.stderr
    assert b"Read from logs/x.csv (csv, SHA-256 " in got.stdout


def test_no_output_may_take_the_name(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"kept as it is\n")
    got = run("audit", "-", "--stdin-filename", "log.jsonl", "--findings", "log.jsonl",
              stdin=CSV_LOG.read_bytes(), cwd=tmp_path)  # fmt: skip
    assert got.returncode == 2 and b"input of this command" in got.stderr, got.stderr
    assert log.read_bytes() == b"kept as it is\n"


@pytest.mark.parametrize("redirected", [True, False], ids=["regular-file", "pipe"])
def test_a_database_cannot_be_piped_in(tmp_path: Path, redirected: bool) -> None:
    given = tmp_path / "given.db"
    given.write_bytes(b"")
    stdin: bytes | Path = given if redirected else b""
    got = run("audit", "-", "--stdin-filename", "requests.db", stdin=stdin, cwd=tmp_path)
    assert got.returncode == 2
    assert got.stderr.startswith(b"requests.db:1:1: an SQLite database is read from its file")


def test_a_compressed_log_redirected_is_told_to_be_decompressed_on_its_way(
    tmp_path: Path,
) -> None:
    packed = tmp_path / "log.jsonl.gz"
    packed.write_bytes(gzip.compress(CSV_LOG.read_bytes()))
    got = run("audit", "-", "--stdin-filename", "log.jsonl", stdin=packed, cwd=tmp_path)
    assert got.returncode == 2
    said = got.stderr.decode()
    assert said.startswith("log.jsonl:1:1: standard input is gzip-compressed"), said
    assert "(zcat FILE | safeguards audit -)" in said


def test_a_waiver_file_piped_in_is_named(tmp_path: Path) -> None:
    waivers = (ROOT / "examples" / "waivers.yaml").read_bytes().replace(b"SG-RES-01", b"SG-NOPE-99")
    line = waivers[: waivers.index(b"SG-NOPE-99")].count(b"\n") + 1
    got = run("audit", CSV_LOG, "--waivers", "-", "--stdin-filename", "w.yaml", *AS_OF,
              stdin=waivers, cwd=tmp_path)  # fmt: skip
    assert got.returncode == 2
    assert got.stderr.startswith(f"w.yaml:{line}:".encode()), got.stderr
    assert b"unknown safeguard 'SG-NOPE-99'" in got.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["audit", CSV_LOG], "give '-' as the file to read"),
        (["audit", "-", "--waivers", "-"], "standard input ('-') can be read only once"),
        (["audit", "-", "-"], "standard input ('-') can be read only once"),
        (["transparency", CSV_LOG, "--period", "2026"], "give '-' as the file to read"),
        (["check", "-", "--waivers", "-"], "standard input ('-') can be read only once"),
    ],
)
def test_the_name_goes_to_one_input_read_from_standard_input(
    tmp_path: Path, args: list[str | Path], said: str
) -> None:
    got = run(*args, "--stdin-filename", "x.jsonl", stdin=CSV_LOG.read_bytes(), cwd=tmp_path)
    assert got.returncode == 2
    assert said in got.stderr.decode() and b"Traceback" not in got.stderr, got.stderr
    assert not os.listdir(tmp_path)  # nothing written


@pytest.mark.parametrize("command", ["audit", "transparency"])
def test_a_workflow_piped_in_is_named(tmp_path: Path, command: str) -> None:
    text = WORKFLOW.read_bytes()
    spoiled = text.replace(
        b"requires_judicial_authorization: true", b"requires_judicial_authorization: maybe", 1
    )
    line = text[: text.index(b"requires_judicial_authorization: true")].count(b"\n") + 1
    period = ["--period", "2026"] if command == "transparency" else []
    got = run(command, CSV_LOG, *period, "--workflow", "-", "--stdin-filename", "policy.yaml",
              stdin=spoiled, cwd=tmp_path)  # fmt: skip
    assert got.returncode == 2
    assert got.stderr.startswith(f"policy.yaml:{line}:".encode()), got.stderr
