"""Outputs never destroy inputs, never replace devices, FIFOs or links, never leave half files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.cli.common import handle_errors
from safeguards.engine.io.output import AtomicFile
from tests.conftest import CLI_COMMAND, cli_env, cli_process, generated_log

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"
LOG = ROOT / "examples" / "requests" / "example-10.jsonl"
WAIVERS = ROOT / "examples" / "waivers.yaml"


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--no-config", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(PROFILE, tmp_path / "de.yaml")
    shutil.copy(LOG, tmp_path / "log.jsonl")
    shutil.copy(WAIVERS, tmp_path / "waivers.yaml")
    (tmp_path / "link.yaml").symlink_to("de.yaml")
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{d}/de.yaml", "--format", "markdown", "-o", "{d}/de.yaml"],
        ["check", "{d}/de.yaml", "-o", "{d}/link.yaml"],
        ["check", "{d}/de.yaml", "--waivers", "{d}/waivers.yaml", "-o", "{d}/waivers.yaml"],
        ["matrix", "{d}/de.yaml", "-o", "{d}/de.yaml"],
        ["diff", "{d}/de.yaml", "{d}/de.yaml", "-o", "{d}/de.yaml"],
        ["audit", "{d}/log.jsonl", "-o", "{d}/log.jsonl", "--as-of", "2026-12-03"],
        ["audit", "{d}/log.jsonl", "--findings", "{d}/log.jsonl", "--as-of", "2026-12-03"],
        ["audit", "{d}/log.jsonl", "--workflow", "{d}/de.yaml", "-o", "{d}/de.yaml"],
    ],
    ids=["check", "check-via-link", "waivers", "matrix", "diff", "audit", "findings", "workflow"],
)
def test_an_output_that_names_an_input_is_refused(work: Path, args: list[str]) -> None:
    before = {p.name: digest(p) for p in work.iterdir() if not p.is_symlink()}
    code, err = run([a.format(d=work) for a in args])
    assert code == 2, err
    assert "is an input of this command" in err or "--workflow needs" in err
    after = {p.name: digest(p) for p in work.iterdir() if not p.is_symlink()}
    assert after == before
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


def test_a_symlink_output_keeps_the_link_and_replaces_its_target(work: Path) -> None:
    (work / "report-link.txt").symlink_to("report.txt")
    code, err = run(
        ["check", str(work / "de.yaml"), "--fail-on", "none", "-o", str(work / "report-link.txt")]
    )
    assert code == 0, err
    assert (work / "report-link.txt").is_symlink()
    assert (work / "report.txt").read_text(encoding="utf-8").startswith("Germany (DE)")


def test_a_fifo_output_is_written_through(work: Path) -> None:
    fifo = work / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, err = run(["check", str(work / "de.yaml"), "--fail-on", "none", "-o", str(fifo)])
    reader.join(timeout=60)
    assert code == 0, err
    assert got and got[0].startswith(b"Germany (DE)")
    assert fifo.is_fifo()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_output_stays_a_device(work: Path) -> None:
    null = work / "null"
    os.mknod(null, 0o666 | 0o020000, os.makedev(1, 3))  # a character device, like /dev/null
    code, err = run(["check", str(work / "de.yaml"), "--fail-on", "none", "-o", str(null)])
    assert code == 0, err
    assert null.is_char_device()


def test_dash_means_standard_output(work: Path) -> None:
    result = CliRunner().invoke(
        main, ["--no-config", "check", str(work / "de.yaml"), "--fail-on", "none", "-o", "-"]
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("Germany (DE)")
    assert not (Path.cwd() / "-").exists()
    assert "wrote" not in result.stderr  # no note claims a file named '-'


def test_a_signal_mid_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    code = (
        "import os, signal, sys\n"
        "from safeguards.engine.io.output import AtomicFile\n"
        f"out = AtomicFile({str(target)!r})\n"
        "out.write(b'new half')\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_set_and_init_resume_still_edit_their_own_file(work: Path) -> None:
    code, err = run(["set", str(work / "de.yaml"), "powers.scope.limited", "true"])
    assert code == 0, err
    assert "powers.scope.limited" in (work / "de.yaml").read_text(encoding="utf-8")


AUDITED = ["audit", "{d}/log.jsonl", "--as-of", "2026-12-03"]


@pytest.mark.parametrize(
    ("args", "marked"),
    [
        (["check", "{d}/de.yaml", "--format", "markdown", "-o", "{d}/out.md"], "out.md"),
        ([*AUDITED, "--findings", "{d}/out.md"], "out.md"),
        ([*AUDITED, "--findings", "{d}/new.jsonl", "-o", "{d}/out.md"], "out.md"),
        (["set", "{d}/de.yaml", "powers.scope.limited", "true"], "de.yaml"),
        (["check", "{d}/de.yaml", "-o", "{d}/out-link.md"], "out.md"),
    ],
    ids=["check", "audit-findings", "audit-summary", "set", "through-a-link"],
)
def test_a_file_marked_read_only_is_not_replaced(work: Path, args: list[str], marked: str) -> None:
    """Renaming over a file needs only the folder's permission: the mode is asked first."""
    (work / "out.md").write_text("signed off", encoding="utf-8")
    (work / "out-link.md").symlink_to("out.md")
    target = work / marked
    target.chmod(0o444)
    before, names = digest(target), sorted(p.name for p in work.iterdir())
    code, err = run([a.format(d=work) for a in args])
    assert code == 2, err
    assert "is read-only: make it writable first (chmod u+w)" in err, err
    assert digest(target) == before and target.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in work.iterdir()) == names  # nothing else written either


