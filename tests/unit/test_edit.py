"""`safeguards set`: one answer changes, every other byte of the profile stays as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.errors import InputErrors, SafeguardsError, UsageError
from safeguards.engine.io import yamlcache
from safeguards.engine.io.yamledit import LayoutError, insert, insert_item
from safeguards.engine.io.yamlemit import Raw
from safeguards.engine.lawyer.edit import _verify, parse_value, set_answer
from safeguards.engine.lawyer.splice import Change, find_entry
from safeguards.engine.lawyer.whatif import domain
from safeguards.engine.logic.evaluate import Options, answers_in_force
from safeguards.engine.models import Answer, Source
from safeguards.engine.subjects.load import load_subject

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
PROFILE = DATA / "ruritania.yaml"
STYLES = DATA / "styles.yaml"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(CATALOG)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    target = tmp_path / "ruritania.yaml"
    shutil.copy(PROFILE, target)
    return target


def in_force(path: Path, cat: Catalog, fact: str, on: dt.date | None = None) -> Any:
    subject = load_subject(path, cat)
    answer = answers_in_force(subject, Options(as_of=on)).get(fact)
    return None if answer is None else answer.value


def changed_old_lines(old: str, new: str) -> set[int]:
    """Return the 1-based numbers of the original lines that the edit removed or replaced."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    out: set[int] = set()
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            out.update(range(i1 + 1, i2 + 1))
    return out


def comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_a_bare_value_changes_on_its_own_line_only(profile: Path, cat: Catalog) -> None:
    old, new = set_answer(profile, cat, Change("interception.authorization", "judicial"))
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    differ = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(differ) == 1
    assert new_lines[differ[0]] == "    authorization: judicial     # art. 90quater\n"
    assert profile.read_text(encoding="utf-8") == new
    assert in_force(profile, cat, "interception.authorization") == "judicial"


