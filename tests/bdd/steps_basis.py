"""Steps of the evidence-basis feature: provisional verdicts, --min-basis, what to confirm."""

from __future__ import annotations

import json
import re
from typing import Any

from pytest_bdd import parsers, then, when

from tests.bdd.steps_common import AS_OF, World, memo_section, run_cli


@when(parsers.parse('the lawyer checks the profile with the minimum basis "{basis}"'))
def check_with_floor(world: World, basis: str) -> None:
    assert world.profile is not None
    world.result = run_cli(
        ["check", str(world.profile), "--format", "markdown", "--as-of", AS_OF,
         "--min-basis", basis, "--fail-on", "none"]
    )  # fmt: skip
    world.extra["memo"] = world.result.stdout


@when("the lawyer asks what is missing")
def ask_missing(world: World) -> None:
    assert world.profile is not None
    world.result = run_cli(["missing", str(world.profile), "--format", "json"])
    assert world.result.exit_code == 0, world.result.output
    world.extra["missing"] = json.loads(world.result.stdout)


@then(parsers.parse('the memo marks safeguard "{safeguard}" as provisional'))
def marked_provisional(world: World, safeguard: str) -> None:
    section = memo_section(world, safeguard)
    assert section.splitlines()[0].startswith("### ") and "(provisional) · " in section, section
    assert "*Provisional: the verdict rests on an answer not read in the text itself" in section


@then(parsers.parse('the memo does not mark safeguard "{safeguard}" as provisional'))
def not_marked_provisional(world: World, safeguard: str) -> None:
    section = memo_section(world, safeguard)
    assert "provisional" not in section.lower(), section


@then(parsers.parse('the memo shows the basis "{basis}" for "{fact}"'))
def memo_basis(world: World, basis: str, fact: str) -> None:
    memo = str(world.extra.get("memo", ""))
    line = next((x for x in memo.splitlines() if x.startswith(f"- `{fact}` = ")), "")
    assert f"\\[basis: {basis}" in line, line or memo


@then(parsers.parse('the lawyer is told to confirm "{fact}" because it decides "{safeguard}"'))
def told_to_confirm(world: World, fact: str, safeguard: str) -> None:
    confirm = {c["fact"]: c for c in world.extra["missing"]["to_confirm"]}
    assert fact in confirm, confirm
    assert safeguard in confirm[fact]["decides"], confirm[fact]


@then(parsers.parse('the lawyer is not told to confirm "{fact}"'))
def not_told_to_confirm(world: World, fact: str) -> None:
    assert fact not in {c["fact"] for c in world.extra["missing"]["to_confirm"]}


def _question(world: World, fact: str) -> dict[str, Any]:
    rows = {q["fact"]: q for q in world.extra["missing"]["questions"]}
    assert fact in rows, sorted(rows)
    return rows[fact]


@then(parsers.parse('"{fact}" is open from {day}, after the answer at line {line:d}'))
def open_after_ended_answer(world: World, fact: str, day: str, line: int) -> None:
    unanswered = _question(world, fact)["unanswered"]
    assert unanswered["from"] == day and unanswered["until"] is None, unanswered
    assert unanswered["after_line"] == line, unanswered


@then(parsers.parse('the lawyer is offered "{options}" to answer "{fact}"'))
def offered_options(world: World, options: str, fact: str) -> None:
    assert world.profile is not None
    assert _question(world, fact)["unanswered"]["set_options"] == options.split()
    text = run_cli(["missing", str(world.profile)]).stdout
    offered = f"answer: safeguards set {world.profile} {fact} VALUE {options}"
    assert offered in " ".join(text.split()), text


@when(parsers.parse('the lawyer answers "{fact}" with "{value}" as offered'))
def answer_as_offered(world: World, fact: str, value: str) -> None:
    assert world.profile is not None
    ask_missing(world)
    options = _question(world, fact)["unanswered"]["set_options"]
    world.result = run_cli(["set", str(world.profile), fact, value, *options])
    assert world.result.exit_code == 0, world.result.output


@then(parsers.parse('"{fact}" is no longer among the open questions'))
def no_longer_open(world: World, fact: str) -> None:
    assert fact not in {q["fact"] for q in world.extra["missing"]["questions"]}


_ANSWER = {"yes": True, "no": False}
"""An answer as the scenarios write it, as the JSON of `missing` holds it."""


@then(
    parsers.re(
        r'^answering "(?P<fact>[^"]+)" with "(?P<value>[^"]+)" is said to make "(?P<sid>[^"]+)"'
        r" (?:a )?(?P<status>gap|partial|met|not applicable)$"
    )
)
def said_to_settle(world: World, fact: str, value: str, sid: str, status: str) -> None:
    settled_by = _question(world, fact)["settled_by"]
    answer = _ANSWER.get(value, value)
    said = [o["status"] for o in settled_by.get(sid, []) if o["answer"] == answer]
    assert said == [status.replace(" ", "_")], settled_by


@then(parsers.parse('answering "{fact}" with "{value}" is said to settle nothing on its own'))
def said_to_settle_nothing(world: World, fact: str, value: str) -> None:
    settled_by = _question(world, fact)["settled_by"]
    answer = _ANSWER.get(value, value)
    assert not [s for s, found in settled_by.items() if any(o["answer"] == answer for o in found)]


@then(
    parsers.re(
        r'^the check of the profile finds "(?P<sid>[^"]+)"'
        r" (?:a )?(?P<status>gap|partial|met|not applicable|undetermined)$"
    )
)
def check_finds(world: World, sid: str, status: str) -> None:
    assert world.profile is not None
    result = run_cli(["check", str(world.profile), "--format", "json", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    found = {f["safeguard"]: f["status"] for f in json.loads(result.stdout)["findings"]}
    assert found[sid] == status.replace(" ", "_"), found[sid]


@when("the lawyer asks for the open questions as a memo")
def ask_memo(world: World) -> None:
    assert world.profile is not None
    world.result = run_cli(["missing", str(world.profile), "--format", "markdown"])
    assert world.result.exit_code == 0, world.result.output
    world.extra["questions"] = world.result.stdout


@then(parsers.parse('the memo is headed "{title}" and dated {day}'))
def memo_headed(world: World, title: str, day: str) -> None:
    lines = str(world.extra["questions"]).splitlines()
    assert lines[0] == f"# {title}", lines[0]
    assert f", answers in force on {day} · catalog " in lines[2], lines[2]


@then(parsers.parse('the memo offers "{options}" to answer "{fact}"'))
def memo_offers(world: World, options: str, fact: str) -> None:
    memo = str(world.extra["questions"])
    heading = re.search(rf"^## \d+\. `{re.escape(fact)}`$", memo, flags=re.M)
    assert heading is not None, memo
    section = memo[heading.end() :].split("\n## ")[0]
    assert f" {fact} VALUE {options}`" in section, section
