"""Steps shared by every safeguard feature: describe a subject, check it, read the verdict."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_bdd import given, parsers, then, when

from safeguards.engine import api
from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.lint import STATUS_WORDS
from safeguards.engine.errors import SubjectError
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.models import Finding, Report

AS_OF = "2026-11-29"
INSTRUMENTS = {"jurisdiction": None, "treaty": "treaty", "national law": "national_law"}


@dataclass
class World:
    """What a scenario has built so far."""

    kind: str = "jurisdiction"
    facts: dict[str, Any] = field(default_factory=dict)
    profile: Path | None = None
    report: Report | None = None
    result: Result | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world() -> World:
    return World()


def answer_value(cell: str) -> Any:
    """Read a table cell as YAML would read the answer in a profile."""
    doc = load_yaml("<table>", SubjectError, text=f"v: {cell}\n")
    value = doc.data["v"]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def table_answers(datatable: list[list[str]]) -> dict[str, Any]:
    """Turn a | fact | answer | table into answers; the word 'unknown' leaves a fact out."""
    header, *rows = datatable
    assert [h.strip().lower() for h in header[:2]] == ["fact", "answer"], header
    return {
        row[0].strip(): answer_value(row[1].strip()) for row in rows if row[1].strip() != "unknown"
    }


def write_profile(folder: Path, kind: str, facts: dict[str, Any], subject_id: str = "TEST") -> Path:
    path = folder / f"{subject_id.lower()}.yaml"
    body = {
        "safeguards": 1,
        "kind": kind,
        "id": subject_id,
        "name": "Scenario subject",
        "facts": facts,
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@given(parsers.re(r"^an? (?P<what>jurisdiction|treaty|national law) that answers:$"))
def subject_answers(world: World, what: str, datatable: list[list[str]]) -> None:
    world.kind = "jurisdiction"
    world.facts.update(table_answers(datatable))
    instrument = INSTRUMENTS[what]
    if instrument is not None:
        world.facts.setdefault("instrument_type", instrument)


@when(parsers.re(r"^the (jurisdiction|treaty|national law) is checked$"))
def check_subject(world: World, catalog: Catalog, tmp_path: Path) -> None:
    world.profile = write_profile(tmp_path, world.kind, world.facts)
    world.report = api.check([world.profile], catalog=catalog, as_of=_date(AS_OF))


def _date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def finding_for(world: World, safeguard: str) -> Finding:
    assert world.report is not None, "nothing was checked yet"
    found = [f for f in world.report.findings if f.safeguard == safeguard and f.kind == world.kind]
    assert found, f"no {world.kind} finding for {safeguard}"
    return found[0]


@then(parsers.re(r'^safeguard "(?P<safeguard>[^"]+)" is (?P<status>.+)$'))
def safeguard_status(world: World, safeguard: str, status: str) -> None:
    expected = STATUS_WORDS[status.strip()]
    f = finding_for(world, safeguard)
    detail = {
        "decisive": [(d.fact, d.value) for d in f.decisive_facts],
        "missing": [m.fact for m in f.missing_facts],
    }
    assert f.status is expected, f"{safeguard} is {f.status.label}, not {expected.label}: {detail}"


@then(parsers.re(r'^the finding for "(?P<safeguard>[^"]+)" rests on "(?P<fact>[^"]+)"$'))
def rests_on(world: World, safeguard: str, fact: str) -> None:
    f = finding_for(world, safeguard)
    decisive = [d.fact for d in f.decisive_facts]
    assert fact in decisive, f"{safeguard} rests on {decisive}, not on {fact}"


@then(parsers.re(r'^the finding for "(?P<safeguard>[^"]+)" asks "(?P<fact>[^"]+)"$'))
def asks(world: World, safeguard: str, fact: str) -> None:
    f = finding_for(world, safeguard)
    missing = [m.fact for m in f.missing_facts]
    assert fact in missing, f"{safeguard} asks {missing}, not {fact}"


@then(parsers.re(r"^the command exits with status (?P<code>\d)$"))
def exit_status(world: World, code: str) -> None:
    assert world.result is not None
    assert world.result.exit_code == int(code), world.result.output


@then(parsers.re(r'^the output says "(?P<text>.+)"$'))
def output_says(world: World, text: str) -> None:
    assert world.result is not None
    assert text in world.result.output, world.result.output


@then(parsers.re(r"^no traceback is shown$"))
def no_traceback(world: World) -> None:
    assert world.result is not None
    assert "Traceback" not in world.result.output
    assert world.result.exception is None or isinstance(world.result.exception, SystemExit)


def run_cli(args: list[str], stdin: str | None = None) -> Result:
    from safeguards.engine.cli import main

    return CliRunner().invoke(main, args, input=stdin, catch_exceptions=True)


def count_pattern(text: str, pattern: str) -> int:
    return len(re.findall(pattern, text))


@given("a lawyer's profile of a country whose law answers:")
def lawyer_profile(world: World, datatable: list[list[str]], tmp_path: Path) -> None:
    world.facts = table_answers(datatable)
    world.profile = write_profile(tmp_path, "jurisdiction", world.facts, "RU")


@given("a lawyer's profile containing:")
def lawyer_profile_text(world: World, docstring: str, tmp_path: Path) -> None:
    world.profile = tmp_path / "profile.yaml"
    world.profile.write_text(docstring + "\n", encoding="utf-8")


@when("the lawyer checks the profile and reads the memo")
def lawyer_checks(world: World, tmp_path: Path) -> None:
    assert world.profile is not None
    memo = tmp_path / "out" / "memo.md"
    memo.unlink(missing_ok=True)
    world.result = run_cli(
        ["check", str(world.profile), "--format", "markdown", "-o", str(memo), "--as-of", AS_OF]
    )
    world.extra["memo_path"] = memo
    world.extra["memo"] = memo.read_text(encoding="utf-8") if memo.exists() else ""


@when(
    "the lawyer's editor hands the unsaved text to safeguards check on standard input,"
    " naming the file"
)
def editor_checks(world: World) -> None:
    """The editor's buffer goes to standard input; the file on disk is still empty."""
    assert world.profile is not None
    text = world.profile.read_text(encoding="utf-8")
    world.profile.write_text("", encoding="utf-8")  # a new file, not yet saved
    args = ["check", "-", "--stdin-filename", str(world.profile), "--as-of", AS_OF]
    world.result = run_cli(args, stdin=text)


