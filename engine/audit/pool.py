"""Parallel audit of request logs: chunks go to forked workers, results come back in order.

For a regular file the parent only reads through the log (hashing it and counting lines) and
hands each worker a byte range, ``CHUNK_LINES`` lines long (fewer near the end of the file, so
that the workers finish together: :func:`guided`), which the worker reads from the file itself;
a CSV log's chunks end only where its rows do (:func:`_spans`). A JSONL stream (standard input,
a pipe) has its lines sent to the workers instead, and a database its rows, read by the
parent with one query as a serial audit reads them and typed in the workers. Memory stays
bounded: at most ``2 × jobs`` chunks are in flight, each worker returns the finding lines
of its chunk plus its aggregates, and the parent writes the lines in log order, so the findings
file is the same as a sequential run's. When the findings file is a regular file, a worker puts
its lines in a file of a private spool folder (under the temporary directory) and returns only
its name: the parent copies it into the findings file in the kernel (``copy_file_range``) and
removes it, and the folder goes when the audit ends, however it ends.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from safeguards.engine.audit import readers
from safeguards.engine.audit.database import typed_rows
from safeguards.engine.audit.readers import (
    CsvLayout,
    HashingReader,
    LogHeaderError,
    read_csv_part,
    read_jsonl,
    unclosed,
)
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.audit.run import Run, Tally, audit_records
from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError

CHUNK_LINES = 2000
"""The lines of a chunk handed to a worker (fewer near the end of a file: :func:`guided`)."""
TAIL_LINES = 200
"""The fewest lines of a chunk near the end of a file."""
_STATE: dict[str, Any] = {}
_PR_SET_PDEATHSIG = 1


_ENDING = (signal.SIGTERM, signal.SIGHUP)
"""The signals that end a worker (the pool sends SIGTERM when it is terminated)."""


def _new_pool(context: Any, jobs: int) -> Any:
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

    The ending signals come blocked from the parent (:func:`_new_pool`) and are unblocked only
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


def _chunks(lines: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    chunk: list[Any] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        if not chunk:
            start = number
        chunk.append(line)
        if len(chunk) >= CHUNK_LINES:
            yield start, chunk
            chunk = []
    if chunk:
        yield start, chunk


class _Range:
    """``length`` bytes of an open file, read as :meth:`HashingReader.by_blocks` reads a file."""

    def __init__(self, handle: Any, length: int) -> None:
        self.handle = handle
        self.left = length

    def read(self, size: int) -> bytes:
        if self.left <= 0:
            return b""
        block: bytes = self.handle.read(min(size, self.left))
        self.left -= len(block)
        return block


Sizer = Callable[[int, int], int]
"""``next(lines, size)``: the lines of the next chunk, after ``lines`` lines of ``size`` bytes."""


def guided(total: int, jobs: int) -> Sizer:
    """Return chunk lengths that shrink as the end of a file of ``total`` bytes comes near.

    Guided self-scheduling: each chunk is a ``2 × jobs``-th of the lines estimated to be left
    (from the bytes left and the mean length of the lines read so far), at most
    :data:`CHUNK_LINES` and at least :data:`TAIL_LINES`. Equal chunks to the end leave one
    worker with the last whole chunk while the others wait; shrinking ones end together.
    """
    most, least = CHUNK_LINES, min(TAIL_LINES, CHUNK_LINES)

    def next_lines(lines: int, size: int) -> int:
        if lines <= 0 or size <= 0:
            return most
        left = max(total - size, 0) * lines / size
        return max(least, min(most, math.ceil(left / (2 * jobs))))

    return next_lines


def _spans(
    reader: HashingReader, base: int, sizer: Sizer | None = None, quoted: bool = False
) -> Iterator[tuple[tuple[int, int, int], int]]:
    """Read through a file, yielding ((first line, byte offset, byte length), lines) per chunk.

    The file is read in blocks of :data:`readers.BLOCK` bytes (hashed as they come, so that the
    digest is that of the whole log) and its newlines counted in C: the parent looks at each
    line only to find where a chunk ends, after :data:`CHUNK_LINES` lines or as many as
    ``sizer`` says. A line is counted as :class:`HashingReader` counts it (a last line without
    its newline too), and a line longer than :data:`MAX_SKIP` bytes stops the reading with the
    same message at its start.

    ``quoted`` (a CSV log, whose cells may hold line breaks inside quotes): a chunk ends only
    after a line by which an even number of quote marks has been read from the start of the
    file, where a row of a well-formed CSV file ends. Where that guess is wrong (a quote mark
    inside an unquoted cell), the worker's reader finds the chunk ending inside a quoted cell,
    and the parent reads on from there itself (:func:`_audit_parallel`).

    Raises:
        InputErrors: a line runs past :data:`MAX_SKIP` bytes.

    """
    read, digest = reader.stream.read, reader.digest.update
    chunk_lines = CHUNK_LINES
    first_line, chunk_start, in_chunk = 1, base, 0  # the chunk being gathered
    ended = 0  # lines ended (by a newline) before the current one
    line_start = offset = base  # where the current line began; where the next block begins
    quotes = 0  # quote marks read before the block (counted when ``quoted``)
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
                yield (first_line, chunk_start, end - chunk_start), in_chunk
                first_line, chunk_start, in_chunk = ended + 1, end, 0
                if sizer is not None:
                    chunk_lines = sizer(ended, end - base)
            in_chunk += newlines
            ended += newlines
            line_start = offset + block.rindex(b"\n") + 1
            if quoted:
                quotes += block.count(b'"', counted)
        elif quoted:
            quotes += block.count(b'"')
        offset += len(block)
        _check_length(reader, offset - line_start, ended + 1)
    reader.consumed = offset - base
    if offset > line_start:  # a last line without its newline
        in_chunk += 1
    if in_chunk:
        yield (first_line, chunk_start, offset - chunk_start), in_chunk


def _check_length(reader: HashingReader, length: int, line: int) -> None:
    """Stop the reading, as :class:`HashingReader` does, at a line of more than MAX_SKIP bytes."""
    if length > readers.MAX_SKIP:
        raise InputErrors([SubjectError(SourceLocation(reader.path, line, 1), readers.ENDLESS)])


def _range_lines(handle: Any, length: int) -> list[bytes]:
    """Return the lines of ``length`` bytes of an open file, as the whole file's reader yields them.

    Read by blocks like any regular log, but not hashed again: only the parent's digest of the
    whole log is used.
    """
    return list(HashingReader(_Range(handle, length), hashed=False).by_blocks())


def _work_range(start: int, offset: int, length: int) -> Result:
    """Audit the lines of one byte range of the log, read by the worker itself."""
    with open(_STATE["path"], "rb") as handle:
        handle.seek(offset)
        lines = _range_lines(handle, length)
    return _work(start, lines)


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


Result = tuple[bytes | tuple[str, int], Tally, tuple[Any, ...] | None, bool]
"""A chunk's finding lines (bytes, or a spool file and its size), aggregates, strict error,
and whether the chunk ended inside a quoted cell of a CSV log (its result is then not used)."""


def _work(start: int, lines: list[Any]) -> Result:
    """Audit one chunk in a worker; return its finding lines, aggregates and a strict error.

    And whether the chunk is a CSV log's that ended inside a quoted cell (then nothing else:
    the parent reads on from the chunk's start itself).

    With a spool folder the lines go to a file of their own there, and only its name and size
    travel back: the parent copies it into the findings file in the kernel, instead of
    receiving and writing every byte itself.
    """
    parent: Run = _STATE["run"]
    out: list[bytes] = []
    tally = Tally()
    sink = out.append if parent.sink is not None else None
    run = Run(parent.auditor, tally, sink, parent.waivers, parent.on, parent.strict)
    run.met_evidence = parent.met_evidence
    ended_open: list[Record] = []
    try:
        records = _records(lines, parent.auditor.parser, start, ended_open)
        audit_records(run, records, _STATE["path"])
    except InputErrors as exc:
        e = exc.errors[0]
        where = e.location
        return b"", Tally(), (where.path, where.line, where.column, e.message), False
    except LogHeaderError as refused:  # the log is no JSONL at all (a CSV's header first)
        header = (_STATE["path"], refused.line, refused.column, refused.message)
        return b"", Tally(), header, False
    if ended_open:
        return b"", Tally(), None, True
    tally.unreadable_kept = [
        (e.location.path, e.location.line, e.location.column, e.message)  # type: ignore[misc]
        for e in tally.unreadable_kept
    ]
    spool = _STATE.get("spool")
    if spool is None or not out:
        return b"".join(out), tally, None, False
    name = os.path.join(spool, f"{start}.jsonl")
    with open(name, "wb") as handle:
        handle.writelines(out)
        size = handle.tell()
    return (name, size), tally, None, False


def _records(
    lines: Iterable[Any], parser: RecordParser, start: int, ended_open: list[Record]
) -> Iterator[Record]:
    """Yield the records of a chunk's lines, read as the log's format reads them.

    A CSV chunk that ends inside a quoted cell holds the start of a row that goes on in the
    next chunk: that last record is put in ``ended_open`` instead.
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
            ended_open.append(record)
            return
        yield record