def test_the_edited_profile_is_found_in_the_cache_by_the_next_command(
    profile: Path, cat: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``set`` keeps the new text's parse: the ``check`` after it reads no YAML again."""
    monkeypatch.setenv("SAFEGUARDS_CACHE_DIR", str(tmp_path / "cache"))
    _, new = set_answer(profile, cat, Change("interception.authorization", "judicial"))
    assert yamlcache.lookup(new) is not None
    fresh = load_subject(profile, cat)  # from the cache: the same subject as a parse gives
    monkeypatch.setenv("SAFEGUARDS_NO_CACHE", "1")
    assert load_subject(profile, cat) == fresh
    assert in_force(profile, cat, "interception.authorization") == "judicial"


CASES = [
    Change("interception.authorization", "independent_authority", {"instrument": "CCP"}),
    Change("interception.exists", False, {"article": "90bis", "quote": "Le juge, d'office"}),
    Change("interception.max_days", 30),
    Change("biometric.court_order", True, {"instrument": "Data Act", "url": "https://x.org/a#b"}),
    Change("instrument_type", "treaty", {}, dt.date(2025, 1, 1)),
    Change("interception.exists", False, {}, dt.date(2025, 1, 1)),
    Change("research.protection", "statute", {"instrument": "NIS Act"}, dt.date(2025, 1, 1)),
    Change("research.protection", "statute"),
    Change("offences.qualifiers", ["dishonest_intent", "security_measure"]),
    Change("offences.qualifiers", ["dishonest_intent"], {}, dt.date(2025, 3, 1)),
    Change("offences.qualifiers", [], {"instrument": "Criminal Code"}),
    Change("reform.date", dt.date(2024, 1, 2), {}, dt.date(2024, 1, 2)),
    Change("notes.drafter", 'J. "Jo" Doe: counsel # not a comment'),
    # an older answer put before the one in force since no date, which then starts a day later
    Change("research.protection", "statute", {}, None, dt.date(2020, 1, 1)),
    Change("interception.exists", False, {"instrument": "Old CCP"}, None, dt.date(1999, 12, 31)),
    Change("instrument_type", "treaty", {}, None, dt.date(2010, 12, 31)),
    Change("offences.qualifiers", ["dishonest_intent"], {}, None, dt.date(2000, 1, 1)),
    Change("reform.date", dt.date(1990, 1, 1), {}, None, dt.date(1999, 12, 31)),
    # a period of its own
    Change(
        "interception.max_days",
        30,
        {"article": "90quater"},
        dt.date(2021, 1, 1),
        dt.date(2021, 12, 31),
    ),
]


def _ids(change: Change) -> str:
    return f"{change.fact}-{change.effective_from}-{change.effective_until}"


@pytest.mark.parametrize("original", [PROFILE, STYLES], ids=["plain", "styles"])
@pytest.mark.parametrize("change", CASES, ids=_ids)
def test_every_kind_of_edit_keeps_the_rest_of_the_file(
    tmp_path: Path, cat: Catalog, change: Change, original: Path
) -> None:
    profile = tmp_path / original.name
    shutil.copy(original, profile)
    before = load_subject(profile, cat)
    old, new = set_answer(profile, cat, change)
    after = load_subject(profile, cat)
    first, last = change.effective_from, change.effective_until
    for on in {first, last} - {None} or {None}:
        assert in_force(profile, cat, change.fact, on) == change.value
        source = answers_in_force(after, Options(as_of=on))[change.fact].source
        for name, value in change.source.items():
            assert getattr(source, name) == value
    outside = [first and first - dt.timedelta(days=1), last and last + dt.timedelta(days=1)]
    for day in filter(None, outside):  # the day before and the day after, nothing changed
        earlier = answers_in_force(before, Options(as_of=day))
        assert in_force(profile, cat, change.fact, day) == (
            earlier[change.fact].value if change.fact in earlier else None
        )
    for fact in set(before.answers) - {change.fact}:
        dump = [a.model_dump(exclude={"line", "column"}) for a in before.answers[fact]]
        assert dump == [a.model_dump(exclude={"line", "column"}) for a in after.answers[fact]]
    assert comments(old) == comments(new)
    by_line = sorted(after.answers[change.fact], key=lambda a: a.line)
    for earlier, later in itertools.pairwise(by_line):  # the history reads in date order
        assert earlier.effective_until is not None and later.effective_from is not None
        assert earlier.effective_until < later.effective_from
    entry = _entry_lines(old, change.fact)
    assert changed_old_lines(old, new) <= entry, (entry, new)


def _entry_lines(text: str, fact: str) -> set[int]:
    """Return the 1-based lines an entry spans, from its key to the end of its value node."""
    root = YAML(typ="rt").compose(text)
    facts = next(v for k, v in root.value if k.value == "facts")
    found = find_entry(facts, fact)
    if found is None:
        return set()  # a new entry: nothing of the old file may change
    node = root
    key = None
    for step in found[0]:
        key, node = next((k, v) for k, v in node.value if k.value == step)
    assert key is not None
    return set(range(key.start_mark.line + 1, node.end_mark.line + 2))


@pytest.mark.parametrize("original", [PROFILE, STYLES], ids=["plain", "styles"])
def test_every_value_of_every_fact_round_trips(
    tmp_path: Path, cat: Catalog, original: Path
) -> None:
    facts = cat.facts["jurisdiction"]
    for spec in facts.facts.values():
        if spec.derive is not None:
            continue
        for value in domain(cat, "jurisdiction", spec):
            target = tmp_path / "p.yaml"
            shutil.copy(original, target)
            set_answer(target, cat, Change(spec.key, value))
            assert in_force(target, cat, spec.key) == value, (spec.key, value)


def test_crlf_line_endings_and_a_byte_order_mark_survive(tmp_path: Path, cat: Catalog) -> None:
    raw = PROFILE.read_bytes().replace(b"\n", b"\r\n")
    target = tmp_path / "crlf.yaml"
    target.write_bytes(b"\xef\xbb\xbf" + raw)
    set_answer(target, cat, Change("interception.max_days", 60, {"instrument": "CCP"}))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert in_force(target, cat, "interception.max_days") == 60


@pytest.mark.parametrize(
    "change",
    [
        Change("interception.max_days", 60, {"instrument": "CCP"}),  # a new key, nested
        Change("biometric.court_order", True),  # a new key at the end of the facts
        Change("interception.authorization", "judicial"),  # a value in place
        Change("research.protection", "statute", effective_from=dt.date(2024, 1, 1)),
    ],
)
def test_a_crlf_profile_is_edited_as_its_lf_twin_is(
    tmp_path: Path, cat: Catalog, change: Change
) -> None:
    """Line endings are the file's own: the edit of a CRLF profile is the LF edit, line for
    line, with CRLF endings (no line added, lost or joined at a line break)."""
    lf, crlf = tmp_path / "lf.yaml", tmp_path / "crlf.yaml"
    shutil.copy(PROFILE, lf)
    crlf.write_bytes(PROFILE.read_bytes().replace(b"\n", b"\r\n"))
    set_answer(lf, cat, change)
    set_answer(crlf, cat, change)
    assert crlf.read_bytes() == lf.read_bytes().replace(b"\n", b"\r\n")


@pytest.mark.parametrize("empty", ["facts:\n", "facts: ~\n", "facts: null  # none yet\n"])
def test_facts_with_no_mapping_yet_take_the_first_answer(
    tmp_path: Path, cat: Catalog, empty: str
) -> None:
    target = tmp_path / "new.yaml"
    target.write_text(f"safeguards: 1\nkind: jurisdiction\nid: NE\n{empty}", encoding="utf-8")
    set_answer(target, cat, Change("interception.exists", True))
    assert in_force(target, cat, "interception.exists") is True


def test_flow_style_answers_and_an_empty_facts_mapping(tmp_path: Path, cat: Catalog) -> None:
    target = tmp_path / "flow.yaml"
    target.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: FL\nfacts: {}\n# tail comment\n", encoding="utf-8"
    )
    set_answer(target, cat, Change("interception.exists", True))
    assert target.read_text(encoding="utf-8").endswith(
        "  interception.exists: true\n# tail comment\n"
    )
    target.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: FL\n"
        "facts: {instrument_type: {value: treaty, source: {instrument: UNCC}}}\n",
        encoding="utf-8",
    )
    set_answer(target, cat, Change("instrument_type", "national_law", {"article": "2"}))
    set_answer(target, cat, Change("reform.date", dt.date(2020, 5, 1)))
    assert in_force(target, cat, "instrument_type") == "national_law"
    assert in_force(target, cat, "reform.date") == dt.date(2020, 5, 1)
    set_answer(target, cat, Change("instrument_type", "treaty", {}, dt.date(2030, 1, 1)))
    assert in_force(target, cat, "instrument_type", dt.date(2029, 12, 31)) == "national_law"
    assert in_force(target, cat, "instrument_type", dt.date(2030, 1, 1)) == "treaty"


