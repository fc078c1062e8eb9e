"""Standard streams the process was started without (``<&-``, ``>&-``, ``2>&-``).

Python sets ``sys.stdin``, ``sys.stdout`` or ``sys.stderr`` to None when its descriptor is
closed at the start: what is echoed there is dropped without a word, and what is read or
written there fails with an AttributeError, a traceback. The command line gives each such
stream a stand-in (:func:`stand_in_for_closed`): standard input's and standard output's fail
each read or write as a full disk fails a write (an ``OSError``, which the commands turn into
one line and exit status 2), and a reader of standard input can tell it is closed
(:func:`closed`) and say so at its place, ``-:1:1``. Standard error's takes what is written
and drops it: with no standard error there is nowhere to say anything, and the exit status
still tells.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

CLOSED = "closed: the command was started without it"
"""What a read or write of a stream the process was started without says."""


class _Closed(io.BufferedIOBase):
    """A standard stream the process was started without: every read or write fails (EBADF)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.said = name

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        raise self._closed()

    def read1(self, size: int = -1) -> bytes:
        raise self._closed()

    def readinto(self, buffer: Any) -> int:
        raise self._closed()

    def write(self, data: Any) -> int:
        raise self._closed()

    def _closed(self) -> OSError:
        return OSError(errno.EBADF, CLOSED, self.said)


def stand_in_for_closed() -> None:
    """Give each standard stream the process was started without its stand-in (see the module)."""
    if sys.stdin is None:
        sys.stdin = io.TextIOWrapper(_Closed("standard input"))
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_Closed("standard output"), write_through=True)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process


def closed(stream: Any) -> bool:
    """Whether ``stream`` (``sys.stdin``, say) stands in for one the process was started without."""
    return isinstance(getattr(stream, "buffer", None), _Closed)
