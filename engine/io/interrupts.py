"""Signals that end a command, noted where their exception may come back wrapped or lost.

Python runs a signal's handler between two bytecodes, wherever the main thread is, and what
the handler raises (KeyboardInterrupt for Ctrl-C, the atomic writer's SystemExit for SIGTERM
and SIGHUP) goes up from there. Inside a callback that code in C or Rust made, it does not
come back as itself: pydantic's serializer, which asks an enum member for its value, returns
it as ``PydanticSerializationError: … KeyboardInterrupt``. So the handlers note the signal
here first, and the command line ends as the signal asked, whatever the exception became
(:func:`safeguards.engine.cli.common.handle_errors`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_HEARD: list[int] = []
"""The ending signals that came while the command ran, in order."""


def heard(signum: int) -> None:
    """Note that a signal that ends the command has come (called by its handler)."""
    _HEARD.append(signum)


def last() -> int | None:
    """Return the last ending signal noted since the command began, or None."""
    return _HEARD[-1] if _HEARD else None


def noted() -> int:
    """Return how many ending signals have been noted since the command began."""
    return len(_HEARD)


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: note it, then raise KeyboardInterrupt as Python's own handler does."""
    heard(signum)
    raise KeyboardInterrupt


def _ended_early(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C while the command line loads: end as a command ended by it ends (exit 130).

    Python's own handler would raise KeyboardInterrupt in the middle of an import and print
    its traceback; click, while it reads the options, would say "Aborted!" and exit 1. Nothing
    has been written yet: the command just ends.
    """
    heard(signum)
    sys.stderr.write("interrupted\n")
    raise SystemExit(128 + signum)


def hear_early() -> None:
    """Hear Ctrl-C from here on (:func:`_ended_early`), until a command begins to listen.

    Called by the command line as it starts to load, in the main thread, and only where Ctrl-C
    has Python's own handler (a program that set its own, or a shell that made the command
    ignore it, keeps what it chose).
    """
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ):
        signal.signal(signal.SIGINT, _ended_early)


@contextmanager
def listening() -> Iterator[None]:
    """Note Ctrl-C (and what the atomic writer's handler notes) while a command runs.

    Ctrl-C's handler is replaced only where it is Python's own (or the command line's while it
    loaded, :func:`hear_early`), in the main thread: a program that set its own keeps it.
    Python's is put back at the end (a Ctrl-C that comes as it is put back runs one handler or
    the other, both raising KeyboardInterrupt).
    """
    _HEARD.clear()
    ours = threading.current_thread() is threading.main_thread() and signal.getsignal(
        signal.SIGINT
    ) in (signal.default_int_handler, _ended_early)
    if ours:
        signal.signal(signal.SIGINT, _interrupted)
    try:
        yield
    finally:
        if ours and signal.getsignal(signal.SIGINT) is _interrupted:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        _HEARD.clear()  # acted on: the command ended as they asked
