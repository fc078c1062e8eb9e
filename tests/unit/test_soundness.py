"""No verdict rests on a missing answer: filling in what a subject left open never changes it.

For random partial profiles, every finding that is decided (met, partial, gap, not applicable)
must keep its status however the missing facts are later answered. This is the promise that
three-valued logic makes to a lawyer, checked on the shipped catalog.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.predicate import Leaf, Node, Predicate
from safeguards.engine.logic.evaluate import decide, fact_values
from safeguards.engine.models import Answer, FactSpec, FactType, Status

ROUNDS = 300
COMPLETIONS = 6


def literals(catalog: Catalog, kind: str) -> dict[str, set[Any]]:
    found: dict[str, set[Any]] = {}

    def walk(tree: Predicate) -> None:
        if isinstance(tree, Leaf):
            lit = tree.literal
            items = lit if isinstance(lit, frozenset | tuple) else (lit,)
            found.setdefault(tree.fact, set()).update(i for i in items if not isinstance(i, bool))
            return
        assert isinstance(tree, Node)
        for child in tree.children:
            walk(child)

    for check in catalog.checks_for(kind):
        for part in (check.applies_when, check.require, check.partial):
            if part is not None:
                walk(part.tree)
    return found


def pick(rng: random.Random, spec: FactSpec, seen: set[Any]) -> Any:
    match spec.type:
        case FactType.BOOL:
            return rng.random() < 0.5
        case FactType.ENUM:
            return rng.choice(spec.values)
        case FactType.LIST:
            return [v for v in spec.values if rng.random() < 0.4]
        case FactType.INT | FactType.NUMBER:
            anchors = [int(x) for x in seen if isinstance(x, int | float)] or [10]
            base = rng.choice(anchors)
            low = int(spec.minimum) if spec.minimum is not None else 0
            return max(low, base + rng.choice([-1, 0, 1, 50]))
        case FactType.DATE:
            return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 3000))
        case FactType.DATETIME:
            return dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
                hours=rng.randrange(0, 3000)
            )
        case FactType.TEXT:
            return "text"
    raise AssertionError(spec.type)


@pytest.mark.parametrize("kind", ["jurisdiction"])
def test_decided_findings_survive_every_completion(catalog: Catalog, kind: str) -> None:
    rng = random.Random(20261129)
    specs = {k: s for k, s in catalog.facts[kind].facts.items() if s.derive is None}
    seen = literals(catalog, kind)
    checks = catalog.checks_for(kind)
    decided = 0
    for _ in range(ROUNDS):
        partial = {
            k: pick(rng, s, seen.get(k, set())) for k, s in specs.items() if rng.random() < 0.5
        }
        base = fact_values(catalog, kind, {k: Answer(value=v) for k, v in partial.items()})
        verdicts = {c.safeguard.id: decide(c, base) for c in checks}
        for _ in range(COMPLETIONS):
            full = dict(partial)
            full.update(
                {k: pick(rng, s, seen.get(k, set())) for k, s in specs.items() if k not in partial}
            )
            values = fact_values(catalog, kind, {k: Answer(value=v) for k, v in full.items()})
            for check in checks:
                before = verdicts[check.safeguard.id]
                if before is Status.UNDETERMINED:
                    continue
                decided += 1
                after = decide(check, values)
                assert after is before, (check.safeguard.id, before, after, partial)
    assert decided > 0


def test_an_empty_profile_settles_nothing(catalog: Catalog) -> None:
    for kind in catalog.facts:
        values = fact_values(catalog, kind, {})
        for check in catalog.checks_for(kind):
            status = decide(check, values)
            assert status is Status.UNDETERMINED, (kind, check.safeguard.id, status)


NON_MONOTONE_OPS = {"all_known"}
"""Derivations whose result may change, not only become known, when an input is answered.

``all_known`` is false until every input is answered. Checks that read it, or that test whether
a fact is answered at all (an ``exists`` leaf), decide on what is known so far by design.
``first_known`` and ``select`` fall back (to a policy default) when the first choice is unknown;
a later answer to the first choice overrides the fallback, so the property leaves the fallbacks
unanswered and lets the first choices be completed.
"""


def fallbacks(catalog: Catalog, kind: str) -> set[str]:
    """The facts that ``first_known`` and ``select`` fall back on."""
    facts = catalog.facts[kind].facts
    out: set[str] = set()
    for spec in facts.values():
        derive = spec.derive
        if derive is not None and derive.op == "first_known":
            out.update(derive.facts[1:])
        elif derive is not None and derive.op == "select":
            out.add(f"{derive.prefix}.default")
    return out


def _leaves(tree: Predicate) -> list[Leaf]:
    if isinstance(tree, Leaf):
        return [tree]
    assert isinstance(tree, Node)
    return [leaf for child in tree.children for leaf in _leaves(child)]


def _monotone(catalog: Catalog, kind: str, check: Any) -> bool:
    facts = catalog.facts[kind].facts
    todo = [
        leaf
        for part in (check.applies_when, check.require, check.partial)
        if part is not None
        for leaf in _leaves(part.tree)
    ]
    if any(leaf.op == "exists" for leaf in todo):
        return False
    seen: set[str] = set()
    stack = [leaf.fact for leaf in todo]
    while stack:
        key = stack.pop()
        if key in seen or key not in facts:
            continue
        seen.add(key)
        derive = facts[key].derive
        if derive is not None:
            if derive.op in NON_MONOTONE_OPS:
                return False
            stack.extend(derive.inputs())
            if derive.op == "select" and derive.prefix:
                stack.extend(k for k in facts if k.startswith(f"{derive.prefix}."))
    return True


@pytest.mark.parametrize("kind", ["workflow", "request"])
def test_decided_findings_survive_every_completion_with_derived_facts(
    catalog: Catalog, kind: str
) -> None:
    """The same promise where derived facts stand between the answers and the checks."""
    rng = random.Random(f"soundness-{kind}")
    skip = fallbacks(catalog, kind)
    specs = {
        k: s for k, s in catalog.facts[kind].facts.items() if s.derive is None and k not in skip
    }
    seen = literals(catalog, kind)
    checks = [c for c in catalog.checks_for(kind) if _monotone(catalog, kind, c)]
    assert len(checks) >= 5, "the property still covers several checks of the kind"
    decided = 0
    for _ in range(ROUNDS):
        partial = {
            k: pick(rng, s, seen.get(k, set())) for k, s in specs.items() if rng.random() < 0.5
        }
        base = fact_values(catalog, kind, {k: Answer(value=v) for k, v in partial.items()})
        verdicts = {c.safeguard.id: decide(c, base) for c in checks}
        for _ in range(COMPLETIONS):
            full = dict(partial)
            full.update(
                {k: pick(rng, s, seen.get(k, set())) for k, s in specs.items() if k not in partial}
            )
            values = fact_values(catalog, kind, {k: Answer(value=v) for k, v in full.items()})
            for check in checks:
                before = verdicts[check.safeguard.id]
                if before is Status.UNDETERMINED:
                    continue
                decided += 1
                assert decide(check, values) is before, (check.safeguard.id, before, partial)
    assert decided > 0