def test_a_new_fact_goes_under_its_existing_nested_parent(profile: Path, cat: Catalog) -> None:
    _, new = set_answer(profile, cat, Change("interception.urgent_bypass", False))
    assert "    authorization: prosecutor     # art. 90quater\n    urgent_bypass: false\n" in new


def test_a_new_fact_goes_under_its_deepest_nested_parent(tmp_path: Path, catalog: Catalog) -> None:
    """Two levels down: the new key is written under the deepest mapping already there."""
    path = tmp_path / "deep.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: T\nfacts:\n"
        "  preservation:\n    stored_data:\n      power: true\n",
        encoding="utf-8",
    )
    _, new = set_answer(path, catalog, Change("preservation.stored_data.max_days", 90))
    assert new.endswith(
        "  preservation:\n    stored_data:\n      power: true\n      max_days: 90\n"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (Change("research.protection", "none", {}, dt.date(2023, 2, 15)), "already has an answer"),
        (Change("research.protection", "none", {}, dt.date(2020, 1, 1)), "already has an answer"),
        (Change("interception.max_days", -3), "at least 0"),
        (Change("interception.authorisation", "judicial"), "did you mean"),
        (Change("research.protected", True), "derived"),
    ],
)
def test_refused_edits_leave_the_file_untouched(
    profile: Path, cat: Catalog, change: Change, message: str
) -> None:
    before = profile.read_bytes()
    with pytest.raises(UsageError, match=message):
        set_answer(profile, cat, change)
    assert profile.read_bytes() == before


