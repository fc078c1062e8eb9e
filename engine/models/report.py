"""What a check produces: findings with their evidence, waiver notes, the report."""

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from safeguards.engine.models.catalog import (
    Reference,
)
from safeguards.engine.models.core import (
    Frozen,
    Severity,
    Status,
)
from safeguards.engine.models.subject import Basis, Source, Unanswered

REPORT_VERSION = "1.1"


class DecisiveFact(Frozen):
    """An answer that decided a finding."""

    fact: str
    value: Any
    cited: bool
    source: Source | None = None
    line: int | None = None
    derived: bool = False

    @property
    def basis(self) -> Basis | None:
        """Return what the answer rests on (None when the source does not say)."""
        return self.source.basis if self.source is not None else None

    @property
    def provisional(self) -> bool:
        """Return whether the answer rests on less than the text itself."""
        return self.basis is not None and self.basis.provisional


class MissingFact(Frozen):
    """A question whose answer would settle a finding."""

    fact: str
    question: str
    unanswered: Unanswered | None = None
    """Set when the fact has dated answers but none in force on the date."""

    @property
    def text(self) -> str:
        """Return the question as a report shows it, with the answers that border its days."""
        if self.unanswered is None:
            return self.question
        said = self.unanswered.describe()
        return f"{self.question} {said[0].upper()}{said[1:]}."


class WaiverRef(Frozen):
    """The waiver that covers a finding."""

    justification: str
    approver: str
    granted: dt.date
    expires: dt.date
    path: str
    line: int


class Finding(Frozen):
    """The verdict of one check on one subject, with its evidence."""

    subject: str
    safeguard: str
    kind: str
    status: Status
    severity: Severity
    decisive_facts: tuple[DecisiveFact, ...] = ()
    missing_facts: tuple[MissingFact, ...] = ()
    message: str
    remediation: str
    waived_status: Status | None = None
    waiver: WaiverRef | None = None
    request: str | None = None
    provisional: bool = False
    """The verdict rests on an answer read below the text itself (secondary, recollection)."""


class WaiverState(StrEnum):
    """What became of a waiver in one evaluation."""

    APPLIED = "applied"
    EXPIRED = "expired"
    NOT_YET_GRANTED = "not_yet_granted"
    UNUSED = "unused"
    REFUSED = "refused"


class WaiverNote(Frozen):
    """A waiver and what became of it, for the report."""

    safeguard: str
    subject: str
    approver: str
    granted: dt.date
    expires: dt.date
    state: WaiverState
    reason: str | None = None
    """Why a refused waiver did not apply, or why an unused one had nothing to waive."""
    expiring_soon: bool = False
    path: str
    sha256: str = ""
    """The SHA-256 of the waiver file as read."""
    line: int


class ToolInfo(Frozen):
    """Which program wrote a report."""

    name: str = "safeguards"
    version: str


class CatalogInfo(Frozen):
    """Which catalog a report was evaluated against."""

    version: str
    sha256: str


class SubjectInfo(Frozen):
    """A subject of a report and the file it came from."""

    id: str
    kind: str
    name: str | None = None
    path: str
    sha256: str
    as_of: dt.date | None = None
    note: str | None = None
    facts_line: int | None = None
    """The line of the file's ``facts:`` key (SARIF points absent answers there)."""


class SafeguardInfo(Frozen):
    """What a report reader needs to know about one safeguard."""

    id: str
    title: str
    family: str
    severity: Severity
    seed_refs: tuple[str, ...]
    seed_section: str
    seed_quotes: tuple[str, ...]
    refs: tuple[Reference, ...] = ()
    rationale: str
    remediation: str


class Report(Frozen):
    """Subjects, findings, a summary and the provenance needed to reproduce them."""

    report_version: str = REPORT_VERSION
    tool: ToolInfo
    catalog: CatalogInfo
    as_of: dt.date | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    subjects: tuple[SubjectInfo, ...]
    safeguards: tuple[SafeguardInfo, ...]
    findings: tuple[Finding, ...]
    waivers: tuple[WaiverNote, ...] = ()
    summary: dict[str, int]