def test_another_users_file_is_not_replaced(tmp_path: Path) -> None:
    """As a user who may write the folder but not the file, as a shell's ``>`` would refuse."""
    if os.geteuid() != 0:
        pytest.skip("making a file of another user needs root")
    import tempfile

    from safeguards.engine.io.output import OutputError, write_atomic

    folder = Path(tempfile.mkdtemp(prefix="safeguards-other-"))  # outside the private tmp_path
    try:
        folder.chmod(0o777)  # anyone may add, rename and remove files (no sticky bit)
        theirs = folder / "report.md"
        theirs.write_text("root's", encoding="utf-8")
        theirs.chmod(0o644)
        child = os.fork()
        if child == 0:  # the writer, as nobody: only the refusal (2) passes
            status = 3
            try:
                os.setgid(65534)
                os.setuid(65534)
                write_atomic(theirs, b"nobody's")
                status = 0
            except OutputError as exc:
                status = 2 if "is read-only" in str(exc) else 4
            finally:
                os._exit(status)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 2
        assert theirs.read_text(encoding="utf-8") == "root's" and theirs.stat().st_uid == 0
        assert sorted(p.name for p in folder.iterdir()) == ["report.md"]
    finally:
        shutil.rmtree(folder)


def test_the_benchmark_never_writes_to_dev_null() -> None:
    source = (ROOT / "bench" / "run.py").read_text(encoding="utf-8")
    assert "devnull]" not in source and '"/dev/null"' not in source


@pytest.mark.parametrize("jobs", ["65", "1000000"])
def test_audit_jobs_beyond_the_cap_are_refused(work: Path, jobs: str) -> None:
    code, err = run(["audit", str(work / "log.jsonl"), "--jobs", jobs, "--as-of", "2026-12-03"])
    assert code == 2
    assert "0<=x<=64" in err


def test_audit_jobs_at_the_cap_runs(work: Path) -> None:
    args = ["audit", str(work / "log.jsonl"), "--as-of", "2026-12-03", "--fail-on", "none"]
    done = cli_process(*args, "--jobs", "64")
    assert done.returncode == 0, done.stderr


TWO_FORMATS = ["check", "{d}/de.yaml", "--format", "text", "--format", "json"]
AUDIT = ["audit", "{d}/log.jsonl", "--as-of", "2026-12-03"]


