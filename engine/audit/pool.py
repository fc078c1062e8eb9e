"""Reading a log in chunks with forked workers: results come back, and are taken, in order.

What a worker does with its chunk's records, and how the parent takes the results in, is a
:class:`ChunkJob`'s: the audit's (``chunked``) or the transparency tables' counting.

For a regular file the parent only reads through the log (hashing it and counting lines) and
hands each worker a byte range, ``CHUNK_LINES`` lines long (fewer near the end of the file, so
that the workers finish together: :func:`guided`), which the worker reads from the file itself,
checking the bytes against the CRC-32 of those the parent hashed there (a log cut short or
written over under the workers stops the audit); a CSV log's chunks end only where its rows do.
How a file is parted into ranges and each range read back, checked, is the ``ranges`` module's.
A JSONL stream (standard input, a pipe) has its lines sent to the workers instead, and a
database its rows, read by the parent with one query as a serial reading reads them and typed
in the workers. Memory stays bounded: at most ``2 × jobs`` chunks are in flight, and the
parent takes their results in log order, so the result is that of a reading in one process.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import stat
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from multiprocessing.pool import AsyncResult
from typing import Any, Protocol

from safeguards.engine.audit import ranges
from safeguards.engine.audit.database import FileReplaced, RowidTable, typed_rows
from safeguards.engine.audit.readers import (
    CsvLayout,
    HashingReader,
    LogHeaderError,
    read_csv_part,
    read_jsonl,
    unclosed,
)
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError
from safeguards.engine.io.inputs import is_stdin

CHUNK_LINES = 2000
"""The lines of a chunk handed to a worker (fewer near the end of a file: :func:`guided`)."""
TAIL_LINES = 200
"""The fewest lines of a chunk near the end of a file."""
_STATE: dict[str, Any] = {}
_PR_SET_PDEATHSIG = 1


_ENDING = (signal.SIGTERM, signal.SIGHUP)
"""The signals that end a worker (the pool sends SIGTERM when it is terminated)."""


def new_pool(context: Any, jobs: int) -> Any:
    """Start ``jobs`` forked workers, each with the ending signals blocked until it is ready.

    The parent holds them back while it forks (its own pending ones come after, to its
    handler): see :func:`_start_worker`.
    """
    hold = getattr(signal, "pthread_sigmask", None)  # POSIX, as fork is
    before = hold(signal.SIG_BLOCK, _ENDING) if hold is not None else None
    try:
        return context.Pool(jobs, initializer=_start_worker, initargs=(os.getpid(),))
    finally:
        if hold is not None:
            hold(signal.SIG_SETMASK, before)


def _start_worker(parent: int) -> None:
    """Worker initializer: plain signal handling, and end with the audit that forked it.

    A forked worker inherits the parent's Python signal handlers (the atomic writer's, which
    removes the parent's temporary files). A Python handler only runs when the worker returns
    to the interpreter, and a worker waiting for its next chunk sits in a semaphore wait that
    glibc resumes after a signal: the pool's SIGTERM at the end would be caught and never acted
    on, and the audit would wait for that worker for ever. So SIGTERM and SIGHUP take their
    default action in a worker (it ends at once) and SIGINT is ignored (Ctrl-C reaches the
    parent, which ends the pool).

    A worker outliving its parent (killed, or ended by a signal while waiting for results)
    would keep the audit's standard error open and its CPU busy. On Linux the kernel sends the
    worker SIGTERM when the parent dies; everywhere, a worker whose parent is already gone stops.

    The ending signals come blocked from the parent (:func:`new_pool`) and are unblocked only
    here, once their default action is in place: a SIGTERM that reached a worker before this
    point would otherwise trip the inherited Python handler, which is then replaced before it
    runs, and Python drops such a signal ("ignored due to race condition"). The worker would
    live on, blocked for ever on the task queue's lock that the terminating pool holds, and the
    pool would wait for it for ever (an audit that stops at its first chunk, a small log).
    """
    for signum in _ENDING:
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _ENDING)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


def can_fork() -> bool:
    """Return whether worker processes can inherit the compiled checks (fork start method)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _chunks(
    lines: Iterable[Any], first: int = 1, quoted: bool = False
) -> Iterator[tuple[int, list[Any]]]:
    """Gather lines (or a database's rows) into chunks of :data:`CHUNK_LINES`, from line ``first``.

    ``quoted`` (the lines of a CSV log after its header): a chunk ends only after a line by
    which an even number of quote marks has been read, where a row of well-formed CSV ends,
    as :func:`ranges.spans` ends a file's; but at :data:`OPEN_LINES` lines at the latest, so
    that a quote mark inside an unquoted cell, which throws the count off for good, cannot
    gather the rest of the stream into memory. A chunk that does end inside a quoted cell is
    found so by its worker, and the parent reads on from its start itself.
    """
    chunk: list[Any] = []
    start = first
    quotes = 0
    for number, line in enumerate(lines, start=first):
        if not chunk:
            start = number
        chunk.append(line)
        if quoted:
            quotes += line.count(b'"')
        if len(chunk) >= CHUNK_LINES and (not quotes % 2 or len(chunk) >= OPEN_LINES):
            yield start, chunk
            chunk = []
    if chunk:
        yield start, chunk


