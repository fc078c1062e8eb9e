"""The ``set`` options that answer the days a fact's dated answers leave open.

The days themselves are :class:`safeguards.engine.models.Unanswered` (found by
:func:`safeguards.engine.models.unanswered`): ``missing``, ``explain`` and ``init`` say which
answers border them, and offer or write the answer that fills exactly them.
"""

from __future__ import annotations

from safeguards.engine.models import Unanswered


def set_options(days: Unanswered) -> list[str]:
    """Return the ``set`` options that add an answer for exactly these days."""
    first, last = days.first_day, days.last_day
    options = ["--effective-from", first.isoformat()] if first else []
    return options + (["--effective-until", last.isoformat()] if last else [])
