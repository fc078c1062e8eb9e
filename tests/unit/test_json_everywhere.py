"""Every command that prints results prints them as JSON too, and says what `check` says."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from safeguards.engine import api
from safeguards.engine.catalog import load_catalog
from safeguards.engine.cli import main
from safeguards.engine.lawyer.explain import verdict
from safeguards.engine.logic.evaluate import Options
from safeguards.engine.subjects.load import load_subject

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted((ROOT / "examples" / "jurisdictions").glob("*.yaml"))
ON = "2026-12-03"


def run(*args: str) -> tuple[int, object]:
    result = CliRunner().invoke(main, ["--no-config", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_explain_gives_the_verdict_check_gives_on_every_shipped_profile() -> None:
    catalog = load_catalog()
    report = api.check(PROFILES, catalog=catalog, as_of=dt.date.fromisoformat(ON))
    checked = {(f.subject, f.safeguard): f for f in report.findings}
    options = Options(as_of=dt.date.fromisoformat(ON))
    for path in PROFILES:
        subject = load_subject(path, catalog)
        for sid, kind in catalog.checks:
            if kind != subject.kind:
                continue
            found = verdict(catalog, catalog.get(sid), subject, options)
            expected = checked[(subject.id, sid)]
            assert (found.status, found.provisional) == (expected.status, expected.provisional), (
                subject.id,
                sid,
            )


def test_explain_as_json() -> None:
    _, plain = run("explain", "SG-BIO-01", "--format", "json")
    assert isinstance(plain, dict) and plain["safeguard"]["id"] == "SG-BIO-01"
    assert "finding" not in plain
    germany = str(ROOT / "examples" / "jurisdictions" / "germany.yaml")
    args = ["explain", "SG-BIO-01", "--subject", germany, "--as-of", ON, "--format", "json"]
    _, shown = run(*args)
    assert isinstance(shown, dict)
    assert shown["finding"]["safeguard"] == "SG-BIO-01" and shown["finding"]["subject"] == "DE"
    assert shown["finding"]["status"] in {"met", "partial", "gap", "undetermined", "not_applicable"}


def test_rules_show_and_lint_as_json() -> None:
    _, shown = run("rules", "show", "SG-MEN-01", "--format", "json")
    assert isinstance(shown, dict) and shown["id"] == "SG-MEN-01" and shown["checks"]
    code, linted = run("rules", "lint", "--format", "json")
    assert isinstance(linted, dict)
    assert linted["safeguards"] == len(load_catalog().safeguards)
    assert code == (1 if linted["problems"] else 0)


def test_matrix_as_json_agrees_with_check() -> None:
    folder = str(ROOT / "examples" / "jurisdictions")
    _, shown = run("matrix", folder, "--format", "json", "--as-of", ON)
    assert isinstance(shown, dict)
    report = api.check(PROFILES, as_of=dt.date.fromisoformat(ON))
    statuses = {(f.subject, f.safeguard): f.status.value for f in report.findings}
    cells = 0
    for row in shown["rows"]:
        for subject, cell in row["cells"].items():
            if cell is not None:
                assert cell["status"] == statuses[(subject, row["safeguard"])]
                cells += 1
    assert cells == len(statuses)


def test_waivers_lint_as_json_lists_what_the_text_lists(tmp_path: Path) -> None:
    waivers = tmp_path / "w.yaml"
    waivers.write_text(
        "safeguards: 1\nwaivers:\n  - safeguard: SG-MEN-01\n    subject: DE\n"
        "    justification: TODO\n    approver: x\n"
        "    granted: 2026-11-01\n    expires: 2026-12-20\n",
        encoding="utf-8",
    )
    code, shown = run("waivers", "lint", str(waivers), "--as-of", ON, "--format", "json")
    assert code == 1 and isinstance(shown, dict)
    text = CliRunner().invoke(main, ["--no-config", "waivers", "lint", str(waivers), "--as-of", ON])
    lines = [x for x in text.stdout.splitlines() if x]
    assert [
        f"{p['path']}:{p['line']}:{p['column']}: "
        + ("warning: " if p["severity"] == "warning" else "")
        + p["message"]
        for p in shown["problems"]
    ] == lines
    assert shown["errors"] == 2 and shown["warnings"] == 1
    good = ROOT / "examples" / "waivers.yaml"
    code, shown = run("waivers", "lint", str(good), "--as-of", ON, "--format", "json")
    assert code == 0 and isinstance(shown, dict) and shown["errors"] == 0
