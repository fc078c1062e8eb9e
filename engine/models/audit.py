"""What a request-log audit produces: its summary, tallies, worst requests and inputs."""

import datetime as dt
from typing import Any

from pydantic import Field

from safeguards.engine.models import (
    CatalogInfo,
    Finding,
    Frozen,
    Severity,
    Status,
    ToolInfo,
    WaiverNote,
)

Place = tuple[str, int | None]
"""Where a request stands: its log's path, as the audit was given it, and the 1-based line the
audit read it at (None: no line, as for a database's rows)."""


class LogInput(Frozen):
    """One log file of an audit and the digest of the bytes read from it."""

    path: str
    format: str
    sha256: str


class SafeguardTally(Frozen):
    """How often each status came out for one safeguard's request checks."""

    safeguard: str
    title: str
    kind: str
    severity: Severity
    counts: dict[str, int]


class WorstRequest(Frozen):
    """A request among the worst of the audit (ids only, never personal identifiers)."""

    request: str
    log: str
    """The log the request was read from, as the audit was given it."""
    line: int
    """Its 1-based line in that log (a database's row)."""
    score: int
    issues: tuple[tuple[str, Status], ...]


class Unreadable(Frozen):
    """A record that could not be read, with its place in the log."""

    location: str
    message: str
    path: str = Field(default="", exclude=True)
    """The log it is in, as given (left out of the summary, whose ``location`` shows it; empty
    in a summary read back from its JSON)."""
    line: int | None = Field(default=None, exclude=True)
    """Its line in the log (left out of the summary, as ``path`` is)."""


class AuditSummary(Frozen):
    """The outcome of a request-log audit: aggregates, worst requests, log-level findings."""

    tool: ToolInfo
    catalog: CatalogInfo
    as_of: dt.date
    subject: str
    workflow: str | None = None
    workflow_sha256: str | None = None
    """The SHA-256 of the workflow file as read (its policy judged the requests)."""
    inputs: tuple[LogInput, ...]
    requests: int
    unreadable: int
    unreadable_shown: tuple[Unreadable, ...] = ()
    totals: dict[str, int]
    safeguards: tuple[SafeguardTally, ...]
    worst: tuple[WorstRequest, ...] = ()
    log_values: dict[str, Any] = Field(default_factory=dict)
    log_findings: tuple[Finding, ...] = ()
    waivers: tuple[WaiverNote, ...] = ()
    findings_file: str | None = None
