"""Profiles that come through a pipe, and lines of a log that were cut short.

A profile may come from standard input (``-``) or from a pipe a shell made, as in
``safeguards diff <(git show HEAD~1:profile.yaml) profile.yaml``. Such an input can be read
once only, while a command may need its text twice (``diff`` evaluates a profile, then reads
its answers; a repeated id is located in its file): each is read once, and its text kept. Every
command runs in a child process on real pipes and FIFOs.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path
from typing import BinaryIO

from tests.conftest import CLI_COMMAND, ROOT, cli_env

OLD = ROOT / "tests" / "data" / "reports" / "reform-2023.yaml"
NEW = ROOT / "tests" / "data" / "reports" / "reform-2024.yaml"
CATALOG = ROOT / "tests" / "data" / "reports" / "catalog"
PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"
WORKFLOW = ROOT / "examples" / "workflows" / "strong.yaml"


def run(
    *args: str | Path,
    stdin: bytes | BinaryIO | None = None,
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[bytes]:
    """Run a command in a child process, ``stdin`` given as bytes or as an open file."""
    return subprocess.run(
        [*CLI_COMMAND, *map(str, args)],
        cwd=ROOT,
        env={**cli_env(), "SAFEGUARDS_READ_TIMEOUT": "20"},
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=None if isinstance(stdin, bytes) else stdin,
        capture_output=True,
        timeout=120,
        pass_fds=pass_fds,
    )


def facts_and_findings(output: bytes) -> tuple[object, object, int]:
    data = json.loads(output)
    return data["facts"], data["findings"], data["new_gaps"]


def test_a_diff_against_a_pipe_is_the_diff_against_the_file() -> None:
    """The old version comes through a pipe the shell made: ``<(git show …)``."""
    read, write = os.pipe()
    data = OLD.read_bytes()

    def writer() -> None:
        with open(write, "wb") as out:
            out.write(data)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    piped = run(
        "diff",
        f"/dev/fd/{read}",
        NEW,
        "--as-of",
        "2024-06-01",
        "--format",
        "json",
        "--catalog",
        CATALOG,
        pass_fds=(read,),
    )
    os.close(read)
    thread.join(timeout=30)
    files = run("diff", OLD, NEW, "--as-of", "2024-06-01", "--format", "json", "--catalog", CATALOG)
    assert files.returncode == 1, files.stderr  # the fixture's reform opens a gap
    assert piped.returncode == 1, piped.stderr
    assert facts_and_findings(piped.stdout) == facts_and_findings(files.stdout)
    assert facts_and_findings(piped.stdout)[0]  # answers did change: a real comparison


def test_standard_input_is_a_profile_read_once() -> None:
    text = PROFILE.read_bytes()
    piped = run("check", "-", "--format", "json", "--as-of", "2026-11-29", stdin=text)
    filed = run("check", PROFILE, "--format", "json", "--as-of", "2026-11-29")
    assert piped.returncode == filed.returncode == 1, piped.stderr
    assert piped.stderr == b""

    def verdicts(out: bytes) -> list[tuple[str, str, list[str]]]:
        return [
            (f["safeguard"], f["status"], [d["fact"] for d in f["decisive_facts"]])
            for f in json.loads(out)["findings"]
        ]

    assert verdicts(piped.stdout) == verdicts(filed.stdout)
    assert json.loads(piped.stdout)["subjects"][0]["path"] == "-"
    # read twice in one command, it is the same text both times: nothing changed
    same = run("diff", "-", "-", "--format", "json", stdin=text)
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["facts"] == [] and json.loads(same.stdout)["findings"] == []
    named = run("diff", "-", PROFILE, stdin=text)
    assert named.stdout.startswith(b"Old: standard input (as of ")


def test_a_repeated_id_through_a_pipe_is_located_as_in_a_file(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(PROFILE.read_bytes())
    filed = run("check", PROFILE, copy)
    piped = run("check", PROFILE, "-", stdin=PROFILE.read_bytes())
    assert filed.returncode == piped.returncode == 2
    where, message = filed.stderr.decode().split(": ", 1)
    assert where.startswith(f"{copy}:") and not where.endswith(":1:1")
    assert piped.stderr.decode() == where.replace(str(copy), "-") + ": " + message


def test_standard_input_redirected_from_a_file_is_never_overwritten(tmp_path: Path) -> None:
    profile = tmp_path / "de.yaml"
    profile.write_bytes(PROFILE.read_bytes())
    with profile.open("rb") as stdin:
        result = run("check", "-", "--format", "markdown", "-o", profile, stdin=stdin)
    assert result.returncode == 2
    assert b"is an input of this command (-)" in result.stderr
    assert profile.read_bytes() == PROFILE.read_bytes()


def test_a_utf16_profile_is_named_as_such(tmp_path: Path) -> None:
    profile = tmp_path / "de.yaml"
    profile.write_text(PROFILE.read_text(encoding="utf-8"), encoding="utf-16")
    result = run("check", profile)
    assert result.returncode == 2
    assert (
        result.stderr.decode()
        == f"{profile}:1:1: file is UTF-16 text, not UTF-8: save it as UTF-8\n"
    )


def test_a_log_line_cut_short_is_located_where_it_ends(tmp_path: Path) -> None:
    """A log copied while still being written ends inside a record: say so, at its end."""
    whole = (ROOT / "examples" / "requests" / "example-10.jsonl").read_bytes().splitlines()
    cuts = [whole[0][:40], whole[1][:-1], whole[2][: whole[2].index(b'"', 20) + 3]]
    log = tmp_path / "cut.jsonl"
    log.write_bytes(b"\n".join([*cuts, whole[3]]) + b"\n")
    findings = tmp_path / "f.jsonl"
    result = run("audit", log, "--workflow", WORKFLOW, "--findings", findings)
    assert result.returncode == 1, result.stderr
    lines = [json.loads(x) for x in findings.read_text().splitlines()]
    errors = [x for x in lines if x["status"] == "error"]
    assert [e["location"] for e in errors] == [
        f"{log}:{n}:{len(cut.decode()) + 1}" for n, cut in enumerate(cuts, 1)
    ]
    assert {e["message"] for e in errors} == {
        "invalid JSON: the line ends before its record does"
        " (a string, an object or a list is left open)"
    }
    # a line that is whole but wrong keeps the parser's own column and words
    log.write_bytes(b'{"id": tru}\n')
    result = run("audit", log, "--workflow", WORKFLOW, "--findings", findings)
    assert f"{log}:1:8: invalid JSON: expecting value".encode() in result.stdout


def test_standard_input_is_one_input_only() -> None:
    """A log and its workflow, or a profile and its waivers, cannot both come from it."""
    log = (ROOT / "examples" / "requests" / "example-10.jsonl").read_bytes()
    for args, first, then in [
        (("audit", "-", "--workflow", "-"), "a request log", "a profile or workflow"),
        (
            ("transparency", "-", "--period", "2026", "--workflow", "-"),
            "a request log",
            "a profile or workflow",
        ),
        (("audit", "-", "--workflow", WORKFLOW, "--waivers", "-"), "a request log", "waivers"),
    ]:
        result = run(*args, stdin=log)
        assert result.returncode == 2, args
        assert result.stderr.decode() == (
            f"-:1:1: standard input is already read as {first}: {then} cannot come from it too\n"
        ), args
    result = run("check", "-", "--waivers", "-", stdin=PROFILE.read_bytes())
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "-:1:1: standard input is already read as a profile or workflow:"
        " waivers cannot come from it too\n"
    )
    # one kind of input, named twice, is the same text twice
    assert run("audit", "-", "--workflow", WORKFLOW, stdin=log).returncode == 1


def test_standard_input_is_never_edited_in_place(tmp_path: Path) -> None:
    text = PROFILE.read_bytes()
    for args, doing in [
        (("set", "-", "instrument_type", "treaty"), "set edits the file in place"),
        (
            ("init", "jurisdiction", "--resume", "-"),
            "--resume reads the file twice and writes it back",
        ),
    ]:
        result = subprocess.run(
            [*CLI_COMMAND, *args], cwd=tmp_path, env=cli_env(), input=text, capture_output=True
        )
        assert result.returncode == 2, args
        assert result.stderr.decode() == f"-:1:1: standard input, not a file: {doing}\n"
        assert list(tmp_path.iterdir()) == []  # no file named '-' written


def test_a_pipe_name_given_to_another_pipe_is_read_afresh() -> None:
    """``/dev/fd/N`` of one command's pipe is another pipe's in a later one: not its text."""
    from safeguards.engine.errors import SubjectError
    from safeguards.engine.io.inputs import forget_all
    from safeguards.engine.io.yamlsrc import read_text

    first_read, first_write = os.pipe()
    os.write(first_write, b"first: 1\n")
    os.close(first_write)
    name = f"/dev/fd/{first_read}"
    try:
        assert read_text(Path(name), SubjectError) == "first: 1\n"
        assert read_text(Path(name), SubjectError) == "first: 1\n"  # kept: read once
        second_read, second_write = os.pipe()
        os.write(second_write, b"second: 2\n")
        os.close(second_write)
        os.dup2(second_read, first_read)  # the same name, another pipe
        os.close(second_read)
        assert read_text(Path(name), SubjectError) == "second: 2\n"
    finally:
        os.close(first_read)
        forget_all()


def test_a_profile_typed_at_a_terminal_is_asked_for_and_ended_by_ctrl_d() -> None:
    """`check -` at a prompt waits for input as `cat -` does: it says so, and how to end it."""
    import pty
    import termios

    leader, follower = pty.openpty()
    mode = termios.tcgetattr(follower)
    mode[3] &= ~termios.ECHO  # nothing read back from the leader: echoes would fill it
    termios.tcsetattr(follower, termios.TCSANOW, mode)
    child = subprocess.Popen(
        [*CLI_COMMAND, "check", "-", "--as-of", "2026-11-29", "--fail-on", "none"],
        cwd=ROOT,
        env=cli_env(),
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    try:
        text = PROFILE.read_bytes().replace(b"\r\n", b"\n")
        for line in text.splitlines(keepends=True):  # as a paste reaches the terminal
            os.write(leader, line)
        os.write(leader, b"\x04")  # Ctrl-D at the start of a line: end of input
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        os.close(leader)
    assert child.returncode == 0, err
    assert err.decode().startswith(
        "reading a profile or workflow from the terminal: type or paste it, then Ctrl-D\n"
    )
    assert b"Germany (DE):" in out


def test_a_profile_from_a_pipe_is_read_without_a_word() -> None:
    result = run(
        "check", "-", "--as-of", "2026-11-29", "--fail-on", "none", stdin=PROFILE.read_bytes()
    )
    assert result.returncode == 0, result.stderr
    assert b"from the terminal" not in result.stderr
