"""Derived facts: a closed set of operators that compute facts from other facts.

Derived facts are declared in the facts catalog and never read from input. If any input of a
derivation is unknown, the derived fact is unknown.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from safeguards.engine.models import Derivation, FactSpec

Tables = Mapping[str, Mapping[str, Any]]
Operator = Callable[[Derivation, Mapping[str, Any], Tables], Any]

OPERATORS: dict[str, tuple[str, ...]] = {
    "hours_between": ("start", "end"),
    "days_between": ("start", "end"),
    "subset_of": ("fact",),
    "same_value": ("facts",),
    "count_distinct": ("fact",),
    "lookup": ("fact", "table"),
    "any_in": ("fact", "among"),
    "first_known": ("facts",),
    "union": ("facts",),
    "all_known": ("facts",),
    "at_most": ("facts",),
    "select": ("fact", "prefix"),
}
"""Each operator and the parameters it requires."""


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def _hours(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    start, end = v.get(d.start or ""), v.get(d.end or "")
    if start is None or end is None:
        return None
    return round((_moment(end) - _moment(start)).total_seconds() / 3600, 6)


def _days(d: Derivation, v: Mapping[str, Any], t: Tables) -> Any:
    hours = _hours(d, v, t)
    return None if hours is None else round(hours / 24, 6)


def _subset(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    items = v.get(d.fact or "")
    if items is None:
        return None
    pool = v.get(d.of) if d.of else d.among
    if pool is None:
        return None
    items = [items] if isinstance(items, str) else items
    return set(items) <= set(pool)


def _same(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    found = [v.get(name) for name in d.facts]
    if any(x is None for x in found):
        return None
    return all(x == found[0] for x in found[1:])


def _count(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    items = v.get(d.fact or "")
    return None if items is None else len(set(items))


def _lookup(d: Derivation, v: Mapping[str, Any], t: Tables) -> Any:
    key = v.get(d.fact or "")
    table = t.get(d.table or "", {})
    if key is None:
        return None
    if isinstance(key, bool):  # YAML table keys are text: a bool fact looks up "true"/"false"
        key = "true" if key else "false"
    if isinstance(key, list):
        out: set[str] = set()
        for item in key:
            mapped = table.get(item)
            if mapped is None:
                continue
            out.update(mapped if isinstance(mapped, list) else [mapped])
        return sorted(out)
    return table.get(key)


def _any_in(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    items = v.get(d.fact or "")
    if items is None:
        return None
    items = [items] if isinstance(items, str) else items
    return not set(d.among).isdisjoint(items)


def _first_known(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    return next((x for name in d.facts if (x := v.get(name)) is not None), None)


def _union(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    out: set[str] = set()
    for name in d.facts:
        items = v.get(name)
        if items is None:
            return None
        out.update([items] if isinstance(items, str) else items)
    return sorted(out)


def _all_known(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    return all(v.get(name) is not None for name in d.facts)


def _at_most(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    found: list[Any] = [v.get(name) for name in d.facts]
    if any(x is None for x in found):
        return None
    if any(isinstance(x, dt.date) for x in found):
        if not all(isinstance(x, dt.date) for x in found):
            return None
        found = [_moment(x) for x in found]
    return all(a <= b for a, b in itertools.pairwise(found))


def _select(d: Derivation, v: Mapping[str, Any], _: Tables) -> Any:
    key = v.get(d.fact or "")
    if key is None:
        return None
    if isinstance(key, bool):
        key = "true" if key else "false"
    chosen = v.get(f"{d.prefix}.{key}")
    return v.get(f"{d.prefix}.default") if chosen is None else chosen


_IMPL: dict[str, Operator] = {
    "hours_between": _hours,
    "days_between": _days,
    "subset_of": _subset,
    "same_value": _same,
    "count_distinct": _count,
    "lookup": _lookup,
    "any_in": _any_in,
    "first_known": _first_known,
    "union": _union,
    "all_known": _all_known,
    "at_most": _at_most,
    "select": _select,
}


def moment(value: Any) -> dt.datetime:
    """Return a date or date-time as an aware date-time (dates at midnight UTC)."""
    return _moment(value)


def operator(name: str) -> Operator:
    """Return the implementation of one derivation operator."""
    return _IMPL[name]


def reads(spec: FactSpec, declared: Iterable[str]) -> tuple[str, ...]:
    """Return every fact a derived fact reads, including those ``select`` finds under its prefix."""
    assert spec.derive is not None
    names = list(spec.derive.inputs())
    if spec.derive.prefix:
        names += [k for k in declared if k.startswith(spec.derive.prefix + ".")]
    return tuple(names)


def derivation_order(facts: Mapping[str, FactSpec]) -> list[FactSpec]:
    """Return the derived facts so that each comes after the derived facts it reads.

    Cycles are refused by the catalog loader, so a plain depth-first order suffices.
    """
    derived = {k: s for k, s in facts.items() if s.derive is not None}
    order: list[FactSpec] = []
    seen: set[str] = set()

    def visit(key: str, stack: tuple[str, ...]) -> None:
        if key in seen or key not in derived or key in stack:
            return
        spec = derived[key]
        assert spec.derive is not None
        for name in reads(spec, facts):
            visit(name, (*stack, key))
        seen.add(key)
        order.append(spec)

    for key in derived:
        visit(key, ())
    return order


def find_cycle(facts: Mapping[str, FactSpec]) -> list[str] | None:
    """Return a cycle among derived facts, if there is one."""
    derived = {k: reads(s, facts) for k, s in facts.items() if s.derive is not None}

    def walk(key: str, stack: list[str]) -> list[str] | None:
        if key in stack:
            return [*stack[stack.index(key) :], key]
        for name in derived.get(key, ()):
            found = walk(name, [*stack, key])
            if found:
                return found
        return None

    for key in derived:
        cycle = walk(key, [])
        if cycle:
            return cycle
    return None


def apply_derivations(values: dict[str, Any], order: list[FactSpec], tables: Tables) -> None:
    """Compute every derived fact into ``values`` (in place); unknown results are left out."""
    for spec in order:
        assert spec.derive is not None
        result = _IMPL[spec.derive.op](spec.derive, values, tables)
        if result is None:
            values.pop(spec.key, None)
        else:
            values[spec.key] = result


Compute = Callable[[Mapping[str, Any]], Any]


def _specialize(d: Derivation, tables: Tables) -> Compute:
    """Bind one derivation's parameters into a closure (the same result as its operator)."""
    op = _IMPL[d.op]
    if d.op == "any_in":
        among, name = frozenset(d.among), d.fact or ""

        def any_in(v: Mapping[str, Any]) -> Any:
            x = v.get(name)
            if x is None:
                return None
            return x in among if isinstance(x, str) else not among.isdisjoint(x)

        return any_in
    if d.op == "first_known":
        names = d.facts

        def first(v: Mapping[str, Any]) -> Any:
            for n in names:
                x = v.get(n)
                if x is not None:
                    return x
            return None

        return first
    if d.op == "lookup" and d.fact:
        table, name = tables.get(d.table or "", {}), d.fact

        def lookup(v: Mapping[str, Any]) -> Any:
            x = v.get(name)
            if x is None or isinstance(x, str):
                return None if x is None else table.get(x)
            return _lookup(d, v, tables)

        return lookup
    return lambda v: op(d, v, tables)


def compile_derivations(order: list[FactSpec], tables: Tables) -> Callable[[dict[str, Any]], None]:
    """Return a function that computes every derived fact in place, like ``apply_derivations``.

    The parameters of each derivation are bound once, so a long request log pays only one call
    per derived fact and record.
    """
    steps = [(spec.key, _specialize(spec.derive, tables)) for spec in order if spec.derive]

    def derive_all(values: dict[str, Any]) -> None:
        for key, compute in steps:
            result = compute(values)
            if result is None:
                values.pop(key, None)
            else:
                values[key] = result

    return derive_all
