"""Where the audited requests stand in their logs: the file and line a CI report points at.

The findings file names requests, not lines. SARIF and JUnit point each failing check at its
request's line, so the logs are read again for it, by the readers the audit read them with:
a request's line is the line the audit's own messages give (a CSV row's first line, where a
quoted cell runs over several), a record the audit could not read names no request, and a
line no parser could take (a nesting thousands of levels deep, a cell larger than the csv
module's limit) is one more unreadable record, not a crash of the report.

Only regular files are read again: standard input, a pipe or a FIFO was consumed by the audit
(opening a FIFO again would wait for a writer for ever), and a database's requests are rows,
not lines. A log whose bytes are no longer those the audit read (its digest differs, or it
can no longer be read) gives no places: its lines would name other records.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from safeguards.engine.audit.logs import read_log, reading_log
from safeguards.engine.audit.records import RecordParser
from safeguards.engine.audit.seen import SeenIds
from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import InputErrors
from safeguards.engine.models.audit import LogInput

Place = tuple[str, int]
"""A log's path, as the audit was given it, and a 1-based line of it."""


class Places:
    """The log and line of requests, kept compactly: about 50 bytes a request (:class:`SeenIds`).

    A dict of ids to places would take about five times that, which for the million requests
    of a large log is the better part of a gigabyte.
    """

    def __init__(self, paths: Iterable[str]) -> None:
        """Start empty, for requests of the logs at ``paths`` (in the audit's order)."""
        self._paths = list(paths)
        self._ids = SeenIds()

    def add(self, rid: str, log: int, line: int) -> None:
        """Remember that ``rid`` stands at ``line`` of the ``log``-th path (unless known)."""
        self._ids.add(rid, line * len(self._paths) + log)

    def get(self, rid: str) -> Place | None:
        """Return where ``rid`` stands (its first place, where it comes twice), or None."""
        code = self._ids.find(rid)
        if code is None:
            return None
        line, log = divmod(code, len(self._paths))
        return self._paths[log], line

    def __len__(self) -> int:
        """Return how many requests have a place."""
        return len(self._ids)


def request_places(catalog: Catalog, inputs: Iterable[LogInput]) -> Places:
    """Return the log and line of every request the audit read (its first, where it comes twice).

    Every request is kept, not only those a report will name: finding those first would mean
    reading the findings file once more, and at about 50 bytes a request the place book of a
    million requests is still small.
    """
    logs = list(inputs)
    places = Places(log.path for log in logs)
    parser = RecordParser(catalog.facts["request"])
    for index, log in enumerate(logs):
        if log.path == "-" or log.format == "sqlite" or not _regular(log.path):
            continue
        for rid, line in _places_in(parser, log).items():
            places.add(rid, index, line)
    return places


def _regular(path: str) -> bool:
    try:
        return Path(path).is_file()
    except OSError:  # a name the system refuses to look up now
        return False


def _places_in(parser: RecordParser, log: LogInput) -> SeenIds:
    """Read one log as the audit did; the line of each request, if the log is unchanged."""
    found = SeenIds()
    try:
        with reading_log(log.path, log.format) as (fmt, hashed):
            for record in read_log(hashed, fmt, parser, log.path):
                if record.problem is not None:
                    continue
                rid = record.id or f"line-{record.line}"  # as the audit names it
                found.add(rid, record.line)  # the first line, where it comes twice
            unchanged = hashed.digest.hexdigest() == log.sha256
    except (InputErrors, OSError):  # gone, changed so that it no longer reads, a read failing
        return SeenIds()  # the report is still written, its results at the log without a line
    return found if unchanged else SeenIds()