@pytest.mark.parametrize(
    "args",
    [
        [*TWO_FORMATS, "-o", "{d}/new.txt", "-o", "{d}/de.yaml"],
        [*AUDIT, "--findings", "{d}/new.jsonl", "-o", "{d}/log.jsonl"],
    ],
    ids=["check-second-output", "audit-summary-over-log"],
)
def test_a_refused_output_leaves_the_other_outputs_unwritten(work: Path, args: list[str]) -> None:
    before = sorted(p.name for p in work.iterdir())
    code, err = run([a.format(d=work) for a in args])
    assert code == 2 and "is an input of this command" in err, err
    assert sorted(p.name for p in work.iterdir()) == before


@pytest.mark.parametrize(
    "args",
    [
        [*TWO_FORMATS, "-o", "{d}/out.txt", "-o", "{d}/./out.txt"],
        [*AUDIT, "--findings", "{d}/out.txt", "-o", "{d}/out-link.txt"],
    ],
    ids=["check", "audit-through-a-link"],
)
def test_two_outputs_naming_one_file_are_refused(work: Path, args: list[str]) -> None:
    (work / "out.txt").write_text("old", encoding="utf-8")
    (work / "out-link.txt").symlink_to("out.txt")
    code, err = run([a.format(d=work) for a in args])
    assert code == 2 and "name the same file" in err, err
    assert (work / "out.txt").read_text(encoding="utf-8") == "old"


def test_two_outputs_naming_one_new_file_are_refused(work: Path) -> None:
    args = ["audit", str(work / "log.jsonl"), "--as-of", "2026-12-03"]
    code, err = run([*args, "--findings", str(work / "x.txt"), "-o", str(work / "x.txt")])
    assert code == 2 and "name the same file" in err, err
    assert not (work / "x.txt").exists()


def test_a_catalog_file_is_an_input(work: Path) -> None:
    catalog = work / "catalog"
    shutil.copytree(ROOT / "rules", catalog)
    target = next((catalog / "catalog").rglob("*.yaml"))
    before = digest(target)
    args = ["check", str(work / "de.yaml"), "--catalog", str(catalog), "-o", str(target)]
    code, err = run(args)
    assert code == 2 and "is an input of this command" in err, err
    assert digest(target) == before


