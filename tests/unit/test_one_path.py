"""One evaluation path per subject kind: `check` of a request and `audit` of it agree.

Every record of the shipped example logs is written out as a ``kind: request`` file and checked;
the same log is audited (without a workflow, so both judge by the policy defaults, on the same
date). Each request must get the same status for every safeguard both ways.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from safeguards.engine.api import check
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.models import Finding, Status

ROOT = Path(__file__).resolve().parents[2]
LOGS = sorted((ROOT / "examples" / "requests").glob("*.jsonl"))
ON = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def statuses(findings: list[Finding]) -> dict[str, dict[str, Status]]:
    out: dict[str, dict[str, Status]] = {}
    for f in findings:
        out.setdefault(f.request or f.subject, {})[f.safeguard] = f.status
    return out


def as_request_file(record: Record, folder: Path) -> Path:
    """Write one log record as a request subject: its facts as the log reader typed them."""
    facts = {
        k: list(v) if isinstance(v, tuple | frozenset) else v for k, v in record.values.items()
    }
    path = folder / f"{record.id}.yaml"
    with path.open("w", encoding="utf-8") as out:
        YAML().dump({"safeguards": 1, "kind": "request", "id": record.id, "facts": facts}, out)
    return path


@pytest.mark.parametrize("log", LOGS, ids=[p.name for p in LOGS])
def test_check_and_audit_agree_on_every_record(log: Path, catalog: Catalog, tmp_path: Path) -> None:
    kept: list[Finding] = []
    audit_logs(catalog, [str(log)], as_of=ON, keep=kept)
    audited = statuses(kept)
    parser = RecordParser(catalog.facts["request"])
    with log.open("rb") as stream:  # the spoiled log's unreadable lines have no findings
        records = [r for r in read_jsonl(stream, parser) if r.problem is None]
    assert records, f"{log} holds no records"
    files = [as_request_file(r, tmp_path) for r in records]
    checked = statuses(list(check(files, catalog=catalog, as_of=ON).findings))
    for record in records:
        assert record.problem is None and record.id is not None, record.problem
        rid = record.id
        both = {
            sid: (status, audited.get(rid, {}).get(sid, Status.NOT_APPLICABLE))
            for sid, status in checked[rid].items()
        }
        differ = {sid: pair for sid, pair in both.items() if pair[0] is not pair[1]}
        assert not differ, f"{log.name} {rid}: check vs audit {differ}"
    assert set(audited) <= set(checked)
