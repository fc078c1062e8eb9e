"""The date and time a run is stamped with: ``SOURCE_DATE_EPOCH`` when set, else the clock.

Reproducible builds set ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) so that two runs on
different days give the same bytes. A value that is not such a number, or lies outside the
years 1 to 9999, is a usage error rather than a traceback.
"""

from __future__ import annotations

import datetime as dt
import os

from safeguards.engine.errors import UsageError


def source_date_epoch() -> dt.datetime | None:
    """Return the moment ``SOURCE_DATE_EPOCH`` names, None when it is unset or empty.

    Raises:
        UsageError: the value is not a whole number of seconds within the years 1-9999.

    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise UsageError(f"SOURCE_DATE_EPOCH='{raw[:20]}' is not a number of seconds since 1970")
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={raw} lies beyond the year 9999") from None


def today() -> dt.date:
    """Return today's date, or the date of ``SOURCE_DATE_EPOCH`` when it is set."""
    stamp = source_date_epoch()
    return stamp.date() if stamp is not None else dt.date.today()
