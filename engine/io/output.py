"""The one writer of output files: atomic, never over an input, never over a device or a link.

- A regular file is written to a temporary file beside it, then renamed over it: a reader sees
  the old file or the new one, never half of one. SIGTERM or SIGHUP while writing leave the old
  file and no temporary file (the signal ends the process with status 128 + its number).
- A path that names a file this command read as an input (a profile, a waiver file, a log, the
  catalog) is refused before anything is written (:class:`OutputError`, exit status 2).
- A regular file marked read-only, or one this user may not write, is refused as well: the
  rename would replace it where ``>`` could not write it (``set`` on a signed-off profile too).
- A device, a FIFO or a socket is written through, as a shell's ``>`` would; it is never
  replaced by a regular file. A symbolic link is followed: its target is replaced, the link kept.
- ``-`` (and ``/dev/stdout``) mean standard output; ``/dev/stderr`` standard error; other
  ``/dev/fd/N`` are written through.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

from safeguards.engine.errors import UsageError
from safeguards.engine.io import interrupts, streams
from safeguards.engine.io.inputs import clash

_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)


class OutputError(UsageError):
    """An output path that would destroy an input or cannot be written safely."""


_STREAMS = {
    "-": 1,
    "/dev/stdout": 1,
    "/dev/fd/1": 1,
    "/proc/self/fd/1": 1,
    "/dev/stderr": 2,
    "/dev/fd/2": 2,
    "/proc/self/fd/2": 2,
}
"""Output names that mean this process's standard output or error: written to the stream."""

_OPEN: set[str] = set()
"""Temporary files being written, removed by the signal handler whatever the caller does."""


_WRITER = os.getpid()
"""The process whose temporary files ``_OPEN`` lists (set when the first is opened)."""


_WRITING: set[int] = set()
"""The atomic files being written (from their opening to their commit or discard), by id."""

_ENDED: dict[int, int] = {}
"""The atomic files being written when an ending signal came, by id: that signal (the handler's
exit may have been lost, see :meth:`AtomicFile.commit`)."""

_BEFORE: dict[int, Any] = {}
"""What each ending signal did before the writer's handler was set (see :func:`_ended_by`)."""


def _ended_by(signum: int, frame: FrameType | None) -> None:
    """End the process on SIGTERM or SIGHUP, removing the temporary files being written.

    Once set (by the first file written, from the main thread) the handler stays: with no file
    being written it does what the signal did before, calling the handler there was,
    ignoring the signal, or ending the process by it. Putting the old handler back after each
    file would open a window: a signal that arrives as the handler is swapped is dropped by
    Python ("ignored due to race condition"), and the command would end with status 0.
    """
    if os.getpid() != _WRITER:
        # a forked worker (``audit --jobs``) inherited the handler: the temporary files are
        # its parent's, which cleans them itself; the worker just ends as the signal asks
        _end_by(signum)
        return
    if _OPEN or _WRITING:
        remove_unfinished()
        _ENDED.update(dict.fromkeys(_WRITING, signum))
        interrupts.heard(signum)  # its SystemExit may come back wrapped (engine.io.interrupts)
        raise SystemExit(128 + signum)
    before = _BEFORE.get(signum, signal.SIG_DFL)
    if callable(before):
        before(signum, frame)
    elif before != signal.SIG_IGN:
        _end_by(signum)


def remove_unfinished() -> None:
    """Remove the temporary files still listed as being written: the command is ending.

    Called by the SIGTERM and SIGHUP handler (:func:`_ended_by`), and as the last resort of a
    command ended by Ctrl-C, whose KeyboardInterrupt comes between two bytecodes wherever the
    main thread is: also before an output is guarded by the code that would discard it.
    """
    if os.getpid() != _WRITER:
        return  # a forked worker: the files are its parent's
    for tmp in list(_OPEN):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    _OPEN.clear()


