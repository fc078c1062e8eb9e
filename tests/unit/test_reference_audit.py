"""The fast audit writes, byte for byte, the findings file the reference evaluator gives.

The audit's hot path decides with fused generated code (`engine/logic/codegen.py`), derives with
a fused function (`engine/logic/derivegen.py`), writes met findings from byte templates and
batches each record's lines, and reads well-formed records with a reader generated from the
facts catalog. The reference (`engine/audit/reference.py`, `audit --reference`) takes none of
those shortcuts: the general parser, each derived fact by its operator (`apply_derivations`),
each check by the interpreted predicate (`decide`), every applicable finding built in full
(`finding`) and serialized from its data by Python's json. Both split and decode the lines the
same way (`read_jsonl`), whose own behaviour the conformance corpora test. The logs are
generated, up to half of their lines spoiled (incomplete, half-compliant, contradictory, not
records at all), so that undetermined, partial and unreadable records are all on the way.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.api import load_all_waivers
from safeguards.engine.audit.findings import finding_line, json_bytes, plain_line
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.audit.templates import REQUEST, marked_values, template_of
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.evaluate import SET_ASIDE
from safeguards.engine.models import DecisiveFact, Finding, Severity, Status, Subject
from safeguards.engine.models.audit import AuditSummary
from safeguards.engine.subjects.load import load_subject
from tests.conftest import database_log, generated_log, spoiled_records

ROOT = Path(__file__).resolve().parents[2]
plans_module = importlib.import_module("safeguards.engine.audit.plans")
run_module = importlib.import_module("safeguards.engine.audit.run")
records_module = importlib.import_module("safeguards.engine.audit.records")
AS_OF = dt.date(2026, 11, 29)


def audited(
    catalog: Catalog, log: Path, workflow: Subject | None, *, reference: bool, **options: Any
) -> tuple[bytes, AuditSummary]:
    """Audit ``log`` the usual way or with the reference evaluator (``audit --reference``).

    Returns the findings file and the summary.
    """
    out = log.with_name(f"{log.stem}.{'reference' if reference else 'usual'}.jsonl")
    summary = audit_logs(
        catalog,
        [str(log)],
        workflow=workflow,
        as_of=AS_OF,
        findings_path=out,
        reference=reference,
        **options,
    )
    return out.read_bytes(), summary


def reference(
    catalog: Catalog, log: Path, workflow: Subject | None
) -> tuple[bytes, Counter[tuple[str, str, str]]]:
    """Return the reference's findings file and how often each (safeguard, kind, status) came."""
    findings, summary = audited(catalog, log, workflow, reference=True)
    return findings, tallied(summary)


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


WAIVERS = """\
safeguards: 1
waivers:
  - safeguard: SG-SAF-01
    subject: examplecloud
    justification: Accepted for this log while the review desk is staffed.
    approver: Head of Legal
    granted: 2026-10-01
    expires: 2026-12-15
  - safeguard: SG-BIO-01
    subject: examplecloud
    requests: [{first}, {second}]
    justification: Accepted for two requests reviewed by counsel.
    approver: Head of Legal
    granted: 2026-10-01
    expires: 2026-12-15
"""


def _as_table(tmp_path: Path, form: str) -> Path:
    """Return a generated log (a fifth spoiled) as CSV or as an SQLite database."""
    records = spoiled_records(tmp_path, 300, seed=21)
    if form == "sqlite":
        return database_log(tmp_path / "log.sqlite", records)
    jsonl = tmp_path / "kept.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "log.csv"
    tool = ROOT / "tools" / "jsonl_to_csv.py"
    subprocess.run([sys.executable, str(tool), str(jsonl), "-o", str(out)], check=True)
    return out


def _summary(summary: AuditSummary) -> dict[str, Any]:
    """The summary's data, less the name of the findings file."""
    data = summary.model_dump(mode="json")
    data.pop("findings_file")
    return data


