"""Request logs kept in an SQLite database: one row per request, its columns named by fact.

An organization's request-tracking system often keeps its requests in a database rather than
in a JSONL or CSV export. The audit reads such a database where it lies, read-only: a table
or view (``--table``, by default the one named ``requests``, or the only one there is), or
what a query selects (``--query``), so that columns named otherwise can be renamed to facts
(``SELECT ticket AS id, received AS "intake.received_at" FROM …``).

A row is read as a CSV row is (:func:`~safeguards.engine.audit.readers.read_csv`): its columns
name dotted facts, an empty value (NULL, or empty text) is no answer, lists are ``;``-separated
text, and each value is typed from its text. Since SQLite has no boolean type, a boolean fact
also takes the integers 1 and 0. A problem is located at ``file:row:column``: the row's number
in the order read (1 for the first row) and the column's (1 for the first column). A value
whose bytes are not UTF-8 text makes its row unreadable, as such a line of a JSONL log is, and
the reading goes on (:func:`_rows`).

With ``--jobs``, the workers read a table's rows themselves, in ranges of rowids, while the
parent's query over the whole table holds the read lock (:class:`RowidTable`); any other
database's rows are read by the parent and handed over.

The digest of such a log, as of any log, is the SHA-256 of its file, read through before its
rows are (so that SARIF's artifact hashes and ``sha256sum`` agree with it). A database in
write-ahead-log mode may hold rows in its ``-wal`` file that the digest does not cover:
checkpoint it first (``PRAGMA wal_checkpoint(TRUNCATE)``).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safeguards.engine.audit.readers import (
    BLOCK,
    MAX_LINE,
    HashingReader,
    LogHeaderError,
    known_columns,
)
from safeguards.engine.audit.records import Problem, Record, RecordParser
from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError, UsageError, inert
from safeguards.engine.io import interrupts
from safeguards.engine.models import FactType

if TYPE_CHECKING:
    import sqlite3

MAGIC = b"SQLite format 3\x00"
"""The first bytes of every SQLite database file."""

SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")
"""File suffixes read as SQLite databases (a file that starts with :data:`MAGIC` is one too)."""

DEFAULT_TABLE = "requests"
"""The table or view read when a database holds several and none is named."""

_READS = frozenset({21, 20, 31, 33})
"""What a query may do (SQLite's action codes SELECT, READ, FUNCTION and RECURSIVE): select,
read columns, call functions, recurse; nothing that writes, attaches or sets a pragma."""
_OK, _DENY = 0, 1
"""What the authorizer answers (``sqlite3.SQLITE_OK``, ``sqlite3.SQLITE_DENY``)."""


@dataclass(frozen=True)
class Selection:
    """Which rows of a database log are requests: a table or view, or a query (or neither)."""

    table: str | None = None
    query: str | None = None

    def __post_init__(self) -> None:
        """Refuse a table and a query together.

        Raises:
            UsageError: both are given.

        """
        if self.table is not None and self.query is not None:
            raise UsageError("give --table or --query, not both")

    @property
    def given(self) -> bool:
        """Whether a table or a query was named."""
        return self.table is not None or self.query is not None


def read_database(
    path: str, parser: RecordParser, selection: Selection, file: HashingReader
) -> Iterator[Record]:
    """Yield the records of a database log; ``file``, the open file, is hashed through first.

    Raises:
        InputErrors: the file is no SQLite database, is damaged, or has no table to read.
        LogHeaderError: the columns name no fact, or one name twice.
        UsageError: the query cannot run (a mistake in it, or it would write).

    """
    with database_rows(path, parser, selection, file) as (names, rows, _):
        yield from typed_rows(names, enumerate(rows, start=1), parser)


@contextmanager
def database_rows(
    path: str,
    parser: RecordParser,
    selection: Selection,
    file: HashingReader,
    ranges: bool = False,
) -> Iterator[tuple[list[str], Iterator[tuple[Any, ...]], RowidTable | None]]:
    """Open a database log for reading: its columns, its rows, and the table they come from.

    The rows come as SQLite gives them; the table is given, when ``ranges`` asks for it,
    where workers may read their own rows in ranges of rowids (:class:`RowidTable`), else
    None. ``file``, the open file, is hashed through first. The rows are typed by
    :func:`typed_rows`, here or in a worker process; they must be read inside the block,
    which stops a long query at Ctrl-C or SIGTERM and closes the database at its end.

    The rows' statement, started, holds the database's read lock until the block ends, read
    or not: no write is committed meanwhile. So the database's file is not opened again in
    the block: closing any descriptor of a file drops all of the process's locks on it.

    Raises:
        InputErrors: the file is no SQLite database, is damaged, or has no table to read.
        LogHeaderError: the columns name no fact, or one name twice.
        UsageError: the query cannot run (a mistake in it, or it would write).

    """
    header = b""
    while block := file.stream.read(BLOCK):
        file.digest.update(block)
        header = header or block[:100]
    connection = _connect(path)
    try:
        with _signals_heard(connection) as heard:
            try:
                cursor, table, sql = _select(connection, path, selection)
                names = [str(column[0]) for column in cursor.description]
                _check_columns(names, parser)
                by_rowid = None
                if ranges and table is not None:
                    opened = file.stream.fileno()
                    by_rowid = _rowid_table(connection, path, table, names, header, opened)
                version = _data_version(connection)

                def again() -> sqlite3.Cursor | None:  # the lock was let go: any write since?
                    return connection.execute(sql) if _data_version(connection) == version else None

                rows = _rows(cursor, path, again=again if version is not None else None)
                yield names, rows, by_rowid
            except (InputErrors, UsageError):
                if heard:  # the query was stopped by a signal: end as the signal asks
                    raise heard[0] from None
                raise
    finally:
        connection.close()


@dataclass(frozen=True)
class RowidTable:
    """A table whose rows workers may read themselves, by ranges of rowids.

    That is a table read whole (no ``--query``, no view) with rowids, which SQLite scans in
    rowid order (its plan for ``SELECT *`` uses no index), in a database in rollback-journal
    mode. There the parent's statement over the whole table, started and kept open, holds a
    shared lock until the audit ends: no write can be committed meanwhile, so the workers,
    each with a connection of its own that takes no lock (SQLite's ``unix-none`` file
    system: a connection opened before the fork must not be used after it, and the lock
    records inherited with it would be wrong), read what that one scan reads, in its order.
    They open the file as immutable too, which the parent's lock makes it: SQLite then does
    not look for a rollback journal to undo. Without a lock of its own to see a writer's, a
    worker would take the journal of a transaction still open (written at its first change
    when the writer does not sync, or caught as it is removed) for one a crash left, and fail
    on it or leave its ranges to the parent; the parent's own first read has met any journal
    a crash did leave, as a reading in one process does.
    In write-ahead-log mode a writer could commit between two workers' reads: such a
    database's rows are read by the parent and handed over instead, as they are where SQLite
    lacks that file system (probed on a database in memory: a connection to the file itself,
    closed in the parent, would drop the parent's lock).

    A worker opens the database by its path, and checks that the file it opened is the one
    the parent reads (``identity``: its device and inode): where it has been replaced since
    (a new export renamed over it), the parent reads the worker's ranges itself.

    ``connection``: the parent's, for :meth:`spans` and :meth:`rows_here`; a worker opens
    its own (:meth:`rows`).
    """

    path: str
    name: str
    key: str
    count: int
    connection: sqlite3.Connection
    identity: tuple[int, int]

    def spans(self, sizes: Callable[[int], int]) -> Iterator[tuple[int, int, int]]:
        """Yield (first row's number, lowest rowid, highest rowid) of chunks of the table.

        ``sizes(read)``: the rows of the next chunk after ``read`` rows. A page that cannot be
        read (a damaged table) stops the reading of rowids; the rest of the table, from after
        the last rowid read, is then one last chunk, whose worker reads its rows up to that
        page: it meets the records before the page first, and the page where, and as, one
        scan of the table meets it.
        """
        import sqlite3

        read, last = 0, None
        try:
            cursor = self.connection.execute(
                f"SELECT {self.key} FROM {self.name} ORDER BY {self.key}"
            )
            while batch := cursor.fetchmany(sizes(read)):
                yield read + 1, batch[0][0], batch[-1][0]
                read, last = read + len(batch), batch[-1][0]
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            if last == _LAST_ROWID:  # no rowid is left after it: the error is the place
                raise _located(self.path, read + 1, exc, after=read) from None
            yield read + 1, _FIRST_ROWID if last is None else last + 1, _LAST_ROWID

    def rows(self, first: int, low: int, high: int) -> Iterator[tuple[Any, ...]]:
        """Return the rows of a range, read in a worker with a connection of its own.

        The rows are read as they are taken; a row that cannot be read raises
        :class:`InputErrors` then, located where the scan of the whole table stops (it fails
        as it steps to a row, while handing over the one before).

        Raises:
            FileReplaced: the file at the database's path is no longer the one the parent
                reads (renamed or replaced since), or cannot be opened here: the parent must
                read the range.

        """
        connection = _WORKER.get(self.path)
        if connection is None:
            before = _identity(self.path)
            try:
                connection = _connect(self.path, locking=False)
            except InputErrors:  # no database there now (a file renamed over it, say)
                raise FileReplaced(self.path) from None
            if not before == _identity(self.path) == self.identity:
                connection.close()
                raise FileReplaced(self.path)
            _WORKER[self.path] = connection
        return self._read(connection, first, low, high)

    def rows_here(self, first: int, low: int, high: int) -> list[tuple[Any, ...]]:
        """Return the rows of a range, read in the parent (see :meth:`rows`)."""
        return list(self._read(self.connection, first, low, high))

    def _read(
        self, connection: sqlite3.Connection, first: int, low: int, high: int
    ) -> Iterator[tuple[Any, ...]]:
        import sqlite3

        query = f"SELECT * FROM {self.name} WHERE {self.key} BETWEEN ? AND ? ORDER BY {self.key}"
        try:
            cursor = connection.execute(query, (low, high))
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            # the range's first row: the whole scan fails a row before
            before = max(first - 2, 0)
            raise _located(self.path, before + 1, exc, after=before) from None
        # the parent's scan holds the lock meanwhile: the range reads the same rows again
        again = partial(connection.execute, query, (low, high))
        yield from _rows(cursor, self.path, before=first - 1, again=again)


class FileReplaced(Exception):
    """The file at a database's path is no longer the one the audit reads."""


_FIRST_ROWID, _LAST_ROWID = -(2**63), 2**63 - 1
"""The smallest and the largest rowid SQLite can give."""

_WORKER: dict[str, sqlite3.Connection] = {}
"""A worker process's own connections, by the path of the database."""

UNLOCKED_VFS = "unix-none"
"""SQLite's file system that takes no lock, through which workers read a table's ranges."""

_ROWID_NAMES = ("rowid", "_rowid_", "oid")
"""The names SQLite gives a table's rowid, unless a column takes them."""


def _identity(name: str) -> tuple[int, int] | None:
    """Return the device and inode of the file ``name`` names, or None if there is none."""
    try:
        status = os.stat(name)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _rowid_table(
    connection: sqlite3.Connection,
    path: str,
    name: str,
    names: list[str],
    header: bytes,
    opened: int,
) -> RowidTable | None:
    """Return the table as workers may read it in ranges of rowids, or None (see RowidTable).

    ``opened``: the descriptor of the parent's open file of the database.
    """
    import sqlite3

    if header[18:20] != b"\x01\x01":  # the file's write and read versions: 1, a journal
        return None
    taken = {column.lower() for column in names}
    key = next((alias for alias in _ROWID_NAMES if alias not in taken), None)
    if key is None:
        return None
    table = _quoted(name)
    try:  # a file system that takes no lock (probed on no file: see RowidTable)
        sqlite3.connect(f"file:probe?mode=memory&vfs={UNLOCKED_VFS}", uri=True).close()
        kind = connection.execute(
            "SELECT type FROM sqlite_schema WHERE name = ? COLLATE NOCASE", (name,)
        ).fetchall()
        if kind != [("table",)]:  # a view's "rowid" may be NULL
            return None
        plan = connection.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {table}").fetchall()
        if len(plan) != 1 or not str(plan[0][-1]).startswith("SCAN ") or "INDEX" in plan[0][-1]:
            return None
        (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        connection.execute(f"SELECT {key} FROM {table} LIMIT 1").fetchall()
    except (sqlite3.Error, UnicodeDecodeError):  # no such file system, no rowids, damaged
        return None
    status = os.fstat(opened)
    return RowidTable(path, table, key, int(count), connection, (status.st_dev, status.st_ino))


def typed_rows(
    names: list[str], rows: Iterable[tuple[int, tuple[Any, ...]]], parser: RecordParser
) -> Iterator[Record]:
    """Yield the records of numbered rows under the columns ``names`` (see the module)."""
    booleans = {name for name in names if _is_bool(parser, name)}
    quick = parser.row_reader(names)
    for number, row in rows:
        typed = quick(row) if quick is not None else None
        if typed is not None:
            yield Record(number, typed[0], typed[1])
        else:
            yield _record(number, names, row, booleans, parser)


@contextmanager
def _signals_heard(connection: sqlite3.Connection) -> Iterator[list[BaseException]]:
    """Let Ctrl-C and SIGTERM stop a long query, and keep what their handlers raised.

    SQLite runs a query in C, where Python's signal handlers cannot run: a view or query that
    takes long (or never ends: a recursive one) would hold the audit deaf to Ctrl-C and to
    SIGTERM. A progress handler calls back into Python every few thousand steps, so the
    handlers run there; what they raise (KeyboardInterrupt, or the atomic writer's SystemExit)
    aborts the query, and sqlite3 hands it only to ``sys.unraisablehook`` (the query itself
    fails as "interrupted"). It is caught here and raised again by the reader.
    """
    import sqlite3

    heard: list[BaseException] = []
    previous = sys.unraisablehook

    def keep(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt | SystemExit):
            heard.append(unraisable.exc_value)
        elif not isinstance(unraisable.exc_value, UnicodeDecodeError):
            previous(unraisable)
        # else: a name the authorizer is called with is not UTF-8 (a damaged schema): the
        # query fails on it, and that failure is the error reported (see _located)

    sys.unraisablehook = keep
    sqlite3.enable_callback_tracebacks(True)
    connection.set_progress_handler(_go_on_unless_heard(interrupts.noted()), _STEPS)
    try:
        yield heard
    finally:
        sqlite3.enable_callback_tracebacks(False)
        sys.unraisablehook = previous


_STEPS = 10_000
"""How many SQLite virtual-machine steps run between two calls of the progress handler."""


def _go_on_unless_heard(before: int) -> Callable[[], int]:
    """Return the progress handler: go on with the query, unless an ending signal came.

    The signal's handler raises its exception in the progress handler, between two bytecodes,
    which stops the query. Where that exception was lost before (raised inside a finalizer or
    another callback from C, where Python only prints it), the signal was still noted
    (:mod:`safeguards.engine.io.interrupts`): the query stops all the same, rather than run
    on deaf to it, for ever where it never ends. Only signals noted after ``before`` (the
    count when the query began) count: one noted earlier in the process, and handled (a
    program that caught its SystemExit and went on), does not stop a later query.
    """

    def go_on() -> int:
        return 0 if interrupts.noted() == before else 1

    return go_on


def _connect(path: str, locking: bool = True) -> sqlite3.Connection:
    """Open a database read-only, with its schema kept from calling unsafe functions.

    ``locking`` False: through SQLite's ``unix-none`` file system, which takes no lock, and as
    an immutable file (a worker's, reading while the parent holds the lock: see
    :class:`RowidTable`). The sqlite3 module is imported only here, where a database is read
    (it costs every audit about 7 ms).
    """
    import sqlite3

    lockless = f"&vfs={UNLOCKED_VFS}&immutable=1"
    uri = Path(path).resolve().as_uri() + "?mode=ro" + ("" if locking else lockless)
    try:
        connection = sqlite3.connect(uri, uri=True)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LINE)
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise _located(path, 1, exc) from None
    connection.set_authorizer(_only_reads)
    return connection


def _only_reads(action: int, *_: Any) -> int:
    return _OK if action in _READS else _DENY


def _select(
    connection: sqlite3.Connection, path: str, selection: Selection
) -> tuple[sqlite3.Cursor, str | None, str]:
    """Start the query of the rows; return it, the table or view it reads (if one) and its SQL."""
    import sqlite3

    if selection.query is not None:
        try:
            cursor = connection.execute(selection.query)
        except UnicodeDecodeError as exc:  # the database's names or schema, not the query
            raise _located(path, 1, exc) from None
        except sqlite3.Error as exc:
            why = "it may only read" if "not authorized" in str(exc) else str(exc)
            raise UsageError(f"--query cannot run on {inert(path)}: {why}") from None
        if cursor.description is None:  # an empty query, or a comment alone
            nothing = "it selects nothing (give a SELECT)"
            raise UsageError(f"--query cannot run on {inert(path)}: {nothing}")
        return cursor, None, selection.query
    try:
        tables = _tables(connection)
    except (sqlite3.Error, UnicodeDecodeError) as exc:  # a table's name that is not UTF-8
        raise _located(path, 1, exc) from None
    table = _named(tables, selection.table) if selection.table else _only_table(tables, path)
    if table is None:
        message = (
            f"no table or view '{selection.table}' in the database (it holds: {_listed(tables)})"
        )
        raise InputErrors([SubjectError(SourceLocation(path, 1, 1), message)])
    sql = f"SELECT * FROM {_quoted(table)}"
    try:
        return connection.execute(sql), table, sql
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        # a view that refers to what is not there, a damaged table
        raise _located(path, 1, exc) from None


def _quoted(name: str) -> str:
    """Return a table's name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def _named(tables: list[str], name: str) -> str | None:
    """Return the table or view called ``name`` as SQLite matches names (ASCII case ignored)."""
    wanted = name.lower()
    return next((t for t in tables if t.lower() == wanted), None)


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    )
    return [str(name) for (name,) in rows]


def _only_table(tables: list[str], path: str) -> str:
    """Return the table to read when none is named: ``requests``, or the only one there is.

    Raises:
        InputErrors: the database holds no table, or several and none named ``requests``.

    """
    default = _named(tables, DEFAULT_TABLE)
    if default is not None or len(tables) == 1:
        return default or tables[0]
    if not tables:
        message = "the database holds no table or view to read requests from"
    else:
        message = (
            f"the database holds {len(tables)} tables and views ({_listed(tables)}) and none"
            f" is named '{DEFAULT_TABLE}': name the one to read with --table, or give --query"
        )
    raise InputErrors([SubjectError(SourceLocation(path, 1, 1), message)])


_LISTED = 10
"""The most table names a message lists (a database may hold thousands)."""


def _listed(tables: list[str]) -> str:
    """Name the tables for a message: the first :data:`_LISTED`, then how many more."""
    if not tables:
        return "none"
    shown = ", ".join(tables[:_LISTED])  # made inert with the whole message
    more = len(tables) - _LISTED
    return shown if more <= 0 else f"{shown} and {more:,} more"


def _check_columns(names: list[str], parser: RecordParser) -> None:
    """Refuse columns that are no log's: none names a fact, or one is named twice.

    Raises:
        LogHeaderError: located at row 1 and the column (the names come with the rows).

    """
    known = known_columns(parser)
    if not any(name in known for name in names):
        raise LogHeaderError(
            1,
            1,
            "no column is named by a fact (e.g. id, intake.received_at): give the table's"
            ' columns such names with --query (SELECT ticket AS id, received AS "intake.'
            'received_at", …)',
        )
    for column, name in enumerate(names, start=1):
        if name in names[: column - 1]:
            message = f"column '{name}' is selected twice: which one is meant?"
            raise LogHeaderError(1, column, message)


def _is_bool(parser: RecordParser, name: str) -> bool:
    spec = parser.specs.get(name)
    return spec is not None and spec.type is FactType.BOOL


def _rows(
    cursor: sqlite3.Cursor,
    path: str,
    before: int = 0,
    again: Callable[[], sqlite3.Cursor | None] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Yield the rows; a database damaged part-way stops the reading after the last row read.

    (sqlite3 steps to the next row as it hands one over, so a row that cannot be read may
    fail the fetch of the row before it: the place is where reading stopped, not the row.)
    ``before``: the rows read before the first (by another statement).

    A value whose bytes are not UTF-8 text ends the statement in sqlite3, which cannot decode
    it and cannot step past it. ``again`` runs the statement anew (None: the database was
    written to since, and cannot give the same rows again): the rows already read are
    stepped over, and from there on every text is decoded here (:func:`_tolerant`), so that
    such a value reaches its row's typing (:func:`_record`) as :class:`NotText`, and its row
    is an unreadable record. Decoding here costs the reading about half as much again: it is
    done only from the first such value on.
    """
    import sqlite3

    number = before
    while True:
        try:
            row = cursor.fetchone()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            if again is None or not _undecodable_value(exc):
                raise _located(path, number + 1, exc, after=number) from None
            cursor = _read_again(again, number - before, path, number)
            again = None  # every text is decoded here now: no value fails to decode again
            continue
        if row is None:
            return
        number += 1
        yield row


class NotText(bytes):
    """A database's text value whose bytes are not UTF-8 (see :func:`_rows`)."""


def _tolerant(raw: bytes) -> str | NotText:
    """Decode a database's text value as sqlite3 does, or keep its bytes as :class:`NotText`."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return NotText(raw)


def _undecodable_value(exc: BaseException) -> bool:
    """Whether sqlite3 failed on a value's text that is not UTF-8 (not on a name, or damage)."""
    return str(exc).startswith("Could not decode to UTF-8 column ")


def _read_again(
    again: Callable[[], sqlite3.Cursor | None], skip: int, path: str, number: int
) -> sqlite3.Cursor:
    """Run the rows' statement anew, decoding text here, and step over its first ``skip`` rows.

    Raises:
        InputErrors: it cannot run again, or gives fewer rows than it gave (the database
            changed), located where the first reading stopped.

    """
    import sqlite3

    try:
        cursor = again()
        if cursor is None:
            raise _changed(path, number + 1)
        cursor.connection.text_factory = _tolerant
        while skip:
            stepped = len(cursor.fetchmany(min(skip, 1000)))
            if not stepped:
                raise _changed(path, number + 1)
            skip -= stepped
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise _located(path, number + 1, exc, after=number) from None
    return cursor


def _data_version(connection: sqlite3.Connection) -> int | None:
    """Return SQLite's count of the writes other connections committed (it changes with each).

    None: it cannot be read (a damaged file): rows that fail to decode are then not read again.
    """
    import sqlite3

    connection.set_authorizer(None)  # a pragma, which the queries of a log may not run
    try:
        (version,) = connection.execute("PRAGMA data_version").fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        connection.set_authorizer(_only_reads)
    return int(version)


def _changed(path: str, row: int) -> InputErrors:
    """Return the error of a database written to while its rows were read again."""
    message = (
        f"the database changed while it was read (at row {row:,}): audit it when the writing"
        " is done, or audit a copy"
    )
    return InputErrors([SubjectError(SourceLocation(path, row, 1), message)])


def _record(
    number: int, names: list[str], row: tuple[Any, ...], booleans: set[str], parser: RecordParser
) -> Record:
    """Type one row as a CSV row's cells are typed (see the module's description)."""
    nested = {n: v for n, v in zip(names, row, strict=True) if v is not None and v != ""}
    for name, value in nested.items():
        if isinstance(value, str):
            continue
        if isinstance(value, NotText):
            column = names.index(name) + 1
            return Record(number, None, {}, Problem(number, column, _not_text(name, value)))
        if isinstance(value, bytes):
            message = f"'{name}' holds binary data (a BLOB), not text or a number"
            return Record(number, None, {}, Problem(number, names.index(name) + 1, message))
        if name in booleans and value in (0, 1):
            nested[name] = "true" if value else "false"
        elif isinstance(value, float) and value.is_integer():
            nested[name] = str(int(value))
        else:
            nested[name] = str(value)
    rid = nested.pop("id", None)
    rid, values, problem = parser.parse({"id": rid, "facts": nested}, text=True)
    if problem is None:
        return Record(number, rid, values)
    column = next((i + 1 for i, n in enumerate(names) if f"'{n}'" in problem), 1)
    return Record(number, rid, {}, Problem(number, column, problem))


def _not_text(name: str, value: bytes) -> str:
    """Say where a value's bytes stop being UTF-8 text."""
    try:
        value.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = len(value[: exc.start].decode("utf-8")) + 1
        return (
            f"invalid UTF-8: '{name}' is not text from its character {at} on (byte"
            f" 0x{value[exc.start]:02x}); store it as UTF-8"
        )
    return f"invalid UTF-8: '{name}' is not text"  # pragma: no cover - NotText never decodes


def _located(
    path: str, row: int, exc: sqlite3.Error | UnicodeDecodeError, after: int | None = None
) -> InputErrors:
    """Return an SQLite error as a located input error; ``after``: the rows read before it.

    A damaged file can make SQLite's message, or a column's name, bytes that are not UTF-8:
    the sqlite3 module then raises :class:`UnicodeDecodeError` instead of its own error.
    """
    import shlex  # the commands suggested are run in a shell: the path quoted for one

    why = _said(exc)
    past = "" if not after else f" past row {after}"
    shell = shlex.quote(path)
    if "not a database" in why or "file is encrypted" in why:
        message = "not an SQLite database: give --input-format jsonl or csv to read it as a log"
    elif "malformed" in why:
        message = (
            f"the database is damaged{past}: {why} (sqlite3 {shell} .recover saves what it can)"
        )
    elif "locked" in why:
        message = (
            f"the database is locked by a program writing to it{past}: audit it when the"
            f" writing is done, or audit a copy (sqlite3 {shell} '.backup copy.db')"
        )
    elif getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        message = (
            f"the database holds a write left unfinished{past} (its rollback journal, by a"
            " program stopped while writing), which a read-only audit cannot undo: open it once"
            f" for writing (sqlite3 {shell} 'PRAGMA quick_check'), then audit it"
        )
    elif "too big" in why:
        message = f"a value{past} is longer than {MAX_LINE:,} bytes: not a request record"
    else:
        message = f"the database cannot be read{past}: {why}"
    return InputErrors([SubjectError(SourceLocation(path, row, 1), message)])


_SHOWN = 200
"""The most bytes of an undecodable message or name that an error quotes."""


def _said(exc: sqlite3.Error | UnicodeDecodeError) -> str:
    """Return what SQLite said, or the name it gave that is not UTF-8 (bytes not UTF-8 replaced)."""
    if not isinstance(exc, UnicodeDecodeError):
        return str(exc)
    said = bytes(exc.object[:_SHOWN]).decode("utf-8", "replace")
    if "malformed" in said:  # SQLite's own message, quoting the damaged schema
        return said
    denied = _DENIED.fullmatch(said)  # the reads-only authorizer could not take the name
    name = denied.group(1) if denied else said
    return (
        f"the name {name!r} is not UTF-8 text, as SQLite's text must be"
        " (a --query that selects the other columns by name reads them)"
    )


_DENIED = re.compile(r"access to (.+) is prohibited", re.DOTALL)
"""SQLite's message when the authorizer refuses a column (here: its name would not decode)."""
