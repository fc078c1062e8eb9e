"""The days a fact's dated answers leave open: found at their boundaries, carried into reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.logic.evaluate import Options, evaluate_subject
from safeguards.engine.models import Answer, Basis, unanswered
from safeguards.engine.subjects.load import load_subject

CATALOG = Path(__file__).resolve().parents[1] / "data" / "lawyer" / "catalog"
D = dt.date


def _answer(start: D | None, end: D | None, line: int) -> Answer:
    return Answer(value=1, effective_from=start, effective_until=end, line=line)


HISTORY = (_answer(None, D(2019, 12, 31), 7), _answer(D(2023, 2, 15), None, 9))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2019, 12, 31), None),  # the last day of the first answer: in force
        (D(2020, 1, 1), (D(2019, 12, 31), 7, D(2023, 2, 15), 9)),  # the first day without
        (D(2023, 2, 14), (D(2019, 12, 31), 7, D(2023, 2, 15), 9)),  # the last day without
        (D(2023, 2, 15), None),  # the first day of the second answer
    ],
)
def test_the_open_days_begin_and_end_exactly_where_the_answers_do(
    on: D, expected: tuple[D, int, D, int] | None
) -> None:
    found = unanswered(HISTORY, on)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.ended_on, found.ended_line, found.resumes_on, found.resumes_line) == expected
    assert (found.first_day, found.last_day) == (D(2020, 1, 1), D(2023, 2, 14))


def test_no_history_no_date_and_the_nearest_borders() -> None:
    assert unanswered((), D(2020, 1, 1)) is None
    closed = (_answer(None, D(2009, 12, 31), 5), _answer(D(2010, 1, 1), D(2019, 12, 31), 8))
    found = unanswered(closed, None)  # no date: only an answer still open would count
    assert found is not None and (found.ended_on, found.resumes_on) == (D(2019, 12, 31), None)
    assert (
        found.describe("p.yaml") == "answered until 2019-12-31 (p.yaml:8); nothing in force still"
    )
    assert found.describe() == "answered until 2019-12-31 (line 8); nothing in force still"
    # an answer without a line (read from a report): the file alone, else that it is unknown
    lineless = unanswered((_answer(None, D(2019, 12, 31), 0),), D(2020, 1, 1))
    assert lineless is not None
    assert lineless.describe("p.yaml").startswith("answered until 2019-12-31 (p.yaml);")
    assert lineless.describe().startswith("answered until 2019-12-31 (line unknown);")


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(CATALOG)


def test_a_report_names_the_answers_that_border_an_open_question(
    cat: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: P\nas_of: 2021-01-01\nfacts:\n"
        "  interception.exists: true\n"
        "  interception.max_days:\n"
        "    - value: 60\n"
        "      effective_until: 2019-12-31\n"
    )
    subject = load_subject(path, cat)
    found = {f.safeguard: f for f in evaluate_subject(cat, subject)}
    (question,) = [m for m in found["SG-LAW-02"].missing_facts if m.fact == "interception.max_days"]
    assert question.unanswered is not None and question.unanswered.resumes_on is None
    assert question.text.endswith(
        "Answered until 2019-12-31 (line 8); nothing in force on 2021-01-01."
    )
    # another date asked for: the open days are reckoned on that date, not the profile's
    later = {f.safeguard: f for f in evaluate_subject(cat, subject, Options(as_of=D(2020, 6, 1)))}
    (asked,) = [m for m in later["SG-LAW-02"].missing_facts if m.fact == "interception.max_days"]
    assert asked.text.endswith("nothing in force on 2020-06-01.")
    # on a date the answer covers, the question is not open and nothing is attached
    then = {f.safeguard: f for f in evaluate_subject(cat, subject, Options(as_of=D(2019, 1, 1)))}
    assert all(m.unanswered is None for f in then.values() for m in f.missing_facts)


def test_an_answer_set_aside_by_the_basis_floor_is_not_reported_as_days_without_one(
    cat: Catalog, tmp_path: Path
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: P\nfacts:\n"
        "  interception.exists:\n    value: true\n    source: {instrument: X, basis: secondary}\n"
    )
    subject = load_subject(path, cat)
    floor = Options(min_basis=Basis.OFFICIAL_TEXT)
    missing = [m for f in evaluate_subject(cat, subject, floor) for m in f.missing_facts]
    assert any(m.fact == "interception.exists" for m in missing)
    assert all(m.unanswered is None for m in missing)


def test_a_question_open_beside_one_never_answered_still_names_its_borders(
    cat: Catalog, tmp_path: Path
) -> None:
    """SG-LAW-02 waits on two answers: one never given, one that ended. The one that ended
    still says when it did."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: P\nas_of: 2021-01-01\nfacts:\n"
        "  interception.max_days:\n"
        "    - value: 60\n"
        "      effective_until: 2019-12-31\n"
    )
    found = {f.safeguard: f for f in evaluate_subject(cat, load_subject(path, cat))}
    missing = {m.fact: m for m in found["SG-LAW-02"].missing_facts}
    assert missing["interception.exists"].unanswered is None  # never answered
    assert missing["interception.max_days"].unanswered is not None
