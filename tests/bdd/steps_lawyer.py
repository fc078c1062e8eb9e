"""Steps of the lawyer's loop: init, missing, explain, set, schema and waivers lint."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from pytest_bdd import given, parsers, then, when

from safeguards.engine import api
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.errors import SubjectError
from safeguards.engine.io.validation import jsonable
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.logic.evaluate import Options, answers_in_force
from safeguards.engine.subjects.load import load_subject
from tests.bdd.steps_common import World, answer_value, table_answers, write_profile

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
PRACTICE = DATA / "catalog"
RURITANIA = DATA / "ruritania.yaml"
GOOD_WAIVERS = DATA / "waivers-good.yaml"


def lawyer_cli(world: World, args: list[str], typed: str | None = None) -> None:
    from safeguards.engine.cli import main

    world.result = CliRunner().invoke(
        main, [*args, "--catalog", str(PRACTICE)], input=typed, catch_exceptions=True
    )


def practice(world: World) -> Catalog:
    found: Catalog = world.extra["catalog"]
    return found


def profile_path(world: World) -> Path:
    assert world.profile is not None, "no profile yet"
    return world.profile


def in_force(world: World, fact: str, on: dt.date | None = None) -> Any:
    subject = load_subject(profile_path(world), practice(world))
    answer = answers_in_force(subject, Options(as_of=on)).get(fact)
    return None if answer is None else answer.value


# ------------------------------------------------------------------ catalog and profiles


@given("the practice catalog of the lawyer's loop")
def practice_catalog(world: World) -> None:
    world.extra["catalog"] = load_catalog(PRACTICE)


@given("a copy of the Ruritania profile")
def copy_of_ruritania(world: World, tmp_path: Path) -> None:
    world.profile = tmp_path / "ruritania.yaml"
    shutil.copy(RURITANIA, world.profile)
    world.extra["original"] = world.profile.read_text(encoding="utf-8")


@given("a practice profile that answers nothing yet")
def empty_practice_profile(world: World, tmp_path: Path) -> None:
    world.profile = write_profile(tmp_path, "jurisdiction", {})


@given("a practice profile that answers:")
def practice_profile(world: World, tmp_path: Path, datatable: list[list[str]]) -> None:
    world.profile = write_profile(tmp_path, "jurisdiction", table_answers(datatable))


@then(parsers.parse('the profile answers "{fact}" with "{value}"'))
def profile_answers(world: World, fact: str, value: str) -> None:
    got = in_force(world, fact)
    assert got == answer_value(value), f"{fact} = {got!r}"


@then(
    parsers.re(
        r'^as of (?P<day>\d{4}-\d\d-\d\d) the profile answers "(?P<fact>[^"]+)" with "(?P<value>[^"]+)"$'
    )
)
def profile_answers_on(world: World, day: str, fact: str, value: str) -> None:
    assert in_force(world, fact, dt.date.fromisoformat(day)) == answer_value(value)


@then(
    parsers.re(
        r'^the profile cites "(?P<instrument>[^"]+)"(?: article "(?P<article>[^"]+)")? for "(?P<fact>[^"]+)"$'
    )
)
def profile_cites(world: World, instrument: str, article: str | None, fact: str) -> None:
    subject = load_subject(profile_path(world), practice(world))
    source = answers_in_force(subject, Options())[fact].source
    assert source is not None and source.instrument == instrument, source
    if article:
        assert source.article == article, source


@then(parsers.parse('the profile leaves "{fact}" open'))
def profile_leaves_open(world: World, fact: str) -> None:
    assert f"  {fact}:\n" in profile_path(world).read_text(encoding="utf-8")
    assert in_force(world, fact) is None


@then(parsers.parse('the profile does not mention "{fact}"'))
def profile_does_not_mention(world: World, fact: str) -> None:
    assert fact not in profile_path(world).read_text(encoding="utf-8")


def _summary(world: World) -> dict[str, int]:
    report = api.check([profile_path(world)], catalog=practice(world))
    return report.summary


@then("checking the profile leaves nothing undetermined")
def nothing_undetermined(world: World) -> None:
    assert _summary(world)["undetermined"] == 0, _summary(world)


@then(parsers.parse("checking the profile finds {count:d} safeguards undetermined"))
def count_undetermined(world: World, count: int) -> None:
    assert _summary(world)["undetermined"] == count, _summary(world)


# ------------------------------------------------------------------ init


def _typed(datatable: list[list[str]], cite: bool) -> str:
    header, *rows = datatable
    lines: list[str] = []
    for row in rows:
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        lines.append(cells["answer"])
        if cite and cells["answer"] not in ("?", "skip", ""):
            lines.append(cells.get("instrument", ""))
            if cells.get("instrument"):
                lines += [cells.get("article", ""), cells.get("url", ""), cells.get("quote", "")]
    return "".join(f"{line}\n" for line in lines)


@when(parsers.parse("the lawyer starts a profile of {name} and answers:"))
def start_questionnaire(
    world: World, tmp_path: Path, name: str, datatable: list[list[str]]
) -> None:
    world.profile = tmp_path / f"{name.lower()}.yaml"
    cite = "instrument" in datatable[0]
    envelope = f"\n{name}\n\n"
    args = ["init", "jurisdiction", "-o", str(world.profile)] + ([] if cite else ["--no-cite"])
    lawyer_cli(world, args, envelope + _typed(datatable, cite))
    _check_asked(world, datatable)


@when("the lawyer resumes the profile and answers:")
def resume_questionnaire(world: World, datatable: list[list[str]]) -> None:
    args = ["init", "jurisdiction", "--resume", str(profile_path(world)), "--no-cite"]
    lawyer_cli(world, args, _typed(datatable, cite=False))
    _check_asked(world, datatable)


def _check_asked(world: World, datatable: list[list[str]]) -> None:
    """Every question of the table must really have been asked, in the table's order."""
    assert world.result is not None
    output = world.result.output
    at = 0
    for row in datatable[1:]:
        found = output.find(f"  {row[0].strip()}: ", at)
        assert found >= 0, f"{row[0]} was not asked when expected:\n{output}"
        at = found + 1