OPEN_LINES = 50_000
"""The most lines of a chunk of CSV lines handed over while the quote marks read are odd."""


def guided(total: int, jobs: int) -> ranges.Sizer:
    """Return chunk lengths that shrink as the end of a file of ``total`` bytes comes near.

    Guided self-scheduling: each chunk is a ``2 × jobs``-th of the lines estimated to be left
    (from the bytes left and the mean length of the lines read so far), at most
    :data:`CHUNK_LINES` and at least :data:`TAIL_LINES`. Equal chunks to the end leave one
    worker with the last whole chunk while the others wait; shrinking ones end together.
    """
    most, least = CHUNK_LINES, min(TAIL_LINES, CHUNK_LINES)

    def next_lines(lines: int, size: int) -> int:
        if lines <= 0 or size <= 0:  # nothing read yet: a short first chunk, to measure by
            return least
        left = max(total - size, 0) * lines / size
        return max(least, min(most, math.ceil(left / (2 * jobs))))

    return next_lines


def _work_range(start: int, offset: int, length: int, crc: int) -> Result:
    """Do the job's work on the lines of one byte range of the log, read by the worker itself.

    Through the descriptor the parent reads the log by (inherited at the fork): the worker
    reads the parent's file, not whatever file has its name now. A range the file no longer
    holds in full stops the audit (:data:`ranges.CHANGED`) at its first line missing, after the
    lines before it, whose own error (a strict audit's unreadable record) comes first; a
    range whose bytes are no longer those the parent read (its ``crc``), at its first line.
    """
    try:
        lines = ranges.range_lines(
            _STATE["fd"], offset, length, crc, path=_STATE["path"], first=start
        )
    except ranges.Cut as cut:
        part, error, ended_open = _work(start, cut.lines)
        if error is not None or ended_open:
            return part, error, ended_open
        return stopped(cut.error)
    return _work(start, lines)


def _work_rows(start: int, low: int, high: int) -> Result:
    """Do the job's work on the rows of a range of rowids of a table, read by the worker itself.

    A row that cannot be read stops the reading where, and as, the scan of the whole table
    in one process stops (:meth:`RowidTable.rows`). A worker that cannot open the file the
    parent reads (replaced since) leaves the range to the parent (see :data:`Result`).
    """
    table: RowidTable = _STATE["table"]
    try:
        rows = table.rows(start, low, high)
    except FileReplaced:
        return None, None, False
    return _work(start, rows)


def _regular_file(lines: Iterable[bytes]) -> int | None:
    """Return where reading starts when ``lines`` reads a regular file, else None."""
    stream = getattr(lines, "stream", None)
    if not isinstance(lines, HashingReader) or lines.consumed or stream is None:
        return None
    try:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return None
        return int(stream.tell())
    except (OSError, ValueError, AttributeError):
        return None


