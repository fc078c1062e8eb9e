"""The catalog as data: fact types and specs, derivations, references, checks, safeguards."""

from enum import StrEnum
from typing import Any

from pydantic import Field

from safeguards.engine.models.core import (
    Frozen,
    Severity,
)


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
