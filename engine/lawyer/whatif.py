"""What-if evaluation: which unanswered facts matter, and which answers would change a verdict.

Everything here runs the real evaluator (:func:`safeguards.engine.logic.evaluate.decide`) on trial
answers; no verdict is guessed from the shape of a predicate alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safeguards.engine.catalog import Catalog, CompiledCheck
from safeguards.engine.catalog.derive import apply_derivations
from safeguards.engine.catalog.predicate import Compiled, Leaf, Node, Predicate
from safeguards.engine.logic.evaluate import Options, answers_in_force, decide
from safeguards.engine.models import FactSpec, FactType, Status, Subject

SAMPLE_TEXT = "(some text)"
"""The trial answer of a text fact: predicates can only test text for presence or equality."""


def base_values(subject: Subject, options: Options | None = None) -> dict[str, Any]:
    """Return the subject's answers in force (derived facts not yet computed)."""
    return {k: a.value for k, a in answers_in_force(subject, options or Options()).items()}


def with_derived(catalog: Catalog, kind: str, base: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``base`` with every derived fact of ``kind`` computed."""
    values = dict(base)
    apply_derivations(values, catalog.derivations.get(kind, []), catalog.tables)
    return values


def _parts(check: CompiledCheck) -> list[Compiled]:
    return [p for p in (check.applies_when, check.require, check.partial) if p is not None]


def reads(catalog: Catalog, check: CompiledCheck) -> list[str]:
    """Return every answerable fact a check depends on, derived facts expanded."""
    out: dict[str, None] = {}
    for part in _parts(check):
        for fact in part.facts():
            out.update(dict.fromkeys(catalog.inputs_of(check.check.kind, fact)))
    return list(out)


def open_facts(catalog: Catalog, check: CompiledCheck, base: Mapping[str, Any]) -> list[str]:
    """Return the unanswered facts that stand in an undecided part of an undetermined check.

    A part is undecided when its predicate comes out unknown and the verdict still depends on
    it: ``applies_when`` while it is unknown; ``require`` unless ``applies_when`` is false;
    ``partial`` unless ``require`` is true. Derived facts are replaced by their unanswered
    inputs. A check that is not undetermined has no open facts.
    """
    kind = check.check.kind
    values = with_derived(catalog, kind, base)
    if decide(check, values) is not Status.UNDETERMINED:
        return []
    found: dict[str, None] = {}
    applies = check.applies_when.trace(values) if check.applies_when else None
    if applies is not None:
        found.update(dict.fromkeys(applies.missing))
    require = check.require.trace(values)
    found.update(dict.fromkeys(require.missing))
    if check.partial is not None and require.result is not True:
        found.update(dict.fromkeys(check.partial.trace(values).missing))
    out: dict[str, None] = {}
    for fact in found:
        out.update({k: None for k in catalog.inputs_of(kind, fact) if base.get(k) is None})
    return list(out)


def worth_asking(catalog: Catalog, kind: str, base: Mapping[str, Any], fact: str) -> bool:
    """Return whether answering ``fact`` could still change some verdict of ``kind``."""
    return any(fact in open_facts(catalog, c, base) for c in catalog.checks_for(kind))


def _leaves(tree: Predicate) -> Iterable[Leaf]:
    if isinstance(tree, Leaf):
        yield tree
        return
    assert isinstance(tree, Node)
    for child in tree.children:
        yield from _leaves(child)


def literals(catalog: Catalog, kind: str, fact: str) -> list[Any]:
    """Return the literals the checks of ``kind`` compare ``fact`` with (flattened, unique)."""
    out: list[Any] = []
    for check in catalog.checks_for(kind):
        for part in _parts(check):
            for leaf in _leaves(part.tree):
                if leaf.fact != fact or leaf.op == "exists":
                    continue
                items = leaf.literal if isinstance(leaf.literal, frozenset) else [leaf.literal]
                out.extend(x for x in items if x not in out)
    return out


def domain(catalog: Catalog, kind: str, spec: FactSpec) -> list[Any]:
    """Return the trial answers of a fact: enough values to reach every outcome of its leaves.

    bool: true and false. enum: every value. list: no item, each single item, every item.
    int, number, date, datetime: each literal the checks compare the fact with, one unit below
    and one above (within the declared bounds), or one plausible value when no check compares it.
    text: the literals, or a sample text.
    """
    match spec.type:
        case FactType.BOOL:
            return [True, False]
        case FactType.ENUM:
            return list(spec.values)
        case FactType.LIST:
            return [[], *([v] for v in spec.values), list(spec.values)]
        case FactType.TEXT:
            return literals(catalog, kind, spec.key) or [SAMPLE_TEXT]
        case FactType.INT | FactType.NUMBER:
            return _numbers(spec, literals(catalog, kind, spec.key))
        case FactType.DATE | FactType.DATETIME:
            return _moments(spec, literals(catalog, kind, spec.key))
    raise AssertionError(spec.type)  # pragma: no cover


def _numbers(spec: FactSpec, lits: list[Any]) -> list[Any]:
    cast = int if spec.type is FactType.INT else float
    found = {x + d for x in lits for d in (-1, 0, 1)} or {spec.minimum or 0}
    out = sorted(cast(x) for x in found)
    lo = spec.minimum if spec.minimum is not None else float("-inf")
    hi = spec.maximum if spec.maximum is not None else float("inf")
    return list(dict.fromkeys(x for x in out if lo <= x <= hi))


def _moments(spec: FactSpec, lits: list[Any]) -> list[Any]:
    if not lits:
        lits = [dt.date(2000, 1, 1)]
        if spec.type is FactType.DATETIME:
            lits = [dt.datetime(2000, 1, 1, tzinfo=dt.UTC)]
    day = dt.timedelta(days=1)
    return sorted({x + d for x in lits for d in (-day, dt.timedelta(0), day)})


@dataclass(frozen=True)
class Change:
    """A single answer that would give a check another status."""

    fact: str
    value: Any
    status: Status


def changes(catalog: Catalog, check: CompiledCheck, base: Mapping[str, Any]) -> list[Change]:
    """Return every single-fact change (from :func:`domain`) that alters the check's status."""
    kind = check.check.kind
    now = decide(check, with_derived(catalog, kind, base))
    out: list[Change] = []
    for fact in reads(catalog, check):
        spec = catalog.fact(kind, fact)
        if spec is None:  # pragma: no cover - the catalog refuses undeclared facts
            continue
        for value in domain(catalog, kind, spec):
            if value == base.get(fact):
                continue
            status = decide(check, with_derived(catalog, kind, {**base, fact: value}))
            if status is not now:
                out.append(Change(fact, value, status))
    return out


def settling_values(
    catalog: Catalog, check: CompiledCheck, base: Mapping[str, Any], fact: str
) -> list[Change]:
    """Return the trial answers to ``fact`` that would make an undetermined check determined."""
    kind = check.check.kind
    spec = catalog.fact(kind, fact)
    if spec is None:
        return []
    out = []
    for value in domain(catalog, kind, spec):
        status = decide(check, with_derived(catalog, kind, {**base, fact: value}))
        if status is not Status.UNDETERMINED:
            out.append(Change(fact, value, status))
    return out
