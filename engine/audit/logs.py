"""The library API of a request-log audit: open the logs, stream them, summarize the result."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from safeguards.engine.audit.database import (
    MAGIC,
    SUFFIXES,
    Selection,
    database_rows,
    read_database,
)
from safeguards.engine.audit.places import PlaceLog
from safeguards.engine.audit.readers import (
    MAX_LINE,
    HashingReader,
    LogHeaderError,
    csv_layout,
    read_csv,
    read_jsonl,
)
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.audit.run import (
    Auditor,
    Run,
    Tally,
    audit_records,
    log_findings,
)
from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import (
    InputError,
    InputErrors,
    SourceLocation,
    SubjectError,
    UsageError,
)
from safeguards.engine.io.idle import is_regular
from safeguards.engine.io.inputs import (
    claim_stdin,
    file_size,
    folder_files,
    is_stdin,
    once_each,
    open_input,
    remember_path,
)
from safeguards.engine.io.output import AtomicFile
from safeguards.engine.logic.context import context_values
from safeguards.engine.logic.evaluate import apply_waivers, set_aside
from safeguards.engine.models import (
    STATUS_ORDER,
    CatalogInfo,
    Finding,
    Subject,
    ToolInfo,
    Waiver,
    WaiverState,
)
from safeguards.engine.models.audit import (
    AuditSummary,
    LogInput,
    SafeguardTally,
    Unreadable,
    WorstRequest,
)
from safeguards.engine.version import __version__

if TYPE_CHECKING:
    from safeguards.engine.audit.pool import ChunkJob
    from safeguards.engine.audit.wholelogs import WholeLogs

LOG_ROLE = "a request log"
"""What standard input is read as when a log is ``-`` (:func:`claim_stdin`)."""


LOG_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", *SUFFIXES)
"""The files a folder given as a log contributes (:func:`log_files`): JSON Lines, CSV and
SQLite logs by their suffixes, in any case."""


def log_files(paths: Iterable[str]) -> list[str]:
    """Expand each folder into the log files directly in it, in name order; keep the rest.

    A folder (``safeguards audit logs/``, the way an organization keeps one log a day or a
    month) contributes its regular files whose suffix is a log's (:data:`LOG_SUFFIXES`), and
    its links so named that lead nowhere (see :func:`folder_files`); not its subfolders,
    pipes, hidden files (``.name``) or anything else in it: a note or a spreadsheet
    beside the logs would otherwise be read as unreadable records. Other logs are named one
    by one, or by the shell's pattern (``logs/*.log``). A folder with no log file in it is an
    error, as ``check`` refuses a folder with no profile: a mistyped or emptied folder would
    otherwise pass an audit that read nothing. A file named twice (``logs/ logs/a.jsonl``,
    or through a link) is kept once, where it first comes.

    Raises:
        InputErrors: a folder holds no log file, or cannot be listed; every such folder.

    """
    found: list[str] = []
    errors: list[InputError] = []
    for path in paths:
        if is_stdin(path) or not os.path.isdir(path):
            found.append(path)
            continue
        kind = f"request log ({', '.join(LOG_SUFFIXES)})"
        names, problem = folder_files(path, _log_name, kind, SubjectError)
        if problem is not None:
            errors.append(problem)
        found.extend(os.path.join(path, name) for name in names)
    if errors:
        raise InputErrors(errors)
    return once_each(found)


def _log_name(name: str) -> bool:
    """Whether a name in a folder is a log's: a log's suffix, in any case; not hidden."""
    return not name.startswith(".") and name.lower().endswith(LOG_SUFFIXES)


def reserve_logs(logs: Iterable[str]) -> None:
    """Note the logs before any input is read: no output may name one, and ``-`` is theirs.

    Raises:
        InputErrors: standard input was read already as something else.

    """
    for log in logs:
        remember_path(log)
        if is_stdin(log):
            claim_stdin(LOG_ROLE, SubjectError)


@contextmanager
def open_log(path: str) -> Iterator[IO[bytes]]:
    """Open a log file for reading in binary, ``-`` meaning standard input.

    Raises:
        InputErrors: the file cannot be opened.

    """
    if is_stdin(path):
        claim_stdin(LOG_ROLE, SubjectError)
        yield sys.stdin.buffer
        return
    with open_input(Path(path), SubjectError) as handle:
        yield handle


@contextmanager
def reading_log(
    path: str, input_format: str | None, progress: Any = None
) -> Iterator[tuple[str, HashingReader]]:
    """Open one log: its format, a reader that hashes what it reads, the progress told of it.

    Raises:
        InputErrors: the file cannot be opened.

    """
    fmt = log_format(path, input_format)
    with open_log(path) as stream:
        head = _head(stream)
        _refuse_compressed(head, path)
        if input_format is None and head.startswith(MAGIC):
            fmt = "sqlite"
        if fmt == "sqlite" and (is_stdin(path) or not is_regular(stream)):
            where = SourceLocation(path, 1, 1)
            raise InputErrors([SubjectError(where, _DATABASE_STREAMED)])
        reading = getattr(progress, "reading", None)
        if callable(reading):
            reading(stream, sized=fmt != "sqlite")
        yield fmt, HashingReader(stream, path)


COMPRESSED = {
    b"\x1f\x8b": ("gzip", "zcat"),
    b"BZh": ("bzip2", "bzcat"),
    b"\xfd7zXZ\x00": ("xz", "xzcat"),
    b"\x28\xb5\x2f\xfd": ("zstd", "zstdcat"),
    b"PK\x03\x04": ("zip", "unzip -p"),
}
"""The first bytes of compressed files, with the tool that writes them out."""


_DATABASE_STREAMED = (
    "an SQLite database is read from its file, not from standard input or a pipe: name the file"
)


def _head(stream: IO[bytes]) -> bytes:
    """Return the first bytes of a regular file, left unread; nothing for a stream.

    Only a regular file is looked at: a pipe's first bytes may be long in coming.
    """
    peek = getattr(stream, "peek", None)
    if peek is None or not is_regular(stream):
        return b""
    try:
        return bytes(peek(len(MAGIC))[: len(MAGIC)])
    except (OSError, ValueError):
        return b""


def _refuse_compressed(head: bytes, path: str) -> None:
    """Refuse a compressed log at once: read as text, every line of it would be unreadable.

    ``head``: the log's first bytes (:func:`_head`): only a regular file's are looked at
    (``zcat LOG | safeguards audit -`` is the way to read one); a pipe read as text shows the
    same bytes as unreadable records.

    Raises:
        InputErrors: the log starts as a gzip, bzip2, xz, zstd or zip file does.

    """
    for magic, (kind, tool) in COMPRESSED.items():
        if not head.startswith(magic):
            continue
        if is_stdin(path):  # redirected from a compressed file: decompress it as it comes
            message = (
                f"standard input is {kind}-compressed, not a request log: decompress it as you"
                f" pipe it in ({tool} FILE | safeguards audit -)"
            )
        else:
            message = (
                f"a {kind}-compressed file, not a request log: decompress it first"
                f" ({tool} {path} > LOG), or pipe it in and name the log '-'"
            )
        raise InputErrors([SubjectError(SourceLocation(path, 1, 1), message)])


def log_format(path: str, forced: str | None) -> str:
    """Return ``jsonl``, ``csv`` or ``sqlite`` for a log: the forced format, else by suffix.

    (A file that starts as an SQLite database does is read as one whatever its suffix:
    :func:`reading_log`.)

    Raises:
        InputErrors: a YAML file (a profile or a workflow, most likely given in the log's
            place) and no format forced.

    """
    if forced:
        return forced
    if path.lower().endswith((".yaml", ".yml")):
        raise InputErrors([SubjectError(SourceLocation(path, 1, 1), _NOT_A_LOG)])
    if path.lower().endswith(SUFFIXES):
        return "sqlite"
    return "csv" if path.lower().endswith((".csv", ".tsv")) else "jsonl"


def logs_to_read(
    logs: Sequence[str], input_format: str | None, selection: Selection | None = None
) -> list[str]:
    """Return the logs to read (a folder: the logs in it), each file once, refusing any no log.

    A log named twice (or through a link) would be counted twice; a YAML file in a log's place
    is refused before any log is read (:func:`log_format`), and so is a folder with no log in
    it (:func:`log_files`), and a table or a query when no log is a database.

    Raises:
        InputErrors: a log is a YAML file and no format is forced; a folder holds no log.
        UsageError: a table or a query is named, and no log is a database.

    """
    paths = log_files(logs)
    formats = [log_format(path, input_format) for path in paths]
    if selection is not None and selection.given:
        sniffed = input_format is None and any(map(_starts_as_database, paths))
        if "sqlite" not in formats and not sniffed:
            option = "--table" if selection.table is not None else "--query"
            raise UsageError(
                f"{option} chooses the rows of a database log (.db, .sqlite), and no log is one"
            )
    return paths


def _starts_as_database(path: str) -> bool:
    """Whether a regular file starts as an SQLite database does.

    A pipe or a FIFO is not opened: that would wait for its writer, and take its first bytes
    from the log.
    """
    if is_stdin(path) or not Path(path).is_file():
        return False
    try:
        with open(path, "rb") as handle:
            return _head(handle).startswith(MAGIC)
    except OSError:
        return False


_NOT_A_LOG = (
    "a YAML file, not a request log (JSONL or CSV): a workflow goes with --workflow"
    " (--input-format jsonl reads the file as a log all the same)"
)


def read_log(
    stream: Any,
    fmt: str,
    parser: RecordParser,
    path: str = "-",
    selection: Selection | None = None,
) -> Iterator[Record]:
    """Yield the records of one log stream in the given format.

    ``stream``: the log's lines, or for a database (``sqlite``) the :class:`HashingReader`
    whose digest takes its rows; ``selection``: a database's table or query.

    Raises:
        InputErrors: the header of a CSV log, or a database's columns, cannot be read (located
            in ``path``).

    """
    try:
        if fmt == "sqlite":
            yield from read_database(path, parser, selection or Selection(), stream)
        elif fmt == "csv":
            yield from read_csv(stream, parser)
        else:
            yield from read_jsonl(stream, parser)
    except LogHeaderError as exc:
        raise _header_refused(path, exc) from None


def _header_refused(path: str, exc: LogHeaderError) -> InputErrors:
    """Return a log refused at its header (a CSV's, a database's columns) as an input error."""
    return InputErrors([SubjectError(SourceLocation(path, exc.line, exc.column), exc.message)])


def audit_logs(
    catalog: Catalog,
    logs: Sequence[str],
    *,
    workflow: Subject | None = None,
    as_of: dt.date,
    waivers: Sequence[Waiver] = (),
    findings_path: Path | AtomicFile | None = None,
    strict: bool = False,
    input_format: str | None = None,
    keep: list[Finding] | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
    met_evidence: bool = False,
    selection: Selection | None = None,
    places: PlaceLog | None = None,
    reference: bool = False,
    subject: str | None = None,
    ignore_waivers: bool = False,
) -> AuditSummary:
    """Audit request logs against the request and log checks of the catalog.

    Args:
        catalog: the loaded catalog.
        logs: JSONL or CSV files (``-`` for standard input), or SQLite databases.
        workflow: the organization's workflow, whose policy the requests are judged by.
        as_of: the audit date (pending requests, overdue notices, waivers).
        waivers: waivers of request or log findings.
        findings_path: where to write one JSON line per applicable finding (atomically);
            or an output the caller opened, to commit with its other outputs
            (:func:`~safeguards.engine.io.output.commit_together`): written here, not committed.
        strict: stop at the first unreadable record.
        input_format: ``jsonl``, ``csv`` or ``sqlite`` for every log (default: by suffix).
        keep: when given, receives every request finding (small logs only).
        progress: called with the number of records read since the last call.
        jobs: worker processes (1: in this process; ignored with ``keep`` or ``reference``).
        met_evidence: write met findings with their decisive facts too (each needs a trace).
        selection: the table or query whose rows a database log's requests are.
        places: when given, notes where each request with findings that need action stands
            (for SARIF and JUnit, which pair them with the findings read back).
        reference: audit with the reference evaluator, in one process: the general parser,
            each derived fact by its operator, each check interpreted, every finding built in
            full (:mod:`~safeguards.engine.audit.reference`). Slower; the same findings file
            and summary.
        subject: the name of the logs audited (a folder's: :func:`logs_subject`), in the
            summary and every finding when no workflow names the audit (default: the first
            log's name).
        ignore_waivers: report every finding unwaived; the waivers that would have applied
            are listed as set aside (``check --ignore-waivers`` does the same).

    Raises:
        InputErrors: a log cannot be opened, or (``strict``) a record cannot be read.
        UsageError: standard input is named twice; a table or query, and no database.

    """
    logs = logs_to_read(logs, input_format, selection)  # a file named twice is read once
    if sum(map(is_stdin, logs)) > 1:
        raise UsageError("standard input ('-') can be read only once")
    context = context_values(catalog, workflow, as_of)
    auditor = Auditor(catalog, context, _subject(workflow, logs, subject), reference=reference)
    tally = Tally()
    if isinstance(findings_path, AtomicFile) or findings_path is None:
        out = findings_path
    else:
        out = AtomicFile(findings_path)
    held = out is findings_path  # the caller's to commit (or no findings file at all)
    run = Run(auditor, tally, out.write if out else None, list(waivers), as_of, strict, keep)
    run.met_evidence = met_evidence
    run.ignore_waivers = ignore_waivers
    run.progress = progress
    run.places = places
    if out is not None and out.mode == "atomic":
        run.copy_into = out
    try:
        inputs = _read(run, logs, input_format, progress, jobs, selection)
    except BaseException:
        if out is not None:
            out.discard()
        raise
    if tally.requests == 0 and tally.unreadable == 0:
        # Nothing read at all is a mistake (an empty file, a stream that closed at once), not
        # a clean audit: no findings file is written and the exit status says so.
        if out is not None:
            out.discard()
        raise _nothing_read(logs)
    if out is not None and not held:
        out.commit()
    return summarize(catalog, run, inputs, workflow, out.path if out is not None else None)


def _read(
    run: Run,
    logs: Sequence[str],
    input_format: str | None,
    progress: Callable[[int], None] | None,
    jobs: int,
    selection: Selection | None,
) -> list[LogInput]:
    """Audit every log into ``run`` (with workers where they can help); return what was read."""
    parallel = jobs > 1 and run.keep is None and not run.auditor.reference

    def audit(index: int, path: str, fmt: str, hashed: HashingReader) -> None:
        run.log = index
        start_places(path, fmt)
        if not (parallel and in_workers(_audit_job(run, path), hashed, jobs, fmt, selection)):
            records = read_log(hashed, fmt, run.auditor.parser, path, selection)
            _auditing(run)(run, records, path)

    def start_places(path: str, fmt: str) -> None:
        if run.places is not None:
            run.places.start(path, lined=fmt != "sqlite")
            run.place = run.places.note

    whole = _whole_audit(run, jobs, start_places) if parallel else None
    return read_logs(logs, input_format, progress, audit, whole)


def read_logs(
    paths: Sequence[str],
    input_format: str | None,
    progress: Any,
    each: Callable[[int, str, str, HashingReader], None],
    whole: WholeLogs | None = None,
) -> list[LogInput]:
    """Open each log in turn and have ``each`` read it; return what was read, log by log.

    ``each`` is given the log's place among ``paths``, its path, its format and its reader.
    With ``whole`` (``--jobs``), a small log file is handed whole to its workers instead
    (:mod:`~safeguards.engine.audit.wholelogs`), and the logs handed out are taken in before
    any other log is read, so that everything happens in log order, errors included.

    Raises:
        InputErrors: a log cannot be opened or read (the first such error of the logs in
            order, whichever process met it).

    """
    inputs: list[LogInput] = []
    failed = True
    try:
        for index, path in enumerate(paths):
            try:
                with reading_log(path, input_format, progress) as (fmt, hashed):
                    if whole is not None and _handed_whole(whole, fmt, hashed, paths[index + 1 :]):
                        whole.submit(path, fmt, hashed, index)
                    else:
                        if whole is not None:  # the logs handed out come first
                            whole.drain()
                            whole.close(failed=False)
                        each(index, path, fmt, hashed)
                    inputs.append(LogInput(path=path, format=fmt, sha256=hashed.digest.hexdigest()))
            except InputErrors:
                if whole is not None:  # an error of a log handed out before this one comes first
                    whole.drain()
                raise
        if whole is not None:
            whole.drain()
        failed = False
    finally:
        if whole is not None:
            whole.close(failed=failed)
    return inputs


def _handed_whole(whole: WholeLogs, fmt: str, hashed: HashingReader, later: Sequence[str]) -> bool:
    """Whether a log goes whole to a worker: a small JSONL or CSV file (see :func:`in_workers`).

    Only when the run of small logs it begins holds lines enough to share out, reckoned from
    the sizes of the logs named after it (:func:`_worth_workers`): an audit of a few small
    logs, or of one, is read by this process, as one small log is. Once declined, workers are
    not started again for the small logs after it, which hold fewer lines still, until a log
    that is not small ends the run.
    """
    if fmt == "sqlite" or not _few_lines(hashed):
        whole.declined = False  # a run of small logs after this one is judged afresh
        return False
    if os.fstat(hashed.stream.fileno()).st_size > WHOLE_MAX_BYTES:
        return False  # its bytes would travel through a pipe: read by this process
    if whole.pool is None:  # a run of small logs begins
        if whole.declined:
            return False
        worth = _worth_workers(hashed, later)
        if not worth:
            whole.declined = worth is False
            return False
    return True


def _worth_workers(hashed: HashingReader, later: Sequence[str]) -> bool | None:
    """Whether a small log and the small logs after it hold :data:`PARALLEL_MIN_LINES` lines.

    Reckoned from their sizes and the mean length of the lines in this log's first
    :data:`SAMPLE_BYTES`, up to the first later log reckoned too long to be small (its own
    workers end the run); a stream or a file that cannot be examined counts for nothing.
    None: this log's first bytes hold no newline to reckon by.
    """
    fd = hashed.stream.fileno()
    sample = os.pread(fd, SAMPLE_BYTES, 0)
    newlines = sample.count(b"\n")
    if not newlines:
        return None
    lines = os.fstat(fd).st_size * newlines // len(sample)
    for path in later:
        more = (file_size(path) or 0) * newlines // len(sample)
        if more >= PARALLEL_MIN_LINES or lines >= PARALLEL_MIN_LINES:
            break
        lines += more
    return lines >= PARALLEL_MIN_LINES


def _whole_audit(run: Run, jobs: int, start_places: Callable[[str, str], None]) -> WholeLogs | None:
    """Return the workers that audit small logs whole, if the system can fork them."""
    from safeguards.engine.audit.chunked import AuditJob
    from safeguards.engine.audit.wholelogs import whole_logs

    setup = AuditJob(run, "")  # its spool folder is the run's

    def make(path: str, index: int) -> ChunkJob:
        return AuditJob(run, path, setup.spool, log=index)

    return whole_logs(jobs, setup, make, before=start_places)


def _auditing(run: Run) -> Callable[[Run, Iterator[Record], str], None]:
    """Return what audits a log's records in this process: the usual path or the reference."""
    if not run.auditor.reference:
        return audit_records
    from safeguards.engine.audit.reference import reference_records

    return reference_records


def _audit_job(run: Run, path: str) -> Any:
    """Return the job of auditing one log's chunks in workers (imported only when forking)."""
    from safeguards.engine.audit.chunked import AuditJob

    return AuditJob(run, path, log=run.log)


PARALLEL_MIN_LINES = 2500
"""A log file of fewer lines than this is not parted among workers, whatever ``--jobs`` says.
Starting the workers for a log costs each of them 30-50 ms of CPU (the fork, and the pages
of the compiled checks copied as they touch them) and the pool its threads: about what two
workers save on 2,500 requests (``docs/performance.md``, "Many logs in one audit"). A run of
such logs that holds this many lines in all is handed to workers a whole log at a time
(:mod:`~safeguards.engine.audit.wholelogs`); otherwise they are read in one process."""
WHOLE_MAX_BYTES = 8 << 20
"""The largest small log handed whole to a worker: its bytes travel through a pipe (a small
log's lines may be long); a larger one is read by the audit's own process."""
SAMPLE_BYTES = 1 << 16
"""The first bytes of a log file whose lines tell how many lines the whole file has."""


def _few_lines(lines: HashingReader) -> bool:
    """Whether a log is a regular file of fewer than :data:`PARALLEL_MIN_LINES` lines.

    Counted in the file's first :data:`SAMPLE_BYTES` (read in place, the file's position
    untouched), and reckoned for the rest of the file from their mean length; a file that
    long without a newline is not judged.
    """
    stream = lines.stream
    if is_stdin(lines.path) or not is_regular(stream) or not hasattr(os, "pread"):
        return False  # a stream's lines are not known before they are read
    try:
        fd = stream.fileno()
        size = os.fstat(fd).st_size
        sample = os.pread(fd, SAMPLE_BYTES, 0)
    except (OSError, ValueError, AttributeError):
        return False
    newlines = sample.count(b"\n")
    if len(sample) >= size:  # the whole file: its lines, the last one without its newline too
        return newlines + (not sample.endswith(b"\n")) < PARALLEL_MIN_LINES
    return newlines > 0 and size * newlines // len(sample) < PARALLEL_MIN_LINES


def in_workers(
    job: ChunkJob, lines: HashingReader, jobs: int, fmt: str, selection: Selection | None
) -> bool:
    """Read a log with forked workers doing ``job`` where the system can fork; say whether it did.

    A JSONL log and a database always can be. A table with rowids in rollback-journal mode
    is read by the workers in ranges of rowids; any other database's rows are read here, as
    one process reads them, and typed in the workers. A CSV log can be when its header is one
    plain line (:func:`csv_layout`): a file's rows are found by reading its lines from there,
    a stream's lines are handed over in chunks that end where rows end. Any other CSV log is
    read by this process, whose reader explains it. The pool module (multiprocessing) is
    imported only here: it costs a command 20-40 ms.

    A JSONL or CSV log file of fewer than :data:`PARALLEL_MIN_LINES` lines is not read by
    workers: they would cost more than they save. The caller reads it in this process, with
    the same findings and summary.

    Raises:
        InputErrors: as :func:`read_log` does.

    """
    if fmt != "sqlite" and _few_lines(lines):
        return False
    from safeguards.engine.audit.pool import can_fork, run_parallel

    if not can_fork():
        return False
    path = lines.path
    if fmt == "sqlite":
        parser = job.parser
        try:
            chosen = selection or Selection()
            with database_rows(path, parser, chosen, lines, ranges=True) as found:
                names, rows, table = found
                run_parallel(job, rows, path, jobs, names=names, table=table)
        except LogHeaderError as exc:
            raise _header_refused(path, exc) from None
        return True
    if fmt != "csv":
        run_parallel(job, lines, path, jobs)
        return True
    first = _first_line(lines, path)
    if first is not None:  # a regular file: its header is left for the workers' reading
        layout = csv_layout(first, job.parser)
        if layout is None:
            return False
        run_parallel(job, lines, path, jobs, layout)
        return True
    if not is_stdin(path) and is_regular(lines.stream):
        return False  # a file of one line, or read from already: the reader explains it
    streamed = iter(lines)  # a stream: its header is read here, once
    header = next(streamed, None)
    layout = csv_layout(header, job.parser) if header is not None else None
    if layout is None:  # read by this process, the header put back in front of the rows
        head = () if header is None else (header,)
        job.serial(read_log(chain(head, streamed), fmt, job.parser, path))
        return True
    run_parallel(job, streamed, path, jobs, layout)
    return True


def _first_line(lines: HashingReader, path: str) -> bytes | None:
    """Return the first line of a regular file not yet read from (left unread), else None."""
    stream = lines.stream
    if is_stdin(path) or lines.consumed or not is_regular(stream):
        return None
    try:
        head = os.pread(stream.fileno(), MAX_LINE + 1, stream.tell())
    except (OSError, ValueError, AttributeError):
        return None
    end = head.find(b"\n")
    return head[: end + 1] if end >= 0 else None


def logs_subject(named: Sequence[str]) -> str | None:
    """Return the name of a single folder named as the logs (its logs are audited), else None.

    An audit of ``logs/`` is an audit of the folder, not of its first log: the summary and the
    findings are named after it.
    """
    if len(named) != 1 or named[0] == "-" or not os.path.isdir(named[0]):
        return None
    return Path(named[0]).resolve().name or None


def _subject(workflow: Subject | None, logs: Sequence[str], named: str | None = None) -> str:
    """Name what is audited: the workflow, else the logs' given name, else the first log's."""
    first = Path(logs[0]).stem if logs else "log"
    subject = workflow.id if workflow is not None else named or first
    return "stdin" if subject == "-" else subject


def _nothing_read(logs: Sequence[str]) -> InputErrors:
    name = "standard input" if logs and is_stdin(logs[0]) else "the log"
    where = SourceLocation(logs[0] if logs else "-", 1, 1)
    return InputErrors([InputError(where, f"{name} holds no request record")])


def summarize(
    catalog: Catalog,
    run: Run,
    inputs: list[LogInput],
    workflow: Subject | None,
    findings_path: Path | None,
) -> AuditSummary:
    """Turn the aggregates of a finished run into the summary that reports render."""
    tally, subject = run.tally, run.auditor.subject
    unwaived = log_findings(catalog, tally, subject)
    found, notes = apply_waivers(unwaived, run.waivers, run.on, {subject: None})
    notes = [
        n.model_copy(update={"state": WaiverState.APPLIED})
        if i in tally.waivers_used and n.state is WaiverState.UNUSED
        else n
        for i, n in enumerate(notes)
    ]
    if run.ignore_waivers:
        found, notes = unwaived, set_aside(notes)
    rows = []
    for (sid, kind), counter in sorted(tally.statuses.items()):
        s = catalog.safeguards[sid]
        counts = {st.value: counter.get(st, 0) for st in STATUS_ORDER}
        rows.append(
            SafeguardTally(
                safeguard=sid, title=s.title, kind=kind, severity=s.severity, counts=counts
            )
        )
    return AuditSummary(
        tool=ToolInfo(version=__version__),
        catalog=CatalogInfo(version=catalog.version, sha256=catalog.sha256),
        as_of=run.on,
        subject=subject,
        workflow=workflow.path if workflow is not None else None,
        workflow_sha256=workflow.sha256 if workflow is not None else None,
        inputs=tuple(inputs),
        requests=tally.requests,
        unreadable=tally.unreadable,
        unreadable_shown=tuple(
            Unreadable(
                location=str(e.location),
                message=e.message,
                path=e.location.path,
                line=e.location.line,
            )
            for e in tally.unreadable_kept
        ),
        totals=tally.totals(),
        safeguards=tuple(rows),
        worst=tuple(
            WorstRequest(
                request=w.request,
                log=inputs[w.log].path,
                line=w.line,
                score=w.score,
                issues=w.issues,
            )
            for w in tally.worst_first()
        ),
        log_values=tally.log_values(),
        log_findings=tuple(found),
        waivers=tuple(notes),
        findings_file=str(findings_path) if findings_path is not None else None,
    )
