"""The audit of a log in chunks, each audited by a worker process (see the pool module).

A worker audits its chunk's records into a tally and finding lines of its own; the parent
adds the tallies and writes the lines in log order, so the findings file and the summary are
those of an audit in one process. When the findings file is a regular file, a worker puts
its lines in a file of a private spool folder (under the temporary directory) and returns only
its name: the parent copies it into the findings file in the kernel (``copy_file_range``) and
removes it, and the folder goes when the audit ends, however it ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from safeguards.engine.audit.places import PlaceEntries
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.audit.run import Run, Tally, audit_records
from safeguards.engine.errors import SourceLocation, SubjectError
from safeguards.engine.io.output import BUFFER

SPOOL_HINT = "(the workers' findings wait there: TMPDIR names another folder; --jobs 1 needs none)"
"""Said after the system's refusal of a spool file: where it was, and what avoids it."""

Part = tuple[bytes | tuple[str, int], Tally, bytes]
"""A chunk's finding lines (bytes, or a spool file and its size), its aggregates, and the
places of its requests that need action (the machine bytes of a :class:`PlaceEntries`)."""


@dataclass
class AuditJob:
    """Audit the chunks of one log into ``run`` (a :class:`~.pool.ChunkJob`)."""

    run: Run
    path: str
    spool: str | None = None
    log: int = 0
    """The log's place among the audit's logs (its spool files' names begin with it: the
    small logs handed whole to workers share one spool folder, ``wholelogs``)."""

    @property
    def parser(self) -> RecordParser:
        """The parser of the audit's records."""
        return self.run.auditor.parser

    def begin(self) -> None:
        """Make the spool folder the workers hand their lines over in."""
        if self.run.copy_into is not None:
            self.spool = tempfile.mkdtemp(prefix="safeguards-spool-")

    def end(self) -> None:
        """Remove the spool folder and whatever a worker left in it."""
        if self.spool is not None:
            shutil.rmtree(self.spool, ignore_errors=True)

    def work(self, records: Iterator[Record], start: int) -> Part:
        """Audit a chunk's records; return its finding lines and aggregates.

        With a spool folder the lines go to a file of their own there, and only its name and
        size travel back: the parent copies it into the findings file in the kernel, instead
        of receiving and writing every byte itself.

        Raises:
            InputErrors: a strict audit met an unreadable record.

        """
        parent = self.run
        out: list[bytes] = []
        tally = Tally()
        sink = out.append if parent.sink is not None else None
        run = Run(parent.auditor, tally, sink, parent.waivers, parent.on, parent.strict)
        run.met_evidence = parent.met_evidence
        run.ignore_waivers = parent.ignore_waivers
        run.plans = parent.plans  # the same options: the same plans, for every chunk
        run.log = self.log
        noted = PlaceEntries()
        if parent.places is not None:
            run.place = noted.note
        audit_records(run, records, self.path)
        places = noted.entries.tobytes()
        tally.unreadable_kept = [
            (e.location.path, e.location.line, e.location.column, e.message)  # type: ignore[misc]
            for e in tally.unreadable_kept
        ]
        if self.spool is None or not out:
            return b"".join(out), tally, places
        name = os.path.join(self.spool, f"{self.log}-{start}.jsonl")
        try:  # written as the findings file is, not a system call a line
            with open(name, "wb", buffering=BUFFER) as handle:
                handle.writelines(out)
                size = handle.tell()
        except OSError as exc:  # a full temporary folder: named, not taken for the output's
            raise OSError(exc.errno, f"{exc.strerror} {SPOOL_HINT}", self.spool) from None
        return (name, size), tally, places

    def collect(self, part: Part) -> bool:
        """Write a chunk's lines after those before it, and add its aggregates."""
        data, tally, places = part
        run = self.run
        if places and run.places is not None:  # in log order, as the lines are
            run.places.add(array("q", places))
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
        for raw in tally.unreadable_kept:
            path, line, column, message = cast(tuple[str, int, int, str], raw)
            run.tally.problem(SubjectError(SourceLocation(path, line, column), message))
        run.tally.unreadable += tally.unreadable - len(tally.unreadable_kept)
        run.tally.merge(tally)
        if run.progress is not None:  # the chunk's records (a CSV row may take several lines)
            run.progress(tally.requests + tally.unreadable)
        return True

    def serial(self, records: Iterator[Record]) -> None:
        """Audit records in this process, into ``run`` itself."""
        audit_records(self.run, records, self.path)
