"""Small logs of one audit handed whole to forked workers, one pool for a run of them.

A log of fewer than ``logs.PARALLEL_MIN_LINES`` lines is not worth parting into chunks: the
workers of a pool of its own would cost more than they save. But an audit of many such logs
(an organization that exports one a day) is as long as one big log. So a run of small logs
shares one pool: the parent reads each log's bytes, as it reads any log (hashing them for
the log's digest), and hands them whole to the next free worker, which reads the records as
one process reads a regular file and does the job's work on them (``chunked.AuditJob``, or
the transparency tables' counting). The parent takes the results in log order, so the
findings file, the summary and the errors are those of a reading in one process. At most
``2 × jobs`` logs are in flight, and a log of more than ``logs.WHOLE_MAX_BYTES`` is not
handed over (its bytes would travel through a pipe).
"""

from __future__ import annotations

import io
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from safeguards.engine.audit.logs import read_log
from safeguards.engine.audit.pool import (
    ChunkJob,
    Result,
    can_fork,
    new_pool,
    raised,
    stopped,
    terminate_pool,
)
from safeguards.engine.audit.readers import HashingReader
from safeguards.engine.errors import InputErrors

MakeJob = Callable[[str, int], ChunkJob]
"""The job of one log, from its path and its place among the audit's logs (in both processes)."""

_STATE: dict[str, Any] = {}


def _work_log(path: str, fmt: str, data: bytes, index: int) -> Result:
    """Do, in a worker, the job of the ``index``-th log (the task handed out: see :func:`_work`)."""
    return _work(_STATE["make"](path, index), path, fmt, data)


def _work(job: ChunkJob, path: str, fmt: str, data: bytes) -> Result:
    """In a worker: do ``job`` on the records of a log, read from its bytes."""
    try:
        part = job.work(read_log(lines_of(data, path), fmt, job.parser, path), 1)
    except InputErrors as exc:
        return stopped(exc)
    return part, None, False


def lines_of(data: bytes, path: str) -> Iterator[bytes]:
    """Return the lines of a log's bytes as the reading of its regular file yields them."""
    return HashingReader(io.BytesIO(data), path, hashed=False).by_blocks()


class WholeLogs:
    """A run of small logs, each handed whole to a worker; their results taken in log order.

    ``setup``: prepared before the workers are forked, cleaned up when the run ends (the
    audit's spool folder); ``make``: each log's job, made alike in the parent and the workers;
    ``before``: told of each log as its result is taken in, before the result (the places of
    the audit's findings start a new log there).
    """

    def __init__(
        self,
        jobs: int,
        setup: ChunkJob,
        make: MakeJob,
        before: Callable[[str, str], None] | None = None,
    ) -> None:
        """Start with no pool: it is forked when the first log comes."""
        self.jobs, self.setup, self.make, self.before = jobs, setup, make, before
        self.pool: Any = None
        self.declined = False
        """The logs left were reckoned too few lines to share out: read by the parent."""
        self.pending: deque[tuple[AsyncResult[Result], str, str, bytes, int]] = deque()

    def submit(self, path: str, fmt: str, hashed: HashingReader, index: int) -> None:
        """Read a log's bytes (hashing them) and hand them to the next free worker.

        Raises:
            InputErrors: an earlier log's work stopped (taken in to make room).

        """
        data = hashed.read_all()
        if self.pool is None:
            self.setup.begin()
            _STATE.update(make=self.make)
            self.pool = new_pool(multiprocessing.get_context("fork"), self.jobs)
        result = self.pool.apply_async(_work_log, (path, fmt, data, index))
        self.pending.append((result, path, fmt, data, index))
        if len(self.pending) >= 2 * self.jobs:
            self._take_next()

    def drain(self) -> None:
        """Take in every log handed out, in order.

        Raises:
            InputErrors: a log's work stopped (a strict audit's unreadable record).

        """
        while self.pending:
            self._take_next()

    def close(self, failed: bool) -> None:
        """End the pool (at once when ``failed``) and clean up; a new one starts if needed."""
        pool, self.pool = self.pool, None
        self.pending.clear()
        if pool is None:
            return
        try:
            if failed:
                terminate_pool(pool)
            else:
                pool.close()
                pool.join()
        finally:
            _STATE.clear()
            self.setup.end()

    def _take_next(self) -> None:
        result, path, fmt, data, index = self.pending.popleft()
        part, error, _ = result.get()
        if error is not None:  # the audit stops here: the logs after it are not taken in
            self.pending.clear()
            raise raised(error)
        if self.before is not None:
            self.before(path, fmt)
        job = self.make(path, index)
        if part is None or not job.collect(part):  # read here, as one process reads it
            job.serial(read_log(lines_of(data, path), fmt, job.parser, path))


def whole_logs(
    jobs: int, setup: ChunkJob, make: MakeJob, before: Callable[[str, str], None] | None = None
) -> WholeLogs | None:
    """Return a :class:`WholeLogs` for ``jobs`` workers, or None where workers cannot be forked."""
    return WholeLogs(jobs, setup, make, before) if can_fork() else None
