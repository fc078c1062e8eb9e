"""Pydantic models of the catalog, subjects, findings and reports."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

REPORT_VERSION = "1.0"

Value = bool | int | float | str | dt.datetime | dt.date | list[str]
"""A fact's answer: the Python value of one of the fact types."""


class Frozen(BaseModel):
    """Base of every model: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(StrEnum):
    """How serious a gap in this safeguard is."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Return 4 for critical down to 1 for low."""
        return {"critical": 4, "high": 3, "medium": 2, "low": 1}[self.value]


class Status(StrEnum):
    """The verdict of one check on one subject."""

    MET = "met"
    PARTIAL = "partial"
    GAP = "gap"
    UNDETERMINED = "undetermined"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"

    @property
    def label(self) -> str:
        """Return the status in words, for people."""
        return self.value.replace("_", " ")


STATUS_ORDER: tuple[Status, ...] = (
    Status.GAP,
    Status.PARTIAL,
    Status.UNDETERMINED,
    Status.WAIVED,
    Status.MET,
    Status.NOT_APPLICABLE,
)
"""Worst first: the order in which reports list findings."""

FALLS_SHORT: tuple[Status, ...] = (Status.GAP, Status.PARTIAL)
"""The law or the workflow was read and found wanting."""

NOT_MET: tuple[Status, ...] = (Status.GAP, Status.PARTIAL, Status.UNDETERMINED)
"""Not shown to be met: what `--fail-on` can fail on and what a waiver may cover."""

NEEDS_ACTION: tuple[Status, ...] = (*NOT_MET, Status.WAIVED)
"""What a reader must act on or keep an eye on: every status but met and not applicable."""


class FactType(StrEnum):
    """The type of a fact's answer."""

    BOOL = "bool"
    ENUM = "enum"
    INT = "int"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    TEXT = "text"
    LIST = "list"


class Derivation(Frozen):
    """How a derived fact is computed from other facts (one operator of a closed set)."""

    op: str
    start: str | None = None
    end: str | None = None
    fact: str | None = None
    of: str | None = None
    facts: tuple[str, ...] = ()
    among: tuple[str, ...] = ()
    table: str | None = None
    prefix: str | None = None

    def inputs(self) -> tuple[str, ...]:
        """Return the facts this derivation reads."""
        names = (self.start, self.end, self.fact, self.of, *self.facts)
        return tuple(n for n in names if n is not None)


class FactSpec(Frozen):
    """A typed question that subjects of one kind answer."""

    key: str
    type: FactType
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    group: str | None = None
    question: str
    help: str = ""
    derive: Derivation | None = None
    line: int = 0


class FactGroup(Frozen):
    """A heading under which related questions are asked and shown."""

    id: str
    title: str


class FactsCatalog(Frozen):
    """Every fact of one subject kind, in declaration order."""

    kind: str
    path: str
    groups: tuple[FactGroup, ...] = ()
    facts: dict[str, FactSpec]


class SeedRef(Frozen):
    """Where a safeguard comes from in the submission."""

    ref: tuple[str, ...]
    section: str
    quotes: tuple[str, ...]


class Reference(Frozen):
    """A cross-reference to an instrument, with whether it was verified."""

    framework: str
    ref: str
    title: str | None = None
    verified: bool
    note: str | None = None
    url: str | None = None


class Check(Frozen):
    """How one safeguard is tested on one subject kind (predicates kept as YAML data)."""

    kind: str
    applies_when: dict[str, Any] | None = None
    require: dict[str, Any]
    partial: dict[str, Any] | None = None
    messages: dict[str, str] = Field(default_factory=dict)


class Safeguard(Frozen):
    """One recommendation of the submission, as a declarative rule."""

    id: str
    title: str
    family: str
    severity: Severity
    basis: str = "best_practice"
    seed: SeedRef
    refs: tuple[Reference, ...] = ()
    rationale: str
    remediation: str
    checks: tuple[Check, ...]
    path: str = ""

    def check_for(self, kind: str) -> Check | None:
        """Return this safeguard's check for a subject kind, if it has one."""
        return next((c for c in self.checks if c.kind == kind), None)


class Basis(StrEnum):
    """What an answer's source rests on, strongest first."""

    OFFICIAL_TEXT = "official_text"
    FAITHFUL_COPY = "faithful_copy"
    SECONDARY = "secondary"
    RECOLLECTION = "recollection"

    @property
    def rank(self) -> int:
        """Return 4 for the official text down to 1 for recollection."""
        return BASIS_RANK[self]

    @property
    def provisional(self) -> bool:
        """Return whether an answer on this basis has not been read in the text itself."""
        return self.rank < BASIS_RANK[Basis.FAITHFUL_COPY]

    @property
    def label(self) -> str:
        """Return the basis in words, for people."""
        return self.value.replace("_", " ")


BASIS_RANK: dict[Basis, int] = {
    Basis.OFFICIAL_TEXT: 4,
    Basis.FAITHFUL_COPY: 3,
    Basis.SECONDARY: 2,
    Basis.RECOLLECTION: 1,
}


class Source(Frozen):
    """The evidence behind an answer."""

    instrument: str | None = None
    article: str | None = None
    url: str | None = None
    quote: str | None = None
    date: dt.date | None = None
    basis: Basis | None = None


class Answer(Frozen):
    """One answer to one fact, possibly limited in time."""

    value: Any
    source: Source | None = None
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    note: str | None = None
    line: int = 0
    column: int = 0

    @property
    def cited(self) -> bool:
        """Return whether the answer carries a source."""
        return self.source is not None

    def in_force(self, on: dt.date | None) -> bool:
        """Return whether the answer applies on a date (undated answers always do)."""
        if on is None:
            return self.effective_until is None
        if self.effective_from is not None and on < self.effective_from:
            return False
        return not (self.effective_until is not None and on > self.effective_until)


class Subject(Frozen):
    """A thing checked against the catalog: a jurisdiction, a workflow, a request."""

    kind: str
    id: str
    name: str | None = None
    as_of: dt.date | None = None
    note: str | None = None
    path: str = ""
    sha256: str = ""
    facts_line: int | None = None
    """The line of the file's ``facts:`` key: where an answer that is absent would go."""
    answers: dict[str, tuple[Answer, ...]] = Field(default_factory=dict)


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


class Waiver(Frozen):
    """An accepted exception to a safeguard for one subject."""

    safeguard: str
    subject: str
    justification: str
    approver: str
    granted: dt.date
    expires: dt.date
    requests: tuple[str, ...] = ()
    path: str = ""
    sha256: str = ""
    """The SHA-256 of the waiver file as read."""
    line: int = 0
    column: int = 0
    refused: str | None = None
    """Why the waiver may not apply (a placeholder reason, a span beyond its horizon), if so."""


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
    """Why a refused waiver did not apply."""
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
