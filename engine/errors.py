"""Exception hierarchy; every input error carries the place in the file where it stands."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

HIDDEN = (
    "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff"
    "\ud800-\udfff"
)
"""What a reader never gets raw (a character class): C0 and C1 controls, bidi marks and
overrides, line and paragraph separators, the zero-width no-break space, two non-characters,
and the surrogates (no character: a file name's byte that is not UTF-8 comes as one)."""


@cache
def _hidden(keep: str) -> re.Pattern[str]:
    return re.compile(f"(?![{re.escape(keep)}])[{HIDDEN}]" if keep else f"[{HIDDEN}]")


def reveal(text: str, keep: str = "") -> str:
    """Show every hidden character of ``text`` as ``<U+XXXX>``, except those in ``keep``.

    The one place that decides what input text may not hide: :func:`inert` (one line),
    :func:`inert_lines` (a page) and the renderers' ``reveal_controls`` (layout kept) call it.
    """
    return _hidden(keep).sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


_UNDECODED = re.compile("[\udc80-\udcff]")


def undecoded(text: str) -> bool:
    r"""Return whether ``text`` holds bytes that were not UTF-8, as Python passes them on.

    A command-line argument or a file name with such bytes reaches Python with each byte as a
    surrogate (``\xff`` as U+DCFF); no report could write it as UTF-8. :func:`inert` shows one
    as ``<U+DCFF>``.
    """
    return _UNDECODED.search(text) is not None


def inert(text: str) -> str:
    """Show control, bidi and line-breaking characters as ``<U+XXXX>``: one line, nothing hidden.

    A message quotes what the user wrote; a line feed in it would forge a second located
    error line, an escape sequence would drive the terminal, a bidi override would hide text.
    """
    return reveal(text)


def inert_lines(text: str) -> str:
    """Like :func:`inert`, keeping the line feeds of a page printed for people.

    For a whole page of text (``explain``, ``missing``) that quotes profiles: a value that
    spans lines was already put on one line where it is interpolated; this is the net for
    the rest.
    """
    return reveal(text, keep="\n")


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A 1-based position in an input file."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        """Render as ``path:line:column`` (a path that hides characters shows them)."""
        return f"{inert(self.path)}:{self.line}:{self.column}"


class SafeguardsError(Exception):
    """Base of every error the engine raises on purpose."""


class UsageError(SafeguardsError):
    """The command line or an API call asked for something impossible."""


class InputError(SafeguardsError):
    """One problem in one input file, at one place."""

    def __init__(self, location: SourceLocation, message: str) -> None:
        """Keep the location and the message apart so they can be sorted and rendered."""
        message = inert(message)
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message

    def __reduce__(self) -> tuple[type[InputError], tuple[SourceLocation, str]]:
        """Pickle with what :meth:`__init__` takes, so that a worker's error reaches the parent.

        Exception's own pickling would call :meth:`__init__` with the rendered text alone.
        """
        return type(self), (self.location, self.message)

    def __str__(self) -> str:
        """Render as ``path:line:column: message``."""
        return f"{self.location}: {self.message}"


class CatalogError(InputError):
    """A safeguard, facts or table file of the catalog is malformed."""


class SubjectError(InputError):
    """A subject file (profile, workflow, request record) is malformed."""


class WaiverError(InputError):
    """A waiver file is malformed."""


class InputErrors(SafeguardsError):
    """All the problems found in one or more input files, sorted by place."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        """Sort and de-duplicate the problems."""
        unique = {(e.location, e.message): e for e in errors}
        self.errors: list[InputError] = [unique[k] for k in sorted(unique)]
        super().__init__("\n".join(str(e) for e in self.errors))

    def __reduce__(self) -> tuple[type[InputErrors], tuple[list[InputError]]]:
        """Pickle with what :meth:`__init__` takes (see :meth:`InputError.__reduce__`)."""
        return type(self), (self.errors,)

    def __str__(self) -> str:
        """Render one problem per line."""
        return "\n".join(str(e) for e in self.errors)


def raise_if_any(errors: list[InputError]) -> None:
    """Raise :class:`InputErrors` when the list holds at least one problem."""
    if errors:
        raise InputErrors(errors)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest choice, or ``""`` if none is close."""
    import difflib  # only when a message is written

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean_subject(word: str, names: Mapping[str, str | None]) -> str:
    """Return the hint for a subject id written wrongly: the closest id, else an id by its name.

    ``names``: each subject's id and its name (or None). A waiver often names its subject
    as people do (``Belgium``, ``belgium``) where the profile's id (``BE``) was wanted:
    `` (did you mean 'BE', the id of Belgium?)``. ``""`` when nothing is close.
    """
    import difflib  # only when a message is written

    hint = did_you_mean(word, names)
    if hint:
        return hint
    ids = {name.casefold(): (sid, name) for sid, name in names.items() if name}
    close = difflib.get_close_matches(word.casefold(), list(ids), n=1, cutoff=0.6)
    if not close:
        return ""
    sid, name = ids[close[0]]
    return f" (did you mean '{sid}', the id of {name}?)"
