"""Plans: what the audit does with a record, worked out once per pattern of statuses.

Most records of a log come out of the request checks in one of a few patterns of statuses.
For each pattern the audit works out once which finding lines it writes from templates and
which findings it builds in full, and counts the met and not-applicable statuses per pattern
(:func:`safeguards.engine.audit.run.audit_records` uses them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from safeguards.engine.models import NOT_MET, Status

PLANS_KEPT = 4096
"""How many distinct patterns of statuses an audit remembers the plan of (memory stays bounded)."""

Step = tuple[bytes, int] | int
"""One step of a plan: met lines to write from one template (with the number of request ids it
takes), or the index of a check whose finding is built in full."""


@dataclass
class Plan:
    """What to do with a record whose checks came out ``statuses``: worked out once per pattern.

    Most records of a log share a few patterns of statuses. For each, the met lines that follow
    one another are joined into one template, and the checks whose finding is built in full are
    listed (the non-met ones; with ``met_evidence`` the met ones too; with ``keep`` every
    applicable and not-applicable one), so that a record costs one lookup and one formatting
    besides its own non-met findings. Met and not-applicable statuses are counted per pattern
    (``records``) and added to the tally at the end.
    """

    statuses: tuple[Status, ...]
    steps: list[Step]
    records: int = 0
    acting: int = 0
    """How many of the statuses are not met: the record's findings that need action."""
    counted: tuple[tuple[int, Status], ...] = ()
    """The met and not-applicable statuses with their checks' indices: what :func:`count_plan`
    adds up (worked out once, as a plan is counted at the end of each log)."""


def plan_for(
    statuses: tuple[Status, ...], met_lines: list[bytes] | None, met_full: bool, keep: bool
) -> Plan:
    """Work out the plan of one pattern of statuses.

    Met findings are written from ``met_lines`` when given, else built in full when
    ``met_full`` or ``keep``, else left out; ``keep`` builds the not-applicable findings too.
    """
    steps: list[Step] = []
    pending: list[bytes] = []
    for i, status in enumerate(statuses):
        if status is Status.MET and met_lines is not None:
            pending.append(met_lines[i])
            continue
        if status is Status.MET and not (met_full or keep):
            continue
        if status is Status.NOT_APPLICABLE and not keep:
            continue
        if pending:
            steps.append((b"".join(pending), len(pending)))
            pending = []
        steps.append(i)
    if pending:
        steps.append((b"".join(pending), len(pending)))
    counted = tuple(
        (i, status)
        for i, status in enumerate(statuses)
        if status is Status.MET or status is Status.NOT_APPLICABLE
    )
    return Plan(
        statuses, steps, acting=sum(status in NOT_MET for status in statuses), counted=counted
    )


def count_plan(plan: Plan, counters: list[Counter[Status]], records: int) -> None:
    """Add the met and not-applicable statuses of ``records`` records that followed ``plan``."""
    if records:
        for i, status in plan.counted:
            counters[i][status] += records
