"""The outputs of one command are written together: all of them, or none.

A disk that fills while a command writes its second or third output (a full disk is simulated
by a real limit of the kernel: ``ulimit -f``, under which a write past the limit fails) leaves
every file it would have replaced as it was, and no temporary file: the command's outputs are
synced first and put in place only when all of them are written.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from safeguards.engine.io.output import AtomicFile, commit_together, write_together
from tests.conftest import CLI_COMMAND, ROOT, cli_env

PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"
LOG = ROOT / "examples" / "requests" / "example-10.jsonl"
WORKFLOW = ROOT / "examples" / "workflows" / "strong.yaml"
OLD = b"the old file\n"
CHECK = ["check", str(PROFILE), "--fail-on", "none"]
AUDIT = ["audit", str(LOG), "--workflow", str(WORKFLOW), "--fail-on", "none"]


def _limited_to(size: int):  # type: ignore[no-untyped-def]
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def _run(
    args: list[str], limit: int, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI_COMMAND, *args],
        cwd=ROOT,
        env=cli_env(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limited_to(limit),  # the child only lowers a limit
        check=False,
    )


def _left(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("args", "limit", "outputs", "too_large"),
    [
        # check: the text report (18 KB) fits, the JSON one (169 KB) does not
        (
            [
                *CHECK,
                "--format",
                "text",
                "--format",
                "json",
                "-o",
                "@report.txt",
                "-o",
                "@report.json",
            ],
            64 * 1024,
            ["report.txt", "report.json"],
            "report.json",
        ),
        # audit: the findings (29 KB) fit, the SARIF report (39 KB) does not
        (
            [*AUDIT, "--findings", "@findings.jsonl", "--format", "sarif", "-o", "@audit.sarif"],
            32 * 1024,
            ["findings.jsonl", "audit.sarif"],
            "audit.sarif",
        ),
        # audit: the findings (29 KB) do not fit, met as the SARIF report reads them back
        (
            [*AUDIT, "--findings", "@findings.jsonl", "--format", "sarif", "-o", "@audit.sarif"],
            16 * 1024,
            ["findings.jsonl", "audit.sarif"],
            "findings.jsonl",
        ),
        # audit: the summary (11 KB) fits, the findings (29 KB) do not
        (
            [*AUDIT, "--findings", "@findings.jsonl", "--format", "json", "-o", "@summary.json"],
            16 * 1024,
            ["findings.jsonl", "summary.json"],
            "findings.jsonl",
        ),
        # init --no-input: the template (46 KB) fits, its schema (224 KB) does not
        (
            ["init", "jurisdiction", "--no-input", "-o", "@p.yaml"],
            100 * 1024,
            ["p.yaml", "jurisdiction.schema.json"],
            "jurisdiction.schema.json",
        ),
    ],
)
def test_an_output_that_cannot_be_written_leaves_every_output_as_it_was(
    tmp_path: Path, args: list[str], limit: int, outputs: list[str], too_large: str
) -> None:
    for name in outputs:
        if name != "p.yaml":  # init refuses to write over a profile: none there before
            (tmp_path / name).write_bytes(OLD)
    given = [str(tmp_path / a[1:]) if a.startswith("@") else a for a in args]
    before = _left(tmp_path)
    done = _run(given, limit)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: {tmp_path / too_large}: File too large"), done.stderr
    assert _left(tmp_path) == before  # every old file as it was, no new file, no temporary


def test_the_findings_are_not_put_in_place_when_the_summary_cannot_be_shown(
    tmp_path: Path,
) -> None:
    findings = tmp_path / "findings.jsonl"
    findings.write_bytes(OLD)
    args = ["audit", str(LOG), "--workflow", str(WORKFLOW), "--findings", str(findings)]
    with open("/dev/full", "w") as full:  # standard output on a full disk
        done = _run(args, 1 << 30, stdout=full.fileno())
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: standard output: No space left on device")
    assert _left(tmp_path) == {"findings.jsonl": OLD}


@pytest.mark.parametrize("shown", ["-", "/dev/stdout"])
def test_a_summary_on_standard_output_is_not_shown_when_the_findings_cannot_be_written(
    tmp_path: Path, shown: str
) -> None:
    findings = tmp_path / "findings.jsonl"
    findings.write_bytes(OLD)
    args = [*AUDIT, "--findings", str(findings), "--format", "json", "-o", shown]
    done = _run(args, 16 * 1024)  # the findings (29 KB) do not fit; the summary (11 KB) would
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {findings}: File too large"), done.stderr
    assert done.stdout == ""
    assert _left(tmp_path) == {"findings.jsonl": OLD}


def test_outputs_that_all_fit_are_all_written(tmp_path: Path) -> None:
    args = ["audit", str(LOG), "--workflow", str(WORKFLOW), "--fail-on", "none"]
    args += ["--findings", str(tmp_path / "f.jsonl"), "--format", "sarif"]
    args += ["-o", str(tmp_path / "a.sarif")]
    done = _run(args, 64 * 1024)
    assert done.returncode == 0, done.stderr
    assert sorted(_left(tmp_path)) == ["a.sarif", "f.jsonl"]
    assert (tmp_path / "f.jsonl").read_bytes().count(b"\n") > 50


class _Refusing(AtomicFile):
    """An output whose syncing fails, as a full disk's can."""

    def seal(self) -> None:
        self.discard()
        raise OSError(28, "No space left on device", str(self.path))


