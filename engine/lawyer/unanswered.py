"""Days a fact's dated answers leave unanswered around the as-of date, and the answers either side.

A profile may answer a fact for some periods only: a law in force until a reform, a new text from a
later date. On a date no answer covers, the fact is open again; ``missing`` and ``explain`` say
which answers border those days, and ``set`` can fill exactly them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from safeguards.engine.models import Answer


@dataclass(frozen=True)
class Gap:
    """Days a fact's dated answers leave unanswered around the as-of date, and their borders."""

    on: dt.date | None
    ended: Answer | None
    """The last answer that ends before the date."""
    starts: Answer | None
    """The first answer that begins after it."""

    @property
    def first_day(self) -> dt.date | None:
        """Return the first unanswered day (``None``: the gap has no beginning)."""
        end = self.ended.effective_until if self.ended else None
        return end + dt.timedelta(days=1) if end else None

    @property
    def last_day(self) -> dt.date | None:
        """Return the last unanswered day (``None``: the gap has no end)."""
        start = self.starts.effective_from if self.starts else None
        return start - dt.timedelta(days=1) if start else None

    def set_options(self) -> list[str]:
        """Return the ``set`` options that add an answer for exactly these days."""
        first, last = self.first_day, self.last_day
        options = ["--effective-from", first.isoformat()] if first else []
        return options + (["--effective-until", last.isoformat()] if last else [])


def gap_of(history: Sequence[Answer], on: dt.date | None) -> Gap | None:
    """Return the gap around ``on`` of a fact that has answers but none in force on that date."""
    if not history or any(a.in_force(on) for a in history):
        return None
    ended = [a for a in history if a.effective_until and (on is None or a.effective_until < on)]
    starts = [a for a in history if a.effective_from and on is not None and a.effective_from > on]
    return Gap(
        on,
        max(ended, key=lambda a: a.effective_until or dt.date.min, default=None),
        min(starts, key=lambda a: a.effective_from or dt.date.max, default=None),
    )


def gap_text(path: str, gap: Gap) -> str:
    """Return the answers either side of the gap, with their places in ``path``, for a person."""
    borders = []
    if gap.ended is not None:
        borders.append(f"until {gap.ended.effective_until} ({_at(path, gap.ended)})")
    if gap.starts is not None:
        borders.append(f"from {gap.starts.effective_from} ({_at(path, gap.starts)})")
    when = f"on {gap.on}" if gap.on else "still"
    return f"answered {' and '.join(borders)}; nothing in force {when}"


def _at(path: str, answer: Answer) -> str:
    return f"{path}:{answer.line}" if answer.line else path