@then("the questionnaire is finished")
def questionnaire_finished(world: World) -> None:
    assert world.result is not None
    assert world.result.exit_code == 0, world.result.output
    assert "Saved" in world.result.output


@then("the questionnaire stops and says how to resume")
def questionnaire_stopped(world: World) -> None:
    assert world.result is not None
    assert world.result.exit_code == 130, world.result.output
    assert f"--resume {profile_path(world)}" in world.result.output


@then(parsers.parse('the questionnaire did not ask "{fact}"'))
def not_asked(world: World, fact: str) -> None:
    assert world.result is not None
    assert f"  {fact}: " not in world.result.output, world.result.output


@then(parsers.parse('the lawyer is told "{text}"'))
def lawyer_told(world: World, text: str) -> None:
    assert world.result is not None
    assert text in world.result.output, world.result.output


@when("the lawyer asks for a blank jurisdiction template")
def blank_template(world: World, tmp_path: Path) -> None:
    world.profile = tmp_path / "blank.yaml"
    lawyer_cli(world, ["init", "jurisdiction", "-o", str(world.profile), "--no-input"])
    assert world.result is not None and world.result.exit_code == 0, world.result.output


@then("the template asks every question of the catalog")
def template_asks_all(world: World) -> None:
    text = " ".join(profile_path(world).read_text(encoding="utf-8").split())
    for spec in practice(world).facts["jurisdiction"].facts.values():
        if spec.derive is None:
            assert f"{spec.key}:" in text and " ".join(spec.question.split()) in text, spec.key


@then("the template points the editor to its schema")
def template_schema(world: World) -> None:
    first = profile_path(world).read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=jurisdiction.schema.json"
    schema = json.loads((profile_path(world).parent / "jurisdiction.schema.json").read_text())
    data = load_yaml(profile_path(world), SubjectError).data
    assert list(Draft202012Validator(schema).iter_errors(jsonable(data))) == []


# ------------------------------------------------------------------ missing


@when("the lawyer asks what is still open")
def ask_missing(world: World) -> None:
    lawyer_cli(world, ["missing", str(profile_path(world)), "--format", "json"])
    assert world.result is not None and world.result.exit_code == 0, world.result.output
    world.extra["missing"] = json.loads(world.result.output)


def _questions(world: World) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = world.extra["missing"]["questions"]
    return found


@then(parsers.parse('the first open question is "{fact}"'))
def first_question(world: World, fact: str) -> None:
    assert _questions(world)[0]["fact"] == fact, [q["fact"] for q in _questions(world)]


@then(parsers.parse('answering "{fact}" would settle "{ids}"'))
def would_settle(world: World, fact: str, ids: str) -> None:
    found = next(q for q in _questions(world) if q["fact"] == fact)
    assert found["settles"] == [i.strip() for i in ids.split(",")]