def test_a_seal_that_fails_drops_every_output(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(OLD)
    first, second = AtomicFile(tmp_path / "a"), _Refusing(tmp_path / "b")
    first.write(b"new a\n")
    second.write(b"new b\n")
    with pytest.raises(OSError, match="No space left"):
        commit_together([first, second])
    assert _left(tmp_path) == {"a": OLD}


def test_what_is_shown_after_the_files_are_sealed_can_still_drop_them(tmp_path: Path) -> None:
    out = AtomicFile(tmp_path / "a")
    out.write(b"new\n")
    seen: list[bool] = []

    def show() -> None:
        seen.append(out.sealed)
        raise OSError(28, "No space left on device", "standard output")

    with pytest.raises(OSError, match="standard output"):
        commit_together([out], then=show)
    assert seen == [True]  # shown only once the file was written in full
    assert _left(tmp_path) == {}


def test_a_rename_refused_midway_leaves_no_temporary_behind(tmp_path: Path) -> None:
    first, second, third = (AtomicFile(tmp_path / n) for n in ("a", "b", "c"))
    for out in (first, second, third):
        out.write(b"new\n")
    (tmp_path / "b").mkdir()  # made after the output was opened: its rename is refused
    with pytest.raises(OSError):
        commit_together([first, second, third])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # a in place; b the folder
    assert (tmp_path / "a").read_bytes() == b"new\n"


def test_written_output_can_be_read_back_before_it_is_committed(tmp_path: Path) -> None:
    out = AtomicFile(tmp_path / "a")
    out.write(b"one\n")
    assert out.written().read_bytes() == b"one\n"
    out.write(b"two\n")
    assert out.written().read_bytes() == b"one\ntwo\n"
    assert not (tmp_path / "a").exists()
    out.commit()
    assert (tmp_path / "a").read_bytes() == b"one\ntwo\n"
    with pytest.raises(OSError, match="cannot be read back"):
        AtomicFile("-").written()


def test_write_together_shows_standard_output_only_once_the_files_are_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "file").write_bytes(OLD)
    read, write = os.pipe()
    try:
        pipe = f"/dev/fd/{write}"
        with pytest.raises(OSError):  # a folder that is a file: the second output fails
            write_together([(pipe, b"shown\n"), (tmp_path / "file" / "a", b"new\n")])
        write_together([(pipe, b"shown\n"), (tmp_path / "b", b"kept\n")])
        os.close(write)
        write = -1
        assert os.read(read, 100) == b"shown\n"  # once: not before the failing file
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)
    assert _left(tmp_path) == {"b": b"kept\n", "file": OLD}
