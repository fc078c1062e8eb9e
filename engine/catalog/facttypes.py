"""The typing rules of answers: one coercer per fact, shared by profiles and request logs."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from safeguards.engine.errors import did_you_mean
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
    return _COERCERS[spec.type](spec)


def _to_bool(spec: FactSpec) -> Coercer:
    def to_bool(raw: Any, text: bool) -> Any:
        if text:
            return {"true": True, "false": False}.get(raw.strip().lower(), BAD)
        return raw if raw is True or raw is False else BAD

    return to_bool


def _to_enum(spec: FactSpec) -> Coercer:
    allowed = frozenset(spec.values)
    return lambda raw, text: raw if isinstance(raw, str) and raw in allowed else BAD


def _to_number(spec: FactSpec) -> Coercer:
    whole = spec.type is FactType.INT
    lo, hi = spec.minimum, spec.maximum

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
        if not math.isfinite(raw) or (lo is not None and raw < lo) or (hi is not None and raw > hi):
            return BAD
        return raw

    return to_num


def _to_date(spec: FactSpec) -> Coercer:
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


def _to_moment(spec: FactSpec) -> Coercer:
    def to_moment(raw: Any, text: bool) -> Any:
        moment = as_moment(raw)
        return BAD if moment is None else moment

    return to_moment


def _to_text(spec: FactSpec) -> Coercer:
    return lambda raw, text: raw if isinstance(raw, str) else BAD


def _to_list(spec: FactSpec) -> Coercer:
    allowed = frozenset(spec.values)

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


_COERCERS: dict[FactType, Callable[[FactSpec], Coercer]] = {
    FactType.BOOL: _to_bool,
    FactType.ENUM: _to_enum,
    FactType.INT: _to_number,
    FactType.NUMBER: _to_number,
    FactType.DATE: _to_date,
    FactType.DATETIME: _to_moment,
    FactType.TEXT: _to_text,
    FactType.LIST: _to_list,
}


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


def coerce(spec: FactSpec, raw: Any) -> tuple[Any, str | None]:
    """Check a raw answer against a fact's type; return the typed value or a problem."""
    value = coercer(spec)(raw, False)
    if value is not BAD:
        return value, None
    return None, _problem(spec, raw)


def _problem(spec: FactSpec, raw: Any) -> str:
    """Say why an answer does not fit its fact, as precisely as the answer allows."""
    items = raw if spec.type is FactType.LIST and isinstance(raw, list) else [raw]
    if spec.type in (FactType.ENUM, FactType.LIST) and all(isinstance(x, str) for x in items):
        outside = next((x for x in items if x not in spec.values), None)
        if outside is not None:
            return not_allowed(spec, outside)
    numeric = isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)
    if spec.type in (FactType.INT, FactType.NUMBER) and numeric:
        whole = spec.type is not FactType.INT or float(raw).is_integer()
        if whole and spec.minimum is not None and raw < spec.minimum:
            return f"'{spec.key}' must be at least {_num(spec.minimum)}, not {_num(raw)}"
        if whole and spec.maximum is not None and raw > spec.maximum:
            return f"'{spec.key}' must be at most {_num(spec.maximum)}, not {_num(raw)}"
    return f"'{spec.key}' expects {expected(spec)}, not {_show(raw)}"


def expected(spec: FactSpec, *, listing: bool = True) -> str:
    """Say what a fact's answer must be; ``listing``: name the allowed values of enums and lists.

    A request log's messages do not list them (one log repeats a message for many records).
    """
    values = ": " + ", ".join(spec.values) if listing else " its allowed values"
    return {
        FactType.BOOL: "true or false",
        FactType.ENUM: "one of" + values,
        FactType.INT: "a whole number",
        FactType.NUMBER: "a number",
        FactType.DATE: "a date (YYYY-MM-DD)",
        FactType.DATETIME: "a date and time (YYYY-MM-DDTHH:MM:SSZ)",
        FactType.TEXT: "text",
        FactType.LIST: "a list of" + values,
    }[spec.type]


def not_allowed(spec: FactSpec, value: str) -> str:
    """Say that a value is not one of a fact's values, with the closest and the allowed ones."""
    hint = did_you_mean(value, list(spec.values))
    allowed = ", ".join(spec.values)
    return f"'{value}' is not an allowed value of '{spec.key}'{hint} (allowed: {allowed})"


def _show(raw: Any) -> str:
    if raw is None:
        return "nothing"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, dict | Mapping):
        return "a mapping"
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return f"'{raw}'"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
