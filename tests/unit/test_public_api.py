"""The library API: only what ``engine.__all__`` names, agreeing with the command line.

This module imports nothing from the engine but the package itself, runs the example of
``docs/api.md`` as written, and compares the API's results with what the CLI writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from safeguards import engine

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 1)
PROFILE = "examples/jurisdictions/germany.yaml"
LOG = "examples/requests/examplecloud-2026.jsonl"
WORKFLOW = "examples/workflows/strong.yaml"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-c",
        "from safeguards.engine.cli import main; main()",
        "--no-config",
        *args,
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def catalog() -> engine.Catalog:
    return engine.load_catalog()


def test_every_public_name_exists_and_nothing_else_is_promised() -> None:
    assert sorted(engine.__all__) == sorted(set(engine.__all__))
    assert set(engine.__all__) == {*engine._WHERE, "__version__"}
    for name in engine.__all__:
        assert getattr(engine, name) is not None, name
    wanted = {"check", "audit", "transparency", "matrix", "diff", "load_catalog", "load_subject"}
    assert wanted <= set(engine.__all__)
    # `engine.audit` names the function, not the package of the same name, whatever is imported
    importlib.import_module("safeguards.engine.audit.tables")
    assert all(callable(getattr(engine, name)) for name in wanted)


def test_the_documented_example_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", page, re.S)
    assert found, "docs/api.md has no Python example"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(found.group(1), "docs/api.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("{'gap': "), lines
    assert "safeguards x 8 jurisdictions" in out.getvalue()
    assert "requests:" in out.getvalue()


def test_check_agrees_with_the_command_line(catalog: engine.Catalog) -> None:
    report = engine.check([ROOT / PROFILE], catalog=catalog, as_of=DAY)
    done = cli(
        "check", PROFILE, "--as-of", DAY.isoformat(), "--fail-on", "none", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert report.summary == shown["summary"]
    ours = {(f.safeguard, f.status.value) for f in report.findings}
    theirs = {(f["safeguard"], f["status"]) for f in shown["findings"]}
    assert ours == theirs


def test_audit_agrees_with_the_command_line(catalog: engine.Catalog, tmp_path: Path) -> None:
    workflow = engine.load_subject(ROOT / WORKFLOW, catalog)
    summary = engine.audit(catalog, [str(ROOT / LOG)], workflow=workflow, as_of=DAY)
    out = tmp_path / "summary.json"
    done = cli(
        "audit", LOG, "--workflow", WORKFLOW, "--as-of", DAY.isoformat(), "--fail-on", "none",
        "--format", "json", "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = json.loads(out.read_text(encoding="utf-8"))
    assert summary.requests == shown["requests"]
    assert summary.totals == shown["totals"]


def test_matrix_diff_and_transparency_through_the_api(catalog: engine.Catalog) -> None:
    profiles = sorted((ROOT / "examples" / "jurisdictions").glob("*.yaml"))
    grid = engine.matrix(engine.check(profiles, catalog=catalog, as_of=DAY))
    assert len(grid.subjects) == len(profiles)
    assert all(len(row.cells) == len(profiles) for row in grid.rows)
    old = engine.check([ROOT / "examples/reform/exampleland-2023.yaml"], catalog=catalog, as_of=DAY)
    same = engine.diff(old, old, engine.facts_from_report(old), engine.facts_from_report(old))
    assert same.findings == () and same.facts == ()
    tables = engine.transparency(
        catalog, [str(ROOT / LOG)], period=engine.Period.parse("2026"), as_of=DAY, min_cell=5
    )
    assert tables.requests_in_period > 0
    assert tables.tables and tables.tables[0].id == "T1"


def test_everything_is_imported_through_the_one_namespace() -> None:
    """No module of the project, its tests or its tools imports a top-level engine/reports/rules.

    In the checkout both names would work (the folders sit at the top level), and a module loaded
    twice under two names has two copies of every class; installed, the old name does not exist.
    """
    import ast

    old = {"engine", "reports", "rules"}
    offenders = []
    paths = [ROOT / "safeguards" / "__init__.py"]
    for top in ("engine", "reports", "tests", "tools", "bench"):
        paths += (ROOT / top).rglob("*.py")
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [f"{path}:{node.lineno}" for n in names if n.split(".")[0] in old]
    assert offenders == []
