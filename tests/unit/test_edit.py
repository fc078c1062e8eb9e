"""`safeguards set`: one answer changes, every other byte of the profile stays as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.errors import InputErrors, UsageError
from safeguards.engine.io import yamlcache
from safeguards.engine.lawyer.edit import parse_value, set_answer
from safeguards.engine.lawyer.splice import Change, find_entry
from safeguards.engine.lawyer.whatif import domain
from safeguards.engine.logic.evaluate import Options, answers_in_force
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
]


@pytest.mark.parametrize("original", [PROFILE, STYLES], ids=["plain", "styles"])
@pytest.mark.parametrize("change", CASES, ids=lambda c: f"{c.fact}-{c.effective_from}")
def test_every_kind_of_edit_keeps_the_rest_of_the_file(
    tmp_path: Path, cat: Catalog, change: Change, original: Path
) -> None:
    profile = tmp_path / original.name
    shutil.copy(original, profile)
    before = load_subject(profile, cat)
    old, new = set_answer(profile, cat, change)
    after = load_subject(profile, cat)
    on = change.effective_from
    assert in_force(profile, cat, change.fact, on) == change.value
    source = answers_in_force(after, Options(as_of=on))[change.fact].source
    for name, value in change.source.items():
        assert getattr(source, name) == value
    if on is not None:  # the day before, the earlier answer still holds
        earlier = answers_in_force(before, Options(as_of=on - dt.timedelta(days=1)))
        assert in_force(profile, cat, change.fact, on - dt.timedelta(days=1)) == (
            earlier[change.fact].value if change.fact in earlier else None
        )
    for fact in set(before.answers) - {change.fact}:
        dump = [a.model_dump(exclude={"line", "column"}) for a in before.answers[fact]]
        assert dump == [a.model_dump(exclude={"line", "column"}) for a in after.answers[fact]]
    assert comments(old) == comments(new)
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
        ("interception.exists", "False", False),
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
