"""Safe YAML reading that keeps the line and column of every key and value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from safeguards.engine.errors import InputError, InputErrors, SourceLocation
from safeguards.engine.io import yamlcache
from safeguards.engine.io.idle import ReadTimeout, idle_seconds, is_regular, silence, timed
from safeguards.engine.io.inputs import (
    claim_stdin,
    keep_streamed,
    open_input,
    source_of,
    streamed,
)

MAX_BYTES = 8 * 1024 * 1024
"""Refuse files larger than this: no legitimate profile or rule file comes near it."""

JsonPath = tuple[str | int, ...]


Table = dict[JsonPath, tuple[int, int]]
"""The 0-based (line, column) of nodes by their path."""


class YamlDoc:
    """Plain Python data read from one YAML file, with the position of every node.

    A document read from the YAML cache gets its positions when they are first used (to locate
    a problem, or the few lines a command reports): ``positions`` returns them.

    Attributes:
        path: the file's name, as given.
        data: the document's plain data.
        text_key: the sha256 naming the source text and its reader (set for cached reads): the
            data is a function of both, so checks of the data can be remembered under it.

    """

    def __init__(
        self,
        path: str,
        data: Any,
        *,
        text_key: str | None = None,
        positions: Callable[[], tuple[Table, Table]] | None = None,
    ) -> None:
        """Hold a document; without ``positions``, its tables start empty (a parser fills them)."""
        self.path = path
        self.data = data
        self.text_key = text_key
        self._positions = positions
        self._tables: tuple[Table, Table] | None = None if positions else ({}, {})

    def _filled(self) -> tuple[Table, Table]:
        if self._tables is None:
            assert self._positions is not None
            self._tables = self._positions()
        return self._tables

    @property
    def values(self) -> Table:
        """The position of every value (and of every collection) by its path."""
        return self._filled()[0]

    @property
    def keys(self) -> Table:
        """The position of every mapping key by the path of its value."""
        return self._filled()[1]

    def locate(self, path: JsonPath, *, key: bool = False) -> SourceLocation:
        """Return the 1-based location of the node at ``path`` (or its closest known parent).

        Args:
            path: keys and indexes from the document root.
            key: point at the mapping key rather than at its value.

        """
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, col = table[probe]
                return SourceLocation(self.path, line + 1, col + 1)
            if probe in self.keys:
                line, col = self.keys[probe]
                return SourceLocation(self.path, line + 1, col + 1)
            probe = probe[:-1]
        line, col = self.values.get((), (0, 0))
        return SourceLocation(self.path, line + 1, col + 1)


def read_text(path: Path, error: type[InputError]) -> str:
    """Read a UTF-8 input file, refusing absurd sizes and undecodable bytes.

    ``-`` is standard input, and so is a file it is read as (``--stdin-filename``), named as
    that file. The text of an input that can be read only once (standard input, a pipe such as
    ``<(git show HEAD:profile.yaml)``, a device) is kept: reading it again in the same command
    gives the same text.
    """
    where = SourceLocation(str(path), 1, 1)
    source = source_of(str(path))
    if source == "-":
        claim_stdin(None, error)  # its text is kept, but as one kind of input only
    known = streamed(source)
    if known is not None:
        return known
    stream = open_input(Path(source), error)
    regular = is_regular(stream)
    idle = 0.0 if regular else idle_seconds()  # a FIFO or a device may keep us waiting
    try:
        with stream:
            # Read at most one byte past the limit: a device or a FIFO has no size to trust.
            read = timed(stream.read1, idle)
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_BYTES and (chunk := read(1 << 16)):
                chunks.append(chunk)
                size += len(chunk)
            raw = b"".join(chunks)
        if len(raw) > MAX_BYTES:
            raise InputErrors([error(where, f"file is too large (limit {MAX_BYTES} bytes)")])
    except ReadTimeout:
        raise InputErrors([error(where, silence(idle))]) from None
    except OSError as exc:
        raise InputErrors([error(where, f"cannot read file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        loc = SourceLocation(str(path), line, col)
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # the byte-order mark of UTF-16
            loc, words = where, "file is UTF-16 text, not UTF-8: save it as UTF-8"
        else:
            words = "file is not valid UTF-8 text"
        raise InputErrors([error(loc, words)]) from None
    if not regular or source == "-":
        keep_streamed(source, text)
    return text


def load_yaml(
    path: Path | str, error: type[InputError], text: str | None = None, *, cached: bool = False
) -> YamlDoc:
    """Parse one YAML document safely into plain data and positions.

    No YAML tag beyond the core schema is honoured, aliases are expanded under a node budget,
    duplicate keys and merge keys are refused. ``cached``: reuse (and keep) the parse of the same
    text from the user's cache (:mod:`safeguards.engine.io.yamlcache`), for files read on every run.

    Raises:
        InputErrors: every problem found, each with its file:line:column.

    """
    name = str(path)
    if text is None:
        text = read_text(Path(path), error)
    hit = yamlcache.lookup(text) if cached else None
    if hit is not None:
        data, entry = hit
        return YamlDoc(
            name,
            data,
            text_key=entry.stem,  # the entry is named by the text's key
            positions=lambda: _positions(entry, text, name, error),
        )
    from safeguards.engine.io.yamlparse import parse  # ruamel is imported at a cache miss only

    doc = parse(text, name, error)
    if doc is None:  # no document in the text
        return YamlDoc(name, None)
    if cached:
        yamlcache.store(text, doc.data, doc.values, doc.keys)
        doc.text_key = yamlcache.text_key(text)
    return doc


def _positions(entry: Path, text: str, name: str, error: type[InputError]) -> tuple[Table, Table]:
    """Return the positions the cache keeps for a text, or those of a new parse of it."""
    kept = yamlcache.positions(entry)
    if kept is not None:
        return kept
    from safeguards.engine.io.yamlparse import parse

    doc = parse(text, name, error)  # the same text parsed before: no problem this time
    return ({}, {}) if doc is None else (doc.values, doc.keys)