@pytest.mark.parametrize(
    "option", ["waivers", "ignore-waivers", "evidence", "keep", "csv", "sqlite"]
)
def test_the_reference_and_the_usual_path_agree_with_every_option(
    catalog: Catalog, tmp_path: Path, option: str
) -> None:
    """Findings file, summary (counts, worst requests, unreadable records) and kept findings."""
    log = generated_log(tmp_path, 300, seed=20, malformed=0.2)
    options: dict[str, Any] = {}
    if option in ("waivers", "ignore-waivers"):
        first, second = [r["id"] for r in spoiled_records(tmp_path, 300, seed=20)[:2]]
        waivers = tmp_path / "waivers.yaml"
        waivers.write_text(WAIVERS.format(first=first, second=second), encoding="utf-8")
        options["waivers"] = load_all_waivers([waivers], catalog)
        options["ignore_waivers"] = option == "ignore-waivers"
    elif option == "evidence":
        options["met_evidence"] = True
    elif option in ("csv", "sqlite"):
        log = _as_table(tmp_path, option)
    workflow = load_subject(ROOT / "examples" / "workflows" / "strong.yaml", catalog)
    runs = []
    for reference_mode in (False, True):
        kept: list[Finding] | None = [] if option == "keep" else None
        findings, summary = audited(
            catalog, log, workflow, reference=reference_mode, keep=kept, **options
        )
        runs.append((findings, _summary(summary), kept))
    assert runs[0] == runs[1]
    lines = runs[0][0].decode().splitlines()
    statuses = Counter(json.loads(line)["status"] for line in lines)
    assert statuses["met"] and statuses["gap"] and statuses["undetermined"]
    if option == "waivers":
        assert statuses["waived"] > 2, statuses
    if option == "ignore-waivers":
        assert not statuses["waived"], statuses
        notes = runs[0][1]["waivers"]
        # the second names two requests with no finding of its safeguard: nothing to set aside
        assert [(n["state"], n["reason"]) for n in notes] == [
            ("unused", SET_ASIDE),
            ("unused", None),
        ], notes
    if option == "keep":
        assert runs[0][2] and any(f.status is Status.NOT_APPLICABLE for f in runs[0][2])
    if option == "evidence":
        assert any('"status":"met"' in x and "decisive_facts" in x for x in lines)


def test_the_reference_takes_none_of_the_usual_path(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the generated code and the remembered plans out of reach, it still audits."""
    log = generated_log(tmp_path, 200, seed=22, malformed=0.2)
    expected = tmp_path / "usual.jsonl"
    audit_logs(catalog, [str(log)], as_of=AS_OF, findings_path=expected)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the reference went through the usual path")

    monkeypatch.setattr(run_module.Auditor, "judge", refused)
    monkeypatch.setattr(run_module.Auditor, "line", refused)
    monkeypatch.setattr(run_module, "plan_for", refused)
    monkeypatch.setattr(records_module, "compile_native_reader", refused)
    got, _ = reference(catalog, log, None)
    assert got == expected.read_bytes()


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


@pytest.mark.parametrize("kept", [plans_module.PLANS_KEPT, 3])
def test_an_audit_of_several_logs_writes_and_counts_what_the_reference_does(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """The plans of the patterns of statuses are kept across the logs of one audit.

    Each log's records are counted once, in its own part of the audit, whether their pattern
    was first met in an earlier log or in this one; with room for a few plans only, the
    patterns met after the room is full are counted as they come, in every log.
    """
    lines = generated_log(tmp_path, 450, seed=16, malformed=0.3).read_bytes().splitlines(True)
    logs = []
    for i, (low, high) in enumerate([(0, 200), (200, 201), (201, 450)]):
        logs.append(tmp_path / f"part-{i}.jsonl")
        logs[-1].write_bytes(b"".join(lines[low:high]))
    subject = load_subject(ROOT / "examples" / "workflows" / "strong.yaml", catalog)
    monkeypatch.setattr(plans_module, "PLANS_KEPT", kept)
    results = []
    for way in (False, True):
        findings = tmp_path / f"findings-{way}.jsonl"
        summary = audit_logs(
            catalog,
            [str(log) for log in logs],
            workflow=subject,
            as_of=AS_OF,
            findings_path=findings,
            reference=way,
        )
        results.append((findings.read_bytes(), tallied(summary), summary.unreadable))
    assert results[0] == results[1]
    assert summary.requests + summary.unreadable == 450 and summary.unreadable > 0
    each = Counter[tuple[str, str, str]]()
    for log in logs:  # the same counts as the logs audited one at a time
        each += tallied(audit_logs(catalog, [str(log)], workflow=subject, as_of=AS_OF))
    assert results[0][1] == each


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