def cli(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    command = [
        sys.executable,
        "-c",
        "from safeguards.engine.cli import main; main()",
        "--no-config",
        *args,
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, env=env, check=False, **kwargs)


def test_dev_stdout_on_a_pipe_is_standard_output(work: Path) -> None:
    done = cli(
        ["check", str(work / "de.yaml"), "--fail-on", "none", "-o", "/dev/stdout"],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Germany (DE)")


def test_dev_stdout_redirected_to_a_file_writes_into_that_file(work: Path) -> None:
    captured = work / "captured.txt"
    with captured.open("wb") as stdout:
        inode = os.fstat(stdout.fileno()).st_ino
        done = cli(
            ["check", str(work / "de.yaml"), "--fail-on", "none", "-o", "/dev/stdout"],
            stdout=stdout,
            stderr=subprocess.PIPE,
        )
    assert done.returncode == 0, done.stderr
    assert captured.stat().st_ino == inode  # the shell's file, not a replacement
    assert captured.read_bytes().startswith(b"Germany (DE)")
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


def test_a_folder_as_the_audit_summary_is_refused(work: Path) -> None:
    (work / "folder").mkdir()
    code, err = run(
        ["audit", str(work / "log.jsonl"), "--as-of", "2026-12-03", "-o", str(work / "folder")]
    )
    assert code == 2 and "is a folder" in err, err
    assert list((work / "folder").iterdir()) == []


def test_a_forked_worker_ended_by_a_signal_leaves_the_parents_temporary(tmp_path: Path) -> None:
    target = tmp_path / "findings.jsonl"
    code = (
        "import os, signal\n"
        "from safeguards.engine.io.output import AtomicFile\n"
        f"out = AtomicFile({str(target)!r})\n"
        "out.write(b'all of it')\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    os._exit(0)\n"
        "_, status = os.waitpid(child, 0)\n"
        "assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM, status\n"
        "out.commit()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == b"all of it"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]


def test_a_signal_whose_exit_python_lost_still_ends_the_writing(tmp_path: Path) -> None:
    """A signal handled inside a callback whose exceptions Python ignores (a weak reference's,
    as the import system has) loses the handler's exit: the commit ends as the signal asked."""
    target = tmp_path / "findings.jsonl"
    target.write_bytes(b"old\n")
    code = (
        "import os, signal, weakref\n"
        "from safeguards.engine.io.output import AtomicFile\n"
        f"out = AtomicFile({str(target)!r})\n"
        "out.write(b'new')\n"
        "class Thing: pass\n"
        "thing = Thing()\n"
        "ref = weakref.ref(thing, lambda r: os.kill(os.getpid(), signal.SIGHUP))\n"
        "del thing  # the callback runs, and the handler's SystemExit is only reported\n"
        "print('went on')\n"
        "out.commit()\n"
        "print('committed')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout == "went on\n"  # the exit was lost, as it can be
    assert done.returncode == 128 + signal.SIGHUP, done.stderr
    assert "No such file" not in done.stderr
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]


@pytest.mark.parametrize(
    ("before", "status", "said"),
    [
        ("signal.SIG_DFL", -signal.SIGTERM, ""),  # ended by the signal, as its default does
        ("signal.SIG_IGN", 0, "went on\n"),
        ("lambda signum, frame: print('handled', signum)", 0, f"handled {int(signal.SIGTERM)}\n"),
    ],
    ids=["default", "ignored", "handler"],
)
def test_a_signal_after_the_files_are_written_does_what_it_did_before(
    tmp_path: Path, before: str, status: int, said: str
) -> None:
    """The writer's handler stays (no window as it is swapped back) and then acts as before."""
    target = tmp_path / "findings.jsonl"
    code = (
        "import os, signal\n"
        "from safeguards.engine.io import output\n"
        f"signal.signal(signal.SIGTERM, {before})\n"
        f"out = output.AtomicFile({str(target)!r})\n"
        "out.write(b'all of it')\n"
        "out.commit()\n"
        "assert signal.getsignal(signal.SIGTERM) is output._ended_by\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
        "if signal.getsignal(signal.SIGTERM) is output._ended_by:\n"
        "    print('went on')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == status, done.stderr
    assert done.stdout == said or (said.startswith("handled") and done.stdout == said + "went on\n")
    assert target.read_bytes() == b"all of it"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]


WRAPPED = """
import enum, os, sys
get = enum.property.__get__
sent = []
def signalled(self, instance, owner=None):
    # an enum member asked for its value by pydantic's serializer (Rust), as it writes a finding
    if not sent and sys._getframe(1).f_code.co_name == "model_dump_json":
        sent.append(1)
        os.kill(os.getpid(), {signum})  # its handler runs here, inside pydantic's call
    return get(self, instance, owner)
enum.property.__get__ = signalled
from safeguards.engine.cli import run
run()
"""
"""A command line whose first finding written by pydantic meets a signal inside the writing."""


LOST = """
import importlib, os, signal, weakref
output = importlib.import_module("safeguards.engine.io.output")
write = output.AtomicFile.write
def lossy(self, data):
    if not getattr(lossy, "done", False):
        lossy.done = True
        class Thing: pass
        thing = Thing()
        ref = weakref.ref(thing, lambda r: os.kill(os.getpid(), signal.SIGINT))
        del thing  # the callback runs, and Ctrl-C's KeyboardInterrupt is only reported
    return write(self, data)
output.AtomicFile.write = lossy
from safeguards.engine.cli import run
run()
"""
"""A command line meeting Ctrl-C inside a weak reference's callback as it writes findings."""


def test_ctrl_c_whose_interrupt_python_lost_still_ends_the_audit(tmp_path: Path) -> None:
    """Found beside a busy loop: Ctrl-C handled inside the import system's weak reference
    callback was only reported, and the audit went on to write its findings, status 1."""
    findings = tmp_path / "findings.jsonl"
    findings.write_bytes(b"old findings\n")
    log = ROOT / "examples" / "requests" / "example-10.jsonl"
    args = ["--no-config", "audit", str(log), "--findings", str(findings)]
    done = subprocess.run(
        [sys.executable, "-c", LOST, *args],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Exception ignored" in done.stderr  # the interrupt was lost, as it can be
    assert done.returncode == 130, done.stderr
    assert done.stderr.rstrip().endswith("interrupted")
    assert findings.read_bytes() == b"old findings\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_a_signal_that_comes_back_wrapped_by_pydantic_ends_the_audit_as_asked(
    tmp_path: Path, signum: int
) -> None:
    """Found as a flaky test: Ctrl-C as a finding was written came back from pydantic as
    ``PydanticSerializationError: … KeyboardInterrupt``, with a traceback and status 1."""
    findings = tmp_path / "findings.jsonl"
    findings.write_bytes(b"old findings\n")
    log = ROOT / "examples" / "requests" / "example-10.jsonl"
    args = ["--no-config", "audit", str(log), "--findings", str(findings), "--jobs", "1"]
    done = subprocess.run(
        [sys.executable, "-c", WRAPPED.format(signum=int(signum)), *args],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 128 + signum, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert findings.read_bytes() == b"old findings\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"]
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_audit_ended_by_a_signal_keeps_the_old_findings(
    tmp_path: Path, signum: int, jobs: str
) -> None:
    log = generated_log(tmp_path, 20000, seed=7)
    findings = tmp_path / "findings.jsonl"
    findings.write_bytes(b"old findings\n")
    args = [str(log), "--as-of", "2026-11-29", "--findings", str(findings), "--jobs", jobs]
    child = subprocess.Popen([*CLI_COMMAND, "audit", *args], env=cli_env(), stderr=subprocess.PIPE)
    while child.poll() is None and not list(tmp_path.glob(".findings.jsonl.*.tmp")):
        threading.Event().wait(0.01)
    assert child.poll() is None, "the audit ended before its findings were being written"
    child.send_signal(signum)
    _, err = child.communicate()
    assert child.returncode == 128 + signum, err
    assert findings.read_bytes() == b"old findings\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([log.name, "findings.jsonl"])


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_bytes_copied_in_from_another_file_land_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_copy: bool
) -> None:
    """copy_in appends a file's first bytes between writes, by the kernel or through memory."""
    from safeguards.engine.io.output import AtomicFile

    if not kernel_copy:

        def refused(*args: object) -> int:
            raise OSError(18, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refused)
    spool = tmp_path / "chunk"
    spool.write_bytes(b"B" * 3_000_000 + b"not copied")
    out = AtomicFile(tmp_path / "findings.jsonl")
    out.write(b"A\n")
    source = os.open(spool, os.O_RDONLY)
    try:
        out.copy_in(source, 3_000_000)
    finally:
        os.close(source)
    out.write(b"C\n")
    out.commit()
    assert (tmp_path / "findings.jsonl").read_bytes() == b"A\n" + b"B" * 3_000_000 + b"C\n"
    short = AtomicFile(tmp_path / "short.jsonl")
    source = os.open(spool, os.O_RDONLY)
    try:
        with pytest.raises(OSError, match="short"):
            short.copy_in(source, 4_000_000)
    finally:
        os.close(source)
        short.discard()
    assert not (tmp_path / "short.jsonl").exists()


FULL = Path("/dev/full")
"""A device on which every write fails with "No space left on device", as a full disk does."""


@pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", str(PROFILE), "-o", str(FULL)], f"error: {FULL}: No space left on device"),
        (["audit", str(LOG), "--findings", str(FULL)], f"error: {FULL}: No space left on device"),
        (
            ["audit", str(LOG), "--findings", str(FULL), "--jobs", "2"],
            f"error: {FULL}: No space left on device",
        ),
        (["check", str(PROFILE)], "error: standard output: No space left on device"),
        (["check", str(PROFILE), "--format", "json"], "error: standard output: No space left"),
        (["transparency", str(LOG), "--period", "2026"], "error: standard output: No space left"),
        (["rules", "list"], "error: cannot write the output: No space left on device"),
        (["--version"], "error: cannot write the output: No space left on device"),
        (["--help"], "error: cannot write the output: No space left on device"),
        (["config"], "error: cannot write the output: No space left on device"),
    ],
)
def test_a_full_disk_is_one_clear_error_naming_the_output(args: list[str], says: str) -> None:
    with FULL.open("w") as full:
        done = subprocess.run(
            [*CLI_COMMAND, *args],
            cwd=ROOT,
            env=cli_env(),
            stdout=full if "-o" not in args and "--findings" not in args else subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(says), done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


_CLOSED = "closed: the command was started without it"
_SH = shutil.which("sh") or "/bin/sh"


@pytest.mark.parametrize(
    ("args", "closing", "says"),
    [
        (["check", str(PROFILE)], ">&-", f"error: standard output: {_CLOSED}"),
        (["check", str(PROFILE), "--format", "json"], ">&-", f"error: standard output: {_CLOSED}"),
        (["audit", str(LOG)], ">&-", f"error: standard output: {_CLOSED}"),
        (["audit", str(LOG), "--findings", "{out}"], ">&-", f"error: standard output: {_CLOSED}"),
        (
            ["audit", str(LOG), "--findings", "{out}", "-o", "/dev/stdout"],
            ">&-",
            f"error: standard output: {_CLOSED}",
        ),
        (
            [
                "check",
                str(PROFILE),
                "--format",
                "json",
                "--format",
                "text",
                "-o",
                "{out}",
                "-o",
                "-",
            ],
            ">&-",
            f"error: standard output: {_CLOSED}",
        ),
        (["rules", "list"], ">&-", f"error: standard output: {_CLOSED}"),
        (["explain", "SG-BIO-01"], ">&-", f"error: standard output: {_CLOSED}"),
        (["--version"], ">&-", f"error: standard output: {_CLOSED}"),
        (["config"], ">&-", f"error: standard output: {_CLOSED}"),
        (["audit", "-"], "<&-", f"-:1:1: standard input is {_CLOSED}"),
        (["audit", "-", "--jobs", "2"], "<&-", f"-:1:1: standard input is {_CLOSED}"),
        (["transparency", "-", "--period", "2026"], "<&-", f"-:1:1: standard input is {_CLOSED}"),
        (["check", "-"], "<&-", f"-:1:1: standard input is {_CLOSED}"),
        (["check", str(PROFILE), "--waivers", "-"], "<&-", f"-:1:1: standard input is {_CLOSED}"),
        (["init", "jurisdiction", "-o", "{out}"], "<&-", f"error: standard input: {_CLOSED}"),
        (["check", "no-such-profile.yaml"], "2>&-", ""),
    ],
)
def test_a_standard_stream_the_command_was_started_without_is_one_clear_error(
    tmp_path: Path, args: list[str], closing: str, says: str
) -> None:
    """``cmd >&-``: not a traceback, not output lost without a word (exit 0), but exit 2.

    Refused before anything is written: a findings file or another format's file is not left
    behind. With standard error closed there is nowhere to say anything: the status tells.
    """
    out = tmp_path / "out.yaml"
    args = [arg.replace("{out}", str(out)) for arg in args]
    shell = [_SH, "-c", f'"$@" {closing}', "sh", *CLI_COMMAND, *args]
    done = subprocess.run(shell, cwd=ROOT, env=cli_env(), capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"{says}\n" if says else ""), done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("summary", "closing", "says"),
    [
        ("/dev/stdout", ">&-", f"error: standard output: {_CLOSED}"),
        (
            "{d}/summary.md",
            "",
            "error: {d}/summary.md is read-only: make it writable first (chmod u+w),"
            " or write elsewhere",
        ),
    ],
    ids=["closed-standard-output", "read-only-summary"],
)
def test_an_output_that_cannot_be_written_is_refused_before_the_log_is_read(
    tmp_path: Path, summary: str, closing: str, says: str
) -> None:
    """The audit does not read a whole log only to find that its summary has nowhere to go:
    the log's own error (a strict audit's unreadable record) would come first otherwise."""
    log = tmp_path / "spoiled.jsonl"
    log.write_text("not json\n", encoding="utf-8")
    (tmp_path / "summary.md").write_text("signed off", encoding="utf-8")
    (tmp_path / "summary.md").chmod(0o444)
    out = tmp_path / "findings.jsonl"
    summary = summary.format(d=tmp_path)
    args = ["audit", str(log), "--strict", "--findings", str(out), "-o", summary]
    shell = [_SH, "-c", f'"$@" {closing}', "sh", *CLI_COMMAND, *args]
    done = subprocess.run(shell, cwd=ROOT, env=cli_env(), capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert done.stderr == says.format(d=tmp_path) + "\n"
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [["check", str(PROFILE)], ["check", str(PROFILE), "--no-config", "-o", "report.txt"]],
    ids=["configuration-looked-for", "relative-output"],
)
def test_a_current_folder_removed_under_the_command_is_named(
    tmp_path: Path, args: list[str]
) -> None:
    """A shell left in a folder since removed: say so, not a bare "No such file or directory"."""
    gone = tmp_path / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    command = [_SH, "-c", script, "sh", str(gone), *CLI_COMMAND[:3], *args]
    done = subprocess.run(command, env=cli_env(), capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "error: the current folder no longer exists (it was removed): cd to one that does\n"
    )


