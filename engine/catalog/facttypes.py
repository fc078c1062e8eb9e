"""The typing rules of answers: one coercer per fact, shared by profiles and request logs."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from safeguards.engine.models import FactSpec, FactType

BAD: Any = object()
"""What a coercer returns for a raw answer that does not fit the fact."""

Coercer = Callable[[Any, bool], Any]
"""``coerce(raw, text)``: the typed value, or :data:`BAD`; ``text`` marks CSV cell text."""


def coercer(spec: FactSpec) -> Coercer:
    """Return the function that types one raw answer to ``spec``.

    Raw answers are YAML or JSON values (dates may already be ``date``/``datetime`` objects)
    or, with ``text``, the text of a CSV cell. Naive date-times are taken as UTC; lists keep
    the first of repeated items; numbers must be finite and within the fact's bounds.
    """
    kind = spec.type
    allowed = frozenset(spec.values)
    lo, hi = spec.minimum, spec.maximum

    def bounded(x: Any) -> Any:
        if not math.isfinite(x) or (lo is not None and x < lo) or (hi is not None and x > hi):
            return BAD
        return x

    match kind:
        case FactType.BOOL:

            def to_bool(raw: Any, text: bool) -> Any:
                if text:
                    return {"true": True, "false": False}.get(raw.strip().lower(), BAD)
                return raw if raw is True or raw is False else BAD

            return to_bool
        case FactType.ENUM:
            return lambda raw, text: raw if isinstance(raw, str) and raw in allowed else BAD
        case FactType.INT | FactType.NUMBER:
            whole = kind is FactType.INT

            def to_num(raw: Any, text: bool) -> Any:
                if text:
                    try:
                        raw = int(raw) if whole else float(raw)
                    except ValueError:
                        return BAD
                if isinstance(raw, bool) or not isinstance(raw, int | float):
                    return BAD
                if whole and not isinstance(raw, int):
                    if not math.isfinite(raw) or not float(raw).is_integer():
                        return BAD
                    raw = int(raw)
                return bounded(raw)

            return to_num
        case FactType.DATE:

            def to_date(raw: Any, text: bool) -> Any:
                if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
                    return raw
                if not isinstance(raw, str) or len(raw) != 10:
                    return BAD
                try:
                    return dt.date.fromisoformat(raw)
                except ValueError:
                    return BAD

            return to_date
        case FactType.DATETIME:

            def to_moment(raw: Any, text: bool) -> Any:
                moment = as_moment(raw)
                return BAD if moment is None else moment

            return to_moment
        case FactType.TEXT:
            return lambda raw, text: raw if isinstance(raw, str) else BAD
        case FactType.LIST:

            def to_list(raw: Any, text: bool) -> Any:
                if text:
                    raw = [] if raw.strip() == "[]" else [p.strip() for p in raw.split(";")]
                if not isinstance(raw, list):
                    return BAD
                for item in raw:
                    if not isinstance(item, str) or item not in allowed:
                        return BAD
                return list(dict.fromkeys(raw)) if len(raw) > 1 else raw

            return to_list
    raise AssertionError(kind)  # pragma: no cover


def as_date(raw: Any) -> dt.date | None:
    """Return a date (a date, or ISO text), or None; a date and time is not a date."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    return None


def as_moment(raw: Any) -> dt.datetime | None:
    """Return a date and time (one, or ISO text), UTC when no zone is given; else None."""
    value: dt.datetime | None = None
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, str):
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            return None
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value
