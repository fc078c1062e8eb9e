"""The fast audit writes, byte for byte, the findings file the interpreted evaluator gives.

The audit's hot path decides with fused generated code (`engine/logic/codegen.py`), derives with
a fused function (`engine/logic/derivegen.py`), writes met findings from byte templates and
batches each record's lines, and reads well-formed records with a reader generated from the
facts catalog. The reference here takes none of those shortcuts: the general parser, each derived
fact by its operator (`apply_derivations`), each check by the interpreted predicate (`decide`),
every applicable finding built in full (`finding`) and serialized from it. Both split and decode
the lines the same way (`read_jsonl`), whose own behaviour the conformance corpora test. The
logs are generated, up to half of their lines spoiled (incomplete, half-compliant,
contradictory, not records at all), so that undetermined, partial and unreadable records are
all on the way.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from safeguards.engine.audit.findings import WITHHELD, error_line, finding_line, json_bytes
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import RecordParser
from safeguards.engine.audit.templates import REQUEST, marked_values, template_of
from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.derive import apply_derivations
from safeguards.engine.errors import SourceLocation
from safeguards.engine.logic.context import context_values
from safeguards.engine.logic.evaluate import decide, finding
from safeguards.engine.models import DecisiveFact, FactType, Finding, Severity, Status, Subject
from safeguards.engine.models.audit import AuditSummary
from safeguards.engine.subjects.load import load_subject
from tests.conftest import generated_log

ROOT = Path(__file__).resolve().parents[2]
plans_module = importlib.import_module("safeguards.engine.audit.plans")
run_module = importlib.import_module("safeguards.engine.audit.run")
AS_OF = dt.date(2026, 11, 29)


def reference(
    catalog: Catalog, log: Path, workflow: Subject | None
) -> tuple[bytes, Counter[tuple[str, str, str]]]:
    """Audit ``log`` the slow, plain way: every finding in full, every line from its finding.

    Returns the findings file and how often each (safeguard, kind, status) came out.
    """
    context = context_values(catalog, workflow, AS_OF)
    subject = workflow.id if workflow is not None else log.stem
    parser = RecordParser(catalog.facts["request"], generated=False)  # the general walk
    checks = catalog.checks_for("request")
    order = catalog.derivations.get("request", [])
    spec = catalog.facts["request"].facts
    text_facts = {k for k, s in spec.items() if s.type is FactType.TEXT}
    out: list[bytes] = []
    counts: Counter[tuple[str, str, str]] = Counter()
    with log.open("rb") as stream:
        for record in read_jsonl(stream, parser):
            if record.problem is not None:
                p = record.problem
                where = str(SourceLocation(str(log), p.line, p.column))
                out.append(error_line(subject, where, record.id, p.message))
                continue
            values = {**context, **record.values}
            apply_derivations(values, order, catalog.tables)
            rid = record.id or f"line-{record.line}"
            for check in checks:
                status = decide(check, values)
                counts[check.safeguard.id, check.check.kind, status.value] += 1
                if status is Status.NOT_APPLICABLE:
                    continue
                full = finding(catalog, check, subject, {}, values, request=rid)
                assert full.status is status, (rid, check.safeguard.id)
                if status is not Status.MET:
                    out.append(plain_line(full, text_facts))
                    continue
                summary = {
                    "subject": full.subject,
                    "safeguard": full.safeguard,
                    "kind": full.kind,
                    "status": "met",
                    "request": rid,
                    "severity": full.severity.value,
                    "message": full.message,
                }
                line = json.dumps(summary, ensure_ascii=False, separators=(",", ":"))
                out.append(f"{line}\n".encode())
    return b"".join(out), counts


def plain_line(full: Finding, text_facts: set[str]) -> bytes:
    """Serialize a finding the plain way: its JSON data, free texts withheld, Python's json."""
    data = full.model_dump(mode="json", exclude_none=True)
    for fact in data.get("decisive_facts", ()):
        if fact["fact"] in text_facts and fact.get("value") is not None:
            fact["value"] = WITHHELD
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def tallied(summary: AuditSummary) -> Counter[tuple[str, str, str]]:
    """Return the audit's counts per (safeguard, kind, status), as the reference gives them."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for entry in summary.safeguards:
        for status, n in entry.counts.items():
            if n:
                counts[entry.safeguard, entry.kind, status] += n
    return counts


@pytest.mark.parametrize(
    ("seed", "malformed", "workflow"),
    [(11, 0.2, "strong.yaml"), (12, 0.2, None), (13, 0.0, "weak.yaml"), (14, 0.5, "strong.yaml")],
)
def test_the_fast_audit_writes_what_the_reference_writes(
    catalog: Catalog, tmp_path: Path, seed: int, malformed: float, workflow: str | None
) -> None:
    log = generated_log(tmp_path, 400, seed=seed, malformed=malformed)
    subject = None
    if workflow is not None:
        subject = load_subject(ROOT / "examples" / "workflows" / workflow, catalog)
    findings = tmp_path / "findings.jsonl"
    summary = audit_logs(catalog, [str(log)], workflow=subject, as_of=AS_OF, findings_path=findings)
    expected, counts = reference(catalog, log, subject)
    assert findings.read_bytes() == expected
    assert tallied(summary) == counts
    statuses = {json.loads(line)["status"] for line in expected.splitlines()}
    if malformed:
        assert summary.unreadable > 0 and "error" in statuses
        assert {"undetermined", "partial"} <= statuses
    assert {"met", "gap"} <= statuses


REMEMBERED = {
    "plans": (plans_module, ("PLANS_KEPT",)),
    "explanations and templates": (run_module, ("EXPLAINED_KEPT", "TEMPLATES_KEPT")),
}
"""What the audit remembers, bounded: the plan per pattern of statuses (``PLANS_KEPT``), each
check's explanation per pattern of leaf truths (``EXPLAINED_KEPT``), the line templates of
non-met findings (``TEMPLATES_KEPT``)."""


@pytest.mark.parametrize("what", list(REMEMBERED))
def test_what_is_not_remembered_is_worked_out_anew_alike(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """A record whose plan, explanation or template is not remembered gives the same result.

    With room for one or none, almost every record goes the other way, and the findings file
    and the counts must not change.
    """
    log = generated_log(tmp_path, 300, seed=15, malformed=0.3)
    subject = load_subject(ROOT / "examples" / "workflows" / "strong.yaml", catalog)
    expected, counts = reference(catalog, log, subject)
    module, names = REMEMBERED[what]
    for kept in (1, 0):
        for name in names:
            monkeypatch.setattr(module, name, kept)
        findings = tmp_path / f"findings-{kept}.jsonl"
        summary = audit_logs(
            catalog, [str(log)], workflow=subject, as_of=AS_OF, findings_path=findings
        )
        assert findings.read_bytes() == expected
        assert tallied(summary) == counts


ODD_ID = 'DR-1 \x01\x1f\x7f"\\é\u2028😀'
"""A request id with control characters, quotes and non-ASCII text: written alike both ways."""


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -0.0,
        0.0,
        1.5,
        1e-05,
        2.8e-05,
        0.0001,
        9999999999999998.0,
        1e16,
        1e300,
        10**30,
        "text",
        'a\x01\x1f\x7f\u2028"\\é😀\t\n',
        ["a", "b"],
        [1e-07, 2.0],
        dt.date(2026, 2, 28),
        dt.datetime(2026, 2, 28, 23, 59, 1, 4500, tzinfo=dt.UTC),
        dt.datetime(2026, 2, 28, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ],
)
def test_a_finding_line_is_what_plain_json_writes(value: object) -> None:
    """The line pydantic writes equals Python's json on every kind of value a fact may hold."""
    facts = tuple(
        DecisiveFact(fact=key, value=value, cited=False, derived=False)
        for key in ("derived.response_hours", "authorization.reference")
    )
    full = Finding(
        subject="s é",
        safeguard="SG-INC-02",
        kind="request",
        status=Status.GAP,
        severity=Severity.MEDIUM,
        decisive_facts=facts,
        missing_facts=(),
        message='A "message" with\nlines',
        remediation="Do — this.",
        request=ODD_ID,
    )
    text_facts = {"authorization.reference"}
    assert finding_line(full, text_facts) == plain_line(full, text_facts)
    # the template of the same finding, filled with the value, gives the same line or none
    keys = [f.fact for f in facts]
    values = dict.fromkeys(keys, value)
    marked, slots = marked_values(values, keys, text_facts)
    marked_facts = tuple(f.model_copy(update={"value": marked[f.fact]}) for f in facts)
    template = template_of(
        full.model_copy(update={"decisive_facts": marked_facts, "request": REQUEST}),
        slots,
        text_facts,
    )
    assert template is not None
    filled = template.fill(values, json_bytes(ODD_ID))
    expected = plain_line(full, text_facts)
    exponent = re.search(r"\de[+-]", json.dumps(value, default=str))  # 1e-05, 1e+16
    is_plain = isinstance(value, str) or not exponent
    assert filled == (expected if is_plain else None)


def test_request_ids_are_written_as_json_writes_them() -> None:
    """The quick spelling of a request id equals json.dumps on any text, odd ones included."""
    import random

    alphabet = ["a", "Z", "-", " ", '"', "\\", "\x00", "\x1f", "\x7f", "é", "\u2028", "😀"]
    rng = random.Random(4)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 6)))
        assert json_bytes(text) == json.dumps(text, ensure_ascii=False).encode(), text
