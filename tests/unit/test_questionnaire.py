"""`safeguards init`: the questionnaire, its answers checked on the spot, saved after each one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.io import yamlcache
from safeguards.engine.io.validation import jsonable
from safeguards.engine.io.yamlparse import compose
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.lawyer.edit import answers_of
from safeguards.engine.lawyer.questionnaire import (
    Reply,
    ReplyKind,
    Session,
    parse_reply,
    run,
    subject_id_from,
)
from safeguards.engine.lawyer.template import ordered, template
from safeguards.engine.lawyer.whatif import base_values
from safeguards.engine.models import FactType, Subject
from safeguards.engine.subjects.load import load_subject
from safeguards.engine.subjects.schema import profile_schema

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
CAT = ["--catalog", str(CATALOG)]


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(CATALOG)


class Scripted:
    """A console that types prepared replies and records what was asked."""

    def __init__(self, replies: list[str]) -> None:
        self.replies: Iterator[str] = iter(replies)
        self.asked: list[str] = []
        self.shown: list[str] = []

    def ask(self, prompt: str) -> str:
        self.asked.append(prompt.strip())
        try:
            return next(self.replies)
        except StopIteration:
            raise EOFError from None

    def say(self, text: str = "") -> None:
        self.shown.append(text)


def spec(cat: Catalog, key: str):  # type: ignore[no-untyped-def]
    return cat.facts["jurisdiction"].facts[key]


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("instrument_type", "2", Reply(ReplyKind.VALUE, "national_law")),
        ("instrument_type", "Treaty", Reply(ReplyKind.VALUE, "treaty")),
        ("instrument_type", "nat", Reply(ReplyKind.VALUE, "national_law")),
        ("instrument_type", "", Reply(ReplyKind.SKIP)),
        ("instrument_type", "skip", Reply(ReplyKind.SKIP)),
        ("instrument_type", "?", Reply(ReplyKind.UNKNOWN)),
        ("instrument_type", "unknown", Reply(ReplyKind.UNKNOWN)),
        ("interception.exists", "y", Reply(ReplyKind.VALUE, True)),
        ("interception.exists", "No", Reply(ReplyKind.VALUE, False)),
        ("interception.max_days", "90", Reply(ReplyKind.VALUE, 90)),
        ("reform.date", "2023-02-15", Reply(ReplyKind.VALUE, dt.date(2023, 2, 15))),
        (
            "offences.qualifiers",
            "1, 3",
            Reply(ReplyKind.VALUE, ["dishonest_intent", "minor_cases"]),
        ),
        (
            "offences.qualifiers",
            "security_measure 1",
            Reply(ReplyKind.VALUE, ["security_measure", "dishonest_intent"]),
        ),
        ("offences.qualifiers", "none", Reply(ReplyKind.VALUE, [])),
        ("notes.drafter", "Jane Doe, counsel", Reply(ReplyKind.VALUE, "Jane Doe, counsel")),
    ],
)
def test_replies_are_read_comfortably(cat: Catalog, key: str, typed: str, expected: Reply) -> None:
    assert parse_reply(spec(cat, key), typed) == (expected, None)


@pytest.mark.parametrize(
    ("key", "typed", "problem"),
    [
        ("instrument_type", "5", "not a choice"),
        ("interception.authorization", "judical", "not a choice"),
        ("interception.authorization", "i", "could be"),
        ("interception.exists", "maybe", "'maybe' is neither yes nor no: type yes or no"),
        ("interception.max_days", "-1", "at least 0"),
        ("interception.max_days", "ninety", "whole number"),
        ("reform.date", "15/02/2023", "date"),
        ("offences.qualifiers", "1, 9", "not a choice"),
    ],
)
def test_bad_replies_are_explained(cat: Catalog, key: str, typed: str, problem: str) -> None:
    reply, message = parse_reply(spec(cat, key), typed)
    assert reply is None
    assert message is not None and problem in message


def test_questions_follow_the_groups_of_the_facts_file(cat: Catalog) -> None:
    keys = [s.key for s in ordered(cat.facts["jurisdiction"])]
    assert keys[:3] == ["instrument_type", "reform.date", "notes.drafter"]
    assert keys.index("interception.exists") < keys.index("research.protection")
    assert "research.protected" not in keys  # derived facts are never asked


def test_the_template_loads_and_validates_against_the_schema(tmp_path: Path, cat: Catalog) -> None:
    facts = cat.facts["jurisdiction"]
    path = tmp_path / "t.yaml"
    path.write_text(template(facts, "T", "Testland: a test", "jurisdiction.schema.json"))
    subject = load_subject(path, cat)
    assert subject.answers == {}
    assert subject.name == "Testland: a test"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=jurisdiction.schema.json\n")
    for s in ordered(facts):
        assert f"\n  {s.key}:\n" in text
        assert " ".join(s.question.split())[:40] in " ".join(text.split())
    data = load_yaml(path, Exception).data  # type: ignore[arg-type]
    errors = list(Draft202012Validator(profile_schema(facts)).iter_errors(jsonable(data)))
    assert errors == []


def _session(tmp_path: Path, cat: Catalog) -> Session:
    path = tmp_path / "p.yaml"
    text = "safeguards: 1\nkind: jurisdiction\nid: P\nfacts: {}\n"
    session = Session(path, text, cat, "jurisdiction")
    session.save()
    return session


def test_questions_that_cannot_change_a_verdict_are_not_asked(tmp_path: Path, cat: Catalog) -> None:
    session = _session(tmp_path, cat)
    console = Scripted(["national_law", "", "no", "", "yes", "", "statute", "", "1", ""])
    tally = run(session, console)
    asked = [a for a in console.asked if not a.startswith(("source", "article", "url", "quote"))]
    assert asked == [
        "instrument_type",
        "interception.exists",
        "biometric.court_order",
        "research.protection",
        "offences.qualifiers",
    ]
    # "no interception power" makes the authorisation, urgency and duration questions moot
    assert {"interception.authorization", "interception.max_days"} <= set(tally.not_needed)
    assert "notes.drafter" in tally.not_needed  # no safeguard reads it
    report = CliRunner().invoke(main, ["check", str(session.path), *CAT, "--fail-on", "none"])
    assert "undetermined" not in report.output.lower().split("total:")[-1], report.output


def test_every_answer_is_on_disk_before_the_next_question(tmp_path: Path, cat: Catalog) -> None:
    session = _session(tmp_path, cat)
    console = Scripted(["treaty", "UN Convention", "Art. 2", "", ""])  # then end of input
    with pytest.raises(EOFError):
        run(session, console)
    subject = load_subject(session.path, cat)
    (answer,) = subject.answers["instrument_type"]
    assert answer.value == "treaty"
    assert answer.source is not None and answer.source.article == "Art. 2"


def test_a_citation_with_the_line_breaks_of_yaml_1_1_is_kept_as_typed(
    tmp_path: Path, cat: Catalog
) -> None:
    session = _session(tmp_path, cat)
    article = "}  \u2028Art. 2 \x85 x\u2029y"
    console = Scripted(["treaty", "UN Convention\x7f", article, "", ""])
    with pytest.raises(EOFError):
        run(session, console)
    (answer,) = load_subject(session.path, cat).answers["instrument_type"]
    assert answer.source is not None
    assert (answer.source.instrument, answer.source.article) == ("UN Convention\x7f", article)


def test_unknown_is_written_as_an_empty_answer_and_asked_again(
    tmp_path: Path, cat: Catalog
) -> None:
    session = _session(tmp_path, cat)
    with pytest.raises(EOFError):
        run(session, Scripted(["?"]), cite=False)
    text = session.path.read_text()
    assert "  instrument_type:\n" in text
    assert load_subject(session.path, cat).answers == {}
    again = Scripted(["2"])
    with pytest.raises(EOFError):
        run(session, again, cite=False)
    assert again.asked[0] == "instrument_type"
    assert load_subject(session.path, cat).answers["instrument_type"][0].value == "national_law"


class Watching(Scripted):
    """A scripted console that checks, at each question, the session's answers against a parse."""

    def __init__(self, replies: list[str], session: Session) -> None:
        super().__init__(replies)
        self.session = session
        self.texts = [session.text]

    def ask(self, prompt: str) -> str:
        s = self.session
        if s.text != self.texts[-1]:
            self.texts.append(s.text)
        fresh = answers_of(s.path, s.text, s.facts)
        assert s.parsed() == fresh  # what the session kept is what its text says
        assert s.answers() == base_values(Subject(kind=s.kind, id="profile", answers=fresh))
        return super().ask(prompt)


