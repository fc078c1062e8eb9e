"""``--stdin-filename``: a buffer handed over on standard input, named as the file it comes from.

An editor checks the profile being edited before it is saved: the text comes on standard input
(``-``), and every message and report names the file, as when the file itself is read. The file
on disk is not read, and no output may take its name. Each command runs in a child process with
a real standard input.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CLI_COMMAND, ROOT, cli_env

PROFILE = ROOT / "examples" / "jurisdictions" / "belgium.yaml"
WAIVERS = ROOT / "examples" / "waivers.yaml"


def run(*args: str | Path, stdin: bytes, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run a command in a child process (arguments that are not UTF-8 passed as their bytes)."""
    return subprocess.run(
        [*CLI_COMMAND, *(os.fsencode(str(a)) for a in args)],
        cwd=cwd,
        env=cli_env(),
        input=stdin.decode("utf-8"),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def edited(tmp_path: Path) -> tuple[Path, bytes]:
    """A profile on disk, and its unsaved edit: one answer no longer true or false."""
    on_disk = tmp_path / "belgium.yaml"
    shutil.copyfile(PROFILE, on_disk)
    text = on_disk.read_bytes()
    line = text.splitlines().index(b"  research.reporting.authority_designated:") + 2
    lines = text.splitlines(keepends=True)
    assert lines[line - 1].strip() == b"- value: true"
    lines[line - 1] = lines[line - 1].replace(b"true", b"maybe")
    return on_disk, b"".join(lines)


def test_errors_in_the_buffer_name_the_file_at_their_line(edited: tuple[Path, bytes]) -> None:
    on_disk, buffer = edited
    before = on_disk.read_bytes()
    got = run("check", "-", "--stdin-filename", on_disk, stdin=buffer)
    assert got.returncode == 2, got.stderr
    first = got.stderr.splitlines()[0]
    assert first.startswith(f"{on_disk}:112:14: 'research.reporting.authority_designated'"), first
    assert "Traceback" not in got.stderr and "-:" not in got.stderr
    assert on_disk.read_bytes() == before  # the file on disk was the good one: not read


def test_reports_name_the_file_and_read_the_buffer(edited: tuple[Path, bytes]) -> None:
    on_disk, _ = edited
    buffer = PROFILE.read_bytes().replace(b"name: Belgium", b"name: Belgium (edited)")
    on_disk.write_text("not: [a profile\n", encoding="utf-8")  # the disk holds something else
    got = run(
        "check",
        "-",
        "--stdin-filename",
        on_disk,
        "--format",
        "json",
        "--fail-on",
        "none",
        stdin=buffer,
    )
    assert got.returncode == 0, got.stderr
    subject = json.loads(got.stdout)["subjects"][0]
    assert subject["path"] == str(on_disk) and subject["name"] == "Belgium (edited)"
    github = run(
        "check",
        "-",
        "--stdin-filename",
        on_disk,
        "--format",
        "github",
        "--fail-on",
        "none",
        stdin=buffer,
    )
    assert f"::error file={on_disk},line=" in github.stdout, github.stdout


@pytest.mark.parametrize(
    "order",
    [["FOLDER", "-"], ["-", "FOLDER"], ["FOLDER", "-", "./FILE"], ["/FOLDER", "-"]],
    ids=str,
)
def test_the_buffer_stands_for_its_file_however_it_is_named(
    tmp_path: Path, order: list[str]
) -> None:
    """``check profiles/ - --stdin-filename profiles/belgium.yaml``: the folder is checked
    with the buffer in place of the saved file, which is read neither instead nor as well."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copyfile(ROOT / "examples" / "jurisdictions" / "france.yaml", folder / "france.yaml")
    on_disk = folder / "belgium.yaml"
    on_disk.write_text("not: [a profile\n", encoding="utf-8")  # the saved file, broken
    buffer = PROFILE.read_bytes().replace(b"name: Belgium", b"name: Belgium (edited)")
    names = {"FOLDER": "profiles", "./FILE": "./profiles/belgium.yaml", "/FOLDER": str(folder)}
    args = [names.get(word, word) for word in order]
    got = run("check", *args, "--stdin-filename", "profiles/belgium.yaml", "--format", "json",
              "--fail-on", "none", stdin=buffer, cwd=tmp_path)  # fmt: skip
    assert got.returncode == 0, got.stderr
    subjects = {Path(s["path"]).name: s["name"] for s in json.loads(got.stdout)["subjects"]}
    assert subjects == {"belgium.yaml": "Belgium (edited)", "france.yaml": "France"}


def test_a_buffer_for_a_file_not_yet_saved_is_one_profile(tmp_path: Path) -> None:
    got = run("check", "-", "new.yaml", "--stdin-filename", "new.yaml", "--format", "json",
              "--fail-on", "none", stdin=PROFILE.read_bytes(), cwd=tmp_path)  # fmt: skip
    assert got.returncode == 0, got.stderr
    assert [s["path"] for s in json.loads(got.stdout)["subjects"]] == ["new.yaml"]


def test_no_output_may_take_the_name_of_the_file(edited: tuple[Path, bytes]) -> None:
    on_disk, _ = edited
    before = on_disk.read_bytes()
    got = run("check", "-", "--stdin-filename", on_disk, "-o", on_disk, stdin=before)
    assert got.returncode == 2
    assert "is an input of this command" in got.stderr, got.stderr
    assert on_disk.read_bytes() == before


def test_the_lawyers_commands_name_the_file_too(tmp_path: Path) -> None:
    name = tmp_path / "unsaved" / "be.yaml"  # need not exist
    text = PROFILE.read_bytes()
    missing = run("missing", "-", "--stdin-filename", name, stdin=text)
    assert missing.returncode == 0, missing.stderr
    assert f"({name}:" in missing.stdout and "(-:" not in missing.stdout
    explain = run("explain", "SG-MEN-01", "--subject", "-", "--stdin-filename", name, stdin=text)
    assert explain.returncode == 0, explain.stderr
    assert f"{name}:" in explain.stdout
    waivers = WAIVERS.read_bytes().replace(b"approver: ", b"approver: TODO #", 1)
    lint = run("waivers", "lint", "-", "--stdin-filename", name, stdin=waivers)
    assert lint.returncode == 1, lint.stderr
    assert lint.stdout.startswith(f"{name}:") and "placeholder approver" in lint.stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", PROFILE], "give '-' as the file to read"),
        (["check", "-", "--stdin-filename", "-"], "not '-'"),
        (["explain", "SG-MEN-01"], "give '-' as the file to read"),
        (["check", "-", "--stdin-filename", "\udcffbe.yaml"], "'<U+DCFF>be.yaml' is not UTF-8"),
    ],
)
def test_a_name_needs_standard_input_to_name(args: list[str | Path], said: str) -> None:
    if "--stdin-filename" not in args:
        args = [*args, "--stdin-filename", "be.yaml"]
    got = run(*args, stdin=PROFILE.read_bytes())
    assert got.returncode == 2
    assert said in got.stderr and "Traceback" not in got.stderr, got.stderr


@pytest.mark.parametrize("named", [False, True], ids=["no-name", "named"])
def test_standard_input_named_twice_is_refused(named: bool) -> None:
    """``check - -`` read one text as two profiles, and said its id was used twice."""
    args = ["--stdin-filename", "be.yaml"] if named else []
    got = run("check", "-", "-", *args, stdin=PROFILE.read_bytes())
    assert got.returncode == 2
    assert "standard input ('-') can be read only once" in got.stderr, got.stderr
    assert "also used by" not in got.stderr
