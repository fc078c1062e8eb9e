"""Request-log readers: JSONL lines and CSV rows streamed into records, every problem located.

Memory stays bounded: one line (at most :data:`MAX_LINE` bytes) is held at a time, or for a
regular file one block of lines (:data:`BLOCK` bytes) and the start of the next.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO, Any, NamedTuple

from safeguards.engine.audit.records import Problem, Record, RecordParser
from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError
from safeguards.engine.io.fastjson import NOT_UTF8 as _NOT_UTF8
from safeguards.engine.io.fastjson import JSONError as _JSONError
from safeguards.engine.io.fastjson import loads as _loads
from safeguards.engine.io.fastjson import plain_loads
from safeguards.engine.io.idle import ReadTimeout, idle_seconds, is_regular, silence, timed

MAX_LINE = 1024 * 1024
"""The longest line a log may have, in bytes (a request record is a few kilobytes)."""

OVERLONG = b"\x00overlong line\x00"
"""What the log reader yields instead of a line longer than :data:`MAX_LINE`."""

_OVERLONG_MESSAGE = f"the line is longer than {MAX_LINE:,} bytes: not a request record"

MAX_SKIP = 64 * MAX_LINE
"""How far an overlong line is read past, looking for its end, before the log is refused."""


class HashingReader:
    """Wraps a binary stream, hashing every line read through it."""

    def __init__(
        self, stream: IO[bytes] | Any, path: str = "-", *, hashed: bool = True, first: int = 1
    ) -> None:
        """Read ``stream`` (``path`` names it in messages).

        ``hashed``: keep the digest of what is read (False: a part whose digest is unused);
        ``first``: the number of the first line read (a part of a file read from its middle).
        """
        self.stream = stream
        self.path = path
        self.first = first
        self.digest = hashlib.sha256()
        self.hashed = hashed
        self.consumed = 0  # bytes read so far (by lines: the offset of the next line)

    def __iter__(self) -> Iterator[bytes]:
        """Yield the lines; one longer than :data:`MAX_LINE` comes as :data:`OVERLONG`.

        No more than ``MAX_LINE + 1`` bytes are held at a time (a regular file is read by
        blocks: :meth:`by_blocks`), so a log of one endless line (or ``/dev/zero``) is read in
        bounded memory and reported, not loaded; a line still without its end after
        :data:`MAX_SKIP` bytes stops the reading, so that it also ends.

        Raises:
            InputErrors: a line runs past :data:`MAX_SKIP` bytes (located at its start).

        """
        if is_regular(self.stream):
            yield from self.by_blocks()
            return
        digest = self.digest.update if self.hashed else _unhashed
        idle = idle_seconds()
        read = timed(self.stream.readline, idle)

        def update(line: bytes) -> None:
            digest(line)
            self.consumed += len(line)

        number = self.first - 1

        def next_line() -> bytes:
            try:
                return read(MAX_LINE + 1)
            except ReadTimeout:
                where = SourceLocation(self.path, number + 1, 1)
                raise InputErrors([SubjectError(where, silence(idle))]) from None

        for number, line in enumerate(iter(next_line, b""), start=self.first):
            update(line)
            if len(line) <= MAX_LINE or line.endswith(b"\n"):
                yield line
                continue
            skipped = len(line)
            while not line.endswith(b"\n"):
                line = next_line()
                if not line:
                    break
                update(line)
                skipped += len(line)
                if skipped > MAX_SKIP:
                    raise InputErrors([SubjectError(SourceLocation(self.path, number, 1), ENDLESS)])
            yield OVERLONG

    def read_all(self) -> bytes:
        """Read the rest of the stream at once, hashing it (a small log handed to a worker)."""
        data: bytes = self.stream.read()
        if self.hashed:
            self.digest.update(data)
        self.consumed += len(data)
        return data

    def by_blocks(self) -> Iterator[bytes]:
        """Yield the lines as :meth:`__iter__` does, reading :data:`BLOCK` bytes at a time.

        For a regular file, whose reads never wait: each block is hashed whole and split at
        its newlines in C, instead of a call per line. At most one block and the start of one
        line (up to :data:`MAX_LINE` + 1 bytes; the rest of a longer line is only counted) are
        held at a time. ``consumed`` runs ahead of the lines, a block at a time.
        """
        read = self.stream.read
        digest = self.digest.update if self.hashed else _unhashed
        limit, skip = MAX_LINE, MAX_SKIP
        head = b""  # the start of a line that no block has ended yet (while it may fit)
        length = 0  # that line's length so far, bytes not kept included
        number = self.first  # the number of the next line to yield
        while block := read(BLOCK):
            digest(block)
            self.consumed += len(block)
            cut = block.rfind(b"\n") + 1
            if cut:
                lines = io.BytesIO(block[:cut]).readlines()
                if length:  # the first line began in an earlier block
                    first = lines[0]
                    length += len(first)
                    lines[0] = head + first if length <= limit + 1 else OVERLONG
                    if length > skip:
                        raise InputErrors([_endless(self.path, number)])
                if max(map(len, lines)) > limit + 1:  # rare: overlong lines in this block
                    for i, line in enumerate(lines):
                        if len(line) > skip:
                            yield from lines[:i]
                            raise InputErrors([_endless(self.path, number + i)])
                        if len(line) > limit + 1:
                            lines[i] = OVERLONG
                number += len(lines)
                yield from lines
                head, length = b"", 0
            rest = len(block) - cut
            if rest:
                length += rest
                if length > skip:
                    raise InputErrors([_endless(self.path, number)])
                head = head + block[cut:] if length <= limit + 1 else b""
        if length:  # a last line without its newline
            yield head if length <= limit else OVERLONG


def _unhashed(block: bytes) -> None:
    return None


def _endless(path: str, line: int) -> SubjectError:
    return SubjectError(SourceLocation(path, line, 1), ENDLESS)


BLOCK = 1 << 20
"""How much of a regular file is read at a time."""

ENDLESS = (
    f"the line runs past {MAX_SKIP // MAX_LINE} MiB without ending: a request log holds one "
    "record per line (is this a log?); reading stopped"
)

_CR_ONLY = (
    "the lines of this CSV end in a carriage return alone (as Excel's 'CSV (Macintosh)' writes"
    " them): save the log as 'CSV UTF-8', whose lines end in a line feed"
)
_CR_ONLY_JSONL = (
    "this line holds carriage returns: if they end its records, save the log with a line feed"
    " after each record, as JSON Lines asks"
)
_UNDECODABLE = "invalid UTF-8: the bytes of this row are not text (save the log as UTF-8)"


_CUT_SHORT = "the line ends before its record does (a string, an object or a list is left open)"


def _json_problem(line: bytes, exc: ValueError) -> tuple[int, str]:
    """Return the column and the words of a line's JSON error, the same with or without orjson.

    The standard library's parser, held to what orjson accepts (:func:`plain_loads`), says
    where and why, so that the unreadable records of a log (and the findings file listing
    them) do not depend on whether the ``fast`` extra is installed.
    """
    try:
        plain_loads(line)
    except json.JSONDecodeError as plain:
        words = plain.msg[:1].lower() + plain.msg[1:]
        if b"\r" in line.rstrip(b"\r\n") and words != _NOT_UTF8:  # records parted by CR
            words += " (" + _CR_ONLY_JSONL + ")"
        text = plain.doc.rstrip("\r\n") if isinstance(plain.doc, str) else None
        if text is not None and plain.pos >= len(text) and words != _NOT_UTF8:
            # past the last character (the parser went on to the newline): the record is cut
            # short, as when a log was copied while still being written
            return len(text) - text.rfind("\n"), _CUT_SHORT
        return plain.colno, words
    # orjson refused what the standard library reads (not known to happen): its own words
    col = getattr(exc, "colno", None) or getattr(exc, "pos", 0) + 1
    return int(col), getattr(exc, "msg", None) or str(exc).split(":", 1)[0]


def _column_of(line: str, message: str) -> int:
    """Point at the first mention of the offending key in the raw line (1 when not found)."""
    found = re.search(r"'([^']+)'", message)
    if not found:
        return 1
    leaf = found.group(1).rsplit(".", 1)[-1]
    pos = line.find(f'"{leaf}"')
    return pos + 1 if pos >= 0 else 1


_SPACE = b" \t\n\r\f\v"
r"""What ``\s`` matches in a bytes pattern: dropped before key ends are counted."""


def _key_ends(line: bytes) -> int:
    r"""Count the places where a key may end (``"`` then optional whitespace, then ``:``).

    The same count as the pattern ``"\s*:``, in two passes of C code: the whitespace is
    dropped (so ``" :`` becomes ``":``), then ``":`` is counted. About a third of the cost of
    looking for a quote followed by whitespace before counting.
    """
    return line.translate(None, _SPACE).count(b'":')


def _repeated_key(line: bytes) -> tuple[str, int] | None:
    """Return the first key given twice in one object of the line, with its column, if any."""
    found: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen and not found:
                found.append(key)
            seen.add(key)
        return dict(items)

    try:
        json.loads(line, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return None
    if not found:
        return None
    text = line.decode("utf-8", "replace")
    quoted = json.dumps(found[0])
    first = text.find(quoted)
    second = text.find(quoted, first + 1) if first >= 0 else -1
    return found[0], (second if second >= 0 else max(first, 0)) + 1


BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte order mark."""


def skip_bom(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Return the lines of a log without a UTF-8 byte order mark before its first line.

    The mark is not part of the first record (RFC 8259 lets a reader ignore it; spreadsheet
    and Windows tools write it), so both readers skip it there, and only there: anywhere
    else it is a character of the record, and an error where it does not belong.
    """
    rest = iter(lines)
    first = next(rest, None)
    if first is None:
        return rest
    return chain((first[len(BOM) :] if first.startswith(BOM) else first,), rest)


class LogHeaderError(Exception):
    """A CSV log whose header cannot be read: the whole file is refused, not just a record."""

    def __init__(self, line: int, column: int, message: str) -> None:
        """Where the header went wrong (1-based) and why."""
        super().__init__(message)
        self.line, self.column, self.message = line, column, message

    def __reduce__(self) -> tuple[type[LogHeaderError], tuple[int, int, str]]:
        """Pickle with what :meth:`__init__` takes (a worker's error reaches the parent)."""
        return type(self), (self.line, self.column, self.message)


def read_jsonl(stream: Iterable[bytes], parser: RecordParser, start: int = 1) -> Iterator[Record]:
    """Yield every record of a JSONL stream; blank lines are skipped, bad lines become problems.

    Args:
        stream: the lines, as bytes.
        parser: the facts catalog of requests, prepared.
        start: the line number of the first line (for chunks of a larger log).

    A byte order mark before the first line of the log is skipped (:func:`skip_bom`).

    """
    native = parser.native
    if start == 1:
        stream = skip_bom(stream)
    rid: str | None
    for number, line in enumerate(stream, start=start):
        if not line.strip():
            continue
        if line == OVERLONG:
            yield Record(number, None, {}, Problem(number, MAX_LINE + 1, _OVERLONG_MESSAGE))
            continue
        quick = native(line) if native is not None else None
        if quick is not None:
            rid, values, parser.keys_seen = quick
            problem = None
        else:
            try:
                raw = _loads(line)
            except _JSONError as exc:
                if number == 1 and _csv_header(line, parser):  # the whole log is a CSV
                    raise LogHeaderError(1, 1, _CSV_AS_JSONL) from None
                col, msg = _json_problem(line, exc)
                yield Record(number, None, {}, Problem(number, col, f"invalid JSON: {msg}"))
                continue
            rid, values, problem = parser.parse(raw)
        # more places where a key may end than keys gone through: perhaps a repeated key (which
        # orjson and json both let the later one win), looked for by the slow exact reader
        if _key_ends(line) > parser.keys_seen:
            twice = _repeated_key(line)
            if twice is not None:
                key, col = twice
                msg = f"'{key}' appears twice in one object: which answer is meant?"
                yield Record(number, None, {}, Problem(number, col, msg))
                continue
        if problem is not None:
            text = line.decode("utf-8", "replace")
            yield Record(number, rid, {}, Problem(number, _column_of(text, problem), problem))
        else:
            yield Record(number, rid, values)


def read_csv(stream: Iterable[bytes], parser: RecordParser) -> Iterator[Record]:
    """Yield every row of a CSV log whose header names dotted facts; lists are ';'-separated."""
    trouble: dict[int, tuple[int, str]] = {}
    lines = _decoded(skip_bom(stream), trouble)
    first = next(lines, None)
    if first is None:
        return
    ends = first.rstrip("\r\n").find("\r")
    if ends >= 0:  # a carriage return inside the first line: the lines end in CR alone
        raise LogHeaderError(1, ends + 1, _CR_ONLY)
    delimiter = _delimiter(first, parser)
    reader = csv.reader(chain((first,), lines), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        why = _csv_problem(exc, 1, reader.line_num)
        raise LogHeaderError(1, 1, f"the header row cannot be read: {why}") from None
    _check_header(header, parser, trouble)
    yield from _csv_records(reader, header, parser, trouble)


class CsvLayout(NamedTuple):
    """What a CSV log's header says: its column names, what parts its cells, its length."""

    header: list[str]
    delimiter: str
    length: int
    """The bytes of the header line, its newline (and a byte order mark) included."""


def csv_layout(first: bytes, parser: RecordParser) -> CsvLayout | None:
    """Return the layout a CSV log's first line gives, when it is a plain header of one line.

    ``first``: the log's first line, as bytes (a byte order mark included). None when the
    line is anything else (not UTF-8, a cell with a line break, a header :func:`read_csv`
    refuses, an odd number of quote marks, from which the rows' quote marks could not be
    counted): only :func:`read_csv` then reads the log, and says what is wrong with it.
    """
    text = first.removeprefix(BOM)
    if not text.endswith(b"\n") or text.count(b'"') % 2:
        return None
    try:
        line = text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in line.rstrip("\r\n"):
        return None
    delimiter = _delimiter(line, parser)
    try:
        header = next(csv.reader((line,), delimiter=delimiter, strict=True), [])
        _check_header(header, parser, {})
    except (csv.Error, LogHeaderError):
        return None
    return CsvLayout(header, delimiter, len(first)) if header else None


def read_csv_part(
    stream: Iterable[bytes], parser: RecordParser, layout: CsvLayout, start: int
) -> Iterator[Record]:
    """Yield the records of the lines of a CSV log from line ``start`` on (not its header).

    The lines must begin a row, as those after the header do: what a row read from there
    gives is then what :func:`read_csv` gives for it, places included. The records of lines
    that end inside a quoted cell end with an :func:`unclosed` problem.
    """
    trouble: dict[int, tuple[int, str]] = {}
    reader = csv.reader(_decoded(stream, trouble, start), delimiter=layout.delimiter, strict=True)
    yield from _csv_records(reader, layout.header, parser, trouble, start - 1)


def unclosed(record: Record) -> bool:
    """Whether a record is the problem of a quoted cell still open where the lines ended."""
    return record.problem is not None and record.problem.message.startswith(_UNCLOSED)


def _csv_records(
    reader: Any,
    header: list[str],
    parser: RecordParser,
    trouble: dict[int, tuple[int, str]],
    before: int = 0,
) -> Iterator[Record]:
    """Yield the records of the rows ``reader`` reads after the header.

    ``before``: the lines of the log before the first line the reader reads.
    """
    quick = parser.row_reader(header)
    for row in _rows(reader, before):
        if isinstance(row, Problem):
            yield Record(row.line, None, {}, row)
            continue
        number, cells = row
        bad = [n for n in range(number, before + reader.line_num + 1) if n in trouble]
        if bad:
            col, msg = trouble[bad[0]]
            yield Record(number, None, {}, Problem(bad[0], col, msg))
            continue
        if len(cells) != len(header):
            msg = f"{len(cells)} cells but the header has {len(header)} columns"
            yield Record(number, None, {}, Problem(number, 1, msg))
            continue
        typed = quick(cells) if quick is not None else None
        if typed is not None:
            yield Record(number, typed[0], typed[1])
            continue
        nested = {name: cell for name, cell in zip(header, cells, strict=True) if cell != ""}
        rid = nested.pop("id", None)
        rid, values, problem = parser.parse({"id": rid, "facts": nested}, text=True)
        if problem is not None:
            col = _csv_column(header, cells, problem)
            yield Record(number, rid, {}, Problem(number, col, problem))
        else:
            yield Record(number, rid, values)


def _decoded(
    stream: Iterable[bytes], trouble: dict[int, tuple[int, str]], start: int = 1
) -> Iterator[str]:
    """Yield the lines as text; a line that is not UTF-8 is noted (line -> column), not mended."""
    for number, line in enumerate(stream, start=start):
        if line == OVERLONG:
            trouble[number] = (MAX_LINE + 1, _OVERLONG_MESSAGE)
            yield "overlong\n"
            continue
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(line[: exc.start].decode("utf-8", "replace")) + 1
            trouble[number] = (column, _UNDECODABLE)
            yield line.decode("utf-8", "replace")


_CSV_AS_JSONL = (
    "this is the header row of a CSV log, read as JSONL: name the file .csv"
    " or give --input-format csv"
)


def _csv_header(line: bytes, parser: RecordParser) -> bool:
    """Whether a log's first line is a CSV header of fact names (the log read as JSONL)."""
    text = line.decode("utf-8", "replace").removeprefix("\ufeff")
    names = _header_names(text, _delimiter(text, parser))
    known = known_columns(parser)
    return len(names) > 1 and sum(name in known for name in names) * 2 > len(names)


def _header_names(first: str, mark: str) -> list[str]:
    """Return the column names of a CSV header line parted by ``mark`` (quotes dropped)."""
    return [name.strip().strip('"') for name in first.rstrip("\r\n").split(mark)]


def known_columns(parser: RecordParser) -> set[str]:
    """Return the names a header may give a column: facts, their prefixes, reserved keys, id."""
    return set(parser.specs) | set(parser.prefixes) | set(parser.reserved) | {"id"}


def _delimiter(first: str, parser: RecordParser) -> str:
    """Return what parts the cells of a CSV log: a comma, or what its header is parted by.

    Spreadsheets in many European locales save "CSV" with semicolons (the comma is their
    decimal mark), and some exports use tabs. A header of fact names holds no comma: one
    without any, whose parts by ';' or by a tab name a fact, is parted so. (Lists inside a
    cell are ';'-separated too: such a file quotes them, as spreadsheets do.)
    """
    if "," in first:
        return ","
    known = known_columns(parser)
    for mark in (";", "\t"):
        names = _header_names(first, mark)
        if len(names) > 1 and any(name in known for name in names):
            return mark
    return ","


def _check_header(
    header: list[str], parser: RecordParser, trouble: dict[int, tuple[int, str]]
) -> None:
    """Refuse a header that is not one: unreadable, a column twice, or no fact named at all."""
    if 1 in trouble:
        column, message = trouble[1]
        raise LogHeaderError(1, column, f"the header row cannot be read: {message}")
    known = known_columns(parser)
    if header and not any(name in known for name in header):
        raise LogHeaderError(
            1,
            1,
            "the first row is not a header of fact names (e.g. id, intake.received_at): "
            "a CSV log starts with a header row",
        )
    seen: dict[str, int] = {}
    column = 1
    for name in header:
        if name in seen:
            raise LogHeaderError(
                1, column, f"column '{name}' appears twice in the header: which one is meant?"
            )
        seen[name] = column
        column += len(name) + 1


def _rows(reader: Any, before: int = 0) -> Iterator[tuple[int, list[str]] | Problem]:
    while True:
        start = before + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(start, 1, _csv_problem(exc, start, before + reader.line_num))
            continue
        if cells:
            yield start, cells


def _csv_problem(exc: csv.Error, start: int, end: int) -> str:
    """Say what is wrong with a row the csv module refused, starting on line ``start``."""
    if str(exc) == "unexpected end of data":  # a quote opened and never closed
        span = f"line {start}" if end <= start else f"lines {start} to {end}"
        why = f"(a '\"' is missing), so the rest of the file ({span}) was read as one cell"
        return f"{_UNCLOSED} {why}"
    return f"invalid CSV: {exc}"


_UNCLOSED = "invalid CSV: a quoted cell is never closed"


def _csv_column(header: list[str], cells: list[str], message: str) -> int:
    found = re.search(r"'([^']+)'", message)
    if not found or found.group(1) not in header:
        return 1
    index = header.index(found.group(1))
    return sum(len(c) + 1 for c in cells[:index]) + 1