@then(parsers.re(r'^"(?P<fact>[^"]+)" is (?P<neg>not )?among the open questions$'))
def among_questions(world: World, fact: str, neg: str | None) -> None:
    facts = [q["fact"] for q in _questions(world)]
    assert (fact in facts) is not bool(neg), facts


@then("there is no open question")
def no_question(world: World) -> None:
    assert _questions(world) == []


# ------------------------------------------------------------------ explain


@when(
    parsers.re(
        r'^the lawyer asks to explain "(?P<sid>[^"]+)"(?: for (?P<subject>Ruritania|the profile))?(?: as of (?P<day>[\d-]+))?$'
    )
)
def ask_explain(world: World, sid: str, subject: str | None, day: str | None) -> None:
    args = ["explain", sid]
    if subject:
        args += ["--subject", str(RURITANIA if subject == "Ruritania" else profile_path(world))]
    if day:
        args += ["--as-of", day]
    lawyer_cli(world, args)


@then(parsers.parse('the explanation says "{text}"'))
def explanation_says(world: World, text: str) -> None:
    assert world.result is not None and world.result.exit_code == 0, world.result.output
    said = " ".join(world.result.output.split())
    assert " ".join(text.split()) in said, world.result.output


@then(parsers.parse('the verdict is "{label}"'))
def verdict_is(world: World, label: str) -> None:
    assert world.result is not None
    verdict = world.result.output.split("Verdict for", 1)[1].splitlines()[1].strip()
    assert verdict.split(" — ")[0] == label, verdict


# ------------------------------------------------------------------ set


@given("the disk refuses to replace files")
def disk_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: str, dst: str) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)


@when(
    parsers.re(
        r'^the lawyer sets "(?P<fact>[^"]+)" to "(?P<value>[^"]*)"(?: citing "(?P<instrument>[^"]+)" article "(?P<article>[^"]+)")?(?: from (?P<day>[\d-]+))?(?: until (?P<until>[\d-]+))?$'
    )
)
def lawyer_sets(
    world: World,
    fact: str,
    value: str,
    instrument: str | None,
    article: str | None,
    day: str | None,
    until: str | None,
) -> None:
    args = ["set", str(profile_path(world)), fact, value]
    if instrument:
        args += ["--source-instrument", instrument, "--source-article", article or ""]
    if day:
        args += ["--effective-from", day]
    if until:
        args += ["--effective-until", until]
    lawyer_cli(world, args)


@then(parsers.parse('only the line of "{fact}" changed'))
def only_that_line(world: World, fact: str) -> None:
    old = world.extra["original"].splitlines()
    new = profile_path(world).read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].strip().startswith(fact.rsplit(".", 1)[-1]), changed


@then("every comment of the profile is still there")
def comments_kept(world: World) -> None:
    new = profile_path(world).read_text(encoding="utf-8")
    for line in world.extra["original"].splitlines():
        if "#" in line:
            comment = line[line.index("#") :]
            assert comment in new, comment


@then("the profile is unchanged")
def profile_unchanged(world: World) -> None:
    assert profile_path(world).read_text(encoding="utf-8") == world.extra["original"]
    assert sorted(p.name for p in profile_path(world).parent.iterdir()) == ["ruritania.yaml"]


# ------------------------------------------------------------------ schema


@when("the lawyer asks for the editor schema of jurisdiction profiles")
def ask_schema(world: World) -> None:
    lawyer_cli(world, ["schema", "jurisdiction"])
    assert world.result is not None and world.result.exit_code == 0, world.result.output
    world.extra["schema"] = json.loads(world.result.output)


@then(parsers.parse('the schema describes "{fact}" as "{question}"'))
def schema_describes(world: World, fact: str, question: str) -> None:
    assert world.extra["schema"]["$defs"][f"fact:{fact}"]["title"] == question


@then("the schema accepts the Ruritania profile")
def schema_accepts(world: World) -> None:
    data = load_yaml(RURITANIA, SubjectError).data
    assert list(Draft202012Validator(world.extra["schema"]).iter_errors(jsonable(data))) == []


@then(parsers.parse('the schema rejects the answer "{value}" to "{fact}"'))
def schema_rejects(world: World, value: str, fact: str) -> None:
    data = {"safeguards": 1, "kind": "jurisdiction", "id": "X", "facts": {fact: value}}
    assert list(Draft202012Validator(world.extra["schema"]).iter_errors(data))


# ------------------------------------------------------------------ waivers


