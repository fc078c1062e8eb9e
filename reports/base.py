"""The renderer interface and small helpers shared by several formats."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import Any, ClassVar

from safeguards.engine.clock import source_date_epoch
from safeguards.engine.errors import UsageError, inert, reveal
from safeguards.engine.models import (
    STATUS_ORDER,
    DecisiveFact,
    Finding,
    Report,
    SafeguardInfo,
    Status,
    SubjectInfo,
    tally,
)
from safeguards.engine.text.citation import article_label as article_label
from safeguards.engine.text.citation import reference_text as reference_text
from safeguards.engine.text.citation import source_text as source_text
from safeguards.engine.text.citation import unquoted as unquoted
from safeguards.engine.text.markdown import code_span as code_span
from safeguards.engine.text.markdown import esc as esc
from safeguards.engine.text.markdown import is_web_url as is_web_url
from safeguards.engine.text.markdown import md_link as md_link
from safeguards.engine.text.markdown import md_source as md_source
from safeguards.engine.text.wrap import wrap as wrap


class Renderer:
    """Turns a report into the text of one format; never opens files, never reads the clock."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    description: ClassVar[str]
    binary: ClassVar[bool] = False

    def render(self, report: Report) -> str:
        """Return the report in this format."""
        raise NotImplementedError

    def render_bytes(self, report: Report) -> bytes:
        """Return the report as bytes (UTF-8 for text formats)."""
        return self.render(report).encode("utf-8")


class JsonRenderer(Renderer):
    """A format whose text is one JSON document, written by :func:`indented_json`.

    Its bytes are written straight from the document: a report of 1,000 profiles is about
    70 MB of JSON, which a detour through text would hold twice more.
    """

    def document(self, report: Report) -> Any:
        """Return the report as the JSON document of this format."""
        raise NotImplementedError

    def render(self, report: Report) -> str:
        """Return the report in this format."""
        return self.render_bytes(report).decode()

    def render_bytes(self, report: Report) -> bytes:
        """Return the report in this format, in UTF-8, ended by a newline."""
        return indented_json(self.document(report)) + b"\n"


def show_value(value: Any) -> str:
    """Render a fact's value the way the user wrote it."""
    if value is None:
        return "(not answered)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def citation(fact: DecisiveFact) -> str:
    """Render the evidence behind an answer in one line ('asserted' when there is none)."""
    if fact.derived:
        return "derived"
    if fact.source is None:
        return "asserted"
    return source_text(fact.source)


PROVISIONAL_NOTE = (
    "provisional: the verdict rests on an answer not read in the text itself"
    " (secondary commentary or recollection); confirm it before relying on it"
)
"""What the provisional mark means, for the reader of any format."""


def status_label(f: Finding) -> str:
    """Return the status in words, marked when the verdict is provisional."""
    return f"{f.status.label} (provisional)" if f.provisional else f.status.label


def provisional_count(findings: list[Finding]) -> int:
    """Count the findings whose verdict is provisional."""
    return sum(1 for f in findings if f.provisional)


def summary_text(findings: list[Finding]) -> str:
    """Say how many findings have each status, and how many are provisional ("" for none).

    "7 gap, 15 partial, 2 met (5 provisional)": the line a subject gets in the text report
    and in the note ``check`` prints when every report went to a file.
    """
    summary = ", ".join(f"{n} {s.label}" for s, n in counts(findings).items() if n)
    if summary and (provisional := provisional_count(findings)):
        summary += f" ({provisional} provisional)"
    return summary


def by_subject(report: Report) -> dict[str, list[Finding]]:
    """Group findings by subject id, keeping the report's order of subjects."""
    groups: dict[str, list[Finding]] = {s.id: [] for s in report.subjects}
    for f in report.findings:
        groups.setdefault(f.subject, []).append(f)
    return groups


def counts(findings: list[Finding]) -> dict[Status, int]:
    """Count findings by status, worst first, every status present."""
    return tally(f.status for f in findings)


_STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}


