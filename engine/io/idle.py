"""A time limit on waiting for input that is not a regular file: a FIFO, a device, a pipe.

A regular file is read at the speed of the disk. A FIFO nobody writes to, or a pipe whose
writer has stalled, would keep a command waiting for ever: each read of such an input may
wait at most :func:`idle_seconds` (``SAFEGUARDS_READ_TIMEOUT``, default 60) for data, after
which the command stops with a located message. The limit is on silence, not on the whole
read: a long log streamed through a pipe is read to its end as long as data keeps coming.

The timer is SIGALRM, so the limit applies in the main thread of a POSIX process; elsewhere
input is read without one.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

DEFAULT_SECONDS = 60.0


class ReadTimeout(Exception):
    """No data arrived within the idle limit."""


def idle_seconds() -> float:
    """Return the idle limit: ``SAFEGUARDS_READ_TIMEOUT`` seconds, else 60 (0: no limit)."""
    text = os.environ.get("SAFEGUARDS_READ_TIMEOUT", "")
    try:
        seconds = float(text) if text else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS
    return seconds if seconds >= 0 and seconds == seconds else DEFAULT_SECONDS


def silence(seconds: float) -> str:
    """Say why reading stopped after ``seconds`` without data."""
    return f"nothing to read for {seconds:g} s (is anything writing to it?): reading stopped"


def is_regular(stream: Any) -> bool:
    """Return whether a stream reads a regular file (one whose reads never wait on a writer)."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _timer_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def waiting(seconds: float) -> Iterator[None]:
    """Raise :class:`ReadTimeout` if the block (an open, a read) lasts more than ``seconds``."""
    if seconds <= 0 or not _timer_usable():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise ReadTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(read: Callable[[int], bytes], seconds: float) -> Callable[[int], bytes]:
    """Return ``read`` with each call limited to ``seconds`` of waiting (0: unchanged)."""
    if seconds <= 0 or not _timer_usable():
        return read

    def read_within(size: int) -> bytes:
        with waiting(seconds):
            return read(size)

    return read_within