def _end_by(signum: int) -> None:
    """End the process by the signal itself, as its default action does."""
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _temporary(target: Path) -> tuple[int, str]:
    """Create a new temporary file beside ``target``, listed for the signal handler to remove.

    Whatever ends its making (a signal's handler, Ctrl-C, a refusal of the system) removes the
    file if it was made: nothing can come between its making and its listing and leave it.

    Raises:
        OSError: the folder cannot be written.

    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        name = os.path.join(target.parent, f".{target.name}.{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(name, flags, 0o600)
            _OPEN.add(name)
            return fd, name
        except FileExistsError:  # another's file (odds of 2**-64): try another name
            continue
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            _OPEN.discard(name)
            raise


BUFFER = 1 << 20
"""The buffer an output is written through: its bytes reach the kernel a MiB at a time (Python's
default, 8 KiB, makes a system call of nearly every finding line)."""

WRITE_BACK = 8 << 20
"""Bytes handed to the kernel after which their writing to the disk is started (see
:func:`start_write_back`)."""

_SYNC_FILE_RANGE_WRITE = 2


def start_write_back(fd: int) -> None:
    """Start writing the file's dirty pages to the disk, without waiting for them.

    A regular output is synced before it is renamed into place. Pages left to the kernel
    until then are all written at that sync, and the command waits for them at its very end
    (35-40 ms for the 63 MB of findings of 30,000 requests on a fast disk; seconds on a slow
    one). Started as the file grows (every :data:`WRITE_BACK` bytes), their writing overlaps
    the work that produces the rest, and the final sync has little left. Linux's
    ``sync_file_range(SYNC_FILE_RANGE_WRITE)``, which only starts the writing; where there is
    none, nothing is done here and the final sync writes everything, as before.
    """
    call = _sync_file_range()
    if call is not None:
        call(fd, 0, 0, _SYNC_FILE_RANGE_WRITE)  # a failure only leaves it to the final sync


@functools.cache
def _sync_file_range() -> Any:
    """Return libc's ``sync_file_range`` (Linux), typed for 64-bit offsets, or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only for an output this large: not in every command's start

    try:
        call = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (AttributeError, OSError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


class AtomicFile:
    """A file written in full or not at all (see the module's rules)."""

    def __init__(self, path: Path | str, *, may_replace_input: bool = False) -> None:
        """Open the destination for writing; refuse a path that names an input.

        Args:
            path: the destination (``-``: standard output).
            may_replace_input: the command edits this input in place on purpose (``set``,
                ``init --resume``).

        Raises:
            OutputError: the path names an input of this command, or a folder.
            OSError: the folder cannot be created or written.

        """
        self.path = Path(path)
        self.may_replace_input = may_replace_input
        self.tmp: str | None = None
        self.sealed = False
        """Written in full (see :meth:`seal`): only the rename is left."""
        self.unwritten = 0
        """Bytes handed to the kernel since the writing to disk was last started (atomic)."""
        stream = _STREAMS.get(str(path))
        if stream is not None:
            text = sys.stdout if stream == 1 else sys.stderr
            text.flush()  # what was printed before comes first
            self.handle: IO[bytes] = text.buffer
            self.mode = "stdout"
            return
        self._refuse_input()
        try:
            info: os.stat_result | None = os.stat(self.path)  # through any links
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{self.path} is a folder: give the output a file name")
        if _through(str(path), info):
            # a device, a FIFO, a socket or an open descriptor: written through, as ``>`` does
            self.target = self.path
            self.handle = open(self.path, "wb")  # noqa: SIM115 - closed in commit/discard
            self.mode = "through"
            return
        if info is not None:
            _refuse_read_only(self.path, info)
        target = Path(os.path.realpath(self.path)) if self.path.is_symlink() else self.path
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self._trap_signals()
        global _WRITER
        _WRITER = os.getpid()
        _WRITING.add(id(self))
        try:
            fd, self.tmp = _temporary(target)
        except OSError as exc:  # named as the output asked for, not as its temporary file
            _done(self)
            raise OSError(exc.errno, exc.strerror, str(self.path)) from None
        except BaseException:
            _done(self)
            raise
        self.handle = os.fdopen(fd, "wb", buffering=BUFFER)
        self.mode = "atomic"
        self.keep_mode = info.st_mode & 0o777 if info is not None else 0o644

    def _refuse_input(self) -> None:
        name = None if self.may_replace_input else clash(self.path)
        if name is not None:
            raise OutputError(_input_message(self.path, name))

    @staticmethod
    def _trap_signals() -> None:
        """Set the ending signals' handler (:func:`_ended_by`), keeping what they did before."""
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in _SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                current = signal.getsignal(signum)
                if current is not _ended_by:
                    _BEFORE[signum] = current
                    signal.signal(signum, _ended_by)

    def write(self, data: bytes) -> None:
        """Append bytes.

        Raises:
            OSError: the write failed (a full disk), named after this output.

        """
        try:
            self.handle.write(data)
        except OSError as exc:
            raise self.named(exc) from None
        self._handed(len(data))

    def named(self, exc: OSError) -> OSError:
        """Return the error with this output's name, when it came without one (a full disk)."""
        if exc.filename is not None:
            return exc
        name = "standard output" if self.mode == "stdout" else str(self.path)
        return OSError(exc.errno, exc.strerror or str(exc), name)

    def copy_in(self, source: int, size: int) -> None:
        """Append the first ``size`` bytes of the open file ``source``, copied by the kernel.

        Raises:
            OSError: the source is shorter than ``size`` or cannot be read.

        """
        self.handle.flush()
        target, offset = self.handle.fileno(), 0
        while offset < size:
            try:
                done = os.copy_file_range(source, target, size - offset, offset)
            except OSError:  # another file system, or a kernel without it: through user space
                os.lseek(source, offset, os.SEEK_SET)
                done = os.write(target, os.read(source, min(size - offset, 1 << 20)))
            if done <= 0:
                raise OSError(f"{size - offset} bytes short of a worker's findings")
            offset += done
        self._handed(size)

    def _handed(self, size: int) -> None:
        """Count bytes handed to the kernel; start their writing to disk every WRITE_BACK."""
        self.unwritten += size
        if self.unwritten >= WRITE_BACK:
            self.unwritten = 0
            if self.mode == "atomic":  # not a device's, a FIFO's, standard output's
                start_write_back(self.handle.fileno())

    def commit(self) -> None:
        """Finish: flush (standard output, a device), or sync and rename into place.

        Raises:
            OutputError: an input was read from this path after the file was opened.

        """
        self.seal()
        if self.mode != "atomic" or self.tmp is None:
            return
        with self._dropped_on_error():
            os.replace(self.tmp, self.target)
            _OPEN.discard(self.tmp)
            self.tmp = None
        _done(self)

    def seal(self) -> None:
        """Finish writing, all but the rename: flush (standard output, a device), or sync.

        What is left to :meth:`commit` (a rename) needs no room on the disk: a full disk is
        met here, before anything is put in place (see :func:`commit_together`).

        Raises:
            OutputError: an input was read from this path after the file was opened.

        """
        if self.sealed:
            return
        try:
            if self.mode == "stdout":
                self.handle.flush()
            elif self.mode == "through":
                self.handle.close()
        except OSError as exc:
            raise self.named(exc) from None
        if self.mode != "atomic":
            self.sealed = True
            return
        ended = _ENDED.get(id(self))
        if ended is not None:
            # The handler's SystemExit can be lost: a signal handled inside a callback whose
            # exceptions Python only reports ("Exception ignored in …", the import system's
            # weak references) goes on. Its temporary file is gone: end as the signal asked.
            self.discard()
            raise SystemExit(128 + ended)
        if interrupts.last() == signal.SIGINT:  # Ctrl-C's KeyboardInterrupt lost the same way
            self.discard()
            raise KeyboardInterrupt
        with self._dropped_on_error():
            self._refuse_input()  # a log read after the findings file was opened
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            assert self.tmp is not None
            os.chmod(self.tmp, self.keep_mode)
        self.sealed = True

    @contextlib.contextmanager
    def _dropped_on_error(self) -> Iterator[None]:
        """Discard what was written if the block fails; an OSError is named after the output."""
        try:
            yield
        except OSError as exc:
            self.discard()
            raise self.named(exc) from None
        except BaseException:
            self.discard()
            raise

    def written(self) -> Path:
        """Return where the bytes written so far can be read back now (a regular file's).

        Raises:
            OSError: the output is written through (standard output, a device): nothing to
                read back; or what was written cannot be (a full disk), named after it.

        """
        if self.mode != "atomic" or self.tmp is None:
            raise OSError(f"{self.path}: written through, cannot be read back")
        if not self.sealed:
            try:
                self.handle.flush()
            except OSError as exc:
                raise self.named(exc) from None
        return Path(self.tmp)

    def discard(self) -> None:
        """Drop what was written (after an error): the old file stays as it was."""
        if self.mode == "stdout":
            return
        with contextlib.suppress(OSError):
            self.handle.close()
        if self.tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            _OPEN.discard(self.tmp)
            self.tmp = None
        _done(self)


def _done(out: AtomicFile) -> None:
    """Forget an atomic file that is committed or discarded (no more being written)."""
    _WRITING.discard(id(out))
    _ENDED.pop(id(out), None)


def standard_stream(path: Path | str) -> int | None:
    """Return 1 or 2 when an output name means this process's standard output or error."""
    return _STREAMS.get(str(path))


def written_through(path: Path | str) -> bool:
    """Return whether an output is written through, not replaced (nor read back).

    Standard output, a device, a FIFO, a socket, an open descriptor: what is written there
    cannot be read again.
    """
    if str(path) in _STREAMS:
        return True
    try:
        info: os.stat_result | None = os.stat(path)
    except OSError:
        info = None
    return _through(str(path), info)


def _through(path: str, info: os.stat_result | None) -> bool:
    """Return whether ``path`` (whose status is ``info``, None if there is none) is no file."""
    if path.startswith(("/dev/fd/", "/proc/self/fd/")):
        return True
    return info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode)