@when(
    parsers.re(
        r'^the lawyer answers "(?P<fact>[^"]+)" with "(?P<value>[^"]+)" '
        r'citing "(?P<instrument>[^"]+)", article "(?P<article>[^"]+)"$'
    )
)
def lawyer_answers(world: World, fact: str, value: str, instrument: str, article: str) -> None:
    assert world.profile is not None
    data = json.loads(world.profile.read_text(encoding="utf-8"))
    data["facts"][fact] = {
        "value": answer_value(value),
        "source": {"instrument": instrument, "article": article},
    }
    world.profile.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def memo_section(world: World, safeguard: str) -> str:
    memo = str(world.extra.get("memo", ""))
    found = re.search(
        rf"^### [^\n]*{re.escape(safeguard)} — .*?(?=^### |^## |\Z)", memo, re.M | re.S
    )
    assert found, f"the memo has no section for {safeguard}:\n{memo}"
    return found.group(0)


@then(parsers.re(r'^the memo says safeguard "(?P<safeguard>[^"]+)" is (?P<status>.+)$'))
def memo_status(world: World, safeguard: str, status: str) -> None:
    expected = STATUS_WORDS[status.strip()]
    heading = memo_section(world, safeguard).splitlines()[0]
    assert heading.startswith(f"### {expected.label.capitalize()} · {safeguard}"), heading


@then(parsers.re(r'^the memo asks "(?P<fact>[^"]+)"$'))
def memo_asks(world: World, fact: str, catalog: Catalog) -> None:
    spec = catalog.fact("jurisdiction", fact)
    assert spec is not None
    memo = str(world.extra.get("memo", ""))
    assert f"- `{fact}` — " in memo, memo
    assert "Open questions:" in memo


@then(parsers.re(r'^the memo cites "(?P<citation>[^"]+)" for "(?P<fact>[^"]+)"$'))
def memo_cites(world: World, citation: str, fact: str) -> None:
    memo = str(world.extra.get("memo", ""))
    line = next((x for x in memo.splitlines() if x.startswith(f"- `{fact}` = ")), "")
    assert citation in line, line or memo


@then(parsers.re(r'^the error is "(?P<message>.+)"$'))
def error_is(world: World, message: str) -> None:
    assert world.result is not None and world.profile is not None
    assert world.result.stderr.strip() == f"{world.profile}:{message}", world.result.stderr


@then("no memo was written")
def no_memo(world: World) -> None:
    memo = world.extra["memo_path"]
    assert isinstance(memo, Path)
    assert not memo.exists()
