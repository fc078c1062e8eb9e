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

from collections.abc import Iterable, Set
from pathlib import Path

from safeguards.engine.audit.logs import read_log, reading_log
from safeguards.engine.audit.records import RecordParser
from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import InputErrors
from safeguards.engine.models.audit import LogInput

Place = tuple[str, int]
"""A log's path, as the audit was given it, and a 1-based line of it."""


def request_places(
    catalog: Catalog, inputs: Iterable[LogInput], wanted: Set[str]
) -> dict[str, Place]:
    """Return the log and line of each ``wanted`` request (its first, where it comes twice)."""
    places: dict[str, Place] = {}
    if not wanted:
        return places
    parser = RecordParser(catalog.facts["request"])
    for log in inputs:
        if log.path == "-" or log.format == "sqlite" or not _regular(log.path):
            continue
        for rid, place in _places_in(parser, log, wanted).items():
            places.setdefault(rid, place)
    return places


def _regular(path: str) -> bool:
    try:
        return Path(path).is_file()
    except OSError:  # a name the system refuses to look up now
        return False


def _places_in(parser: RecordParser, log: LogInput, wanted: Set[str]) -> dict[str, Place]:
    """Read one log as the audit did; the places of the wanted requests, if it is unchanged."""
    found: dict[str, Place] = {}
    try:
        with reading_log(log.path, log.format) as (fmt, hashed):
            for record in read_log(hashed, fmt, parser, log.path):
                if record.problem is not None:
                    continue
                rid = record.id or f"line-{record.line}"  # as the audit names it
                if rid in wanted and rid not in found:
                    found[rid] = (log.path, record.line)
            unchanged = hashed.digest.hexdigest() == log.sha256
    except (InputErrors, OSError):  # gone, changed so that it no longer reads, a read failing
        return {}  # the report is still written, its results at the log without a line
    return found if unchanged else {}