def test_notes_show_the_hidden_characters_of_the_names_they_quote(tmp_path: Path) -> None:
    """A file name with a line feed or a bidi override cannot forge or hide a line of a note."""
    odd = tmp_path / "a\nb\u202e.txt"
    done = cli_process("check", str(PROFILE), "-o", str(odd), "--fail-on", "none")
    assert done.returncode == 0, done.stderr
    assert done.stderr.endswith(f"wrote {tmp_path}/a<U+000A>b<U+202E>.txt\n"), done.stderr
    assert odd.exists()
    spaced = tmp_path / "new\nprofile one.yaml"
    cmd = [*CLI_COMMAND, "init", "jurisdiction", "-o", str(spaced)]
    done = subprocess.run(cmd, input="", env=cli_env(), capture_output=True, text=True)
    said = f"Interrupted before the first answer: {tmp_path}/new<U+000A>profile one.yaml was"
    assert said in done.stderr, done.stderr
    assert "\nprofile one" not in done.stderr


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_findings_on_standard_output_stay_json_lines(tmp_path: Path, name: str) -> None:
    """``--findings - | jq``: the summary goes to standard error, never between the lines."""
    done = cli_process("audit", str(LOG), "--findings", name, "--fail-on", "none")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 96 and all(json.loads(line)["request"] for line in lines)
    assert done.stderr.startswith("Audit of example-10")
    assert "wrote" not in done.stderr
    reference = tmp_path / "findings.jsonl"
    assert cli_process("audit", str(LOG), "--findings", str(reference)).returncode in (0, 1)
    assert done.stdout == reference.read_text(encoding="utf-8")