class ChunkJob(Protocol):
    """What the workers do with the records of their chunks, and how the parent takes it in.

    Its state is the parent's at the fork (each worker has a copy); only what :meth:`work`
    returns comes back, pickled.
    """

    @property
    def parser(self) -> RecordParser:
        """Reads the records of the log."""

    def begin(self) -> None:
        """Prepare, in the parent, before the workers are forked."""

    def end(self) -> None:
        """Clean up, in the parent, however the parallel reading ended."""

    def work(self, records: Iterator[Record], start: int) -> Any:
        """In a worker: the part of the result that a chunk's records (from line ``start``) give.

        Raises:
            InputErrors: the reading must stop (a strict audit's unreadable record).

        """

    def collect(self, part: Any) -> bool:
        """In the parent, in log order: take a chunk's part in; False: it cannot be used.

        The parent then reads that chunk's records itself, through :meth:`serial`.
        """

    def serial(self, records: Iterator[Record]) -> None:
        """In the parent: take records in as a reading in one process would."""


Result = tuple[Any, tuple[Any, ...] | None, bool]
"""What a worker returns for a chunk: the job's part, the error that stopped the reading (a
place and a message), and whether the chunk is a CSV log's that ended inside a quoted cell (its
part is then not used: the parent reads on from that chunk's start itself). No part, no error
and no open end: the worker could not read the chunk, and the parent reads it itself."""


class _EndedOpen(Exception):
    """A CSV chunk ended inside a quoted cell: its last row goes on in the next chunk."""


def _work(start: int, lines: Iterable[Any]) -> Result:
    """Read the records of one chunk in a worker and hand them to the job (see :data:`Result`)."""
    job: ChunkJob = _STATE["job"]
    try:
        part = job.work(_records(lines, job.parser, start), start)
    except _EndedOpen:  # the job's work is cut short: the parent reads on from this chunk
        return None, None, True
    except InputErrors as exc:
        return stopped(exc)
    except LogHeaderError as refused:  # the log is no JSONL at all (a CSV's header first)
        return None, (_STATE["path"], refused.line, refused.column, refused.message), False
    return part, None, False


def stopped(exc: InputErrors) -> Result:
    """Return the result of a chunk whose reading stopped on ``exc``'s first error."""
    e = exc.errors[0]
    where = e.location
    return None, (where.path, where.line, where.column, e.message), False


def raised(error: tuple[Any, ...]) -> InputErrors:
    """Return, in the parent, the error a worker's reading stopped on (see :func:`stopped`)."""
    path, line, column, message = error
    return InputErrors([SubjectError(SourceLocation(path, line, column), message)])


def _records(lines: Iterable[Any], parser: RecordParser, start: int) -> Iterator[Record]:
    """Yield the records of a chunk's lines, read as the log's format reads them.

    Raises:
        _EndedOpen: a CSV chunk ended inside a quoted cell; it holds the start of a row that
            goes on in the next chunk. Raised where that row would be yielded, so that the
            job stops before it spends more work on a part that will not be used.

    """
    layout: CsvLayout | None = _STATE.get("layout")
    names: list[str] | None = _STATE.get("names")
    if names is not None:  # a database's rows, read by the parent
        yield from typed_rows(names, enumerate(lines, start=start), parser)
        return
    if layout is None:
        yield from read_jsonl(lines, parser, start=start)
        return
    for record in read_csv_part(lines, parser, layout, start):
        if unclosed(record):
            raise _EndedOpen
        yield record


def run_parallel(
    job: ChunkJob,
    lines: Iterable[Any],
    path: str,
    jobs: int,
    layout: CsvLayout | None = None,
    names: list[str] | None = None,
    table: RowidTable | None = None,
) -> None:
    """Read a log with ``jobs`` forked workers doing ``job`` (same result as one process).

    ``lines``: a JSONL or CSV log's lines, or a database's rows. ``layout``: the header of a
    CSV log (:func:`~safeguards.engine.audit.readers.csv_layout`), which must then be a
    regular file; ``names``: the columns of a database's rows
    (:func:`~safeguards.engine.audit.database.database_rows`), which this process reads and
    hands to the workers in chunks, to be typed there, or, given the ``table`` they come
    from, which the workers read in ranges of rowids themselves. Neither for JSONL.

    Raises:
        InputErrors: a worker's reading stopped (a strict audit's unreadable record).

    """
    job.begin()
    _STATE.update(job=job, path=path, layout=layout, names=names, table=table)
    try:
        _run_parallel(job, lines, path, jobs)
    finally:
        _STATE.clear()
        job.end()


