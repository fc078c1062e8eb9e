"""Compiles the YAML predicate language into callables with Kleene three-valued logic.

A predicate is a leaf ``{fact: KEY, OP: LITERAL}`` or a combinator ``all``/``any``/``not``.
Compiling checks every operator, fact and literal against the facts catalog once, at load;
evaluating then costs one call per node. ``None`` stands for *unknown*.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from safeguards.engine.catalog.literals import check_literal, show_literal
from safeguards.engine.errors import CatalogError, InputError, did_you_mean
from safeguards.engine.io.yamlsrc import JsonPath, YamlDoc
from safeguards.engine.models import FactSpec

Truth = bool | None
Values = Mapping[str, Any]
Evaluator = Callable[[Values], Truth]

LEAF_OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "not_in",
    "lt",
    "lte",
    "gt",
    "gte",
    "contains",
    "contains_any",
    "exists",
)
COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True)
class Leaf:
    """One comparison of one fact with a literal."""

    fact: str
    op: str
    literal: Any
    spec: FactSpec

    def describe(self) -> str:
        """Return the leaf as a readable phrase."""
        words = {
            "equals": "is",
            "not_equals": "is not",
            "in": "is one of",
            "not_in": "is none of",
            "lt": "is less than",
            "lte": "is at most",
            "gt": "is more than",
            "gte": "is at least",
            "contains": "includes",
            "contains_any": "includes any of",
        }
        if self.op == "exists":
            return f"{self.fact} is {'answered' if self.literal else 'not answered'}"
        return f"{self.fact} {words[self.op]} {show_literal(self.literal)}"


@dataclass(frozen=True)
class Node:
    """A combinator over child predicates."""

    op: str
    children: tuple[Predicate, ...]

    def describe(self) -> str:
        """Return the combinator as a readable phrase."""
        if self.op == "not":
            return f"not ({self.children[0].describe()})"
        joiner = " and " if self.op == "all" else " or "
        return "(" + joiner.join(c.describe() for c in self.children) + ")"


Predicate = Leaf | Node


@dataclass
class Trace:
    """Why a predicate came out as it did: the answers that decided it and the missing ones."""

    result: Truth
    decisive: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


Tracer = Callable[[Values], Trace]


@dataclass(frozen=True)
class Compiled:
    """A predicate compiled for fast evaluation, keeping its tree for explanations."""

    tree: Predicate
    evaluate: Evaluator

    @cached_property
    def tracer(self) -> Tracer:
        """The predicate's tracer, built at its first trace (most are never traced)."""
        return _build_tracer(self.tree)

    def trace(self, values: Values) -> Trace:
        """Evaluate again, recording which facts decided the result."""
        return self.tracer(values)

    def leaf_evaluators(self) -> tuple[Evaluator, ...]:
        """Return an evaluator per leaf, in the order of the tree.

        The trace of a predicate depends on nothing but the truth of its leaves (each leaf
        reads one fact), so their truths together can stand for the trace (see ExplainMemo).
        """
        out: list[Evaluator] = []
        _leaves(self.tree, out)
        return tuple(out)

    def facts(self) -> tuple[str, ...]:
        """Return every fact the predicate reads, in order of appearance, once each."""
        out: dict[str, None] = {}
        _collect(self.tree, out)
        return tuple(out)


def compile_predicate(
    data: Any, facts: Mapping[str, FactSpec], doc: YamlDoc, path: JsonPath
) -> tuple[Compiled | None, list[InputError]]:
    """Compile one predicate; return it with the problems found (then it is ``None``).

    Args:
        data: the predicate as read from YAML.
        facts: the declared facts of the check's subject kind.
        doc: the file it came from, to locate problems.
        path: where in that file the predicate stands.

    """
    errors: list[InputError] = []
    tree = _parse(data, facts, doc, path, errors)
    if errors or tree is None:
        return None, errors
    return Compiled(tree, _build(tree)), []