SHARED = """\
safeguards: 1
kind: jurisdiction
id: AX
name: Anchorland
as_of: 2024-06-01
facts:
  interception.exists: &yes
    value: true
    source: {instrument: Code of Criminal Procedure, article: "90ter"}
  interception.urgent_bypass: *yes
  interception.authorization:
    value: judicial
    source: &code {instrument: Code of Criminal Procedure, article: "90quater"}
"""


@pytest.mark.parametrize(
    ("fact", "value"),
    [
        ("interception.exists", False),  # the anchor: its alias would change with it
        ("interception.urgent_bypass", False),  # the alias
        ("interception.authorization", "prosecutor"),  # an anchor inside the answer
    ],
)
def test_an_answer_shared_through_an_anchor_is_left_to_be_edited_by_hand(
    tmp_path: Path, cat: Catalog, fact: str, value: Any
) -> None:
    profile = tmp_path / "anchorland.yaml"
    profile.write_text(SHARED, encoding="utf-8")
    before = profile.read_bytes()
    with pytest.raises(UsageError, match=r"shared through the YAML anchor &(yes|code); edit it"):
        set_answer(profile, cat, Change(fact, value))
    assert profile.read_bytes() == before
    assert in_force(profile, cat, "interception.urgent_bypass") is True  # read as before


@pytest.mark.parametrize(
    ("day", "index", "message"),
    [
        (dt.date(2023, 2, 15), 1, "already has an answer from 2023-02-15"),
        (dt.date(2020, 1, 1), 0, "already has an answer in force until 2023-02-14"),
    ],
)
def test_a_dated_answer_in_the_way_is_named_at_its_place(
    profile: Path, cat: Catalog, day: dt.date, index: int, message: str
) -> None:
    """The refusal points at the dated answer in the way, as an editor opens it."""
    history = load_subject(profile, cat).answers["research.protection"]
    in_the_way = history[index]
    lines = profile.read_text(encoding="utf-8").splitlines()
    assert lines[in_the_way.line - 1][in_the_way.column - 1 :].startswith("value: ")
    with pytest.raises(UsageError) as refused:
        set_answer(profile, cat, Change("research.protection", "none", {}, day))
    place = f"{profile}:{in_the_way.line}:{in_the_way.column}"
    assert str(refused.value) == f"{place}: 'research.protection' {message}" + (
        "; --effective-from must come after it" if index else ""
    )


@pytest.mark.parametrize(
    ("fact", "start", "end", "line", "message"),
    [
        # ending after the first answer's own end: it cannot start the day after
        (
            "research.protection", None, dt.date(2023, 3, 1), 18,
            "already has an answer in force until 2023-02-14",
        ),
        # ending on the very day the first answer ends: nothing of it would be left
        (
            "research.protection", None, dt.date(2023, 2, 14), 18,
            "already has an answer in force until 2023-02-14",
        ),
        # a period inside an answer in force since no date and still in force
        (
            "interception.authorization", dt.date(2021, 1, 1), dt.date(2021, 12, 31), 15,
            "already has an answer with no dates (in force on every day); give"
            " --effective-until alone to add an answer before it, or --effective-from alone"
            " to add one after it",
        ),
        # a period overlapping a dated answer
        (
            "research.protection", dt.date(2023, 1, 1), dt.date(2023, 3, 1), 18,
            "already has an answer in force until 2023-02-14",
        ),
    ],
)  # fmt: skip
def test_a_period_already_answered_is_refused_at_the_answer_in_the_way(
    profile: Path, cat: Catalog, fact: str, start: Any, end: Any, line: int, message: str
) -> None:
    before = profile.read_bytes()
    with pytest.raises(UsageError) as refused:
        value = "judicial" if fact.startswith("interception") else "statute"
        set_answer(profile, cat, Change(fact, value, {}, start, end))
    assert str(refused.value).startswith(f"{profile}:{line}:")
    assert str(refused.value).endswith(f"'{fact}' {message}")
    assert profile.read_bytes() == before


