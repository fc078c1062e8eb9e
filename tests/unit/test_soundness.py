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

from engine.catalog import Catalog
from engine.evaluate import decide, fact_values
from engine.models import Answer, FactSpec, FactType, Status
from engine.predicate import Leaf, Node, Predicate

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
