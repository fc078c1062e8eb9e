"""Inputs that keep a command waiting: FIFOs nobody writes to, pipes whose writer stalls.

Each command runs in a child process with ``SAFEGUARDS_READ_TIMEOUT=1``, on real FIFOs made in
a scratch folder. It must end with one located message and exit 2 (the subprocess timeout is a
guard against a hang, not a measurement). A FIFO log that is written to is audited as a file
would be, and a FIFO is never edited in place.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from safeguards.engine.io.idle import DEFAULT_SECONDS, idle_seconds
from tests.conftest import CLI_COMMAND, ROOT, cli_env

LOG = ROOT / "examples" / "requests" / "example-10.jsonl"
PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"


def run(*args: str, stdin: bytes | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**cli_env(), "SAFEGUARDS_READ_TIMEOUT": "1"}
    return subprocess.run(
        [*CLI_COMMAND, *args],
        cwd=cwd,
        env=env,
        input=None if stdin is None else stdin.decode(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def fifo(folder: Path, name: str = "in.fifo") -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def write_later(path: Path, data: bytes, hold: float = 0.0) -> threading.Thread:
    """Open the FIFO for writing (blocks until a reader comes), write, keep it open ``hold`` s."""

    def writer() -> None:
        with path.open("wb") as out:
            out.write(data)
            out.flush()
            threading.Event().wait(hold)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{fifo}"],
        ["audit", "{fifo}", "--fail-on", "none", "-o", "{out}"],
        ["transparency", "{fifo}", "--period", "2026", "-o", "{out}"],
        ["waivers", "lint", "{fifo}"],
    ],
    ids=["check", "audit", "transparency", "waivers-lint"],
)
def test_a_fifo_nobody_writes_to_stops_with_a_located_message(
    tmp_path: Path, command: list[str]
) -> None:
    path = fifo(tmp_path)
    out = tmp_path / "report.md"
    args = [a.format(fifo=path, out=out) for a in command]
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{path}:1:1: nothing to read for 1 s" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_a_stalled_pipe_stops_at_the_line_it_waits_for(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    head = b"".join(LOG.read_bytes().splitlines(keepends=True)[:3])
    writer = write_later(path, head, hold=3)
    done = run("audit", str(path), "--fail-on", "none", "-o", str(tmp_path / "a.md"), cwd=tmp_path)
    writer.join()
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{path}:4:1: nothing to read for 1 s"), done.stderr


def test_a_profile_whose_writer_never_closes_is_not_taken_half_read(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    writer = write_later(path, PROFILE.read_bytes(), hold=3)
    done = run("check", str(path), "--fail-on", "none", cwd=tmp_path)
    writer.join()
    assert done.returncode == 2 and "nothing to read for 1 s" in done.stderr, done.stderr


def test_a_fifo_log_that_is_written_is_audited_in_every_format(tmp_path: Path) -> None:
    """The SARIF report points at log lines by reading the log again: never a FIFO."""
    path = fifo(tmp_path)
    writer = write_later(path, LOG.read_bytes())
    sarif = tmp_path / "audit.sarif"
    done = run(
        "audit", str(path), "--fail-on", "none", "--format", "sarif", "-o", str(sarif), cwd=tmp_path
    )
    writer.join()
    assert done.returncode == 0, done.stderr
    assert '"results"' in sarif.read_text(encoding="utf-8")


def test_a_fifo_is_never_edited_in_place(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    done = run("set", str(path), "offences.illegal_access.exists", "true", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"{path}:1:1: not a regular file" in done.stderr


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("", DEFAULT_SECONDS), ("2.5", 2.5), ("0", 0.0), ("soon", DEFAULT_SECONDS)],
)
def test_the_idle_limit_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, text: str, seconds: float
) -> None:
    monkeypatch.setenv("SAFEGUARDS_READ_TIMEOUT", text)
    assert idle_seconds() == seconds
