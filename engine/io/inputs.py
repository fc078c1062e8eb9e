"""The files this process has read as inputs, so that no output can overwrite one of them.

Every reader of an input file (profiles, workflows, waiver files, catalog files, request logs,
templates) calls :func:`remember` with the open file; the one writer
(:mod:`safeguards.engine.io.output`) asks :func:`clash` before it replaces a file. Files are known
by device and inode, so a second name for the same file (a symlink, ``./x`` for ``x``, a hard link)
is recognised too.

Standard input (``-``) and pipes can be read once: the text of each is kept for a second reader
of the same name (:func:`keep_streamed`), and standard input is one kind of input only
(:func:`claim_stdin`): a log and its workflow cannot both come from it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable
from io import BufferedReader, BytesIO
from pathlib import Path
from typing import IO, Any, TypeVar

from safeguards.engine.errors import InputError, InputErrors, SourceLocation, undecoded
from safeguards.engine.io import streams
from safeguards.engine.io.idle import ReadTimeout, idle_seconds, silence, waiting

_READ: dict[tuple[int, int], str] = {}
_STREAMED: dict[tuple[str, int, int], str] = {}
"""The text of each input that can be read only once (standard input, a pipe, a device), by name."""
_STDIN: dict[str, str] = {}
"""What standard input is read as (under ``"role"``): it can be one input only."""
_NAMED_STDIN: set[str] = set()
"""The file names standard input is read under (``--stdin-filename``), normalized."""
_NAMED_STDIN_FILES: set[tuple[int, int]] = set()
"""The files on disk standard input stands for (``--stdin-filename``), by device and inode: the
same file named otherwise (a folder's listing, ``./x.yaml``) is read from standard input too."""
_ROLES = {
    "SubjectError": "a profile or workflow",
    "WaiverError": "waivers",
    "CatalogError": "the catalog",
    "ConfigError": "the configuration",
}
P = TypeVar("P", bound=str | Path)
_NOT_UTF8_NAME = (
    "the file name is not UTF-8 text (<U+DCxx> stands for its byte xx): rename the file;"
    " reports carry the names of their inputs as UTF-8"
)


def remember(source: IO[Any] | int, name: str | Path) -> None:
    """Note an input (an open file or descriptor) that was read; devices and pipes are skipped."""
    try:
        info = os.fstat(source if isinstance(source, int) else source.fileno())
    except (OSError, ValueError, AttributeError):
        return
    if stat.S_ISREG(info.st_mode):
        _READ.setdefault((info.st_dev, info.st_ino), str(name))


def remember_path(path: str | Path) -> None:
    """Note an input by its name before it is opened (a log read later, while outputs wait).

    Only ``stat`` is used: opening a FIFO here would disturb the program writing to it.
    """
    key = _file_id(path) if str(path) != "-" else None
    if key is not None:
        _READ.setdefault(key, str(path))


def _file_id(path: str | Path) -> tuple[int, int] | None:
    """Return a regular file's device and inode, by ``stat`` alone; None for anything else."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def once_each(paths: Iterable[P]) -> list[P]:
    """Drop a later name of a regular file already listed (a folder and a file in it, a link).

    Reading one file twice would count its subjects or requests twice. A file standard input
    stands for (``--stdin-filename``) is one input however it is named. Standard input (``-``)
    and whatever cannot be examined are kept, for their readers to deal with.
    """
    seen: set[tuple[int, int] | str] = set()
    kept: list[P] = []
    for path in paths:
        key = _identity(str(path))
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        kept.append(path)
    return kept


def _identity(path: str) -> tuple[int, int] | str | None:
    """Return what makes two names one input, or None (``-``, and what is not a regular file).

    A regular file's device and inode; for standard input under the name of a file not there
    (``--stdin-filename``), ``-``.
    """
    if path == "-":
        return None
    key = _file_id(path)
    if key is None and not os.path.exists(path) and is_stdin(path):
        return "-"
    return key


def folder_files(
    folder: str | Path,
    wanted: Callable[[str], bool],
    kind: str,
    error: type[InputError] = InputError,
) -> tuple[list[str], InputError | None]:
    """Return the names of the files directly in ``folder`` that ``wanted`` takes, sorted.

    A link so named that leads nowhere, or round a loop, is taken too, so that its reader
    names it (``logs/2026-03.jsonl:1:1: no such file``): a file moved away from under its
    link is not skipped without a word. A subfolder, a pipe or a device is not a file here.

    Also the problem, an ``error`` placed at the folder, when it cannot be listed or holds
    none (``folder holds no {kind}``): a mistyped or emptied folder would otherwise pass a
    command that read nothing.
    """
    where = SourceLocation(str(folder), 1, 1)
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if wanted(e.name) and _a_file(e))
    except OSError as exc:
        return [], error(where, f"cannot list the folder: {exc.strerror}")
    return names, None if names else error(where, f"folder holds no {kind}")


def _a_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:  # a loop of links
        return True


def file_size(path: str | Path) -> int | None:
    """Return the size of a regular file; None for standard input, a pipe, a folder, no file."""
    try:
        info = os.stat(path) if not is_stdin(path) else None
    except (OSError, ValueError):
        return None
    return info.st_size if info is not None and stat.S_ISREG(info.st_mode) else None


def require_regular(path: Path, error: type[InputError], doing: str) -> None:
    """Refuse standard input, and a path that exists but is not a regular file (a FIFO, a folder).

    ``doing`` says why a regular file is needed, e.g. "set edits the file in place".

    Raises:
        InputErrors: the path names something other than a regular file.

    """
    where = SourceLocation(str(path), 1, 1)
    if str(path) == "-":
        raise InputErrors([error(where, f"standard input, not a file: {doing}")])
    if path.exists() and not path.is_file():
        raise InputErrors([error(where, f"not a regular file (a FIFO, a device?): {doing}")])


def open_input(path: Path, error: type[InputError]) -> BufferedReader:
    """Open an input file for binary reading, remembered as an input; problems located at 1:1.

    Opening a FIFO waits for its writer: that wait is bounded as reads are
    (:mod:`safeguards.engine.io.idle`). ``-`` is standard input.

    Raises:
        InputErrors: no such file, a folder, unreadable, nobody writing to a FIFO, or a name
            that is not UTF-8 (no report could carry it).

    """
    where = SourceLocation(str(path), 1, 1)
    if str(path) == "-":  # standard input; closing this copy leaves the process's own open
        claim_stdin(None, error)
        try:
            stdin = _standard_input()
        except OSError as exc:
            raise InputErrors(
                [error(where, f"cannot read standard input: {exc.strerror}")]
            ) from None
        remember(stdin, path)
        return stdin
    idle = 0.0 if path.is_file() else idle_seconds()
    try:
        with waiting(idle):
            stream = path.open("rb")
    except FileNotFoundError:
        raise InputErrors([error(where, "no such file")]) from None
    except IsADirectoryError:
        raise InputErrors([error(where, "is a directory, not a file")]) from None
    except ReadTimeout:
        raise InputErrors([error(where, silence(idle))]) from None
    except OSError as exc:
        raise InputErrors([error(where, f"cannot read file: {exc.strerror}")]) from None
    if undecoded(str(path)):
        stream.close()
        raise InputErrors([error(where, _NOT_UTF8_NAME)])
    remember(stream, path)
    return stream


def _standard_input() -> BufferedReader:
    """Open standard input (``sys.stdin``) for one reader, who may close it.

    A copy of its descriptor when it has one, so that closing it leaves the process's own
    open; else (standard input replaced by a program or a test harness) what it holds.
    """
    stream = sys.stdin.buffer
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return BufferedReader(BytesIO(stream.read()))
    return open(os.dup(fd), "rb")


def clash(path: Path) -> str | None:
    """Return the name under which ``path`` was read as an input, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _READ.get((info.st_dev, info.st_ino))


def claim_stdin(role: str | None, error: type[InputError]) -> None:
    """Note that standard input is read as ``role`` (a request log, a profile); refuse another.

    No role: what ``error`` is about (a profile or workflow for a ``SubjectError``, and so on).

    Standard input can be read once: a log and its workflow, or a profile and its waivers,
    cannot both come from it. A command whose logs may come from it claims it for them before
    it reads anything else.

    Raises:
        InputErrors: standard input is claimed already, as something else, or the process
            was started without it.

    """
    role = role or _ROLES.get(error.__name__, "another input")
    if streams.closed(sys.stdin):
        raise InputErrors([error(SourceLocation("-", 1, 1), f"standard input is {streams.CLOSED}")])
    first = _STDIN.setdefault("role", role)
    if first != role:
        where = SourceLocation("-", 1, 1)
        words = f"standard input is already read as {first}: {role} cannot come from it too"
        raise InputErrors([error(where, words)])
    if "told" not in _STDIN and _terminal(sys.stdin):
        # `check -` typed at a prompt waits for input, as `cat -` does: say so, and how to end
        _STDIN["told"] = role
        sys.stderr.write(f"reading {role} from the terminal: type or paste it, then Ctrl-D\n")
        sys.stderr.flush()


def _terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _stream_key(name: str) -> tuple[str, int, int] | None:
    """Name an input that can be read once by its name and what it is (device and inode).

    A pipe's name (``/dev/fd/63``) may be given to another pipe later in the same process:
    its text is then another's. None: it cannot be examined (a standard input without a
    descriptor, as a test harness gives, is the one standard input).
    """
    try:
        info = os.fstat(sys.stdin.fileno()) if name == "-" else os.stat(name)
    except (OSError, ValueError, AttributeError):
        return (name, -1, -1) if name == "-" else None  # a harness's standard input
    return name, info.st_dev, info.st_ino


def streamed(name: str) -> str | None:
    """Return the text already read from ``name`` when it can be read only once, else None."""
    key = _stream_key(name)
    return None if key is None else _STREAMED.get(key)


def keep_streamed(name: str, text: str) -> None:
    """Keep the text read from an input that cannot be read again (standard input, a pipe).

    A command may need an input's text twice (``diff`` evaluates a profile, then reads its
    answers; a repeated id is located in its file): a second read of a pipe would find it empty.
    """
    key = _stream_key(name)
    if key is not None:
        _STREAMED[key] = text


def read_stdin_as(name: str | Path) -> None:
    """Read standard input whenever the file ``name`` is read (``--stdin-filename``).

    An editor hands over a buffer not yet saved: its messages and reports name the file, as if
    it had been read from there. The file itself, if there is one, is not read, and no output
    may take its name (:func:`clash`).
    """
    _NAMED_STDIN.add(os.path.normpath(name))
    key = _file_id(name)
    if key is not None:
        _NAMED_STDIN_FILES.add(key)
    remember_path(name)


def source_of(name: str) -> str:
    """Return what the input ``name`` is read from: ``-`` when standard input stands for it.

    Standard input stands for the file named by ``--stdin-filename`` however that file is
    named: as given, written another way (``./x.yaml``), or listed in a folder given.
    """
    if not _NAMED_STDIN or name == "-":
        return name
    if os.path.normpath(name) in _NAMED_STDIN:
        return "-"
    if _NAMED_STDIN_FILES and _file_id(name) in _NAMED_STDIN_FILES:
        return "-"
    return name


def is_stdin(name: str | Path) -> bool:
    """Whether the input ``name`` is read from standard input: ``-``, or the file it stands for."""
    return source_of(str(name)) == "-"


def forget_all() -> None:
    """Forget every input (a new command in the same process, as in tests)."""
    _READ.clear()
    _STREAMED.clear()
    _STDIN.clear()
    _NAMED_STDIN.clear()
    _NAMED_STDIN_FILES.clear()
