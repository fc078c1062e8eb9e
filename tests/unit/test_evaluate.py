"""Evaluation: statuses, dated answers, citations, waivers and derived facts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine import api
from safeguards.engine.catalog import Catalog
from safeguards.engine.logic.evaluate import Options, apply_waivers, evaluate_subject
from safeguards.engine.models import Finding, Status, Waiver, WaiverState
from safeguards.engine.subjects.load import load_subject

DAY = dt.date(2026, 1, 1)


def profile(tmp_path: Path, facts: dict[str, Any], kind: str = "jurisdiction", **top: Any) -> Path:
    path = tmp_path / f"{kind}-{len(list(tmp_path.iterdir()))}.yaml"
    body = {"safeguards": 1, "kind": kind, "id": top.pop("id", "XX"), **top, "facts": facts}
    path.write_text(json.dumps(body, default=str))
    return path


def finding(catalog: Catalog, path: Path, sid: str, **opts: Any) -> Finding:
    subject = load_subject(path, catalog)
    found = [f for f in evaluate_subject(catalog, subject, Options(**opts)) if f.safeguard == sid]
    assert len(found) == 1
    return found[0]


CASES = [
    ({"interception.exists": False}, Status.NOT_APPLICABLE),
    ({}, Status.UNDETERMINED),
    ({"interception.exists": True}, Status.UNDETERMINED),
    ({"interception.exists": True, "interception.authorization": "judicial"}, Status.UNDETERMINED),
    (
        {
            "interception.exists": True,
            "interception.authorization": "judicial",
            "interception.urgent_bypass": False,
        },
        Status.MET,
    ),
    (
        {
            "interception.exists": True,
            "interception.authorization": "judicial",
            "interception.urgent_bypass": True,
        },
        Status.PARTIAL,
    ),
    ({"interception.exists": True, "interception.authorization": "prosecutor"}, Status.GAP),
]


@pytest.mark.parametrize(("facts", "status"), CASES)
def test_statuses(
    demo_catalog: Catalog, tmp_path: Path, facts: dict[str, Any], status: Status
) -> None:
    assert finding(demo_catalog, profile(tmp_path, facts), "SG-DEM-01").status is status


def test_undetermined_lists_open_questions_and_no_verdict_rests_on_them(
    demo_catalog: Catalog, tmp_path: Path
) -> None:
    f = finding(demo_catalog, profile(tmp_path, {"interception.exists": True}), "SG-DEM-01")
    assert [m.fact for m in f.missing_facts] == [
        "interception.authorization",
        "interception.urgent_bypass",
    ]
    assert f.missing_facts[0].question == "Who authorises interception?"


def test_empty_profile_gives_no_gap_and_no_met(demo_catalog: Catalog, tmp_path: Path) -> None:
    subject = load_subject(profile(tmp_path, {}), demo_catalog)
    statuses = {f.status for f in evaluate_subject(demo_catalog, subject)}
    assert statuses <= {Status.UNDETERMINED, Status.NOT_APPLICABLE}


AUTHORIZATION_IS = (
    "safeguards: 1\nkind: jurisdiction\nid: XX\nfacts:\n"
    "  interception.exists: true\n"
    "  interception.authorization:\n"
)
"""A profile up to the answer of who authorises interception (line 6 its key)."""


def test_decisive_facts_carry_value_citation_and_line(
    demo_catalog: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        AUTHORIZATION_IS + "    value: prosecutor\n"
        "    source: {instrument: Code, article: '12', quote: 'the prosecutor orders'}\n"
    )
    f = finding(demo_catalog, path, "SG-DEM-01")
    assert f.status is Status.GAP
    facts = {d.fact: d for d in f.decisive_facts}
    assert facts["interception.authorization"].value == "prosecutor"
    assert facts["interception.authorization"].cited is True
    assert facts["interception.authorization"].line == 6
    assert facts["interception.authorization"].source is not None
    assert facts["interception.authorization"].source.article == "12"
    assert facts["interception.exists"].cited is False
    assert f.message == "Interception is authorised by someone who is not independent."


@pytest.mark.parametrize(
    ("as_of", "line", "value"), [("2024-12-31", 7, "prosecutor"), ("2025-01-01", 9, "judicial")]
)
def test_a_dated_answer_decides_at_its_own_line(
    demo_catalog: Catalog, tmp_path: Path, as_of: str, line: int, value: str
) -> None:
    """The evidence points at the answer in force on the day, not at its fact's key."""
    path = tmp_path / "p.yaml"
    path.write_text(
        AUTHORIZATION_IS + "    - value: prosecutor\n"
        "      effective_until: 2024-12-31\n"
        "    - {value: judicial, effective_from: 2025-01-01}\n"
    )
    f = finding(demo_catalog, path, "SG-DEM-01", as_of=dt.date.fromisoformat(as_of))
    decisive = {d.fact: d for d in f.decisive_facts}["interception.authorization"]
    assert (decisive.value, decisive.line) == (value, line)
    assert {d.fact: d for d in f.decisive_facts}["interception.exists"].line == 5