def badness(f: Finding) -> tuple[int, int]:
    """Return how bad a finding is, lowest worst: its status (gap first), then its severity."""
    return _STATUS_RANK[f.status], -f.severity.rank


def worst_first(findings: list[Finding]) -> list[Finding]:
    """Sort findings worst status first, then by severity, then by safeguard id."""
    return sorted(findings, key=lambda f: (*badness(f), f.safeguard, f.request or ""))


def safeguard_index(report: Report) -> dict[str, SafeguardInfo]:
    """Return the report's safeguards by id."""
    return {s.id: s for s in report.safeguards}


def families(report: Report) -> dict[str, list[SafeguardInfo]]:
    """Group the report's safeguards by family, families sorted by name."""
    out: dict[str, list[SafeguardInfo]] = defaultdict(list)
    for s in report.safeguards:
        out[s.family].append(s)
    return dict(sorted(out.items()))


# Helpers shared by the hand-on formats (html, docx, csv, sarif, junit, oscal, matrix, diff).

_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def md_citation(fact: DecisiveFact) -> str:
    """Render the evidence behind an answer, as :func:`citation` does, for Markdown."""
    if fact.source is None or fact.derived:
        return esc(citation(fact))
    return md_source(fact.source)


def md_value(text: object) -> str:
    """Return a value from the input for a line of Markdown: markup shown as text, one line."""
    return one_line(esc(text, breaks="\n"))


def reveal_controls(text: str, *, lines: bool = False) -> str:
    """Make hidden characters visible (``<U+202E>``, :func:`engine.errors.reveal`), keeping layout.

    Args:
        text: any text from a profile, a waiver or the catalog.
        lines: the text is line-oriented (terminal, Markdown): a carriage return there can
            only overwrite what was printed, so it is revealed too. Otherwise tabs, line feeds
            and carriage returns are kept as layout.

    """
    return reveal(text, keep="\t\n" if lines else "\t\n\r")


def one_line(text: object) -> str:
    """Show a value from the input on one line, nothing hidden (:func:`engine.errors.inert`).

    For what a line-oriented report prints within a line (a request id, a file name, a
    country): besides what :func:`reveal_controls` shows, a line feed or a line or paragraph
    separator would start a line the reader takes for the report's own.
    """
    return inert(str(text))


SPREADSHEET_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (after any leading spaces)."""


def spreadsheet_cell(value: object) -> str:
    """Return a CSV cell no spreadsheet runs as a formula, with control characters shown.

    A cell that starts with ``= + - @``, a tab or a carriage return, also after leading spaces
    (``" =HYPERLINK(…)"``), gets a leading apostrophe. Every CSV the project writes uses this.
    """
    text = "" if value is None else str(value)
    start = SPREADSHEET_FORMULA_START
    if text.startswith(start) or text.lstrip().startswith(start):
        text = "'" + text
    return reveal_controls(text)


def escape_bidi_json(serialized: str) -> str:
    """Write bidi controls in serialized JSON as unicode escapes (same value, no disguise).

    Args:
        serialized: JSON text; the controls can only stand inside its strings.

    """
    return _BIDI_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", serialized)


def indented_json(value: Any) -> bytes:
    """Return ``json.dumps(value, indent=2, ensure_ascii=False)`` in UTF-8, bidi escaped.

    orjson writes the same text several times faster where it is installed (the ``fast``
    extra), for documents of strings, whole numbers, floats, booleans, null, lists and objects
    with string keys. Where it would write otherwise, the standard library writes: a whole
    number beyond 64 bits or a key that is not a string (orjson refuses them), and a float
    orjson writes in another form (:func:`_floats_alike`).
    """
    dumps = _orjson_indented()
    if dumps is None or not _floats_alike(value):
        return plain_indented_json(value)
    try:
        data = dumps(value)
    except TypeError:  # a whole number beyond 64 bits, a key not a string (JSONEncodeError)
        return plain_indented_json(value)
    if _BIDI_BYTES.search(data):
        return escape_bidi_json(data.decode()).encode()
    return data


def json_text(value: Any) -> str:
    """Return :func:`indented_json` as text, ended by a newline: a JSON report's whole text."""
    return indented_json(value).decode() + "\n"