def test_findings_on_standard_output_with_a_ci_summary(tmp_path: Path) -> None:
    """The SARIF summary reads the findings back: it needs a file of its own, and gets it."""
    refused = cli_process("audit", str(LOG), "--findings", "-", "--format", "sarif")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (
        "error: --findings - takes standard output: give the sarif summary a file of its own (-o)\n"
    )
    sarif = tmp_path / "audit.sarif"
    args = ["--findings", "-", "--format", "sarif", "-o", str(sarif), "--fail-on", "none"]
    done = cli_process("audit", str(LOG), *args)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 96
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert not (ROOT / "-").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_as_the_temporary_file_is_made_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    """The signal comes the moment the temporary file exists, before anything else runs."""
    from safeguards.engine.io.output import AtomicFile

    made = os.open

    def made_then_signalled(path: Any, *args: Any, **kwargs: Any) -> int:
        fd = made(path, *args, **kwargs)
        if str(path).endswith(".tmp"):
            os.kill(os.getpid(), signum)  # delivered at once, to whichever thread
        return fd

    monkeypatch.setattr(os, "open", made_then_signalled)
    target = tmp_path / "findings.jsonl"
    target.write_bytes(b"old\n")
    before = signal.getsignal(signum)
    try:
        with pytest.raises(SystemExit) as ended:
            out = AtomicFile(target)
            out.write(b"new\n")
            out.commit()
    finally:
        signal.signal(signum, before)
    assert ended.value.code == 128 + signum
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]
    assert target.read_bytes() == b"old\n"


