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


def test_the_hand_written_pipeline_finds_what_the_audit_finds(
    catalog: Catalog, tmp_path: Path
) -> None:
    """bench/pipeline.py (flatten, dates, derived facts and checks by hand) agrees line by line.

    Each line the pipeline writes names the safeguard, the status and the request; the audit's
    findings file must hold the same triples for the records both read.
    """
    import pipeline

    from safeguards.engine.audit.logs import audit_logs
    from safeguards.engine.models import FactType
    from tests.conftest import generated_log

    log = generated_log(tmp_path, 1200, seed=8, malformed=0.2)
    context = context_values(catalog, None, dt.date(2026, 11, 29))
    auditor = Auditor(catalog, context, "bench")
    specs = auditor.parser.specs
    config = pipeline.Config(
        catalog.tables,
        context,
        [k for k, s in specs.items() if s.type is FactType.DATETIME],
        [k for k, s in specs.items() if s.type is FactType.DATE],
        [(c.safeguard.id, c.check.kind) for c in auditor.checks],
    )
    hand = tmp_path / "hand.jsonl"
    pipeline.audit(log, hand, config)
    found = tmp_path / "findings.jsonl"
    audit_logs(catalog, [str(log)], as_of=dt.date(2026, 11, 29), findings_path=found)

    def triples(path: Path) -> set[tuple[str, str, str]]:
        out = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["status"] != "error":
                out.add((item["request"], item["safeguard"], item["status"]))
        return out

    tool, mine = triples(found), triples(hand)
    assert len(mine) > 5_000
    assert tool == mine
