"""The transparency report of one period: stream the logs, count, build the tables.

Requests belong to the period in which they were received; records outside it, undated or
unreadable are counted apart and named in the notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from safeguards.engine.audit.accumulate import Accumulator, Period
from safeguards.engine.audit.bands import national_security
from safeguards.engine.audit.database import Selection
from safeguards.engine.audit.logs import in_workers, logs_to_read, read_log, read_logs
from safeguards.engine.audit.readers import HashingReader
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.audit.run import Auditor
from safeguards.engine.audit.seen import SeenIds
from safeguards.engine.audit.tables import build_tables
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.context import context_values
from safeguards.engine.models import Subject
from safeguards.engine.models.report import CatalogInfo, ToolInfo
from safeguards.engine.models.transparency import (
    CLOSED_NOTE,
    RepeatedId,
    Table,
    TransparencyReport,
)
from safeguards.engine.version import __version__

__all__ = ["Period", "compute_tables"]


def compute_tables(
    catalog: Catalog,
    logs: Sequence[str],
    *,
    period: Period,
    min_cell: int = 5,
    as_of: dt.date,
    workflow: Subject | None = None,
    input_format: str | None = None,
    selection: Selection | None = None,
    progress: Callable[[int], None] | None = None,
    band_width: int = 250,
    delay_months: int = 6,
    jobs: int = 1,
) -> TransparencyReport:
    """Stream request logs and compute the transparency tables of one period.

    National-security demands (letters, FISA orders, or a national-security purpose) are
    counted only in T12, in bands of ``band_width``, once ``delay_months`` have passed since
    the end of the period.

    ``progress`` is called with the number of records read since its last call (every 1,000
    records); a progress object with a ``reading(stream, sized=...)`` method also learns each
    log opened, and whether its bytes tell how far its records are (a database's do not).
    ``jobs``: worker processes that read each log in chunks (1: this process alone); the
    tables are the same.

    Raises:
        InputErrors: a log cannot be opened.

    """
    auditor = Auditor(catalog, context_values(catalog, workflow, as_of), "transparency")
    start = dt.datetime(period.start.year, period.start.month, period.start.day, tzinfo=dt.UTC)
    end = dt.datetime(period.end.year, period.end.month, period.end.day, tzinfo=dt.UTC)
    paths = logs_to_read(logs, input_format, selection)
    counts = Counts(auditor, start, end, paths, progress)

    def count(log: int, path: str, fmt: str, hashed: HashingReader) -> None:
        job = CountJob(counts, log)
        if not (jobs > 1 and in_workers(job, hashed, jobs, fmt, selection)):
            counts.take(read_log(hashed, fmt, auditor.parser, path, selection), log)

    whole = None
    if jobs > 1:
        from safeguards.engine.audit.wholelogs import whole_logs

        whole = whole_logs(jobs, CountJob(counts, 0), lambda _, log: CountJob(counts, log))
    inputs = read_logs(paths, input_format, progress, count, whole)
    acc = counts.acc
    months = period.end.month - 1 + delay_months
    publishable = period.end.replace(year=period.end.year + months // 12, month=months % 12 + 1)
    security = national_security(acc, band_width, publishable, as_of)
    tables, requests = build_tables(acc, min_cell)
    outside, unreadable, repeats = counts.outside, counts.unreadable, counts.repeats
    return TransparencyReport(
        tool=ToolInfo(version=__version__),
        catalog=CatalogInfo(version=catalog.version, sha256=catalog.sha256),
        period=period.label,
        start=period.start,
        end=period.end,
        as_of=as_of,
        min_cell=min_cell,
        inputs=tuple(inputs),
        requests_in_period=requests,
        outside_period=outside,
        unreadable=unreadable,
        repeated=repeats,
        repeated_shown=tuple(counts.repeated),
        notes=_notes(period, min_cell, outside, unreadable, repeats),
        tables=tuple(_in_order([*tables, security])),
    )


_LOG_BITS = 16
"""A place packs a record's line and, in its low bits, which log it is in."""
_LOG_MASK = (1 << _LOG_BITS) - 1
REPEATS_SHOWN = 50
"""How many repeated request ids the report lists with their places (all are counted)."""


@dataclass
class Counts:
    """The counts of the period's requests so far, and where each request id was first given.

    A request is counted once: a record whose id was given before is counted as a repeat
    (and the first :data:`REPEATS_SHOWN` listed with both places), not as a request.
    """

    auditor: Auditor
    start: dt.datetime
    end: dt.datetime
    paths: list[str]
    progress: Callable[[int], None] | None = None
    acc: Accumulator = field(default_factory=Accumulator)
    outside: int = 0
    unreadable: int = 0
    repeats: int = 0
    read: int = 0
    seen: SeenIds = field(default_factory=SeenIds)
    repeated: list[RepeatedId] = field(default_factory=list)
    firsts: list[tuple[str, int]] | None = None
    """The ids counted, with their places, in order (kept when counting :meth:`apart`)."""

    def take(self, records: Iterable[Record], log: int) -> None:
        """Count records of the ``log``-th log, in their order."""
        auditor, seen, acc, progress = self.auditor, self.seen, self.acc, self.progress
        start, end, firsts = self.start, self.end, self.firsts
        for record in records:
            self.read += 1
            if progress is not None and not self.read % 1000:
                progress(1000)
            if record.problem is not None:
                self.unreadable += 1
                continue
            received = record.values.get("intake.received_at")
            if received is None or not start <= received < end:
                self.outside += 1
                continue
            if record.id is not None:
                place = record.line << _LOG_BITS | log
                first = seen.add(record.id, place)
                if first is not None:
                    self._repeat(record.id, f"{self.paths[log]}:{record.line}", first)
                    continue
                if firsts is not None:
                    firsts.append((record.id, place))
            acc.add(auditor.values(record))

    def _repeat(self, rid: str, again: str, first: int) -> None:
        self.repeats += 1
        if len(self.repeated) < REPEATS_SHOWN:
            was = f"{self.paths[first & _LOG_MASK]}:{first >> _LOG_BITS}"
            self.repeated.append(RepeatedId(request=rid, location=again, first=was))

    def apart(self) -> Counts:
        """Return empty counts of the same period, which keep the ids they count in order."""
        return Counts(self.auditor, self.start, self.end, self.paths, firsts=[])

    def part(self) -> CountedPart:
        """Return what was counted (:meth:`apart`), without the compiled checks, to send back."""
        return CountedPart(
            self.acc,
            self.outside,
            self.unreadable,
            self.repeats,
            self.repeated,
            self.firsts or [],
            self.read,
        )

    def join(self, later: CountedPart) -> bool:
        """Add the counts of the records after these, counted apart; say whether it could.

        It cannot when one of their request ids was given before theirs: those records must
        then be counted here, one by one (nothing was added).
        """
        if not self.seen.add_new(later.firsts):
            return False
        self.acc.merge(later.acc)
        self.outside += later.outside
        self.unreadable += later.unreadable
        self.repeats += later.repeats
        self.repeated += later.repeated[: REPEATS_SHOWN - len(self.repeated)]
        if self.progress is not None:
            self.progress(later.read)
        return True


class CountedPart(NamedTuple):
    """The counts of a chunk of a log, counted apart by a worker process."""

    acc: Accumulator
    outside: int
    unreadable: int
    repeats: int
    repeated: list[RepeatedId]
    firsts: list[tuple[str, int]]
    """The ids counted, with their places, in order."""
    read: int
    """The records read, unreadable ones included."""


@dataclass
class CountJob:
    """Count the chunks of one log (the ``log``-th) in worker processes (a ``ChunkJob``)."""

    counts: Counts
    log: int

    @property
    def parser(self) -> RecordParser:
        """The parser of the records counted."""
        return self.counts.auditor.parser

    def begin(self) -> None:
        """Nothing to prepare."""

    def end(self) -> None:
        """Nothing to clean up."""

    def work(self, records: Iterator[Record], start: int) -> CountedPart:
        """Count a chunk's records apart."""
        apart = self.counts.apart()
        apart.take(records, self.log)
        return apart.part()

    def collect(self, part: CountedPart) -> bool:
        """Add a chunk's counts; False when one of its ids was given in an earlier chunk."""
        return self.counts.join(part)

    def serial(self, records: Iterator[Record]) -> None:
        """Count records in this process, after those counted so far."""
        self.counts.take(records, self.log)


def repeats_said(repeated: int) -> str:
    """Say how many records repeat the id of a request already counted (not counted again)."""
    many = repeated > 1
    return (
        f"{repeated} record{'s' if many else ''} of the period repeat{'' if many else 's'}"
        " the id of a request already counted, not counted again (one record per request)"
    )


def _notes(
    period: Period, min_cell: int, outside: int, unreadable: int, repeated: int
) -> tuple[str, ...]:
    """Return what a reader of the tables must know: the period, what counts, what is hidden."""
    notes = [
        f"Requests received from {period.start.isoformat()} to "
        f"{(period.end - dt.timedelta(days=1)).isoformat()}.",
        CLOSED_NOTE,
        "Preservation requests are reported in T4 only, not in T1 and T2.",
    ]
    if min_cell > 1:
        notes.append(f"Counts from 1 to {min_cell - 1} are suppressed and shown as '<{min_cell}'.")
    else:
        notes.append("No count is suppressed (minimum cell size 0): check before publishing.")
    if outside or unreadable:
        notes.append(
            f"{outside} records outside the period (or undated) and {unreadable} unreadable "
            "records are not counted."
        )
    if repeated:
        notes.append(f"{repeats_said(repeated)}; see the repeated request ids.")
    return tuple(notes)


def _in_order(tables: list[Table]) -> list[Table]:
    return sorted(tables, key=lambda t: int(t.id[1:]))
