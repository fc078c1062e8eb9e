"""The vocabulary every model shares: frozen models, severities, statuses and their groupings."""

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

Value = bool | int | float | str | dt.datetime | dt.date | list[str]
"""A fact's answer: the Python value of one of the fact types."""


class Frozen(BaseModel):
    """Base of every model: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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


def tally(statuses: Iterable[Status | None]) -> dict[Status, int]:
    """Count statuses worst first, every status present (``None``, no check, is not counted)."""
    out = dict.fromkeys(STATUS_ORDER, 0)
    for status in statuses:
        if status is not None:
            out[status] += 1
    return out


def by_value(counts: Mapping[Status, int]) -> dict[str, int]:
    """Return counts keyed by status value, worst first, every status present."""
    return {s.value: counts.get(s, 0) for s in STATUS_ORDER}