def check_outputs(paths: Iterable[Path | str | None]) -> None:
    """Refuse, before anything is written, outputs that name an input or each other.

    A command with several outputs (``-o`` per format, ``-o`` and ``--findings``) calls this
    first, so that a refused output never leaves the others written. Two outputs naming one
    regular file (directly or through a link) are refused: the second would replace the first.
    Devices, FIFOs and standard output may be named more than once.

    Raises:
        OutputError: an output names an input of this command or another output, or is
            standard output (``-``, ``/dev/stdout``) and the command was started without one.

    """
    seen: dict[tuple[int, int] | str, str] = {}
    for path in paths:
        if path is None:
            continue
        stream = _STREAMS.get(str(path))  # "-", /dev/stdout and the like, as AtomicFile takes them
        if stream is not None:
            if stream == 1 and streams.closed(sys.stdout):
                raise OutputError(f"standard output: {streams.CLOSED}")
            continue
        name = clash(Path(path))
        if name is not None:
            raise OutputError(_input_message(Path(path), name))
        try:
            info = os.stat(path)
        except OSError:
            key: tuple[int, int] | str = os.path.realpath(path)
        else:
            if not stat.S_ISREG(info.st_mode):
                continue
            _refuse_read_only(Path(path), info)
            key = (info.st_dev, info.st_ino)
        if key in seen:
            raise OutputError(
                f"{path} and {seen[key]} name the same file: the second output would replace"
                " the first; give each output its own file"
            )
        seen[key] = str(path)