_SMALLEST_ALIKE = 1e-4
"""The smallest magnitude of a float orjson is known to write as the standard library does."""


def _floats_alike(value: Any) -> bool:
    """Return whether orjson writes every float in ``value`` as the standard library does.

    It does for zero and every finite float of magnitude 1e-4 or more (the shortest digits
    that read back the same, in the same form). Below 1e-4 it writes some in another form
    (``1e-05`` as ``0.00001``, ``1e-07`` as ``1e-7``), and it writes NaN and the infinities as
    ``null``, where the standard library writes ``NaN`` and ``Infinity``.
    """
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = item.__class__
        if kind is str:
            continue
        if kind is dict:
            push(item.values())
        elif kind is list or kind is tuple:
            push(item)
        elif isinstance(item, float) and not (
            item == 0.0 or _SMALLEST_ALIKE <= abs(item) <= sys.float_info.max
        ):
            return False
        elif isinstance(item, dict | list | tuple):  # a subclass: looked into all the same
            push(item.values() if isinstance(item, dict) else item)
    return True


def plain_indented_json(value: Any) -> bytes:
    """Return what :func:`indented_json` returns, written by the standard library."""
    return escape_bidi_json(json.dumps(value, indent=2, ensure_ascii=False)).encode()


@functools.cache
def _orjson_indented() -> Callable[[Any], bytes] | None:
    """Return orjson's writer of indented text, or None without it (imported when needed)."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - exercised only without orjson
        return None
    return functools.partial(orjson.dumps, option=orjson.OPT_INDENT_2)


_BIDI_BYTES = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
"""The bidi controls of :data:`_BIDI_CONTROLS` in UTF-8 (no other character's bytes hold them)."""


def report_timestamp(report: Report) -> dt.datetime:
    """Return the time a report is stamped with: ``SOURCE_DATE_EPOCH``, else its as-of date.

    Never the clock: the same report and environment always give the same timestamp.
    """
    try:
        stamp = source_date_epoch()
    except UsageError:  # the command refused it already where it reads the date
        stamp = None
    if stamp is not None:
        return stamp
    day = report.as_of or dt.date(1980, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that puts ``S2`` before ``S10`` and ``Art. 9`` before ``Art. 24``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", text)
        if part
    )


def proposal_key(info: SafeguardInfo) -> tuple[Any, ...]:
    """Order safeguards by their first proposal S1–S20, then by id."""
    first = min((natural_key(r) for r in info.seed_refs), default=((2, 0, ""),))
    return (first, info.id)


def finding_key(f: Finding) -> tuple[str, str, str, str]:
    """Return the identity of a finding across reports: subject, safeguard, kind, request."""
    return (f.subject, f.safeguard, f.kind, f.request or "")


def fingerprint(f: Finding) -> str:
    """Return the SHA-256 (hex) of a finding's identity (:func:`finding_key`), stable across runs.

    What dashboards match a finding by from one run to the next (SARIF's partial
    fingerprint, GitLab's Code Quality fingerprint): not its line, which moves with edits.
    """
    return hashlib.sha256("\0".join(finding_key(f)).encode()).hexdigest()


def checked_before(report: Report, subject: SubjectInfo) -> str | None:
    """Say so when a profile is checked as of a day before the one it describes (else None).

    Its answers dated by ``effective_from`` are taken as they stood on that day; those not
    dated are taken as in force then too, which the profile does not say. Every report that
    names the day a profile describes (text, Markdown, HTML, Word) says it under the subject.
    """
    day, described = report.as_of, subject.as_of
    if day is None or described is None or day >= described:
        return None
    return (
        f"Note: the profile describes the law as of {described}; checked as of {day}, its"
        " answers with no effective_from are taken as in force on that day too."
    )


def subject_title(report: Report, subject_id: str) -> str:
    """Return 'Name (ID)' for a subject of the report, or just the id."""
    for s in report.subjects:
        if s.id == subject_id and s.name:
            return f"{s.name} ({s.id})"
    return subject_id
