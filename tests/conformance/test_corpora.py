"""The official YAML and JSON conformance suites (../shared/corpora) fed to every loader.

Every YAML input, read as a subject file (profile or workflow) and as a waiver file, ends in
a loaded subject or in located errors, never another exception; the inputs the YAML spec
rejects are rejected. Every JSON case, placed as a line of a request log between two valid
records, is read or counted unreadable at its own line, and the records around it are read.
A sample of each also runs through the command line for the exit status and the message form.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import RecordParser
from safeguards.engine.catalog import Catalog
from safeguards.engine.cli import main
from safeguards.engine.errors import InputErrors
from safeguards.engine.logic.evaluate import evaluate_subject
from safeguards.engine.logic.waivers import load_waivers
from safeguards.engine.subjects.load import load_subject
from tests.conftest import SHARED, need_shared

YAML_SUITE = SHARED / "corpora" / "yaml-test-suite"
JSON_SUITE = SHARED / "corpora" / "json-test-suite"
LOCATED = re.compile(r"^.+:\d+:\d+: \S")


def _cases(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


def _located(exc: InputErrors, path: Path) -> None:
    assert exc.errors, f"{path.name}: an InputErrors without errors"
    for error in exc.errors:
        assert error.location.line >= 1 and error.location.column >= 1, str(error)
        assert "\n" not in error.message, f"{path.name}: multi-line message {error.message!r}"


@pytest.fixture(scope="module")
def yaml_cases(shared_corpora: Path) -> list[Path]:
    cases = _cases(need_shared(YAML_SUITE), "*.yaml")
    assert len(cases) >= 400, f"the YAML suite looks incomplete: {len(cases)} files"
    return cases


@pytest.fixture(scope="module")
def json_cases(shared_corpora: Path) -> list[Path]:
    cases = _cases(need_shared(JSON_SUITE), "*.json")
    assert len(cases) >= 300, f"the JSON suite looks incomplete: {len(cases)} files"
    return cases


def test_every_yaml_input_read_as_a_subject_loads_or_is_located(
    yaml_cases: list[Path], catalog: Catalog
) -> None:
    loaded = rejected = 0
    for path in yaml_cases:
        try:
            subject = load_subject(path, catalog)
        except InputErrors as exc:
            _located(exc, path)
            rejected += 1
            continue
        assert not path.name.endswith(".error.yaml"), f"{path.name}: the spec rejects it"
        evaluate_subject(catalog, subject)
        loaded += 1
    assert rejected >= 94  # at least every spec-invalid input


def test_every_yaml_input_read_as_a_waiver_file_loads_or_is_located(
    yaml_cases: list[Path],
) -> None:
    for path in yaml_cases:
        try:
            load_waivers(path)
        except InputErrors as exc:
            _located(exc, path)
        else:
            assert not path.name.endswith(".error.yaml"), f"{path.name}: the spec rejects it"


def test_valid_yaml_warns_nothing_outside_located_messages(yaml_cases: list[Path]) -> None:
    valid = [p for p in yaml_cases if p.name.endswith(".ok.yaml")]
    result = CliRunner().invoke(main, ["check", *map(str, valid), "--fail-on", "none"])
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = [x for x in result.stderr.splitlines() if x.strip()]
        assert all(LOCATED.match(x) for x in lines), result.stderr


def test_spec_invalid_yaml_is_rejected_through_the_command_line(
    yaml_cases: list[Path], tmp_path: Path
) -> None:
    invalid = [p for p in yaml_cases if p.name.endswith(".error.yaml")][::6]
    assert invalid
    args = ["check", *map(str, invalid), "--fail-on", "none", "-o", str(tmp_path / "r.txt")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert lines and all(LOCATED.match(x) for x in lines), result.stderr
    assert not (tmp_path / "r.txt").exists()


def _record(rid: str) -> bytes:
    return json.dumps({"id": rid}).encode("utf-8") + b"\n"


def test_every_json_case_in_a_log_is_read_or_unreadable_at_its_line(
    json_cases: list[Path], catalog: Catalog
) -> None:
    parser = RecordParser(catalog.facts["request"])
    for path in json_cases:
        body = path.read_bytes()
        case_lines = body.split(b"\n") if body else [b""]
        lines = [_record("before"), *(x + b"\n" for x in case_lines), _record("after")]
        records = list(read_jsonl(iter(lines), parser))
        last = len(lines)
        by_line = {r.line: r for r in records}
        assert by_line[1].id == "before" and by_line[1].problem is None, path.name
        assert by_line[last].id == "after" and by_line[last].problem is None, path.name
        for r in records:
            if r.problem is not None:
                assert r.problem.line == r.line and 2 <= r.line < last, (path.name, r)
                assert "\n" not in r.problem.message, (path.name, r.problem)
        if path.name.startswith("n_") and len(case_lines) == 1 and body.strip():
            assert by_line[2].problem is not None, f"{path.name}: invalid JSON was read"


def test_a_log_made_of_the_json_cases_audits_with_located_problems(
    json_cases: list[Path], tmp_path: Path
) -> None:
    one_line = [p for p in json_cases if b"\n" not in p.read_bytes().strip()]
    log = tmp_path / "log.jsonl"
    with log.open("wb") as out:
        for i, path in enumerate(one_line):
            out.write(_record(f"R{i}"))
            out.write(path.read_bytes().strip() + b"\n")
    findings = tmp_path / "findings.jsonl"
    result = CliRunner().invoke(
        main, ["audit", str(log), "--findings", str(findings), "--fail-on", "none"]
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
