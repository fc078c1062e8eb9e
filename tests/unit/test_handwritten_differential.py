"""The benchmark's hand-written request checks agree with the engine's compiled ones.

bench/handwritten.py is the plain-Python yardstick of `make bench`; if it drifted from the
catalog its speed comparison would compare different work. Records come from the generator,
clean and spoiled (incomplete and contradictory records make undetermined and partial paths).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from safeguards.engine.audit.records import Record
from safeguards.engine.audit.run import Auditor
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.context import context_values

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tools")]

import handwritten  # noqa: E402
from generate_requests import lines  # noqa: E402


def test_hand_written_statuses_equal_the_engine_on_generated_records(catalog: Catalog) -> None:
    auditor = Auditor(catalog, context_values(catalog, None, dt.date(2026, 11, 29)), "bench")
    compared = 0
    for line in lines(1500, seed=5, malformed=0.3):
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(raw, dict):
            continue
        rid, facts, problem = auditor.parser.parse(raw)
        if problem is not None:
            continue
        values = auditor.values(Record(1, rid, facts))
        engine = [s.value for s in auditor.decide_all(values)]
        assert engine == list(handwritten.statuses(values)), rid
        compared += 1
    assert compared > 1000
    assert len(auditor.checks) == len(handwritten.statuses(values))
