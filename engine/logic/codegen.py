"""Second predicate backend: compiles validated predicate trees to fused Python source.

The closures of :mod:`safeguards.engine.catalog.predicate` cost one call per node. For request logs
with hundreds of thousands of records, the checks of one subject kind are compiled instead into a
single function whose body is generated from the validated trees: fact keys and literals enter the
source only through ``repr`` (strings, numbers, booleans) or as named constants (dates, sets of
strings), never as user code. Kleene truth is encoded as 0 (false), 1 (unknown) and 2
(true), so ``all`` is the minimum, ``any`` the maximum and ``not`` is ``2 - x``. The trace path of
:mod:`safeguards.engine.catalog.predicate` still explains findings; a unit test proves both backends
agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from safeguards.engine.catalog import CompiledCheck
from safeguards.engine.catalog.predicate import Leaf, Node, Predicate
from safeguards.engine.models import Status

Values = Mapping[str, Any]
StatusFunction = Callable[[Values], tuple[Status, ...]]
Derive = Callable[[dict[str, Any]], None]

_SAFE_SCALARS = (str, int, float, bool)
_COMPARE = {"equals": "==", "not_equals": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


Fact = Callable[[str], str]
"""Returns the expression that reads a fact's value (None when absent) in the generated source."""


def _from_values(key: str) -> str:
    return f"v.get({key!r})"


class CheckSource:
    """Collects generated lines and the constants they refer to.

    ``fact`` writes how a fact is read: from the values ``v`` by default, or from a local
    variable where the checks are fused with the derivations that set it
    (:mod:`safeguards.engine.logic.fused`).
    """

    def __init__(self, fact: Fact = _from_values) -> None:
        self.constants: dict[str, Any] = {}
        self.temps = 0
        self.fact = fact

    def literal(self, value: Any) -> str:
        """Return Python source for a literal: repr for plain values, a constant otherwise."""
        if value is None or (isinstance(value, _SAFE_SCALARS) and _finite(value)):
            return repr(value)
        if isinstance(value, frozenset | tuple) and all(isinstance(v, str) for v in value):
            value = frozenset(value)  # a named constant: built once, not at every evaluation
        elif not isinstance(value, dt.date):
            raise TypeError(f"cannot compile literal {value!r}")  # pragma: no cover - parse refuses
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def expr(self, tree: Predicate) -> str:
        """Return an expression that evaluates the tree to 0, 1 or 2 over ``v``.

        ``all`` is the minimum of its children and ``any`` the maximum, folded two at a time
        without a call, and each stops at the first child that settles it (a false one for
        ``all``, a true one for ``any``), as the interpreted predicates do.
        """
        if isinstance(tree, Node):
            parts = [self.expr(c) for c in tree.children]
            if tree.op == "not":
                return f"(2 - {parts[0]})"
            both = self._all if tree.op == "all" else self._any
            out = parts[0]
            for part in parts[1:]:
                out = both(out, part)
            return out
        return self.leaf(tree)

    def _names(self) -> tuple[str, str]:
        self.temps += 1
        return f"a{self.temps}", f"b{self.temps}"

    def _all(self, left: str, right: str) -> str:
        """Return the Kleene ``and`` of two: 0 if either is, else 2 if both are, else 1."""
        a, b = self._names()
        return f"(({a} := {left}) and (({b} := {right}) and (2 if {a} + {b} == 4 else 1)))"

    def _any(self, left: str, right: str) -> str:
        """Return the Kleene ``or`` of two: 2 if either is, else 1 if either is, else 0."""
        a, b = self._names()
        return f"(2 if ({a} := {left}) == 2 else 2 if ({b} := {right}) == 2 else {a} | {b})"

    def leaf(self, leaf: Leaf) -> str:
        """Return the expression of one comparison."""
        read = self.fact(leaf.fact)
        if leaf.op == "exists":
            test = "is not None" if leaf.literal else "is None"
            return f"(2 if {read} {test} else 0)"
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
        return f"(1 if (x := {read}) is None else 2 if {test} else 0)"


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or (value == value and abs(value) != float("inf"))


def check_source(src: CheckSource, check: CompiledCheck, name: str) -> list[str]:
    """Return the lines of a function that decides one check (same rules as ``decide``)."""
    return [f"def {name}(v):", *decide_lines(src, check, "s", 1), "    return s"]


def decide_lines(src: CheckSource, check: CompiledCheck, target: str, depth: int) -> list[str]:
    """Return statements, indented ``depth`` levels, that set ``target`` to the check's status.

    The same rules as ``decide``: not applicable or undetermined unless ``applies_when`` is
    true; met when ``require`` is, undetermined when it is unknown; else partial when
    ``partial`` is true, undetermined when it is unknown, and a gap otherwise.
    """
    at = "    " * depth
    lines: list[str] = []
    if check.applies_when is not None:
        lines += [
            f"{at}a = {src.expr(check.applies_when.tree)}",
            f"{at}if a != 2:",
            f"{at}    {target} = UND if a == 1 else NA",
            f"{at}else:",
        ]
        at += "    "
    lines += [
        f"{at}r = {src.expr(check.require.tree)}",
        f"{at}if r == 2:",
        f"{at}    {target} = MET",
        f"{at}elif r == 1:",
        f"{at}    {target} = UND",
    ]
    if check.partial is None:
        return [*lines, f"{at}else:", f"{at}    {target} = GAP"]
    return [
        *lines,
        f"{at}else:",
        f"{at}    p = {src.expr(check.partial.tree)}",
        f"{at}    {target} = PARTIAL if p == 2 else UND if p == 1 else GAP",
    ]


STATUS_NAMES = {
    "MET": Status.MET,
    "PARTIAL": Status.PARTIAL,
    "GAP": Status.GAP,
    "UND": Status.UNDETERMINED,
    "NA": Status.NOT_APPLICABLE,
}
"""The names the generated source gives the statuses."""


def compile_checks(checks: Sequence[CompiledCheck]) -> StatusFunction:
    """Compile checks into one function returning their statuses, in order.

    Args:
        checks: compiled checks of one subject kind (their trees are already validated).

    Returns:
        ``f(values) -> (status, ...)`` with the same result as ``decide`` for each check.

    """
    src = CheckSource()
    lines: list[str] = []
    names = []
    for i, check in enumerate(checks):
        name = f"_check{i}"
        names.append(name)
        lines += check_source(src, check, name)
    body = ", ".join(f"{n}(v)" for n in names)
    lines += ["def evaluate(v):", f"    return ({body}{',' if len(names) == 1 else ''})"]
    namespace: dict[str, Any] = {
        "__builtins__": {},
        **STATUS_NAMES,
        **src.constants,
    }
    code = compile("\n".join(lines) + "\n", "<safeguards checks>", "exec")
    exec(code, namespace)
    function: StatusFunction = namespace["evaluate"]
    return function


def compile_predicate_source(tree: Predicate) -> Callable[[Values], bool | None]:
    """Compile one predicate tree to a function returning True, False or None (for tests)."""
    src = CheckSource()
    code = f"def p(v):\n    r = {src.expr(tree)}\n    return None if r == 1 else r == 2\n"
    namespace: dict[str, Any] = {
        "__builtins__": {},
        **src.constants,
    }
    exec(compile(code, "<safeguards predicate>", "exec"), namespace)
    function: Callable[[Values], bool | None] = namespace["p"]
    return function