def _fail(
    errors: list[InputError], doc: YamlDoc, path: JsonPath, msg: str, key: bool = False
) -> None:
    errors.append(CatalogError(doc.locate(path, key=key), msg))


def _parse(
    data: Any, facts: Mapping[str, FactSpec], doc: YamlDoc, path: JsonPath, errors: list[InputError]
) -> Predicate | None:
    if not isinstance(data, dict) or not data:
        _fail(errors, doc, path, "a predicate must be a mapping such as {fact: …, equals: …}")
        return None
    combinators = [k for k in data if k in COMBINATORS]
    if combinators:
        if len(data) != 1:
            others = ", ".join(sorted(k for k in data if k != combinators[0]))
            _fail(errors, doc, path, f"'{combinators[0]}' must stand alone (also found: {others})")
            return None
        op = combinators[0]
        inner = data[op]
        if op == "not":
            child = _parse(inner, facts, doc, (*path, "not"), errors)
            return Node("not", (child,)) if child is not None else None
        if not isinstance(inner, list) or not inner:
            _fail(errors, doc, (*path, op), f"'{op}' takes a non-empty list of predicates")
            return None
        kids = [_parse(item, facts, doc, (*path, op, i), errors) for i, item in enumerate(inner)]
        if any(k is None for k in kids):
            return None
        return Node(op, tuple(k for k in kids if k is not None))
    return _parse_leaf(data, facts, doc, path, errors)


def _parse_leaf(
    data: dict[str, Any],
    facts: Mapping[str, FactSpec],
    doc: YamlDoc,
    path: JsonPath,
    errors: list[InputError],
) -> Leaf | None:
    before = len(errors)
    for key in data:
        if key != "fact" and key not in LEAF_OPERATORS:
            hint = did_you_mean(key, (*LEAF_OPERATORS, *COMBINATORS))
            _fail(errors, doc, (*path, key), f"unknown predicate operator '{key}'{hint}", key=True)
    if "fact" not in data:
        _fail(errors, doc, path, "a predicate leaf needs 'fact' (or use all/any/not)")
        return None
    ops = [k for k in data if k in LEAF_OPERATORS]
    if len(errors) > before:
        return None
    if len(ops) != 1:
        found = ", ".join(ops) if ops else "none"
        _fail(errors, doc, path, f"a predicate leaf needs exactly one operator (found: {found})")
        return None
    name = data["fact"]
    spec = facts.get(name) if isinstance(name, str) else None
    if spec is None:
        hint = did_you_mean(str(name), facts)
        _fail(errors, doc, (*path, "fact"), f"unknown fact '{name}'{hint}")
        return None
    op = ops[0]
    literal, problem = check_literal(spec, op, data[op])
    if problem:
        _fail(errors, doc, (*path, op), problem)
        return None
    return Leaf(name, op, literal, spec)


def _build(tree: Predicate) -> Evaluator:
    """Turn a parsed predicate into nested closures (one call per node at run time)."""
    if isinstance(tree, Leaf):
        return _leaf(tree)
    kids = tuple(_build(c) for c in tree.children)
    if tree.op == "not":
        (child,) = kids

        def negate(values: Values) -> Truth:
            r = child(values)
            return None if r is None else not r

        return negate
    if tree.op == "all":

        def all_of(values: Values) -> Truth:
            unknown = False
            for kid in kids:
                r = kid(values)
                if r is False:
                    return False
                if r is None:
                    unknown = True
            return None if unknown else True

        return all_of

    def any_of(values: Values) -> Truth:
        unknown = False
        for kid in kids:
            r = kid(values)
            if r is True:
                return True
            if r is None:
                unknown = True
        return None if unknown else False

    return any_of


