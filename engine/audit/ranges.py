"""A regular log read as byte ranges: where its chunks end, and each range read back, checked.

For a regular file the parent of a parallel reading (:mod:`~safeguards.engine.audit.pool`) only
reads through the log once, hashing it and counting its lines, and parts it into byte ranges
(:func:`spans`), each with the CRC-32 of the bytes hashed there. Whoever reads a range later (a
worker, or the parent again) reads it from the file through the descriptor the parent opened
(:class:`Range`, :func:`range_lines`) and checks the bytes against that CRC-32: a log cut short or
written over since stops the reading (:data:`CHANGED`) rather than be audited under the digest of
other bytes. A CSV log read on past a chunk that ended inside a quoted cell is checked chunk by
chunk as it is read (:class:`Checked`).
"""

from __future__ import annotations

import os
import zlib
from collections import deque
from collections.abc import Callable, Iterator

from safeguards.engine.audit import readers
from safeguards.engine.audit.readers import HashingReader
from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError


class Range:
    """Bytes of a file from ``offset`` (``length`` of them, or to its end), read by pread.

    They are read as :meth:`HashingReader.by_blocks` reads a file, through the descriptor
    ``fd``. pread reads at a place of its own: the descriptor's offset, which a forked worker shares
    with the parent reading the file through it, is left alone. And the file is the one the
    parent opened, even where another has been put at its path since (a log rotated).
    """

    def __init__(self, fd: int, offset: int, length: int | None = None) -> None:
        self.fd = fd
        self.offset = offset
        self.left = length
        self.crc = 0
        """The CRC-32 of the bytes read so far."""

    def read(self, size: int) -> bytes:
        """Read at most ``size`` bytes at the offset reached, fewer at the range's end."""
        if self.left is not None:
            if self.left <= 0:
                return b""
            size = min(size, self.left)
            self.left -= size
        at = self.offset
        block = os.pread(self.fd, size, at)
        self.offset += len(block)
        if self.left is not None and len(block) < size:  # the file ends here
            self.left = 0
        self.took(at, block)
        return block

    def took(self, at: int, block: bytes) -> None:
        """Take in the bytes just read from offset ``at``: add them to the CRC-32."""
        self.crc = zlib.crc32(block, self.crc)


Span = tuple[int, int, int, int]
"""A chunk of a file: its first line's number, its offset, its length and its bytes' CRC-32."""

Sizer = Callable[[int, int], int]
"""``next(lines, size)``: the lines of the next chunk, after ``lines`` lines of ``size`` bytes."""


def spans(
    reader: HashingReader,
    base: int,
    sizer: Sizer,
    quoted: bool = False,
    header: int = 0,
) -> Iterator[tuple[Span, int]]:
    """Read through a file, yielding ((first line, byte offset, byte length, CRC-32), lines).

    The file is read in blocks of :data:`readers.BLOCK` bytes (hashed as they come, so that the
    digest is that of the whole log) and its newlines counted in C: the parent looks at each
    line only to find where a chunk ends, after as many lines as ``sizer`` says (given the
    lines and bytes read so far; ``sizer(0, 0)`` for the first chunk). A line is counted as
    :class:`HashingReader` counts it (a last line without its newline too), and a line longer
    than :data:`readers.MAX_SKIP` bytes stops the reading with the same message at its start.

    ``quoted`` (a CSV log, whose cells may hold line breaks inside quotes): a chunk ends only
    after a line by which an even number of quote marks has been read from the start of the
    file, where a row of a well-formed CSV file ends. Where that guess is wrong (a quote mark
    inside an unquoted cell), the worker's reader finds the chunk ending inside a quoted cell,
    and the parent reads on from there itself (:class:`Checked`).

    Each chunk comes with the CRC-32 of its bytes, the first ``header`` bytes of the file left
    out (a CSV log's header line, which :func:`after_header` leaves out of the first chunk):
    whoever reads the range compares it with the bytes read then (:func:`range_lines`).

    Raises:
        InputErrors: a line runs past :data:`readers.MAX_SKIP` bytes.

    """
    read, digest = reader.stream.read, reader.digest.update
    chunk_lines = sizer(0, 0)
    first_line, chunk_start, in_chunk = 1, base, 0  # the chunk being gathered
    ended = 0  # lines ended (by a newline) before the current one
    line_start = offset = base  # where the current line began; where the next block begins
    quotes = 0  # quote marks read before the block (counted when ``quoted``)
    crc, summed = 0, base + header  # the chunk's CRC-32 so far; the offset it runs to
    crc32 = zlib.crc32
    while block := read(readers.BLOCK):
        digest(block)
        newlines = block.count(b"\n")
        if newlines:
            first = block.index(b"\n")
            _check_length(reader, offset + first + 1 - line_start, ended + 1)
            pos = counted = 0
            while newlines and in_chunk + newlines >= chunk_lines:  # a chunk may end here
                step = max(chunk_lines - in_chunk, 1)
                for _ in range(step):
                    pos = block.index(b"\n", pos) + 1
                newlines -= step
                in_chunk += step
                ended += step
                if quoted:
                    quotes += block.count(b'"', counted, pos)
                    counted = pos
                    if quotes % 2:  # inside a quoted cell: the chunk goes on a line more
                        continue
                end = offset + pos
                if end > summed:
                    crc = crc32(memoryview(block)[max(summed - offset, 0) : pos], crc)
                    summed = end
                yield (first_line, chunk_start, end - chunk_start, crc), in_chunk
                first_line, chunk_start, in_chunk, crc = ended + 1, end, 0, 0
                chunk_lines = sizer(ended, end - base)
            in_chunk += newlines
            ended += newlines
            line_start = offset + block.rindex(b"\n") + 1
            if quoted:
                quotes += block.count(b'"', counted)
        elif quoted:
            quotes += block.count(b'"')
        if offset + len(block) > summed:
            crc = crc32(memoryview(block)[max(summed - offset, 0) :], crc)
            summed = offset + len(block)
        offset += len(block)
        _check_length(reader, offset - line_start, ended + 1)
    reader.consumed = offset - base
    if offset > line_start:  # a last line without its newline
        in_chunk += 1
    if in_chunk:
        yield (first_line, chunk_start, offset - chunk_start, crc), in_chunk