def _refuse_read_only(path: Path, info: os.stat_result) -> None:
    """Refuse to replace a regular file marked read-only, or one this user may not write.

    The new file is renamed over the old one, which needs only the folder's permission: the
    atomic writer would otherwise replace a file that ``>`` could not write (another user's),
    or one its owner marked read-only so that nothing changes it (a profile signed off).

    Raises:
        OutputError: the file's mode allows no writing, or not by this user.

    """
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise OutputError(
            f"{path} is read-only: make it writable first (chmod u+w), or write elsewhere"
        )


def _input_message(path: Path, name: str) -> str:
    return (
        f"{path} is an input of this command ({name}); writing there would destroy it:"
        " choose another output"
    )


def commit_together(outputs: Sequence[AtomicFile], then: Callable[[], None] | None = None) -> None:
    """Commit several outputs of one command as one: all of them, or none.

    Each is sealed first (synced: where a full disk is met), then ``then`` runs (what goes to
    standard output: shown only once every file is written in full), and only then does each
    file take its place, by a rename, which needs no room. Should anything fail before the
    renames, every output is dropped and the files they would replace stay as they were.

    Raises:
        OSError: an output could not be written in full (a full disk), named after it.
        OutputError: an input was read from an output's path after it was opened.

    """
    try:
        for out in outputs:
            out.seal()
        if then is not None:
            then()
    except BaseException:
        for out in outputs:
            out.discard()
        raise
    for i, out in enumerate(outputs):
        try:
            out.commit()
        except BaseException:  # a rename refused: the outputs after it are not left behind
            for later in outputs[i + 1 :]:
                later.discard()
            raise


def write_together(items: Iterable[tuple[Path | str, bytes]]) -> None:
    """Write each ``(path, data)``: all of them, or none (see :func:`commit_together`).

    Regular files are written and synced first; standard output and devices only then, so
    that a full disk met by a file leaves nothing written or shown.

    Raises:
        OutputError: a path names an input of this command.
        OSError: an output could not be written (a full disk), named after it.

    """
    files: list[AtomicFile] = []
    shown: list[tuple[Path | str, bytes]] = []
    try:
        for path, data in items:
            if written_through(path):
                shown.append((path, data))
                continue
            out = AtomicFile(path)
            files.append(out)
            out.write(data)
    except BaseException:
        for out in files:
            out.discard()
        raise

    def show() -> None:
        for path, data in shown:
            write_atomic(path, data)

    commit_together(files, then=show)


def write_atomic(path: Path | str, data: bytes, *, may_replace_input: bool = False) -> None:
    """Write ``data`` to ``path`` by the rules of this module.

    Raises:
        OutputError: the path names an input of this command.
        OSError: the folder cannot be created or written.

    """
    out = AtomicFile(path, may_replace_input=may_replace_input)
    try:
        out.write(data)
    except BaseException:
        out.discard()
        raise
    out.commit()