def _leaf(leaf: Leaf) -> Evaluator:
    key, lit = leaf.fact, leaf.literal
    match leaf.op:
        case "exists":
            present = bool(lit)
            return lambda v: (v.get(key) is not None) is present
        case "equals":
            return lambda v: None if (x := v.get(key)) is None else x == lit
        case "not_equals":
            return lambda v: None if (x := v.get(key)) is None else x != lit
        case "in":
            return lambda v: None if (x := v.get(key)) is None else x in lit
        case "not_in":
            return lambda v: None if (x := v.get(key)) is None else x not in lit
        case "lt":
            return lambda v: None if (x := v.get(key)) is None else x < lit
        case "lte":
            return lambda v: None if (x := v.get(key)) is None else x <= lit
        case "gt":
            return lambda v: None if (x := v.get(key)) is None else x > lit
        case "gte":
            return lambda v: None if (x := v.get(key)) is None else x >= lit
        case "contains":
            return lambda v: None if (x := v.get(key)) is None else lit in x
        case "contains_any":
            wanted = frozenset(lit)
            return lambda v: None if (x := v.get(key)) is None else not wanted.isdisjoint(x)
    raise AssertionError(f"unhandled operator {leaf.op}")  # pragma: no cover - parse refuses


def _build_tracer(tree: Predicate) -> Tracer:
    """Turn a parsed predicate into nested closures that trace it as :func:`_trace` does.

    Built once per predicate, so that explaining a finding does not build every leaf's
    evaluator again nor ask each node what it is; :func:`_trace` stays the plain reference.
    """
    if isinstance(tree, Leaf):
        evaluate, fact = _leaf(tree), tree.fact

        def leaf(values: Values) -> Trace:
            result = evaluate(values)
            if result is None:
                return Trace(None, [], [fact])
            return Trace(result, [fact], [])

        return leaf
    kids = tuple(_build_tracer(c) for c in tree.children)
    if tree.op == "not":
        (child,) = kids

        def negate(values: Values) -> Trace:
            kid = child(values)
            return Trace(None if kid.result is None else not kid.result, kid.decisive, kid.missing)

        return negate
    decider = tree.op == "any"  # ``all`` is decided by a false part, ``any`` by a true part

    def combine(values: Values) -> Trace:
        traces = [kid(values) for kid in kids]
        results = [t.result for t in traces]
        if decider in results:
            return Trace(decider, _union(t.decisive for t in traces if t.result is decider), [])
        if None in results:
            return Trace(
                None,
                _union(t.decisive for t in traces if t.result is not None),
                _union(t.missing for t in traces if t.result is None),
            )
        return Trace(not decider, _union(t.decisive for t in traces), [])

    return combine


def _trace(tree: Predicate, values: Values) -> Trace:
    """Trace a predicate by walking its tree: the reference the built tracer is tested against."""
    if isinstance(tree, Leaf):
        result = _leaf(tree)(values)
        if result is None:
            return Trace(None, [], [tree.fact])
        return Trace(result, [tree.fact], [])
    kids = [_trace(c, values) for c in tree.children]
    if tree.op == "not":
        kid = kids[0]
        return Trace(None if kid.result is None else not kid.result, kid.decisive, kid.missing)
    # ``all`` is decided by a false part, ``any`` by a true part; otherwise every part counts.
    decider = tree.op == "any"
    results = [k.result for k in kids]
    if decider in results:
        deciding = [k for k in kids if k.result is decider]
        return Trace(decider, _union(k.decisive for k in deciding), [])
    if None in results:
        return Trace(
            None,
            _union(k.decisive for k in kids if k.result is not None),
            _union(k.missing for k in kids if k.result is None),
        )
    return Trace(not decider, _union(k.decisive for k in kids), [])


def _union(lists: Any) -> list[str]:
    out: dict[str, None] = {}
    for items in lists:
        out.update(dict.fromkeys(items))
    return list(out)


def _leaves(tree: Predicate, out: list[Evaluator]) -> None:
    if isinstance(tree, Leaf):
        out.append(_leaf(tree))
        return
    for child in tree.children:
        _leaves(child, out)


def _collect(tree: Predicate, out: dict[str, None]) -> None:
    if isinstance(tree, Leaf):
        out[tree.fact] = None
        return
    for child in tree.children:
        _collect(child, out)