def test_each_answer_composes_the_profile_once_and_its_answers_stay_those_of_its_text(
    tmp_path: Path, cat: Catalog
) -> None:
    session = _session(tmp_path, cat)
    replies = ["national_law", "?", "yes", "treaty", "1", "2", "?", "no", "3", "yes", "?", ""]
    console = Watching(replies * 3, session)
    compose.cache_clear()
    tally = run(session, console, cite=False, ask_all=True)
    if session.text != console.texts[-1]:
        console.texts.append(session.text)  # the last answer's, after the last question
    edits = len(console.texts) - 1
    assert edits == len(tally.answered) + len(tally.unknown) >= 8, tally
    # each answer composes its new text once: for its answers, then to locate the next edit
    # in it, and for the checks above (the first text once more, before the first answer)
    assert compose.cache_info().misses == edits + 1
    assert session.path.read_text() == session.text
    assert answers_of(session.path, session.text, session.facts) == session.parsed()


def test_init_leaves_the_profile_parsed_in_the_cache_for_the_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFEGUARDS_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "p.yaml"
    args = ["init", "jurisdiction", "-o", str(out), *CAT, "--no-cite"]
    done = CliRunner().invoke(main, args, input="\n\n\nnational_law\n" + "\n" * 30)
    assert done.exit_code == 0, done.output
    assert yamlcache.lookup(out.read_text(encoding="utf-8")) is not None