def test_an_interrupt_as_the_temporary_file_is_made_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C the moment the file exists, before the writer knows it (no name to discard)."""
    from safeguards.engine.io.output import AtomicFile

    made = os.open

    def made_then_interrupted(path: Any, *args: Any, **kwargs: Any) -> int:
        fd = made(path, *args, **kwargs)
        if str(path).endswith(".tmp"):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    monkeypatch.setattr(os, "open", made_then_interrupted)
    target = tmp_path / "findings.jsonl"
    with pytest.raises(KeyboardInterrupt):
        AtomicFile(target)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_refuses_files_is_named_as_the_output() -> None:
    """The system's refusal names the output asked for, not the temporary file beside it."""
    result = cli_process(
        "check", "examples/jurisdictions/germany.yaml", "--format", "markdown",
        "-o", "/proc/safeguards-memo.md",
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("error: /proc/safeguards-memo.md: "), result.stderr
    assert ".tmp" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_the_writing_to_disk_starts_as_the_file_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every WRITE_BACK bytes handed over (written or copied in), the disk writing is started.

    On the temporary file only: a FIFO written through never is, and the bytes land whole.
    """
    from safeguards.engine.io import output

    started: list[int] = []
    real = output.start_write_back

    def spy(fd: int) -> None:
        started.append(fd)
        real(fd)  # the real call, on the real file: it must not disturb what is written

    monkeypatch.setattr(output, "WRITE_BACK", 1000)
    monkeypatch.setattr(output, "start_write_back", spy)
    out = output.AtomicFile(tmp_path / "findings.jsonl")
    out.write(b"A" * 999)
    assert started == []  # one byte short
    out.write(b"A")
    assert started == [out.handle.fileno()]  # the temporary file's, at exactly WRITE_BACK
    if sys.platform.startswith("linux"):  # the system call is there, and takes the file
        call = output._sync_file_range()
        assert call is not None
        assert call(out.handle.fileno(), 0, 0, output._SYNC_FILE_RANGE_WRITE) == 0
    spool = tmp_path / "chunk"
    spool.write_bytes(b"B" * 2500)
    source = os.open(spool, os.O_RDONLY)
    try:
        out.copy_in(source, 2500)  # copied by the kernel: counted too
    finally:
        os.close(source)
    assert len(started) == 2
    out.write(b"C" * 999)
    assert len(started) == 2  # counted again from the last start
    out.write(b"C")
    assert len(started) == 3
    out.commit()
    assert (tmp_path / "findings.jsonl").read_bytes() == b"A" * 1000 + b"B" * 2500 + b"C" * 1000
    started.clear()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    through = output.AtomicFile(fifo)
    through.write(b"D" * 3000)
    through.commit()
    reader.join(10)
    assert got == [b"D" * 3000]
    assert started == []


def test_without_sync_file_range_the_final_sync_writes_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system has no way to start the writing early, files are written as before."""
    from safeguards.engine.io import output

    monkeypatch.setattr(output, "_sync_file_range", lambda: None)
    monkeypatch.setattr(output, "WRITE_BACK", 10)
    out = output.AtomicFile(tmp_path / "findings.jsonl")
    for _ in range(5):
        out.write(b"0123456789abc\n")
    out.commit()
    assert (tmp_path / "findings.jsonl").read_bytes() == b"0123456789abc\n" * 5


def test_ctrl_c_between_opening_an_output_and_guarding_it_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    """Ctrl-C comes wherever the main thread is: also after an output's temporary file is
    made and before the code that would discard it on an error (the audit opens its findings
    file, then sets up its run). The command still ends leaving no file beside the output."""
    target = tmp_path / "findings.jsonl"
    target.write_bytes(b"old findings\n")

    @handle_errors
    def command() -> None:
        AtomicFile(target).write(b"half a finding")  # opened, and never discarded
        raise KeyboardInterrupt

    with pytest.raises(SystemExit) as ended:
        command()
    assert ended.value.code == 128 + signal.SIGINT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]
    assert target.read_bytes() == b"old findings\n"