def test_require_citations_treats_asserted_answers_as_unknown(
    demo_catalog: Catalog, tmp_path: Path
) -> None:
    facts = {
        "interception.exists": True,
        "interception.authorization": {"value": "prosecutor", "source": {"instrument": "Code"}},
    }
    path = profile(tmp_path, facts)
    assert finding(demo_catalog, path, "SG-DEM-01").status is Status.GAP
    strict = finding(demo_catalog, path, "SG-DEM-01", require_citations=True)
    assert strict.status is Status.UNDETERMINED
    assert [m.fact for m in strict.missing_facts] == ["interception.exists"]


def test_as_of_picks_the_answer_in_force(demo_catalog: Catalog, tmp_path: Path) -> None:
    facts = {
        "interception.exists": True,
        "interception.urgent_bypass": False,
        "interception.authorization": [
            {"value": "prosecutor", "effective_until": "2023-12-31"},
            {
                "value": "judicial",
                "effective_from": "2024-01-01",
                "source": {"instrument": "Reform Act"},
            },
        ],
    }
    path = profile(tmp_path, facts)
    before = finding(demo_catalog, path, "SG-DEM-01", as_of=dt.date(2023, 6, 1))
    after = finding(demo_catalog, path, "SG-DEM-01", as_of=dt.date(2024, 6, 1))
    assert before.status is Status.GAP
    assert after.status is Status.MET
    assert {d.fact: d.value for d in after.decisive_facts}[
        "interception.authorization"
    ] == "judicial"


def test_profile_as_of_is_the_default_date(demo_catalog: Catalog, tmp_path: Path) -> None:
    facts = {
        "interception.exists": True,
        "interception.authorization": [
            {"value": "prosecutor", "effective_until": "2023-12-31"},
            {"value": "judicial", "effective_from": "2024-01-01"},
        ],
    }
    path = profile(tmp_path, facts, as_of="2023-03-01")
    assert finding(demo_catalog, path, "SG-DEM-01").status is Status.GAP


def test_answer_not_yet_in_force_is_unknown(demo_catalog: Catalog, tmp_path: Path) -> None:
    facts = {"interception.exists": [{"value": True, "effective_from": "2030-01-01"}]}
    path = profile(tmp_path, facts)
    assert finding(demo_catalog, path, "SG-DEM-01", as_of=DAY).status is Status.UNDETERMINED


def test_derived_facts_and_lookup_tables(demo_catalog: Catalog, tmp_path: Path) -> None:
    facts = {
        "received_at": "2026-01-01T08:00:00Z",
        "responded_at": "2026-01-02T20:00:00+00:00",
        "data_categories": ["subscriber", "face_template"],
        "court_order": False,
    }
    path = profile(tmp_path, facts, kind="request", id="R-1")
    f = finding(demo_catalog, path, "SG-DEM-02")
    assert f.status is Status.GAP
    decisive = {d.fact: d for d in f.decisive_facts}
    assert decisive["biometric"].derived is True
    facts["data_categories"] = ["subscriber"]
    path = profile(tmp_path, facts, kind="request", id="R-2")
    assert finding(demo_catalog, path, "SG-DEM-02").status is Status.NOT_APPLICABLE


def test_unknown_input_makes_derived_fact_unknown(demo_catalog: Catalog, tmp_path: Path) -> None:
    path = profile(tmp_path, {"court_order": False}, kind="request", id="R-3")
    f = finding(demo_catalog, path, "SG-DEM-02")
    assert f.status is Status.UNDETERMINED
    # biometric is derived from the data categories: the profile is asked for them
    assert [m.fact for m in f.missing_facts] == ["data_categories"]


def _gap() -> Finding:
    from safeguards.engine.models import Severity

    return Finding(
        subject="XX",
        safeguard="SG-DEM-01",
        kind="jurisdiction",
        status=Status.GAP,
        severity=Severity.HIGH,
        message="m",
        remediation="r",
    )


def _waiver(granted: str, expires: str, **kw: Any) -> Waiver:
    return Waiver(
        safeguard="SG-DEM-01",
        subject=kw.pop("subject", "XX"),
        justification="Reform pending",
        approver="Jane Doe",
        granted=dt.date.fromisoformat(granted),
        expires=dt.date.fromisoformat(expires),
        **kw,
    )


def test_valid_waiver_waives_and_keeps_the_truth_visible() -> None:
    out, notes = apply_waivers([_gap()], [_waiver("2025-12-01", "2026-06-30")], DAY)
    assert out[0].status is Status.WAIVED
    assert out[0].waived_status is Status.GAP
    assert out[0].waiver is not None and out[0].waiver.approver == "Jane Doe"
    assert notes[0].state is WaiverState.APPLIED
    assert not notes[0].expiring_soon


def test_expired_waiver_stops_applying() -> None:
    out, notes = apply_waivers([_gap()], [_waiver("2025-01-01", "2025-12-31")], DAY)
    assert out[0].status is Status.GAP
    assert notes[0].state is WaiverState.EXPIRED


