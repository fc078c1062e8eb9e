"""The files this process has read as inputs, so that no output can overwrite one of them.

Every reader of an input file (profiles, workflows, waiver files, catalog files, request logs,
templates) calls :func:`remember` with the open file; the one writer
(:mod:`safeguards.engine.io.output`) asks :func:`clash` before it replaces a file. Files are known
by device and inode, so a second name for the same file (a symlink, ``./x`` for ``x``, a hard link)
is recognised too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from io import BufferedReader
from pathlib import Path
from typing import IO, Any, TypeVar

from safeguards.engine.errors import InputError, InputErrors, SourceLocation, undecoded
from safeguards.engine.io.idle import ReadTimeout, idle_seconds, silence, waiting

_READ: dict[tuple[int, int], str] = {}
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
    if str(path) == "-":
        return
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        _READ.setdefault((info.st_dev, info.st_ino), str(path))


def once_each(paths: Iterable[P]) -> list[P]:
    """Drop a later name of a regular file already listed (a folder and a file in it, a link).

    Reading one file twice would count its subjects or requests twice. Standard input (``-``)
    and whatever cannot be examined are kept, for their readers to deal with.
    """
    seen: set[tuple[int, int]] = set()
    kept: list[P] = []
    for path in paths:
        try:
            info = os.stat(path) if str(path) != "-" else None
        except (OSError, ValueError):
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
        kept.append(path)
    return kept


def require_regular(path: Path, error: type[InputError], doing: str) -> None:
    """Refuse a path that exists but is not a regular file (a FIFO, a device, a folder).

    ``doing`` says why a regular file is needed, e.g. "set edits the file in place".

    Raises:
        InputErrors: the path names something other than a regular file.

    """
    if path.exists() and not path.is_file():
        where = SourceLocation(str(path), 1, 1)
        raise InputErrors([error(where, f"not a regular file (a FIFO, a device?): {doing}")])


def open_input(path: Path, error: type[InputError]) -> BufferedReader:
    """Open an input file for binary reading, remembered as an input; problems located at 1:1.

    Opening a FIFO waits for its writer: that wait is bounded as reads are
    (:mod:`safeguards.engine.io.idle`).

    Raises:
        InputErrors: no such file, a folder, unreadable, nobody writing to a FIFO, or a name
            that is not UTF-8 (no report could carry it).

    """
    where = SourceLocation(str(path), 1, 1)
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


def clash(path: Path) -> str | None:
    """Return the name under which ``path`` was read as an input, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _READ.get((info.st_dev, info.st_ino))


def forget_all() -> None:
    """Forget every input (a new command in the same process, as in tests)."""
    _READ.clear()