def test_ask_all_asks_even_the_questions_no_verdict_needs(tmp_path: Path, cat: Catalog) -> None:
    session = _session(tmp_path, cat)
    console = Scripted([""] * 20)
    tally = run(session, console, cite=False, ask_all=True)
    assert len(tally.skipped) == len(ordered(cat.facts["jurisdiction"]))


def test_the_subject_id_comes_from_the_file_name() -> None:
    assert subject_id_from(Path("out/be.yaml")) == "BE"
    assert subject_id_from(Path("united states.yaml")) == "UNITED-STATES"
    assert subject_id_from(Path("__.yaml")) == "SUBJECT"


def _init(tmp_path: Path, typed: list[str], *extra: str) -> tuple[int, str]:
    out = tmp_path / "ru.yaml"
    args = ["init", "jurisdiction", *extra, *CAT]
    if "--resume" not in extra:
        args += ["-o", str(out)]
    result = CliRunner().invoke(main, args, input="".join(f"{t}\n" for t in typed))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_the_cli_questionnaire_end_to_end_with_an_interruption(
    tmp_path: Path, cat: Catalog
) -> None:
    code, output = _init(tmp_path, ["", "Ruritania", "2024-06-01", "2", "Code", "", "", "", "yes"])
    assert code == 130
    assert "--resume" in output
    out = tmp_path / "ru.yaml"
    first = load_subject(out, cat)
    assert first.id == "RU" and first.name == "Ruritania" and first.as_of == dt.date(2024, 6, 1)
    assert first.answers["instrument_type"][0].source is not None
    # interrupted while citing it, the answer to interception.exists is not saved without its
    # citation: resuming asks it again
    assert "interception.exists" not in first.answers
    assert (tmp_path / "jurisdiction.schema.json").is_file()
    # resume: the questions already answered are not asked again
    code, output = _init(
        tmp_path,
        ["yes", "yes", "judicial", "no", "60", "yes", "statute", "1"],
        "--resume",
        str(out),
        "--no-cite",
    )
    assert code == 0, output
    assert "instrument_type:" not in output
    assert "Saved" in output
    done = load_subject(out, cat)
    assert done.answers["interception.exists"][0].value is True
    assert done.answers["interception.max_days"][0].value == 60
    assert done.answers["offences.qualifiers"][0].value == ["dishonest_intent"]
    assert out.read_text().startswith("# yaml-language-server: $schema=jurisdiction.schema.json")
    report = CliRunner().invoke(
        main, ["check", str(out), *CAT, "--format", "json", "--fail-on", "none"]
    )
    summary = json.loads(report.output)["summary"]
    assert summary["undetermined"] == 0


def test_init_refuses_to_overwrite_and_reports_bad_resume_files(tmp_path: Path) -> None:
    out = tmp_path / "ru.yaml"
    out.write_text("keep me\n")
    code, output = _init(tmp_path, [])
    assert code == 2 and "exists; continue it with --resume" in output
    assert out.read_text() == "keep me\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("safeguards: 1\nkind: jurisdiction\nid: B\nfacts:\n  instrument_type: federal\n")
    code, output = _init(tmp_path, [], "--resume", str(bad))
    assert code == 2
    assert f"{bad}:5:20: 'federal' is not an allowed value" in output
    code, output = _init(tmp_path, [], "--resume", str(bad), "--no-input")
    assert code == 2
    other = tmp_path / "wf.yaml"
    other.write_text("safeguards: 1\nkind: workflow\nid: W\nfacts: {}\n")
    result = CliRunner().invoke(main, ["init", "jurisdiction", "--resume", str(other)], input="")
    code, output = result.exit_code, result.output  # the built-in catalog: both kinds
    assert code == 2
    assert output.strip() == (
        f"{other}:2:7: a workflow profile, not a jurisdiction one:"
        " continue it with 'init workflow --resume'"
    )


