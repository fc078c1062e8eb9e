"""The audit's fused function (derive, then decide, on locals) agrees with the reference.

``compile_derive_decide`` writes the derivations and the checks of request logs into one
function whose checks read their facts from the locals the derivations left. It must leave the
values as ``apply_derivations`` leaves them and return, for every check, what ``decide`` says
on those values: on the records of generated logs, a fifth of them spoiled (incomplete,
half-compliant, contradictory), with further facts made unknown at random.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from safeguards.engine.audit.records import RecordParser
from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.derive import apply_derivations
from safeguards.engine.logic.context import context_values
from safeguards.engine.logic.evaluate import decide
from safeguards.engine.logic.fused import DeriveDecide, compile_derive_decide
from safeguards.engine.models import Status
from tests.conftest import generated_log

AS_OF = dt.date(2026, 11, 29)


def _records(catalog: Catalog, folder: Path) -> list[dict[str, Any]]:
    """The typed facts of generated records, some further facts made unknown."""
    parser = RecordParser(catalog.facts["request"])
    rng = random.Random(5)
    out = []
    for malformed, seed in ((0.0, 2), (0.2, 3)):
        log = generated_log(folder, 400, seed=seed, malformed=malformed)
        for line in log.read_text().splitlines():
            try:
                raw = json.loads(line)
            except ValueError:
                continue
            if not isinstance(raw, dict):
                continue
            _, values, problem = parser.parse(raw)
            if problem is not None:
                continue
            for key in rng.sample(sorted(values), k=min(4, len(values))):
                if rng.random() < 0.4:
                    values.pop(key)
            out.append(values)
    return out


def _agree(catalog: Catalog, fused: DeriveDecide, given: dict[str, Any]) -> tuple[Status, ...]:
    """Run the fused function and the reference on copies of ``given``; both must agree."""
    order = catalog.derivations["request"]
    reference = dict(given)
    apply_derivations(reference, order, catalog.tables)
    expected = tuple(decide(c, reference) for c in catalog.checks_for("request"))
    values = dict(given)
    assert fused(values) == expected, given
    assert values == reference, given
    return expected


def _fused(catalog: Catalog) -> DeriveDecide:
    order = catalog.derivations["request"]
    return compile_derive_decide(order, catalog.tables, catalog.checks_for("request"))


def test_derive_decide_agrees_with_the_reference_on_generated_records(
    catalog: Catalog, tmp_path: Path
) -> None:
    fused = _fused(catalog)
    context = context_values(catalog, None, AS_OF)
    records = _records(catalog, tmp_path)
    assert len(records) > 700
    seen: set[Status] = set()
    for facts in records:
        seen.update(_agree(catalog, fused, {**context, **facts}))
    assert seen == set(Status) - {Status.WAIVED}, seen  # every status the checks can give


def test_a_stale_derived_value_is_replaced_or_dropped_as_the_reference_does(
    catalog: Catalog, tmp_path: Path
) -> None:
    """Values that already hold a derived fact (none of the audit's do) end as the reference's."""
    fused = _fused(catalog)
    stale = dict.fromkeys((spec.key for spec in catalog.derivations["request"]), "stale")
    for facts in _records(catalog, tmp_path)[:200]:
        given = {**facts, **stale}
        _agree(catalog, fused, given)
        fused(given)
        assert "stale" not in given.values()


def test_no_checks_derive_only(catalog: Catalog) -> None:
    order = catalog.derivations["request"]
    fused = compile_derive_decide(order, catalog.tables, [])
    values: dict[str, Any] = {"outcome.disposition": "refused"}
    reference = dict(values)
    apply_derivations(reference, order, catalog.tables)
    assert fused(values) == ()
    assert values == reference
