"""Where the audited requests stand in their logs: the file and line a CI report points at.

The findings file names requests, not lines. SARIF and JUnit point each failing check at its
request's line, so the audit notes, as it reads, where each request with a finding that needs
action stands: its log, its line (the line the audit's own messages give: a CSV row's first
line), and how many of its findings need action. The findings file holds those findings in
the same order, a record's together; read back, the first ``count`` of them belong to the
first entry, the next to the second, and so on. So a request given twice is placed at each of
its records' own lines, a record the audit could not read has no entry (it has no findings),
and the places are those of the bytes the audit read, also for standard input, a pipe, or a
log changed since: nothing is read again.

An entry takes 24 bytes (a line, a count, a checksum of the request id: CRC-32, the same in
every process): a million requests that need action take 24 MB. The checksum is compared with
each finding read back; were the two ever out of step, the findings from there on would get
no line rather than a wrong one.
Workers note their chunks' entries as they audit them, and the parent adds them in log order,
as it adds their finding lines.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Iterator

from safeguards.engine.models import Finding
from safeguards.engine.models.audit import Place

_FIELDS = 3
"""An entry: the record's line, how many of its findings need action, its id's checksum."""


def checksum(rid: str) -> int:
    """Return the CRC-32 of a request id (a worker's is the parent's, unlike ``hash``)."""
    return zlib.crc32(rid.encode("utf-8", "surrogatepass"))


class PlaceEntries:
    """The entries noted while one run of :func:`~.run.audit_records` reads records."""

    def __init__(self) -> None:
        """Start empty."""
        self.entries = array("q")

    def note(self, rid: str, line: int, count: int) -> None:
        """Note a record read at ``line`` whose ``count`` findings need action."""
        self.entries.extend((line, count, checksum(rid)))


class PlaceLog:
    """The entries of every log of an audit, in the order of the findings file."""

    def __init__(self) -> None:
        """Start with no log."""
        self.paths: list[str] = []
        self._lined: list[bool] = []
        self._segments: list[tuple[int, array[int]]] = []
        """(log, entries), in the order the findings were written."""
        self._open: PlaceEntries | None = None
        """The segment this process notes into, until a worker's part comes after it."""

    def start(self, path: str, *, lined: bool) -> None:
        """Begin a log (``lined``: its records have lines; a database's rows have none)."""
        self.paths.append(path)
        self._lined.append(lined)
        self._open = None

    def note(self, rid: str, line: int, count: int) -> None:
        """Note a record of the current log, read in this process."""
        if self._open is None:
            self._open = PlaceEntries()
            self._segments.append((len(self.paths) - 1, self._open.entries))
        self._open.note(rid, line, count)

    def add(self, entries: array[int]) -> None:
        """Add the entries a worker noted for a chunk of the current log, after those before."""
        if entries:
            self._segments.append((len(self.paths) - 1, entries))
            self._open = None

    def __len__(self) -> int:
        """Return how many records were noted."""
        return sum(len(e) for _, e in self._segments) // _FIELDS

    def entries(self) -> Iterator[tuple[Place, int, int]]:
        """Yield each noted record's place, count of findings needing action, id's checksum."""
        for log, entries in self._segments:
            path, lined = self.paths[log], self._lined[log]
            for i in range(0, len(entries), _FIELDS):
                line, count, code = entries[i : i + _FIELDS]
                yield (path, line if lined else None), count, code


def located(
    findings: Iterable[Finding], places: PlaceLog | None
) -> Iterator[tuple[Finding, Place | None]]:
    """Pair each request finding read back with the place of its record (None: not known).

    Args:
        findings: the findings that need action, in the order of the findings file.
        places: what the audit noted (None: nothing was).

    """
    entries = places.entries() if places is not None else iter(())
    in_step = True
    place: Place | None = None
    code, left = 0, 0
    for f in findings:
        if in_step and left == 0:
            entry = next(entries, None)
            if entry is None:
                in_step = False
            else:
                place, left, code = entry
        if in_step and (f.request is None or checksum(f.request) != code):
            in_step = False  # out of step: no more places rather than wrong ones
        if not in_step:
            yield f, None
            continue
        left -= 1
        yield f, place