@given(
    parsers.re(
        r'^a waiver of "(?P<sid>[^"]*)" for "(?P<subject>[^"]*)" from (?P<granted>[\d-]+) to (?P<expires>[\d-]+), approved by "(?P<approver>[^"]*)" because "(?P<reason>[^"]*)"$'
    )
)
def one_waiver(
    world: World, tmp_path: Path, sid: str, subject: str, granted: str, expires: str,
    approver: str, reason: str,
) -> None:  # fmt: skip
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "safeguards: 1\nwaivers:\n"
        f"  - safeguard: {sid}\n    subject: {subject}\n    justification: {json.dumps(reason)}\n"
        f"    approver: {json.dumps(approver)}\n    granted: {granted}\n    expires: {expires}\n",
        encoding="utf-8",
    )
    world.extra["waivers"] = path


@when(parsers.parse("the sound waiver file is linted on {day}"))
def lint_good(world: World, day: str) -> None:
    lawyer_cli(world, ["waivers", "lint", str(GOOD_WAIVERS), "--as-of", day])


@when(parsers.parse("the waiver is linted on {day} against the Ruritania profile"))
def lint_one(world: World, day: str) -> None:
    args = ["waivers", "lint", str(world.extra["waivers"]), "--as-of", day]
    lawyer_cli(world, [*args, "--subjects", str(RURITANIA)])


@then(parsers.parse('the lint flags line {line:d} with "{problem}"'))
def lint_flags(world: World, line: int, problem: str) -> None:
    assert world.result is not None
    wanted = f"{world.extra['waivers']}:{line}:"
    hits = [x for x in world.result.output.splitlines() if x.startswith(wanted) and problem in x]
    assert hits, world.result.output


@when(parsers.parse("Ruritania is checked with the sound waiver file on {day}"))
def check_with_waivers(world: World, day: str) -> None:
    lawyer_cli(world, ["check", str(RURITANIA), "--waivers", str(GOOD_WAIVERS), "--as-of", day])


@when(parsers.parse("Ruritania is checked with that waiver file on {day}"))
def check_with_that_waiver(world: World, day: str) -> None:
    args = ["check", str(RURITANIA), "--waivers", str(world.extra["waivers"]), "--as-of", day]
    lawyer_cli(world, [*args, "--fail-on", "none"])


@then(parsers.parse('the report says "{text}"'))
def report_says(world: World, text: str) -> None:
    assert world.result is not None
    assert text in world.result.output, world.result.output


@then(parsers.parse('the report does not say "{text}"'))
def report_does_not_say(world: World, text: str) -> None:
    assert world.result is not None
    assert text not in world.result.output, world.result.output


@when(parsers.parse("Ruritania is checked with the sound waiver file on {day} in the {fmt} format"))
def check_with_waivers_as(world: World, day: str, fmt: str) -> None:
    args = ["check", str(RURITANIA), "--waivers", str(GOOD_WAIVERS), "--as-of", day]
    lawyer_cli(world, [*args, "--format", fmt, "--fail-on", "none"])


@then(
    parsers.parse('the {fmt} output flags line {line:d} of the waiver file as a {level}: "{text}"')
)
def waiver_flagged(world: World, fmt: str, line: int, level: str, text: str) -> None:
    """Find, in each format's own terms, what it says at that line of the waiver file."""
    assert world.result is not None and world.result.exit_code == 0, world.result
    out = world.result.stdout
    name = GOOD_WAIVERS.name
    said: list[tuple[str, str]] = []  # (level, message) of what stands at the line
    if fmt == "github":
        for row in out.splitlines():
            head, _, message = row.partition("::")[2].partition("::")
            if f"{name},line={line}," in head:
                said.append((head.split()[0], message))
    elif fmt == "sarif":
        (invocation,) = json.loads(out)["runs"][0]["invocations"]
        for note in invocation["toolConfigurationNotifications"]:
            place = note["locations"][0]["physicalLocation"]
            at = place["artifactLocation"]["uri"].endswith(name)
            if at and place["region"]["startLine"] == line:
                said.append((note["level"], note["message"]["text"]))
    elif fmt == "gitlab":
        for issue in json.loads(out):
            where = issue["location"]
            if where["path"].endswith(name) and where["lines"]["begin"] == line:
                said.append((issue["severity"], issue["description"]))
    else:
        from lxml import etree

        said += [
            ("skipped", skipped.get("message"))
            for skipped in etree.fromstring(out.encode()).iter("skipped")
            if (skipped.text or "").startswith(f"{GOOD_WAIVERS}:{line}\n")
        ]
    assert [lv for lv, message in said if text in message] == [level], said
