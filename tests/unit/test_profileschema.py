"""`safeguards schema`: a JSON Schema that editors use to complete and check profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.errors import SubjectError
from safeguards.engine.io.validation import jsonable
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.subjects.load import load_subject
from safeguards.engine.subjects.schema import profile_schema

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = profile_schema(load_catalog(CATALOG).facts["jurisdiction"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [e.message for e in validator.iter_errors(jsonable(data))]


@pytest.mark.parametrize("name", ["ruritania.yaml", "styles.yaml"])
def test_real_profiles_validate(validator: Draft202012Validator, name: str) -> None:
    assert errors(validator, load_yaml(DATA / name, SubjectError).data) == []


@pytest.mark.parametrize(
    "facts",
    [
        {"interception.authorization": "judge"},
        {"interception": {"authorisation": "judicial"}},
        {"interception.max_days": -1},
        {"offences.qualifiers": ["dishonest_intent", "dishonest_intent"]},
        {"reform.date": {"value": "2024-01-01", "sorce": {"instrument": "X"}}},
        {"research.protected": True},
        {"interception": None},
    ],
)
def test_mistakes_are_flagged(validator: Draft202012Validator, facts: dict[str, Any]) -> None:
    data = {"safeguards": 1, "kind": "jurisdiction", "id": "X", "facts": facts}
    assert errors(validator, data)


def test_questions_and_help_become_hover_text() -> None:
    schema = profile_schema(load_catalog(CATALOG).facts["jurisdiction"])
    fact = schema["$defs"]["fact:interception.authorization"]
    assert fact["title"] == "Who authorises interception?"
    assert "names the authority" in fact["description"]
    assert schema["properties"]["kind"] == {"const": "jurisdiction"}


def test_the_cli_prints_or_writes_the_schema(tmp_path: Path) -> None:
    printed = CliRunner().invoke(main, ["schema", "jurisdiction", "--catalog", str(CATALOG)])
    assert printed.exit_code == 0
    assert json.loads(printed.output)["$schema"].endswith("2020-12/schema")
    out = tmp_path / "j.schema.json"
    written = CliRunner().invoke(
        main, ["schema", "jurisdiction", "-o", str(out), "--catalog", str(CATALOG)]
    )
    assert written.exit_code == 0 and json.loads(out.read_text()) == json.loads(printed.output)
    unknown = CliRunner().invoke(main, ["schema", "country", "--catalog", str(CATALOG)])
    assert unknown.exit_code == 2 and "unknown subject kind 'country'" in unknown.output


def test_the_builtin_examples_validate_against_their_schema(catalog: Catalog) -> None:
    examples = sorted((ROOT / "examples").glob("*/*.yaml"))
    if not examples:
        pytest.skip("no examples yet")
    validators: dict[str, Draft202012Validator] = {}
    for path in examples:
        doc = load_yaml(path, SubjectError)
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        if kind not in ("jurisdiction", "workflow"):
            continue
        load_subject(path, catalog)  # the engine accepts it ...
        if kind not in validators:
            validators[kind] = Draft202012Validator(profile_schema(catalog.facts[kind]))
        assert errors(validators[kind], doc.data) == [], path  # ... and so does the editor
