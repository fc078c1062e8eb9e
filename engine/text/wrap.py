"""Text for a terminal: wrapped (never inside a path or a URL) and coloured where wanted.

One function for every command that prints prose (`explain`, `missing`, the questionnaire, the
text report on a terminal). Words are broken only at spaces, so a file path such as
``profiles/united-kingdom.yaml:12`` or a URL stays whole and can still be clicked or copied; a
word longer than the line runs past it rather than being cut.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap

DEFAULT_WIDTH = 92
"""Width of prose when the output is not a terminal (files, pipes, tests)."""

MIN_WIDTH = 40
"""Narrower terminals still get lines of this width (indentation needs room)."""


def wrap(
    text: str, width: int, indent: str = "", hang: int = 0, *, collapse: bool = True
) -> list[str]:
    """Wrap one paragraph: first line at ``indent``, the next ones ``hang`` spaces further.

    ``collapse``: turn runs of whitespace into one space first (off to keep alignment).

    No line is broken before a word that starts with ``::``: a line whose text starts so is
    a workflow command to a CI runner that reads the output (GitHub Actions), and a profile's
    text must not become one by where a line happens to break.
    """
    lines = textwrap.wrap(
        " ".join(text.split()) if collapse else text,
        max(width, MIN_WIDTH),
        initial_indent=indent,
        subsequent_indent=indent + " " * hang,
        break_on_hyphens=False,
        break_long_words=False,
    )
    out: list[str] = []
    for line in lines:
        if out and line.lstrip().startswith("::"):
            out[-1] += " " + line.lstrip()  # longer than the width, rather than a command
        else:
            out.append(line)
    return out or [indent.rstrip()]


def terminal_width(stream: object = None) -> int | None:
    """Return the width of the terminal the stream writes to, or None when it is not one.

    On a terminal, ``COLUMNS`` wins when set; a pipe or a file gets None (no wrapping), so
    that what a program reads does not depend on the terminal it was started from.
    """
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    if not (callable(isatty) and isatty()):
        return None
    return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns - 1, MIN_WIDTH)


def prose_width() -> int:
    """Return the width for prose on standard output: the terminal's, or the default."""
    return min(terminal_width() or DEFAULT_WIDTH, 120)


def colour_wanted(stream: object = None) -> bool:
    """Return whether to colour what goes to the stream.

    Only a terminal gets colour; ``NO_COLOR`` (any value, https://no-color.org) and
    ``TERM=dumb`` turn it off, ``FORCE_COLOR`` turns it on even for a pipe.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return terminal_width(stream) is not None
