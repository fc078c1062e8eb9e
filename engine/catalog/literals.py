"""The literals of predicate leaves, checked against the type and values of their fact.

``{fact: x, gte: 3}`` is refused at load if ``x`` is not ordered, ``{fact: y, in: [a, b]}`` if
``a`` is not one of ``y``'s values; a date literal becomes a ``date``. Every problem is a sentence
an author of rules can act on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguards.engine.catalog.facttypes import as_date, as_moment, not_allowed
from safeguards.engine.models import FactSpec, FactType

_ORDERED = {FactType.INT, FactType.NUMBER, FactType.DATE, FactType.DATETIME}


def check_literal(spec: FactSpec, op: str, raw: Any) -> tuple[Any, str | None]:
    """Return the literal converted to the fact's type, or a problem."""
    name = spec.key
    if op == "exists":
        if not isinstance(raw, bool):
            return None, "'exists' takes true or false"
        return raw, None
    if op in {"lt", "lte", "gt", "gte"}:
        if spec.type not in _ORDERED:
            return None, f"'{op}' compares numbers or dates, but '{name}' is {spec.type.value}"
        return _scalar(spec, raw, op)
    if op in {"contains", "contains_any"}:
        if spec.type is not FactType.LIST:
            return None, f"'{op}' needs a list fact, but '{name}' is {spec.type.value}"
        items = raw if op == "contains_any" else [raw]
        if not isinstance(items, list) or not items:
            return None, f"'{op}' takes a non-empty list of values"
        for item in items:
            if item not in spec.values:
                return None, not_allowed(spec, item)
        return (tuple(items) if op == "contains_any" else raw), None
    if op in {"in", "not_in"}:
        if not isinstance(raw, list) or not raw:
            return None, f"'{op}' takes a non-empty list of values"
        out = []
        for item in raw:
            value, problem = _scalar(spec, item, op)
            if problem:
                return None, problem
            out.append(value)
        return frozenset(out), None
    return _scalar(spec, raw, op)


def _scalar(spec: FactSpec, raw: Any, op: str) -> tuple[Any, str | None]:
    kind = spec.type
    ok: bool
    value = raw
    match kind:
        case FactType.BOOL:
            ok = isinstance(raw, bool)
        case FactType.ENUM | FactType.LIST:
            if kind is FactType.LIST and op in {"equals", "not_equals", "in", "not_in"}:
                return None, f"'{spec.key}' is a list: use contains or contains_any"
            ok = isinstance(raw, str) and raw in spec.values
            if isinstance(raw, str) and not ok:
                return None, not_allowed(spec, raw)
        case FactType.INT:
            ok = isinstance(raw, int) and not isinstance(raw, bool)
        case FactType.NUMBER:
            ok = isinstance(raw, int | float) and not isinstance(raw, bool)
        case FactType.DATE:
            value = as_date(raw)
            ok = value is not None
        case FactType.DATETIME:
            value = as_moment(raw)
            ok = value is not None
        case FactType.TEXT:
            ok = isinstance(raw, str)
    if not ok:
        return None, f"'{show_literal(raw)}' is not a valid {kind.value} for '{spec.key}'"
    return value, None


def show_literal(value: Any) -> str:
    """Return a literal as an author wrote it: lists sorted, booleans and dates in YAML's form."""
    if isinstance(value, frozenset | tuple | list):
        return "[" + ", ".join(sorted(show_literal(v) for v in value)) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
