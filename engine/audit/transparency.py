"""The transparency report of one period: stream the logs, count, build the tables.

Requests belong to the period in which they were received; records outside it, undated or
unreadable are counted apart and named in the notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from safeguards.engine.audit.accumulate import Accumulator, Period
from safeguards.engine.audit.bands import national_security
from safeguards.engine.audit.database import Selection
from safeguards.engine.audit.logs import logs_to_read, read_log, reading_log
from safeguards.engine.audit.run import Auditor
from safeguards.engine.audit.seen import SeenIds
from safeguards.engine.audit.tables import build_tables
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.context import context_values
from safeguards.engine.models import Subject
from safeguards.engine.models.audit import LogInput
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
) -> TransparencyReport:
    """Stream request logs and compute the transparency tables of one period.

    National-security demands (letters, FISA orders, or a national-security purpose) are
    counted only in T12, in bands of ``band_width``, once ``delay_months`` have passed since
    the end of the period.

    ``progress`` is called with the number of records read since its last call (every 1,000
    records); a progress object with a ``reading(stream, sized=...)`` method also learns each
    log opened, and whether its bytes tell how far its records are (a database's do not).

    Raises:
        InputErrors: a log cannot be opened.

    """
    auditor = Auditor(catalog, context_values(catalog, workflow, as_of), "transparency")
    acc = Accumulator()
    outside = unreadable = repeats = 0
    inputs: list[LogInput] = []
    seen = SeenIds()
    repeated: list[RepeatedId] = []
    start = dt.datetime(period.start.year, period.start.month, period.start.day, tzinfo=dt.UTC)
    end = dt.datetime(period.end.year, period.end.month, period.end.day, tzinfo=dt.UTC)
    paths = logs_to_read(logs, input_format, selection)
    for log, path in enumerate(paths):
        with reading_log(path, input_format, progress) as (fmt, hashed):
            for n, record in enumerate(
                read_log(hashed, fmt, auditor.parser, path, selection), start=1
            ):
                if progress is not None and not n % 1000:
                    progress(1000)
                if record.problem is not None:
                    unreadable += 1
                    continue
                received = record.values.get("intake.received_at")
                if received is None or not start <= received < end:
                    outside += 1
                    continue
                if record.id is not None:
                    first = seen.add(record.id, record.line << _LOG_BITS | log)
                    if first is not None:
                        repeats += 1
                        if len(repeated) < REPEATS_SHOWN:
                            was = f"{paths[first & _LOG_MASK]}:{first >> _LOG_BITS}"
                            again = f"{paths[log]}:{record.line}"
                            repeated.append(
                                RepeatedId(request=record.id, location=again, first=was)
                            )
                        continue
                acc.add(auditor.values(record))
            inputs.append(LogInput(path=path, format=fmt, sha256=hashed.digest.hexdigest()))
    months = period.end.month - 1 + delay_months
    publishable = period.end.replace(year=period.end.year + months // 12, month=months % 12 + 1)
    security = national_security(acc, band_width, publishable, as_of)
    tables, requests = build_tables(acc, min_cell)
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
        repeated_shown=tuple(repeated),
        notes=_notes(period, min_cell, outside, unreadable, repeats),
        tables=tuple(_in_order([*tables, security])),
    )


_LOG_BITS = 16
"""A place packs a record's line and, in its low bits, which log it is in."""
_LOG_MASK = (1 << _LOG_BITS) - 1
REPEATS_SHOWN = 50
"""How many repeated request ids the report lists with their places (all are counted)."""


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