def audit_parallel(
    run: Run,
    lines: Iterable[Any],
    path: str,
    jobs: int,
    layout: CsvLayout | None = None,
    names: list[str] | None = None,
) -> None:
    """Audit a log with ``jobs`` forked workers into ``run`` (same result as serial).

    ``lines``: a JSONL or CSV log's lines, or a database's rows. ``layout``: the header of a
    CSV log (:func:`~safeguards.engine.audit.readers.csv_layout`), which must then be a
    regular file; ``names``: the columns of a database's rows
    (:func:`~safeguards.engine.audit.database.database_rows`), which this process reads and
    hands to the workers in chunks, to be typed and audited there. Neither for JSONL.

    Raises:
        InputErrors: ``run.strict`` and a record could not be read.

    """
    spool = tempfile.mkdtemp(prefix="safeguards-spool-") if run.copy_into is not None else None
    _STATE.update(run=run, path=path, spool=spool, layout=layout, names=names)
    try:
        _audit_parallel(run, lines, path, jobs)
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)
        _STATE.clear()


def _audit_parallel(run: Run, lines: Iterable[Any], path: str, jobs: int) -> None:
    context = multiprocessing.get_context("fork")
    pending: deque[tuple[AsyncResult[Result], tuple[Any, ...]]] = deque()
    base = _regular_file(lines) if path != "-" else None
    layout: CsvLayout | None = _STATE.get("layout")
    tasks: Iterator[tuple[Any, tuple[Any, ...]]]
    if base is not None and isinstance(lines, HashingReader):
        sizer = guided(os.fstat(lines.stream.fileno()).st_size - base, jobs)
        spans = _spans(lines, base, sizer, quoted=layout is not None)
        if layout is not None:
            spans = _after_header(spans, layout.length)
        tasks = ((_work_range, span) for span, _ in spans)
    elif layout is not None:
        raise ValueError("a CSV log is audited in parts only from a regular file")
    else:
        tasks = ((_work, (start, chunk)) for start, chunk in _chunks(lines))
    reopen = None  # (line, offset) of a chunk a CSV row runs out of: read on from there here
    pool = _new_pool(context, jobs)
    try:
        for work, args in tasks:
            pending.append((pool.apply_async(work, args), args))
            if len(pending) >= 2 * jobs:
                reopen = _collect_next(run, pending)
                if reopen is not None:
                    break
        while pending and reopen is None:
            reopen = _collect_next(run, pending)
        for result, _ in pending:  # chunks after a row ran out of its own: not used
            result.wait()
        # every chunk is in: let the workers finish on their own rather than be terminated
        pool.close()
        pool.join()
    except BaseException:  # an input error, a strict error, a signal: end the workers now
        _terminate(pool)
        raise
    if reopen is not None:
        for _ in tasks:  # read the rest of the log through, for its digest
            pass
        _read_on(run, path, *reopen)


