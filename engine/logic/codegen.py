"""Second predicate backend: compiles validated predicate trees to fused Python source.

The closures of :mod:`safeguards.engine.catalog.predicate` cost one call per node. For request logs
with hundreds of thousands of records, the checks of one subject kind are compiled instead into a
single function whose body is generated from the validated trees: fact keys and literals enter the
source only through ``repr`` (strings, numbers, booleans, frozensets of strings) or as named
constants (dates), never as user code. Kleene truth is encoded as 0 (false), 1 (unknown) and 2
(true), so ``all`` is ``min``, ``any`` is ``max`` and ``not`` is ``2 - x``. The trace path of
:mod:`safeguards.engine.catalog.predicate` still explains findings; a unit test proves both backends
agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from safeguards.engine.catalog import CompiledCheck
from safeguards.engine.catalog.derive import Tables, moment, operator
from safeguards.engine.catalog.predicate import Leaf, Node, Predicate
from safeguards.engine.models import Derivation, FactSpec, Status

Values = Mapping[str, Any]
StatusFunction = Callable[[Values], tuple[Status, ...]]
Derive = Callable[[dict[str, Any]], None]

_SAFE_SCALARS = (str, int, float, bool)
_COMPARE = {"equals": "==", "not_equals": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


class _Source:
    """Collects generated lines and the constants they refer to."""

    def __init__(self) -> None:
        self.constants: dict[str, Any] = {}

    def literal(self, value: Any) -> str:
        """Return Python source for a literal: repr for plain values, a constant otherwise."""
        if value is None or (isinstance(value, _SAFE_SCALARS) and _finite(value)):
            return repr(value)
        if isinstance(value, frozenset | tuple) and all(isinstance(v, str) for v in value):
            return f"frozenset({sorted(value)!r})"
        if isinstance(value, dt.date):
            name = f"_c{len(self.constants)}"
            self.constants[name] = value
            return name
        raise TypeError(f"cannot compile literal {value!r}")  # pragma: no cover - parse refuses

    def expr(self, tree: Predicate) -> str:
        """Return an expression that evaluates the tree to 0, 1 or 2 over ``v``."""
        if isinstance(tree, Node):
            parts = [self.expr(c) for c in tree.children]
            if tree.op == "not":
                return f"(2 - {parts[0]})"
            if len(parts) == 1:
                return parts[0]
            return f"{'min' if tree.op == 'all' else 'max'}({', '.join(parts)})"
        return self.leaf(tree)

    def leaf(self, leaf: Leaf) -> str:
        """Return the expression of one comparison."""
        key = repr(leaf.fact)
        if leaf.op == "exists":
            test = "is not None" if leaf.literal else "is None"
            return f"(2 if v.get({key}) {test} else 0)"
        lit = self.literal(leaf.literal)
        match leaf.op:
            case "in":
                test = f"x in {lit}"
            case "not_in":
                test = f"x not in {lit}"
            case "contains":
                test = f"{lit} in x"
            case "contains_any":
                test = f"not {lit}.isdisjoint(x)"
            case op:
                test = f"x {_COMPARE[op]} {lit}"
        return f"(1 if (x := v.get({key})) is None else 2 if {test} else 0)"


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or (value == value and abs(value) != float("inf"))


def check_source(src: _Source, check: CompiledCheck, name: str) -> list[str]:
    """Return the lines of a function that decides one check (same rules as ``decide``)."""
    lines = [f"def {name}(v):"]
    if check.applies_when is not None:
        lines += [
            f"    a = {src.expr(check.applies_when.tree)}",
            "    if a != 2:",
            "        return UND if a == 1 else NA",
        ]
    lines += [
        f"    r = {src.expr(check.require.tree)}",
        "    if r == 2:",
        "        return MET",
        "    if r == 1:",
        "        return UND",
    ]
    if check.partial is None:
        lines.append("    return GAP")
    else:
        lines += [
            f"    p = {src.expr(check.partial.tree)}",
            "    return PARTIAL if p == 2 else UND if p == 1 else GAP",
        ]
    return lines


def compile_checks(checks: Sequence[CompiledCheck]) -> StatusFunction:
    """Compile checks into one function returning their statuses, in order.

    Args:
        checks: compiled checks of one subject kind (their trees are already validated).

    Returns:
        ``f(values) -> (status, ...)`` with the same result as ``decide`` for each check.

    """
    src = _Source()
    lines: list[str] = []
    names = []
    for i, check in enumerate(checks):
        name = f"_check{i}"
        names.append(name)
        lines += check_source(src, check, name)
    body = ", ".join(f"{n}(v)" for n in names)
    lines += ["def evaluate(v):", f"    return ({body}{',' if len(names) == 1 else ''})"]
    namespace: dict[str, Any] = {
        "__builtins__": {"min": min, "max": max, "frozenset": frozenset},
        "MET": Status.MET,
        "PARTIAL": Status.PARTIAL,
        "GAP": Status.GAP,
        "UND": Status.UNDETERMINED,
        "NA": Status.NOT_APPLICABLE,
        **src.constants,
    }
    code = compile("\n".join(lines) + "\n", "<safeguards checks>", "exec")
    exec(code, namespace)
    function: StatusFunction = namespace["evaluate"]
    return function


def compile_predicate_source(tree: Predicate) -> Callable[[Values], bool | None]:
    """Compile one predicate tree to a function returning True, False or None (for tests)."""
    src = _Source()
    code = f"def p(v):\n    r = {src.expr(tree)}\n    return None if r == 1 else r == 2\n"
    namespace: dict[str, Any] = {
        "__builtins__": {"min": min, "max": max, "frozenset": frozenset},
        **src.constants,
    }
    exec(compile(code, "<safeguards predicate>", "exec"), namespace)
    function: Callable[[Values], bool | None] = namespace["p"]
    return function


def compile_derivations_source(order: Sequence[FactSpec], tables: Tables) -> Derive:
    """Compile derived facts to one fused function (same results as ``apply_derivations``).

    The common operators (any_in, first_known, select, same_value, subset_of, count_distinct,
    lookup of one value) are inlined; the others call their operator with bound parameters.
    Fact keys and literals enter the source only through ``repr`` or as named constants.
    """
    consts: dict[str, Any] = {}

    def const(value: Any) -> str:
        name = f"_k{len(consts)}"
        consts[name] = value
        return name

    lines = ["def derive(v):", "    g = v.get"]
    for spec in order:
        d = spec.derive
        if d is None:
            continue
        lines += [f"    # {spec.key} ({d.op})", *_derive_lines(d, tables, const)]
        lines += [
            "    if r is None:",
            f"        v.pop({spec.key!r}, None)",
            "    else:",
            f"        v[{spec.key!r}] = r",
        ]
    namespace: dict[str, Any] = {
        "__builtins__": {
            "set": set,
            "len": len,
            "isinstance": isinstance,
            "str": str,
            "bool": bool,
            "round": round,
        },
        "DATE": dt.date,
        "DATETIME": dt.datetime,
        "MOMENT": moment,
        **consts,
    }
    exec(compile("\n".join(lines) + "\n", "<safeguards derivations>", "exec"), namespace)
    function: Derive = namespace["derive"]
    return function


Const = Callable[[Any], str]
"""Names a constant for the generated source and returns the name (see :func:`_derive_lines`)."""


def _derive_lines(d: Derivation, tables: Tables, const: Const) -> list[str]:
    """Return the body that sets ``r`` to the derived value: inline, or a call of the operator."""
    inline = _INLINE.get(d.op)
    lines = inline(d, tables, const) if inline else None
    return lines if lines is not None else [f"    r = {const(_bound(d, tables))}(v)"]


def _any_in(d: Derivation, tables: Tables, const: Const) -> list[str]:
    among = const(frozenset(d.among))
    return [
        f"    x = g({d.fact!r})",
        f"    r = None if x is None else (x in {among}) if isinstance(x, str) "
        f"else not {among}.isdisjoint(x)",
    ]


def _first_known(d: Derivation, tables: Tables, const: Const) -> list[str]:
    out = ["    r = None"]
    for name in d.facts:
        out += ["    if r is None:", f"        r = g({name!r})"]
    return out


def _select(d: Derivation, tables: Tables, const: Const) -> list[str]:
    return [
        f"    x = g({d.fact!r})",
        "    if x is None:",
        "        r = None",
        "    else:",
        "        if isinstance(x, bool):",
        "            x = 'true' if x else 'false'",
        f"        r = g({d.prefix!r} + '.' + x)",
        "        if r is None:",
        f"            r = g({f'{d.prefix}.default'!r})",
    ]


def _pair(d: Derivation) -> list[str] | None:
    """Read the two facts a comparison takes into ``x`` and ``y`` (other arities: not inline)."""
    if len(d.facts) != 2:
        return None
    return [f"    x = g({d.facts[0]!r})", f"    y = g({d.facts[1]!r})"]


def _same_value(d: Derivation, tables: Tables, const: Const) -> list[str] | None:
    read = _pair(d)
    return None if read is None else [*read, "    r = None if x is None or y is None else x == y"]


def _at_most(d: Derivation, tables: Tables, const: Const) -> list[str] | None:
    read = _pair(d)
    if read is None:
        return None
    return [
        *read,
        "    if x is None or y is None:",
        "        r = None",
        "    elif isinstance(x, DATE) or isinstance(y, DATE):",
        "        if isinstance(x, DATE) and isinstance(y, DATE):",
        "            r = MOMENT(x) <= MOMENT(y)",
        "        else:",
        "            r = None",
        "    else:",
        "        r = x <= y",
    ]


def _between(d: Derivation, tables: Tables, const: Const) -> list[str]:
    days = " / 24, 6)" if d.op == "days_between" else ""
    return [
        f"    x = g({d.start!r})",
        f"    y = g({d.end!r})",
        "    if x is None or y is None:",
        "        r = None",
        "    else:",
        "        x = x if x.__class__ is DATETIME and x.tzinfo else MOMENT(x)",
        "        y = y if y.__class__ is DATETIME and y.tzinfo else MOMENT(y)",
        f"        r = {'round(' if days else ''}round((y - x).total_seconds() / 3600, 6){days}",
    ]


def _count_distinct(d: Derivation, tables: Tables, const: Const) -> list[str]:
    return [f"    x = g({d.fact!r})", "    r = None if x is None else len(set(x))"]


def _subset_of(d: Derivation, tables: Tables, const: Const) -> list[str]:
    pool = f"g({d.of!r})" if d.of else const(tuple(d.among))
    return [
        f"    x = g({d.fact!r})",
        f"    y = {pool}",
        "    if x is None or y is None:",
        "        r = None",
        "    else:",
        "        r = set([x] if isinstance(x, str) else x) <= set(y)",
    ]


def _lookup(d: Derivation, tables: Tables, const: Const) -> list[str]:
    table = const(tables.get(d.table or "", {}))
    slow = const(_bound(d, tables))
    return [
        f"    x = g({d.fact!r})",
        f"    r = None if x is None else {table}.get(x) if isinstance(x, str) else {slow}(v)",
    ]


_INLINE: dict[str, Callable[[Derivation, Tables, Const], list[str] | None]] = {
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
}
"""The operators written inline in the fused source; the others are called with bound parameters.
An inliner may return None to decline a form it does not write (two-fact comparisons only)."""


def _bound(d: Derivation, tables: Tables) -> Callable[[Values], Any]:
    implementation = operator(d.op)
    return lambda v: implementation(d, v, tables)
