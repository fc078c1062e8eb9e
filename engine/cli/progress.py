"""A progress line for long audits: records read, share of the input read, time left.

The audit calls the object with the number of records read since the last call; it learns
which stream it reads with :meth:`Progress.reading`, so the share comes from the byte position
in the files (their sizes are known before reading), not from a guess about record sizes.
Standard input and FIFOs have no size, and a database's bytes do not tell how far its rows are:
only records and elapsed time are shown for them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import IO, Any

from safeguards.engine.io.inputs import file_size


class Progress:
    """Counts records and bytes across the logs of one audit and renders one status line."""

    def __init__(self, total_bytes: int | None, show: Callable[[str], None]) -> None:
        """``total_bytes``: the size of every log together, None when one has no size."""
        self.total = total_bytes
        self.show = show
        self.records = 0
        self.done_before = 0
        self.stream: IO[bytes] | None = None
        self.current = 0
        """The size of the log being read: a log is closed once read, so its position is gone
        when the next one starts, and its size is what it added."""
        self.started = time.monotonic()

    def reading(self, stream: IO[bytes], *, sized: bool = True) -> None:
        """Start counting the bytes of the next log (after those of the previous ones).

        ``sized=False``: the log's bytes do not tell how far its records are (a database, read
        through for its digest before its rows): from now on, records and time only.
        """
        self.done_before += self.current
        self.stream = stream
        self.current = self._size(stream)  # read whole by the time the next log starts
        if not sized:
            self.total = None

    def __call__(self, records: int) -> None:
        """Add records read and redraw the line."""
        self.records += records
        self.show(self.line())

    def line(self) -> str:
        """Return the status line: records, and with a known size, percent and time left."""
        elapsed = time.monotonic() - self.started
        text = f"{self.records:,} records"
        done = self.done_before + (self._position(self.stream) if self.stream else 0)
        if self.total and done:
            share = min(done / self.total, 1.0)
            left = elapsed * (1 - share) / share if share > 0 else 0.0
            text += f"  {share:6.1%}  {_clock(elapsed)} elapsed, about {_clock(left)} left"
        else:
            text += f"  {_clock(elapsed)} elapsed"
        return text

    @staticmethod
    def _size(stream: Any) -> int:
        try:
            return os.fstat(stream.fileno()).st_size
        except (OSError, ValueError, AttributeError):
            return 0

    @staticmethod
    def _position(stream: Any) -> int:
        try:
            return int(stream.tell())
        except (OSError, ValueError, AttributeError):
            return 0


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes}:{secs:02d}"


def total_size(paths: list[str]) -> int | None:
    """Return the bytes of every log together, or None when one has no size (stdin, FIFO)."""
    sizes = [file_size(path) for path in paths]
    return None if None in sizes else sum(size or 0 for size in sizes)
