"""A verdict that rests on a derived fact shows the answers it was computed from.

A derived fact (``research.protected``, computed from ``research.protection``) has no source of
its own: its evidence is the answers it reads. They follow it among the answers that decided the
verdict, with their sources and lines, and the verdict is provisional when they are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.lawyer.missing import to_confirm
from safeguards.engine.logic.evaluate import Options, evaluate_subject, finding
from safeguards.engine.models import Basis, Finding, Status
from safeguards.engine.subjects.load import load_subject

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
PROFILE = DATA / "open-questions.yaml"  # research.protection: prosecution_policy, secondary


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(CATALOG)


def verdict(
    cat: Catalog, sid: str, path: Path = PROFILE, options: Options | None = None
) -> Finding:
    subject = load_subject(path, cat)
    found = evaluate_subject(cat, subject, options or Options())
    return next(f for f in found if f.safeguard == sid)


def test_the_answers_behind_a_derived_fact_decide_with_it(cat: Catalog) -> None:
    f = verdict(cat, "SG-LAW-04")
    assert f.status is Status.MET
    assert [(d.fact, d.derived) for d in f.decisive_facts] == [
        ("research.protected", True),
        ("research.protection", False),
    ]
    derived, given = f.decisive_facts
    assert derived.value is True and derived.source is None
    assert given.value == "prosecution_policy"
    assert given.source is not None and given.source.url == "https://example.org/guideline"
    assert given.line == 28


def test_the_verdict_is_provisional_when_those_answers_are(cat: Catalog, tmp_path: Path) -> None:
    assert verdict(cat, "SG-LAW-04").provisional
    read = tmp_path / "read.yaml"
    read.write_text(
        PROFILE.read_text(encoding="utf-8").replace("basis: secondary", "basis: official_text"),
        encoding="utf-8",
    )
    assert not verdict(cat, "SG-LAW-04", read).provisional
    floor = verdict(cat, "SG-LAW-04", options=Options(min_basis=Basis.FAITHFUL_COPY))
    assert floor.status is Status.UNDETERMINED  # the answer set aside, the derived fact unknown
    assert [m.fact for m in floor.missing_facts] == ["research.protection"]  # what to answer


def test_missing_asks_to_confirm_the_answer_not_the_derived_fact(cat: Catalog) -> None:
    confirm = to_confirm(cat, load_subject(PROFILE, cat))
    assert confirm[0].fact == "research.protection"
    assert [sid for sid, _ in confirm[0].decides] == ["SG-LAW-04"]
    assert "research.protected" not in [c.fact for c in confirm]


def test_a_log_record_has_values_only_and_names_the_derived_fact_alone(cat: Catalog) -> None:
    """Records of a log are values without answers (no source, no line): their findings keep
    the derived facts alone, as the audit's fast path writes them."""
    check = cat.checks[("SG-LAW-04", "jurisdiction")]
    values = {"research.protection": "statute", "research.protected": True}
    f = finding(cat, check, "R", {}, values)
    assert [d.fact for d in f.decisive_facts] == ["research.protected"]


def test_explain_shows_the_answer_once() -> None:
    args = ["explain", "SG-LAW-04", "--subject", str(PROFILE), "--catalog", str(CATALOG)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "MET (provisional)" in result.output
    decided = result.output.split("Answers that decided it:")[1].split("\n\n")[0]
    assert decided.count("research.protection = prosecution_policy") == 1
    assert decided.lstrip().startswith("research.protected = yes, derived from research.protection")


def test_a_derived_fact_is_asked_as_the_answers_it_is_computed_from(
    cat: Catalog, tmp_path: Path
) -> None:
    """`set` refuses a derived fact: an open verdict asks the questions of its open inputs."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("safeguards: 1\nkind: jurisdiction\nid: E\nfacts: {}\n", encoding="utf-8")
    f = verdict(cat, "SG-LAW-04", empty)
    assert f.status is Status.UNDETERMINED
    assert [(m.fact, m.question) for m in f.missing_facts] == [
        ("research.protection", cat.facts["jurisdiction"].facts["research.protection"].question)
    ]
    args = ["check", str(empty), "--catalog", str(CATALOG), "--fail-on", "none"]
    shown = CliRunner().invoke(main, args).output
    assert "? research.protection: How are good-faith security researchers protected" in shown
    assert "research.protected" not in shown
    check = cat.checks[("SG-LAW-04", "jurisdiction")]
    record = finding(cat, check, "R", {}, {})  # a log's record: the derived fact, as computed
    assert [m.fact for m in record.missing_facts] == ["research.protected"]