def test_init_no_input_writes_a_template_that_check_accepts(tmp_path: Path, cat: Catalog) -> None:
    out = tmp_path / "tpl.yaml"
    result = CliRunner().invoke(
        main, ["init", "jurisdiction", "-o", str(out), "--no-input", "--name", "Testland", *CAT]
    )
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(main, ["check", str(out), *CAT, "--fail-on", "none"])
    assert check.exit_code == 0, check.output
    assert "5 undetermined" in check.output
    unknown_kind = CliRunner().invoke(
        main, ["init", "treatyz", "-o", str(tmp_path / "x.yaml"), *CAT]
    )
    assert unknown_kind.exit_code == 2 and "unknown subject kind 'treatyz'" in unknown_kind.output


def test_every_kind_of_the_builtin_catalog_has_a_loadable_template(
    tmp_path: Path, catalog: Catalog
) -> None:
    for kind in ("jurisdiction", "workflow"):
        facts = catalog.facts[kind]
        path = tmp_path / f"{kind}.yaml"
        path.write_text(template(facts, "X", None, None))
        assert load_subject(path, catalog).answers == {}
        assert all(s.type in FactType for s in ordered(facts))


ENDED = """safeguards: 1
kind: jurisdiction
id: P
as_of: 2021-01-01
facts:
  instrument_type: national_law
  interception.exists: true
  interception.authorization: judicial
  interception.max_days:
    - value: 60
      effective_until: 2019-12-31
  research.protection:
    - value: none
      effective_until: 2019-12-31
    - value: statute
      effective_from: 2023-02-15
"""


def test_resume_asks_again_what_no_answer_covers_on_the_profiles_date(tmp_path: Path) -> None:
    """Answers that ended before the profile's date leave their questions open: resuming asks
    them, says for which days, and writes the answer for exactly those days."""
    out = tmp_path / "ru.yaml"
    out.write_text(ENDED)
    # urgent_bypass skipped, max_days 90, court order skipped, research protection "?"
    code, output = _init(tmp_path, ["", "90", "", "?"], "--resume", str(out), "--no-cite")
    assert code == 130, output  # end of input at the last question
    said = " ".join(output.split())
    assert (
        f"answered until 2019-12-31 ({out}:10); nothing in force on 2021-01-01: this answer will"
        " hold from 2020-01-01 (a whole number, at least 0; Enter or '?' to leave those days open)"
    ) in said
    assert (
        f"answered until 2019-12-31 ({out}:15) and from 2023-02-15 ({out}:17); nothing in force"
        " on 2021-01-01: this answer will hold from 2020-01-01 until 2023-02-14"
    ) in said
    subject = load_subject(out, load_catalog(CATALOG))
    days = subject.answers["interception.max_days"]
    assert [(a.value, a.effective_from, a.effective_until) for a in days] == [
        (60, None, dt.date(2019, 12, 31)),
        (90, dt.date(2020, 1, 1), None),
    ]
    assert len(subject.answers["research.protection"]) == 2  # '?' leaves those days open
    assert out.read_text().startswith(ENDED.split("  interception.max_days")[0])
    code, output = _init(
        tmp_path, ["", "", "prosecution_policy"], "--resume", str(out), "--no-cite"
    )
    assert "interception.max_days:" not in output
    protection = load_subject(out, load_catalog(CATALOG)).answers["research.protection"]
    assert [(a.value, a.effective_from, a.effective_until) for a in protection][1] == (
        "prosecution_policy",
        dt.date(2020, 1, 1),
        dt.date(2023, 2, 14),
    )


def test_a_number_too_long_for_the_profile_is_refused_at_the_prompt(
    tmp_path: Path, cat: Catalog
) -> None:
    """The profile's reader refuses integers of more than 18 digits: the prompt does too, and
    asks again, instead of stopping the questionnaire when the answer is written."""
    session = _session(tmp_path, cat)
    console = Scripted(["treaty", "yes", "judicial", "no", "1" * 19, "90"])
    with pytest.raises(EOFError):
        run(session, console, cite=False)
    assert console.asked.count("interception.max_days") == 2
    assert "    ! 'interception.max_days': number too large: more than 18 digits" in console.shown
    assert load_subject(session.path, cat).answers["interception.max_days"][0].value == 90