Task = tuple[Callable[..., Result], tuple[Any, ...]]
"""A chunk's work in a worker: :func:`_work_range` over a byte range, :func:`_work_rows` over a
range of rowids, or :func:`_work` over lines or rows handed over."""


def _run_parallel(job: ChunkJob, lines: Iterable[Any], path: str, jobs: int) -> None:
    context = multiprocessing.get_context("fork")
    pending: deque[tuple[AsyncResult[Result], Task]] = deque()
    base = _regular_file(lines) if not is_stdin(path) else None
    layout: CsvLayout | None = _STATE.get("layout")
    tasks: Iterator[Task]
    table: RowidTable | None = _STATE.get("table")
    if table is not None:  # the workers read their own rows, by ranges of rowids
        sizer = guided(table.count, jobs)
        tasks = ((_work_rows, span) for span in table.spans(lambda read: sizer(read, read)))
    elif base is not None and isinstance(lines, HashingReader):
        # the workers read their ranges through the descriptor; the digest's bytes end at
        # base + the reader's consumed bytes (:func:`_read_on`)
        _STATE.update(fd=lines.stream.fileno(), reader=lines, base=base)
        sizer = guided(os.fstat(_STATE["fd"]).st_size - base, jobs)
        header = layout.length if layout is not None else 0
        spans = ranges.spans(lines, base, sizer, quoted=layout is not None, header=header)
        if layout is not None:
            spans = ranges.after_header(spans, layout.length)
        tasks = ((_work_range, span) for span, _ in spans)
    else:  # a stream's lines (a CSV log's after its header), or a database's rows
        first = 2 if layout is not None else 1
        tasks = ((_work, chunk) for chunk in _chunks(lines, first, quoted=layout is not None))
    reopen: Task | None = None  # the chunk a CSV row runs out of: read on from there here
    pool = new_pool(context, jobs)
    try:
        while True:
            try:
                task = next(tasks, None)
            except InputErrors:  # the reading ahead stopped: the chunks handed out come first
                _collect_before_stop(job, path, pending)
                raise
            if task is None:
                break
            pending.append((pool.apply_async(*task), task))
            if len(pending) >= 2 * jobs:
                reopen = _collect_next(job, pending)  # a chunk's error: raised from here
                if reopen is not None:
                    break
        while pending and reopen is None:
            reopen = _collect_next(job, pending)
        for result, _ in pending:  # chunks after a row ran out of its own: not used
            result.wait()
        # every chunk is in: let the workers finish on their own rather than be terminated
        pool.close()
        pool.join()
    except BaseException:  # an input error, a strict error, a signal: end the workers now
        terminate_pool(pool)
        raise
    if reopen is not None:
        _read_on(job, path, reopen, [task for _, task in pending], tasks)


def _collect_before_stop(
    job: ChunkJob, path: str, pending: deque[tuple[AsyncResult[Result], Task]]
) -> None:
    """Take in the chunks handed out before the parent's reading of the log stopped.

    One process meets their records before the place where the reading stopped (a line that
    runs past :data:`readers.MAX_SKIP`, a row of a database the parent reads that cannot be
    fetched): an error among them (a strict audit's unreadable record) is the one to report,
    and is raised from here.
    """
    while pending:
        reopen = _collect_next(job, pending)
        if reopen is not None:  # a CSV row ran out of its chunk: read on from there, here
            _read_on(job, path, reopen, [task for _, task in pending], None)
            return


TERMINATE_SECONDS = 5.0
"""How long ending the pool on an error may take before the audit goes on without it."""


def terminate_pool(pool: Any) -> None:
    """End the pool's workers on a way out that raised, without waiting for ever.

    ``Pool.terminate`` can hang: it ends the workers while the pool's task thread sends the
    result queue its closing mark, and a worker ended as it was sending a result holds that
    queue's lock for good (an audit of a damaged database in chunks of 20 rows hung about
    once in 30 runs). So it runs in a thread of its own, given :data:`TERMINATE_SECONDS`;
    after that, the workers still running are killed (the pool starts no new one once it is
    terminating), and the thread still waiting is a daemon, which does not hold the process
    back.
    """
    ender = threading.Thread(target=pool.terminate, name="safeguards-pool-end", daemon=True)
    ender.start()
    ender.join(TERMINATE_SECONDS)
    if ender.is_alive():
        for worker in list(getattr(pool, "_pool", ())):
            if worker.exitcode is None:
                worker.kill()
                worker.join(TERMINATE_SECONDS)


