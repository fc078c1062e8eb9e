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

from engine import api
from engine.catalog import Catalog
from engine.errors import SubjectError
from engine.lint import STATUS_WORDS
from engine.models import Finding, Report
from engine.yamlsrc import load_yaml

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


def run_cli(args: list[str]) -> Result:
    from engine.cli import main

    return CliRunner().invoke(main, args, catch_exceptions=True)


def count_pattern(text: str, pattern: str) -> int:
    return len(re.findall(pattern, text))