def test_an_answer_until_a_day_before_a_later_dated_one_is_told_where_to_end(
    profile: Path, cat: Catalog
) -> None:
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "    - value: none\n      effective_until: 2023-02-14\n", ""
        ),
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=r":18:7: 'research.protection' already has an answer "
                       r"from 2023-02-15; --effective-until must come before it$"):  # fmt: skip
        set_answer(
            profile, cat, Change("research.protection", "none", {}, None, dt.date(2023, 3, 1))
        )
    set_answer(profile, cat, Change("research.protection", "none", {}, None, dt.date(2023, 2, 1)))
    assert in_force(profile, cat, "research.protection", dt.date(2023, 2, 1)) == "none"
    assert in_force(profile, cat, "research.protection", dt.date(2023, 2, 2)) is None
    assert (
        in_force(profile, cat, "research.protection", dt.date(2023, 2, 15)) == "prosecution_policy"
    )


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (dt.date(2021, 2, 1), dt.date(2021, 1, 31), "--effective-until 2021-01-31 is before"),
        (dt.date.min, None, "must be after 0001-01-01"),
        (None, dt.date.max, "must be before 9999-12-31"),
    ],
)
def test_impossible_periods_are_refused(
    profile: Path, cat: Catalog, start: Any, end: Any, message: str
) -> None:
    before = profile.read_bytes()
    with pytest.raises(UsageError, match=message):
        set_answer(profile, cat, Change("interception.max_days", 30, {}, start, end))
    assert profile.read_bytes() == before


def _history_text(rng: random.Random, periods: list[tuple[Any, Any]]) -> str:
    """Write answers 1, 2, … for ``periods`` as a dated history in one of YAML's styles."""
    items = [
        {"value": i + 1}
        | ({"effective_from": a} if a else {})
        | ({"effective_until": b} if b else {})
        for i, (a, b) in enumerate(periods)
    ]
    rng.shuffle(items)
    if len(items) == 1 and not periods[0][0] and not periods[0][1]:
        return rng.choice([" 1", " {value: 1}", "\n      value: 1  # the only answer"])
    if rng.random() < 0.3:
        flows = ", ".join("{" + ", ".join(f"{k}: {v}" for k, v in i.items()) + "}" for i in items)
        return f" [{flows}]"
    lines = []
    for item in items:
        if rng.random() < 0.3:
            lines.append("      # a comment on the next answer")
        pairs = [f"{k}: {v}" for k, v in item.items()]
        lines += ["      - " + pairs[0], *("        " + p for p in pairs[1:])]
    return "\n" + "\n".join(lines)


GAP = """safeguards: 1
kind: jurisdiction
id: GP
facts:
  research.protection:
    - value: none
      effective_until: 2019-12-31
    # the 2023 guideline
    - value: prosecution_policy
      effective_from: 2023-02-15
"""


def test_an_answer_for_a_gap_goes_between_its_neighbours_above_their_comments(
    tmp_path: Path, cat: Catalog
) -> None:
    target = tmp_path / "gap.yaml"
    target.write_text(GAP, encoding="utf-8")
    change = Change("research.protection", "statute", {}, dt.date(2020, 1, 1), dt.date(2023, 2, 14))
    set_answer(target, cat, change)
    added = "    - value: statute\n      effective_from: 2020-01-01\n      effective_until: 2023-02-14\n"
    assert target.read_text(encoding="utf-8") == GAP.replace(
        "    # the 2023", added + "    # the 2023"
    )
    flow = GAP.split("  research.protection:")[0] + (
        "  research.protection: [{value: none, effective_until: 2019-12-31},"
        " {value: prosecution_policy, effective_from: 2023-02-15}]\n"
    )
    target.write_text(flow, encoding="utf-8")
    set_answer(target, cat, change)
    assert target.read_text(encoding="utf-8") == flow.replace(
        " {value: prosecution_policy",
        " {value: statute, effective_from: 2020-01-01, effective_until: 2023-02-14},"
        " {value: prosecution_policy",
    )


