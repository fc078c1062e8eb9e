"""An exclusive lock on a file while it is read, edited and replaced (POSIX ``flock``)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def editing(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` while it is read, edited and replaced.

    Two ``set`` runs on one file take turns: the second reads the file the first wrote, so no
    update is lost. The lock is taken on the file itself (no lock file is left behind); since
    the atomic replace gives the file a new inode, a run that waited on the old inode sees that
    the name now points elsewhere and locks again. A file that cannot be opened is left to the
    reader, which reports it.
    """
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block here
        except OSError:
            yield
            return
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                yield  # a device or a pipe is not replaced, so there is nothing to lock
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                now = os.stat(path)
            except OSError:
                now = None
            held = os.fstat(fd)
            if now is None or (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                yield
                return
        finally:
            os.close(fd)  # closing the descriptor releases the lock