def _collect_next(job: ChunkJob, pending: deque[tuple[AsyncResult[Result], Task]]) -> Task | None:
    """Take the next chunk's result into ``job``; return the chunk if it cannot be.

    It cannot be when it is a CSV log's that ended inside a quoted cell: the parent then
    reads on from its start itself. A part the job cannot use is replaced by the chunk's
    records, read here.
    """
    result, task = pending.popleft()
    part, error, ended_open = result.get()
    if error is not None:
        raise raised(error)
    if ended_open:  # a CSV chunk that ended inside a quoted cell
        return task
    if part is None or not job.collect(part):
        try:
            start, lines = _lines_of(task)
        except ranges.Cut as cut:  # the lines still there first, as a worker does
            job.serial(_records(cut.lines, job.parser, task[1][0]))
            raise cut.error from None
        job.serial(_records(lines, job.parser, start))
    return None


def _lines_of(task: Task) -> tuple[int, list[Any]]:
    """Return the first line's number and the lines (or rows) of a chunk, read here."""
    work, args = task
    if work is _work_rows:
        start, low, high = args
        table: RowidTable = _STATE["table"]
        return start, table.rows_here(start, low, high)
    if work is not _work_range:
        start, lines = args
        return start, lines
    start, offset, length, crc = args
    return start, ranges.range_lines(
        _STATE["fd"], offset, length, crc, path=_STATE["path"], first=start
    )


def _counted(lines: Iterable[bytes], count: list[int]) -> Iterator[bytes]:
    """Yield ``lines``, counting in ``count[0]`` those ended by a newline."""
    for line in lines:
        count[0] += line.endswith(b"\n")
        yield line


def _read_on(
    job: ChunkJob, path: str, task: Task, later: list[Task], rest: Iterator[Task] | None
) -> None:
    """Read a CSV log in this process from the start of the chunk ``task`` to its end.

    ``later``: the chunks handed to the workers after it; ``rest``: those not yet handed out,
    read through for the digest of a file, or for their lines from a stream (None: the
    reading of the file for its digest stopped on an error, which the caller raises next).

    A file's rest is read through for its digest first, so that every chunk's bytes are known
    by their CRC-32 when the rows are read on (:class:`ranges.Checked`); an error of that reading
    (a line that never ends) is raised after the rows, whose own error comes first.

    Raises:
        InputErrors: the file's rows, read on to its end, are not the bytes its digest was
            read from (:data:`ranges.CHANGED`).

    """
    layout: CsvLayout = _STATE["layout"]
    work, args = task
    if work is _work_range:  # from the file, at the chunk's offset
        start = args[0]
        parts = [args, *(task_args for _, task_args in later)]
        stopped: InputErrors | None = None
        try:  # the chunks read before such an error are kept
            parts.extend(task_args for _, task_args in rest or ())
        except InputErrors as exc:
            stopped = exc
        reach = ranges.Checked(_STATE["fd"], parts, path)
        read = [0]  # the whole lines read on
        lines = HashingReader(reach, path, hashed=False, first=start).by_blocks()
        job.serial(read_csv_part(_counted(lines, read), job.parser, layout, start))
        if stopped is not None:
            raise stopped
        if rest is None:
            return
        hashed: HashingReader = _STATE["reader"]
        if reach.offset != _STATE["base"] + hashed.consumed:  # rows read, bytes hashed: apart
            raise ranges.changed(path, start + read[0])
        return
    start, chunk = args  # from a stream: the chunks' lines, then the stream's
    ahead = (line for _, (_, lines) in later for line in lines)
    more = (line for _, (_, lines) in rest or () for line in lines)
    job.serial(read_csv_part(chain(chunk, ahead, more), job.parser, layout, start))
