"""Derived facts compiled to one fused Python function per subject kind, for request logs.

The same values as :func:`safeguards.engine.catalog.derive.apply_derivations` (a unit test holds
them equal on random and edge inputs), one function call per record instead of one per derived
fact. Fact keys and literals enter the source only through ``repr`` or as named constants.

Each fact is looked up in the record's values once, into a local variable, before the first
derivation that reads it; a derived fact, once computed, is read from its local too. The values
are still updated with every derived fact (the checks and the explanations read them there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from safeguards.engine.catalog.derive import Tables, moment, operator
from safeguards.engine.models import Derivation, FactSpec

Values = Mapping[str, Any]
Derive = Callable[[dict[str, Any]], None]


def compile_derivations_source(order: Sequence[FactSpec], tables: Tables) -> Derive:
    """Compile derived facts to one fused function (same results as ``apply_derivations``).

    The common operators (any_in, first_known, select, same_value, at_most, hours_between,
    days_between, subset_of, count_distinct, lookup, union, all_known) are inlined; the others
    call their operator with bound parameters. Fact keys and literals enter the source only
    through ``repr`` or as named constants.
    """
    source = derive_source(order, tables)
    function: Derive = source.compile("derive", [], "<safeguards derivations>")
    return function


@dataclass
class DeriveSource:
    """The body of a fused function that derives every fact into ``v``, and what it refers to.

    ``read`` names the local holding each fact read or derived so far: code added after the
    body (the fused checks) reads the facts through it.
    """

    lines: list[str]
    read: Reads
    constants: dict[str, Any]

    def compile(self, name: str, after: list[str], filename: str) -> Any:
        """Return the function ``name(v)``: the body, then the lines ``after`` it."""
        source = "\n".join([f"def {name}(v):", *self.lines, *after]) + "\n"
        namespace = {**_NAMES, **self.constants}
        exec(compile(source, filename, "exec"), namespace)
        return namespace[name]


_NAMES: dict[str, Any] = {
    "__builtins__": {
        "set": set,
        "list": list,
        "sorted": sorted,
        "len": len,
        "isinstance": isinstance,
        "str": str,
        "bool": bool,
        "round": round,
    },
    "DATE": dt.date,
    "DATETIME": dt.datetime,
    "MOMENT": moment,
}
"""What the generated source may name, besides its constants."""


def derive_source(order: Sequence[FactSpec], tables: Tables) -> DeriveSource:
    """Return the body of the fused function that derives the facts of ``order`` into ``v``."""
    consts: dict[str, Any] = {}

    def const(value: Any) -> str:
        name = f"_k{len(consts)}"
        consts[name] = value
        return name

    lines = ["    g = v.get"]
    read = Reads()
    for spec in order:
        d = spec.derive
        if d is None:
            continue
        body = _derive_lines(d, tables, const, read)
        lines += [f"    # {spec.key} ({d.op})", *read.take(), *body]
        lines += [
            "    if r is None:",
            f"        v.pop({spec.key!r}, None)",
            "    else:",
            f"        v[{spec.key!r}] = r",
            f"    {read.derived(spec.key)} = r",
        ]
    return DeriveSource(lines, read, consts)


Const = Callable[[Any], str]
"""Names a constant for the generated source and returns the name (see :func:`_derive_lines`)."""


class Reads:
    """The local variable that holds each fact the fused function has read or derived so far.

    Calling it with a fact's key returns the name of its local; a fact not read before gets a
    lookup (``fN = g(key)``), which :meth:`take` hands over to be written before the derivation
    that needs it, at the top level of the function, so that every later use finds it set.
    """

    def __init__(self) -> None:
        """Start with no fact read."""
        self.local: dict[str, str] = {}
        self.lookups: list[str] = []
        self.count = 0

    def _name(self, key: str) -> str:
        self.count += 1
        name = self.local[key] = f"f{self.count}"
        return name

    def __call__(self, key: str | None) -> str:
        """Return the local holding ``key`` (None when absent), looking it up if need be.

        No key (a parameter the catalog's lint requires, absent): the fact is never known.
        """
        if key is None:
            return "None"
        name = self.local.get(key)
        if name is None:
            name = self._name(key)
            self.lookups.append(f"    {name} = g({key!r})")
        return name

    def take(self) -> list[str]:
        """Return the lookups asked for since the last call, to write before their use."""
        lookups, self.lookups = self.lookups, []
        return lookups

    def derived(self, key: str) -> str:
        """Return a new local for a fact just derived (later reads of ``key`` use it)."""
        return self._name(key)


def _derive_lines(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    """Return the body that sets ``r`` to the derived value: inline, or a call of the operator."""
    inline = _INLINE.get(d.op)
    lines = inline(d, tables, const, read) if inline else None
    return lines if lines is not None else [f"    r = {const(_bound(d, tables))}(v)"]


def _any_in(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    among = const(frozenset(d.among))
    return [
        f"    x = {read(d.fact)}",
        f"    r = None if x is None else (x in {among}) if isinstance(x, str) "
        f"else not {among}.isdisjoint(x)",
    ]


def _first_known(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    out = ["    r = None"]
    for name in d.facts:
        out += ["    if r is None:", f"        r = {read(name)}"]
    return out


def _select(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    return [
        f"    x = {read(d.fact)}",
        "    if x is None:",
        "        r = None",
        "    else:",
        "        if isinstance(x, bool):",
        "            x = 'true' if x else 'false'",
        f"        r = g({d.prefix!r} + '.' + x)",
        "        if r is None:",
        f"            r = {read(f'{d.prefix}.default')}",
    ]


def _pair(d: Derivation, read: Reads) -> list[str] | None:
    """Read the two facts a comparison takes into ``x`` and ``y`` (other arities: not inline)."""
    if len(d.facts) != 2:
        return None
    return [f"    x = {read(d.facts[0])}", f"    y = {read(d.facts[1])}"]


def _same_value(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str] | None:
    pair = _pair(d, read)
    return None if pair is None else [*pair, "    r = None if x is None or y is None else x == y"]


def _at_most(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str] | None:
    pair = _pair(d, read)
    if pair is None:
        return None
    return [
        *pair,
        "    if x is None or y is None:",
        "        r = None",
        "    elif x.__class__ is DATE and y.__class__ is DATE:",
        "        r = x <= y  # both midnight UTC",
        "    elif isinstance(x, DATE) or isinstance(y, DATE):",
        "        if isinstance(x, DATE) and isinstance(y, DATE):",
        "            r = MOMENT(x) <= MOMENT(y)",
        "        else:",
        "            r = None",
        "    else:",
        "        r = x <= y",
    ]


def _between(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    days = " / 24, 6)" if d.op == "days_between" else ""
    return [
        f"    x = {read(d.start)}",
        f"    y = {read(d.end)}",
        "    if x is None or y is None:",
        "        r = None",
        "    else:",
        "        if x.__class__ is not DATE or y.__class__ is not DATE:  # else: whole days",
        "            x = x if x.__class__ is DATETIME and x.tzinfo else MOMENT(x)",
        "            y = y if y.__class__ is DATETIME and y.tzinfo else MOMENT(y)",
        f"        r = {'round(' if days else ''}round((y - x).total_seconds() / 3600, 6){days}",
    ]


def _count_distinct(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    return [f"    x = {read(d.fact)}", "    r = None if x is None else len(set(x))"]


def _subset_of(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    if not d.of:  # a fixed pool: a set built once
        among = const(frozenset(d.among))
        return [
            f"    x = {read(d.fact)}",
            f"    r = None if x is None else {among}.issuperset([x] if isinstance(x, str) else x)",
        ]
    return [
        f"    x = {read(d.fact)}",
        f"    y = {read(d.of)}",
        "    if x is None or y is None:",
        "        r = None",
        "    else:",
        "        r = set(y).issuperset([x] if isinstance(x, str) else x)",
    ]


def _union(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    names = [f"x{i}" for i in range(len(d.facts))]
    if not names:
        return ["    r = []"]
    out = [f"    {n} = {read(fact)}" for n, fact in zip(names, d.facts, strict=True)]
    out += [
        f"    if {' or '.join(f'{n} is None' for n in names)}:",
        "        r = None",
        "    else:",
        "        r = set()",
    ]
    out += [f"        r.update([{n}] if isinstance({n}, str) else {n})" for n in names]
    return [*out, "        r = sorted(r)"]


def _all_known(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    known = " and ".join(f"{read(fact)} is not None" for fact in d.facts) or "True"
    return [f"    r = {known}"]


def _lookup(d: Derivation, tables: Tables, const: Const, read: Reads) -> list[str]:
    table = const(tables.get(d.table or "", {}))
    slow = const(_bound(d, tables))
    return [
        f"    x = {read(d.fact)}",
        "    if x is None:",
        "        r = None",
        "    elif x.__class__ is str:",
        f"        r = {table}.get(x)",
        "    elif x.__class__ is list:  # the values of every item, once each, sorted",
        "        r = set()",
        "        for y in x:",
        f"            y = {table}.get(y)",
        "            if y is not None:",
        "                r.update(y if isinstance(y, list) else (y,))",
        "        r = sorted(r)",
        "    else:",
        f"        r = {slow}(v)",
    ]


_INLINE: dict[str, Callable[[Derivation, Tables, Const, Reads], list[str] | None]] = {
    "any_in": _any_in,
    "first_known": _first_known,
    "select": _select,
    "same_value": _same_value,
    "at_most": _at_most,
    "hours_between": _between,
    "days_between": _between,
    "count_distinct": _count_distinct,
    "subset_of": _subset_of,
    "lookup": _lookup,
    "union": _union,
    "all_known": _all_known,
}
"""The operators written inline in the fused source; the others are called with bound parameters.
An inliner may return None to decline a form it does not write (two-fact comparisons only)."""


def _bound(d: Derivation, tables: Tables) -> Callable[[Values], Any]:
    implementation = operator(d.op)
    return lambda v: implementation(d, v, tables)
