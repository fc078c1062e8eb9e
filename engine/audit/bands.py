"""T12: national-security demands, reported only in bands and only after a delay."""

from __future__ import annotations

import datetime as dt

from safeguards.engine.audit.accumulate import Accumulator
from safeguards.engine.models.transparency import Table


def band(count: int, width: int) -> str:
    """Return the band of ``width`` a count falls in (``0–249``, ``250–499`` and so on)."""
    low = count // width * width
    return f"{low}–{low + width - 1}"


def national_security(
    acc: Accumulator, width: int, publishable_from: dt.date, as_of: dt.date
) -> Table:
    """Return T12: national-security demands in bands, once the publication delay has passed.

    Every kind is shown, a kind with no demand as the lowest band, so that a zero is not told
    apart from a few; before ``publishable_from`` the table has no rows and says when it may.
    """
    title = "National-security demands (in bands)"
    columns = ("legal process", "requests", "accounts")
    if as_of < publishable_from:
        note = (
            f"National-security demands of this period may be reported from "
            f"{publishable_from.isoformat()}; they are not counted in any other table."
        )
        return Table(
            id="T12",
            title=title,
            columns=columns,
            rows=(),
            notes=(note,),
            empty="Not yet publishable: the publication delay has not passed.",
        )
    kinds = sorted(
        {k for k, _ in acc.national_security} | {"fisa_order", "national_security_letter"}
    )
    rows = tuple(
        (
            kind,
            band(acc.national_security[(kind, "requests")], width),
            band(acc.national_security[(kind, "accounts")], width),
        )
        for kind in kinds
    )
    note = (
        f"Reported in bands of {width}, a band starting at 0 whatever the number; "
        "these demands are not counted in any other table."
    )
    return Table(id="T12", title=title, columns=columns, rows=rows, notes=(note,))
