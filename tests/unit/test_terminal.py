"""On a terminal, text wraps to its width, never inside a path; a pipe gets whole lines."""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from safeguards.engine.text.wrap import wrap

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "examples/jurisdictions/united-kingdom.yaml"
COMMAND = [sys.executable, "-c", "from safeguards.engine.cli import main; main()", "--no-config"]


def on_terminal(args: list[str], columns: int) -> str:
    """Run a command with its standard output on a pseudo-terminal of the given width."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    proc = subprocess.Popen(
        [*COMMAND, *args], cwd=ROOT, stdout=slave, stderr=subprocess.PIPE, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_paths_and_urls_are_never_broken() -> None:
    text = "see profiles/united-kingdom.yaml:12 and https://example.org/a-very-long-path/x"
    lines = wrap(text, 40, "  ", 2)
    joined = " ".join(line.strip() for line in lines)
    assert "profiles/united-kingdom.yaml:12" in joined.split()
    assert "https://example.org/a-very-long-path/x" in joined.split()


@pytest.mark.parametrize("columns", [80, 120])
def test_the_text_report_fits_the_terminal(columns: int) -> None:
    shown = on_terminal(["check", PROFILE, "--fail-on", "none", "--as-of", "2026-12-03"], columns)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", shown).splitlines()
    assert any("united-kingdom.yaml:" in line for line in lines)
    for line in lines:
        if len(line) >= columns:
            # only a single unbreakable word (a long URL) may run past the edge
            assert " " not in line.strip(), line


AUDIT = [
    "audit",
    "examples/requests/example-10.jsonl",
    "--workflow",
    "examples/workflows/strong.yaml",
    "--as-of",
    "2026-11-29",
    "--fail-on",
    "none",
]


@pytest.mark.parametrize("columns", [50, 80])
def test_the_audit_summary_fits_the_terminal_and_says_the_same(columns: int) -> None:
    """Wrapped at the edge, between findings only, and nothing lost against the piped text."""
    shown = on_terminal(AUDIT, columns).splitlines()
    piped = subprocess.run(
        [*COMMAND, *AUDIT], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert max(len(line) for line in piped) > 120
    table = [line for line in shown if line.startswith(("SG-", "safeguard "))]  # a table: kept
    assert all(len(line) < columns for line in shown if line not in table)
    assert " ".join(" ".join(shown).split()) == " ".join(" ".join(piped).split())
    worst = shown.index("Worst requests:")
    for line in shown[worst + 1 :]:
        assert not re.search(r"SG-[A-Z]+-\d+$", line), line  # never "SG-SAF-13" | "gap"


def test_a_pipe_gets_one_line_per_answer() -> None:
    args = [*COMMAND, "check", PROFILE, "--fail-on", "none", "--as-of", "2026-12-03"]
    piped = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert max(len(line) for line in piped.splitlines()) > 120


def test_a_closed_pipe_ends_quietly_with_status_0() -> None:
    args = [*COMMAND, "check", "examples/jurisdictions/", "--format", "json", "--fail-on", "none"]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written, as after `| head -1`
    try:
        done = subprocess.run(args, cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)
    assert done.returncode == 0
    assert done.stderr.decode("utf-8") == ""


CHECK = ["check", PROFILE, "--fail-on", "none", "--as-of", "2026-12-03"]


def test_status_words_are_coloured_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert "\x1b[31mGAP\x1b[0m" in on_terminal(CHECK, 100)
    piped = subprocess.run([*COMMAND, *CHECK], cwd=ROOT, capture_output=True, text=True).stdout
    assert "\x1b[" not in piped and "  GAP " in piped


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_color_and_a_dumb_terminal_turn_colour_off(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv(name, value)
    assert "\x1b[" not in on_terminal(CHECK, 100)


def test_quiet_silences_notes_but_not_errors(tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    args = [*COMMAND, "-q", *CHECK, "-o", str(out)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == "" and out.exists()
    loud = subprocess.run(
        [*COMMAND, *CHECK, "-o", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert f"wrote {out}" in loud.stderr
    bad = subprocess.run(
        [*COMMAND, "-q", "check", "missing.yaml"], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2 and "missing.yaml:1:1: no such file" in bad.stderr


@pytest.mark.parametrize("content", ["", "\n\n"])
def test_an_empty_log_is_an_error_and_writes_nothing(tmp_path: Path, content: str) -> None:
    findings = tmp_path / "findings.jsonl"
    args = [*COMMAND, "audit", "-", "--findings", str(findings)]
    done = subprocess.run(args, cwd=ROOT, input=content, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "-:1:1: standard input holds no request record\n"
    assert not findings.exists()