def test_waiver_expiring_soon_is_flagged() -> None:
    _, notes = apply_waivers([_gap()], [_waiver("2025-12-01", "2026-01-20")], DAY)
    assert notes[0].expiring_soon


def test_waiver_not_yet_granted_and_unused() -> None:
    _, notes = apply_waivers(
        [], [_waiver("2026-02-01", "2026-06-30"), _waiver("2025-01-01", "2026-06-30")], DAY
    )
    assert [n.state for n in notes] == [WaiverState.NOT_YET_GRANTED, WaiverState.UNUSED]


def test_waiver_for_other_subject_or_request_does_not_apply() -> None:
    out, _ = apply_waivers([_gap()], [_waiver("2025-01-01", "2026-06-30", subject="YY")], DAY)
    assert out[0].status is Status.GAP
    out, _ = apply_waivers([_gap()], [_waiver("2025-01-01", "2026-06-30", requests=("R-9",))], DAY)
    assert out[0].status is Status.GAP


def test_met_findings_are_never_waived() -> None:
    met = _gap().model_copy(update={"status": Status.MET})
    out, notes = apply_waivers([met], [_waiver("2025-01-01", "2026-06-30")], DAY)
    assert out[0].status is Status.MET
    assert notes[0].state is WaiverState.UNUSED


def test_api_check_with_waiver_file_and_ignore_waivers(
    demo_catalog: Catalog, tmp_path: Path
) -> None:
    path = profile(
        tmp_path, {"interception.exists": True, "interception.authorization": "executive"}
    )
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "safeguards: 1\nwaivers:\n  - safeguard: SG-DEM-01\n    subject: XX\n"
        "    justification: Reform bill pending\n    approver: Jane Doe\n"
        "    granted: 2026-01-01\n    expires: 2026-06-30\n"
    )
    report = api.check([path], catalog=demo_catalog, waivers=[waivers], as_of=DAY)
    assert report.summary["waived"] == 1
    truth = api.check(
        [path], catalog=demo_catalog, waivers=[waivers], as_of=DAY, ignore_waivers=True
    )
    assert truth.summary["gap"] == 1
    # unused because set aside, not for want of a finding to waive
    assert truth.waivers[0].state is WaiverState.UNUSED
    assert truth.waivers[0].reason is not None and "--ignore-waivers" in truth.waivers[0].reason
    moot = profile(tmp_path, {"interception.exists": False})
    nothing = api.check(
        [moot], catalog=demo_catalog, waivers=[waivers], as_of=DAY, ignore_waivers=True
    )
    assert nothing.waivers[0].state is WaiverState.UNUSED and nothing.waivers[0].reason is None
    late = api.check([path], catalog=demo_catalog, waivers=[waivers], as_of=dt.date(2026, 7, 1))
    assert late.summary["gap"] == 1
    assert late.waivers[0].state is WaiverState.EXPIRED


def test_folded_text_reads_as_yaml_defines_it() -> None:
    from safeguards.engine.errors import SubjectError
    from safeguards.engine.io.yamlsrc import load_yaml

    doc = load_yaml("<t>", SubjectError, text='a: >-\n  one two\n  three\n\n  four\nb: "bell\\a"\n')
    assert doc.data == {"a": "one two three\nfour", "b": "bell\a"}


def _sample(spec: Any, rng: Any) -> Any:
    """A value of the fact's type (or None: unanswered), from a small pool so patterns repeat."""
    from safeguards.engine.models import FactType

    if rng.random() < 0.2:
        return None
    match spec.type:
        case FactType.BOOL:
            return rng.choice([True, False])
        case FactType.ENUM:
            return rng.choice(list(spec.values))
        case FactType.LIST:
            return rng.sample(list(spec.values), rng.randrange(0, len(spec.values) + 1))
        case FactType.INT | FactType.NUMBER:
            return rng.choice([0, 1, 2, 7, 30, 90, 400])
        case FactType.DATE:
            return DAY + dt.timedelta(days=rng.choice([-400, -1, 0, 1, 30]))
        case FactType.DATETIME:
            return dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    return "text"


def test_remembered_explanations_equal_fresh_ones(catalog: Catalog) -> None:
    """Differential: every check of every kind, remembered or not, explains as explain() does.

    The values are drawn from small pools, so that patterns of leaf truths repeat and the
    memo answers most of them; with room for two patterns, the others are explained afresh.
    """
    import random

    from safeguards.engine.logic.evaluate import ExplainMemo, explain

    rng = random.Random(21)
    for check in catalog.checks.values():
        specs = catalog.facts[check.check.kind].facts
        reads = {
            fact
            for part in (check.applies_when, check.require, check.partial)
            if part is not None
            for fact in part.facts()
        }
        memos = [ExplainMemo(check, kept) for kept in (0, 2, 1024)]
        for _ in range(150):
            values = {f: v for f in reads if (v := _sample(specs[f], rng)) is not None}
            fresh = explain(check, values)
            for memo in memos:
                assert memo(values) == fresh, (check.safeguard.id, values)
        assert len(memos[0].seen) == 0 and len(memos[1].seen) <= 2