TERMINATE_SECONDS = 5.0
"""How long ending the pool on an error may take before the audit goes on without it."""


def _terminate(pool: Any) -> None:
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


def _after_header(
    spans: Iterator[tuple[tuple[int, int, int], int]], header: int
) -> Iterator[tuple[tuple[int, int, int], int]]:
    """Leave a CSV log's header line (``header`` bytes) out of its first chunk."""
    for (first, offset, length), size in spans:
        if first == 1:
            first, offset, length, size = 2, offset + header, length - header, size - 1
            if length == 0:
                continue
        yield (first, offset, length), size


def _collect_next(
    run: Run, pending: deque[tuple[AsyncResult[Result], tuple[Any, ...]]]
) -> tuple[int, int] | None:
    """Take the next chunk's result into ``run``; return where to read on if it cannot be."""
    result, args = pending.popleft()
    got = result.get()
    if got[3]:  # a CSV chunk that ended inside a quoted cell
        return args[0], args[1]
    _collect(run, got)
    return None


def _read_on(run: Run, path: str, start: int, offset: int) -> None:
    """Audit a CSV log in this process from line ``start`` (at byte ``offset``) to its end."""
    layout: CsvLayout = _STATE["layout"]
    with open(path, "rb") as handle:
        handle.seek(offset)
        lines = HashingReader(handle, path, hashed=False).by_blocks()
        records = read_csv_part(lines, run.auditor.parser, layout, start)
        audit_records(run, records, path)


def _collect(run: Run, result: Result) -> None:
    data, part, strict_error, _ = result
    if strict_error is not None:
        path, line, column, message = strict_error
        raise InputErrors([SubjectError(SourceLocation(path, line, column), message)])
    if isinstance(data, tuple):  # a spool file: copied into the findings file, then removed
        name, length = data
        source = os.open(name, os.O_RDONLY)
        try:
            assert run.copy_into is not None
            run.copy_into.copy_in(source, length)
        finally:
            os.close(source)
            os.unlink(name)
    elif run.sink is not None and data:
        run.sink(data)
    for raw in part.unreadable_kept:
        path, line, column, message = raw  # type: ignore[misc]
        run.tally.problem(SubjectError(SourceLocation(path, line, column), message))
    run.tally.unreadable += part.unreadable - len(part.unreadable_kept)
    run.tally.merge(part)
    if run.progress is not None:  # the chunk's records (a CSV row may take several lines)
        run.progress(part.requests + part.unreadable)