def _gives_way(answer: Any, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether an answer leaves room for a new one from ``start`` until ``end`` (the rule)."""
    lo, hi = start or dt.date.min, end or dt.date.max
    a_lo = answer.effective_from or dt.date.min
    a_hi = answer.effective_until or dt.date.max
    if a_lo > hi or a_hi < lo:
        return True  # no day in common
    if end is None and answer.effective_until is None:
        return a_lo < lo  # ends the day before
    return start is None and answer.effective_from is None and a_hi > hi  # starts the day after


def test_dated_answers_hold_exactly_their_period_and_leave_every_other_day_alone(
    tmp_path: Path, cat: Catalog
) -> None:
    """Random histories and periods: a day inside the new period answers the new value, every
    other day what it answered before; a period refused is one an answer holds that cannot give
    way (only an open end gives way), and the file is then left as it was."""
    rng = random.Random(20261207)
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=30 * k) for k in range(12)]
    target = tmp_path / "p.yaml"
    refused = written = 0
    for _ in range(150):
        cuts = sorted(rng.sample(days, rng.randrange(0, 5)))
        bounds: list[Any] = [None, *cuts, None]
        periods, gaps = [], []
        for a, b in itertools.pairwise(bounds):  # consecutive pieces, some left out
            piece = (a and a + dt.timedelta(days=1), b)
            (periods if rng.random() < 0.7 else gaps).append(piece)
        if not periods:
            periods = [(None, None)]
        text = "safeguards: 1\nkind: jurisdiction\nid: PX\nfacts:\n  interception:\n"
        text += "    max_days:" + _history_text(rng, periods) + "\n    exists: true\n"
        target.write_text(text, encoding="utf-8")
        start, end = rng.choice([*days, None]), rng.choice([*days, None])
        if gaps and rng.random() < 0.5:  # a period no answer holds yet, or a part of it
            start, end = rng.choice(gaps)
        if (start is None and end is None) or (start and end and end < start):
            continue
        old = load_subject(target, cat).answers["interception.max_days"]
        lo, hi = start or dt.date.min, end or dt.date.max

        change = Change("interception.max_days", 99, {}, start, end)
        probes = {dt.date(2019, 6, 1), dt.date(2031, 6, 1)}
        for d in [*days, *(x for a in old for x in (a.effective_from, a.effective_until) if x)]:
            probes |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
        expected = {d: in_force(target, cat, "interception.max_days", d) for d in probes}
        if not all(_gives_way(a, start, end) for a in old):
            with pytest.raises(UsageError, match="already has an answer"):
                set_answer(target, cat, change)
            assert target.read_text(encoding="utf-8") == text
            refused += 1
            continue
        set_answer(target, cat, change)
        written += 1
        for d in sorted(probes):
            want = 99 if lo <= d <= hi else expected[d]
            assert in_force(target, cat, "interception.max_days", d) == want, (text, change, d)
        assert in_force(target, cat, "interception.exists") is True
    assert refused > 20 and written > 20, (refused, written)


def test_a_dated_edit_that_would_also_rewrite_an_earlier_answer_is_never_written(
    profile: Path, cat: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard after the splice: the answers already given keep their values and sources."""
    from safeguards.engine.lawyer import edit, splice

    def slipped(text: str, history: Any, change: Change) -> str:
        done = splice.apply(text, history, change)
        return done.replace("value: prosecution_policy", "value: none", 1)

    monkeypatch.setattr(edit, "apply", slipped)
    before = profile.read_bytes()
    change = Change("research.protection", "statute", {}, None, dt.date(2020, 1, 1))
    with pytest.raises(SafeguardsError, match=r"would also change research\.protection"):
        set_answer(profile, cat, change)
    assert profile.read_bytes() == before


def test_a_broken_profile_is_reported_not_edited(tmp_path: Path, cat: Catalog) -> None:
    target = tmp_path / "bad.yaml"
    target.write_text("safeguards: 1\nkind: jurisdiction\nid: X\nfacts:\n  nope: 1\n")
    before = target.read_bytes()
    with pytest.raises(InputErrors, match=r"bad.yaml:5:3: unknown fact 'nope'"):
        set_answer(target, cat, Change("instrument_type", "treaty"))
    assert target.read_bytes() == before


def test_an_interrupted_rename_leaves_the_original_intact(
    profile: Path, cat: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = profile.read_bytes()

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = CliRunner().invoke(
        main, ["set", str(profile), "interception.max_days", "30", "--catalog", str(CATALOG)]
    )
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert "Traceback" not in result.output
    assert profile.read_bytes() == before
    assert sorted(p.name for p in profile.parent.iterdir()) == ["ruritania.yaml"]


def test_a_kill_in_the_middle_of_the_write_leaves_the_original_intact(
    profile: Path, cat: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = profile.read_bytes()

    def killed(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(KeyboardInterrupt):
        set_answer(profile, cat, Change("interception.max_days", 30))
    assert profile.read_bytes() == before
    assert sorted(p.name for p in profile.parent.iterdir()) == ["ruritania.yaml"]


@pytest.mark.parametrize(
    ("fact", "typed", "value"),
    [
        ("interception.exists", "yes", True),
        ("interception.exists", "Y", True),
        ("interception.exists", "true", True),
        ("interception.exists", "False", False),
        ("interception.exists", "no", False),
        ("interception.exists", "N", False),
        ("interception.max_days", "90", 90),
        (
            "offences.qualifiers",
            "[dishonest_intent, minor_cases]",
            ["dishonest_intent", "minor_cases"],
        ),
        ("offences.qualifiers", "security_measure", ["security_measure"]),
        ("reform.date", "2024-02-29", dt.date(2024, 2, 29)),
        ("instrument_type", "treaty", "treaty"),
    ],
)
def test_command_line_values_are_read_as_the_facts_type(
    cat: Catalog, fact: str, typed: str, value: Any
) -> None:
    spec = cat.facts["jurisdiction"].facts[fact]
    assert parse_value(spec, typed) == (value, None)


@pytest.mark.parametrize("typed", ["[security_measure,", "dishonest_intent]", "maybe"])
def test_a_value_typed_wrong_is_refused_not_guessed(cat: Catalog, typed: str) -> None:
    """A list missing a bracket is not read as if it had both; a yes/no needs a yes or a no."""
    fact = "interception.exists" if typed == "maybe" else "offences.qualifiers"
    value, problem = parse_value(cat.facts["jurisdiction"].facts[fact], typed)
    assert value is None and problem is not None


def test_the_cli_reports_a_bad_value_at_the_facts_line(profile: Path) -> None:
    before = profile.read_bytes()
    result = CliRunner().invoke(
        main,
        ["set", str(profile), "interception.authorization", "judge", "--catalog", str(CATALOG)],
    )
    assert result.exit_code == 2
    assert f"{profile}:15:5: 'judge' is not an allowed value" in result.output
    assert profile.read_bytes() == before


def test_the_cli_sets_a_cited_dated_answer(profile: Path, cat: Catalog) -> None:
    args = [
        "set", str(profile), "biometric.court_order", "yes",
        "--source-instrument", "Data Protection Act", "--source-article", "9(2)",
        "--source-url", "https://example.org/dpa", "--source-quote", "a further order",
        "--effective-from", "2025-05-01", "--catalog", str(CATALOG),
    ]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    subject = load_subject(profile, cat)
    (answer,) = subject.answers["biometric.court_order"]
    assert answer.value is True
    assert answer.effective_from == dt.date(2025, 5, 1)
    assert answer.source is not None and answer.source.article == "9(2)"


def test_a_number_the_reader_would_refuse_is_refused_before_it_is_written(
    profile: Path, cat: Catalog
) -> None:
    spec = cat.facts["jurisdiction"].facts["interception.max_days"]
    assert parse_value(spec, "9" * 18) == (int("9" * 18), None)
    assert parse_value(spec, "1" + "0" * 18) == (
        None,
        "'interception.max_days': number too large: more than 18 digits",
    )
    before = profile.read_bytes()
    with pytest.raises(UsageError, match="number too large: more than 18 digits"):
        set_answer(profile, cat, Change("interception.max_days", 10**18))
    assert profile.read_bytes() == before


def test_a_layout_that_cannot_be_edited_is_refused_at_its_place() -> None:
    """The YAML editor names the line and column of what it cannot edit, as every input error
    is named (the caller puts the file's name in front)."""
    text = "safeguards: 1\nfacts: 3\n"
    with pytest.raises(LayoutError, match="expected a mapping here") as refused:
        insert(text, ("facts",), {"a": "1"}, 2)
    assert (refused.value.line, refused.value.column) == (2, 8)
    with pytest.raises(LayoutError, match="expected a list here") as refused:
        insert_item(text, ("facts",), None, "x", 2)
    assert (refused.value.line, refused.value.column) == (2, 8)


@pytest.mark.parametrize(
    ("last", "after"),
    [("  b:\n", "# tail\nid: X\n"), ("  b:   # open\n", "\nid: X\n")],
)
def test_a_new_entry_follows_a_last_entry_without_a_value(last: str, after: str) -> None:
    """The last entry ends at its colon when it has no value (or a comment only): the new one
    goes on the next line, not after what follows the mapping."""
    head = "safeguards: 1\nfacts:\n  a: 1\n"
    new = insert(head + last + after, ("facts",), {"z": Raw("2")}, 2)
    assert new == head + last + "  z: 2\n" + after


@pytest.mark.parametrize("end", ["", "\n", "   ", "\n# tail\n"])
def test_an_explicit_key_without_a_value_is_refused_at_its_place(end: str) -> None:
    """A last answer written '? key' (no colon) cannot be edited after, at the end of the text
    or before a line break alike: refused at the key, not read past the text or the line."""
    text = "safeguards: 1\nfacts:\n  a: 1\n  ? b" + end
    with pytest.raises(LayoutError, match="cannot edit this style of key") as refused:
        insert(text, ("facts",), {"c": "2"}, 2)
    assert (refused.value.line, refused.value.column) == (4, 5)


ANSWERED = "safeguards: 1\nkind: jurisdiction\nid: ED\nfacts:\n"


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        # a quoted empty string is a value, not an empty node: it is replaced, not prefixed
        ("  notes.drafter: ''\n", "Ann", "  notes.drafter: Ann\n"),
        # a folded block value becomes one line; the comment on its first line stays
        (
            "  notes.drafter: >-  # who wrote it\n    Ann Lee\n",
            "Bob",
            "  notes.drafter: Bob  # who wrote it\n",
        ),
    ],
)
def test_a_value_is_replaced_whole_whatever_its_style(
    tmp_path: Path, cat: Catalog, before: str, value: str, after: str
) -> None:
    profile = tmp_path / "styled.yaml"
    tail = "  interception.exists: true\n"
    profile.write_text(ANSWERED + before + tail, encoding="utf-8")
    set_answer(profile, cat, Change("notes.drafter", value))
    assert profile.read_text(encoding="utf-8") == ANSWERED + after + tail


def test_a_new_citation_takes_the_old_one_and_its_note_away_line_by_line(
    tmp_path: Path, cat: Catalog
) -> None:
    profile = tmp_path / "cited.yaml"
    profile.write_text(
        ANSWERED + "  interception.authorization:\n    value: prosecutor\n"
        "    note: the prosecutor orders it\n    source:\n      instrument: Old Act\n"
        "  interception.exists: true\n",
        encoding="utf-8",
    )
    set_answer(
        profile, cat, Change("interception.authorization", "judicial", {"instrument": "New Act"})
    )
    assert profile.read_text(encoding="utf-8") == (
        ANSWERED + "  interception.authorization:\n    value: judicial\n"
        "    source:\n      instrument: New Act\n  interception.exists: true\n"
    )


def test_the_guard_refuses_an_edit_that_is_not_exactly_the_one_asked() -> None:
    """The last check before writing compares the answers before and after the splice: only
    the asked fact may change, to the asked value and citation (a guard against slips)."""
    cited = Answer(value="judicial", source=Source(instrument="CCP"))
    other = Answer(value=True)
    before = {"interception.authorization": (Answer(value="prosecutor"),), "x.y": (other,)}
    asked = Change("interception.authorization", "judicial", {"instrument": "CCP"})
    _verify(before, {**before, "interception.authorization": (cited,)}, asked)  # as asked
    wrong_source = Answer(value="judicial", source=Source(instrument="Other Act"))
    with pytest.raises(SafeguardsError, match=r"also change interception\.authorization;"):
        _verify(before, {**before, "interception.authorization": (wrong_source,)}, asked)
    with pytest.raises(SafeguardsError, match=r"would also change x\.y; file left unchanged"):
        changed = {"interception.authorization": (cited,), "x.y": (Answer(value=False),)}
        _verify(before, changed, asked)
    unknown = Change("interception.authorization", None)
    _verify(before, {"x.y": (other,)}, unknown)  # the answer removed: unknown
    with pytest.raises(SafeguardsError, match=r"also change interception\.authorization;"):
        _verify(before, before, unknown)  # an answer still given