def _check_length(reader: HashingReader, length: int, line: int) -> None:
    """Stop the reading, as :class:`HashingReader` does, at a line of more than MAX_SKIP bytes."""
    if length > readers.MAX_SKIP:
        raise InputErrors([SubjectError(SourceLocation(reader.path, line, 1), readers.ENDLESS)])


CHANGED = (
    "the log changed while it was read (cut short, or written to: rotated by copying and "
    "truncating it?); give a copy that stays as it is"
)
"""The message of a log whose bytes, read by the parent for its digest, are no longer there."""


class Cut(Exception):
    """The reading of a byte range of the log ended early, with an error to report."""

    def __init__(self, lines: list[bytes], error: InputErrors) -> None:
        super().__init__(str(error))
        self.lines = lines
        """The whole lines (ended by a newline) that can still be taken for those the parent
        read: those before the file's new end, or before a line that never ends; none when
        the range was written over."""
        self.error = error
        """What stops the audit after those lines (unless one of them stops it first)."""


def range_lines(
    fd: int,
    offset: int,
    length: int,
    crc: int | None = None,
    *,
    path: str = "-",
    first: int = 1,
) -> list[bytes]:
    """Return the lines of a byte range of an open file, as the whole file's reader yields them.

    Read by blocks like any regular log (see :class:`Range`), but not hashed again: only the
    parent's digest of the whole log is used; given the CRC-32 of the bytes the parent read
    there (``crc``), the bytes read now are checked against it. ``path`` and ``first`` (the
    number of the range's first line) place the errors in the whole file.

    Raises:
        Cut: the file ends before the range does, or (``crc``) its bytes there are no longer
            those the parent read: written over since (a log exported again over the old file,
            a record edited in place); the parent hashed the bytes it read, and auditing
            fewer, or others, would leave the digest naming records no one read
            (:data:`CHANGED`). Or a line of the range runs past :data:`readers.MAX_SKIP`
            bytes, which the parent reading the file finds first, unless its blocks are
            longer than that.

    """
    reach = Range(fd, offset, length)
    reader = HashingReader(reach, path, hashed=False, first=first)
    lines: list[bytes] = []
    try:
        lines.extend(reader.by_blocks())  # those read before an error are kept
    except InputErrors as endless:
        raise Cut(lines, endless) from None
    if reader.consumed < length:
        if lines and not lines[-1].endswith(b"\n"):  # cut off by the file's new end
            lines.pop()
        raise Cut(lines, changed(path, first + len(lines)))
    if crc is not None and reach.crc != crc:  # which of its lines changed is not known
        raise Cut([], changed(path, first))
    return lines


def changed(path: str, line: int) -> InputErrors:
    """Return the error of a log that no longer holds the bytes read for its digest, at ``line``."""
    return InputErrors([SubjectError(SourceLocation(path, line, 1), CHANGED)])


def after_header(chunks: Iterator[tuple[Span, int]], header: int) -> Iterator[tuple[Span, int]]:
    """Leave a CSV log's header line (``header`` bytes) out of its first chunk.

    The chunk's CRC-32 already leaves them out (:func:`spans`).
    """
    for (first, offset, length, crc), size in chunks:
        if first == 1:
            first, offset, length, size = 2, offset + header, length - header, size - 1
            if length == 0:
                continue
        yield (first, offset, length, crc), size


class Checked(Range):
    """A file read on from the first of a run of chunks, each chunk's bytes checked as read.

    ``parts``: the chunks' (first line, offset, length, CRC-32) as the parent hashed them, one
    after the other. Bytes past the last are not checked (the caller compares where the
    reading ended with where the hashing did).
    """

    def __init__(self, fd: int, parts: list[Span], path: str) -> None:
        super().__init__(fd, parts[0][1])
        self.parts = deque(parts)
        self.path = path
        self.part_crc = 0

    def took(self, at: int, block: bytes) -> None:
        """Check the bytes just read against their chunks' (not one CRC-32 of them all).

        Raises:
            InputErrors: :data:`CHANGED`, at the first line of a chunk whose bytes are no
                longer those the parent hashed.

        """
        view, pos = memoryview(block), 0
        while self.parts and pos < len(block):
            first, offset, length, crc = self.parts[0]
            take = min(len(block) - pos, offset + length - (at + pos))
            self.part_crc = zlib.crc32(view[pos : pos + take], self.part_crc)
            pos += take
            if at + pos == offset + length:
                if self.part_crc != crc:
                    raise changed(self.path, first)
                self.parts.popleft()
                self.part_crc = 0
