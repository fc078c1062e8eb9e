"""One rule for waivers: what `waivers lint` rejects does not apply in `check` or `audit`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine import api
from safeguards.engine.catalog import load_catalog
from safeguards.engine.cli import main
from safeguards.engine.lawyer.waiverlint import lint_waivers
from safeguards.engine.models import Status, WaiverState

ROOT = Path(__file__).resolve().parents[2]
GERMANY = ROOT / "examples" / "jurisdictions" / "germany.yaml"
ON = dt.date(2026, 12, 3)

GOOD = {
    "justification": "Reform bill pending; review at its second reading.",
    "approver": "J. Doe, Legal",
}
CASES: dict[str, tuple[dict[str, str], str | None]] = {
    "good": ({**GOOD, "granted": "2026-11-01", "expires": "2027-01-15"}, None),
    "todo": (
        {**GOOD, "justification": "TODO", "granted": "2026-11-01", "expires": "2027-01-15"},
        "placeholder justification",
    ),
    "x": (
        {**GOOD, "approver": "x", "granted": "2026-11-01", "expires": "2027-01-15"},
        "placeholder approver",
    ),
    "long": (
        {**GOOD, "granted": "2026-11-01", "expires": "2027-11-01"},
        "may be waived for at most 90 days",
    ),
    "90-days": ({**GOOD, "granted": "2026-11-01", "expires": "2027-01-30"}, None),
    "91-days": ({**GOOD, "granted": "2026-11-01", "expires": "2027-01-31"}, "runs 91 days"),
}


def waiver_file(tmp_path: Path, case: dict[str, str]) -> Path:
    """A waiver of SG-MEN-01 (critical, partial for Germany) with the case's fields."""
    lines = ["safeguards: 1", "waivers:", "  - safeguard: SG-MEN-01", "    subject: DE"]
    lines += [f"    {k}: {json.dumps(v)}" for k, v in case.items()]
    path = tmp_path / "waivers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(CASES))
def test_check_applies_exactly_the_waivers_lint_accepts(tmp_path: Path, name: str) -> None:
    case, refused = CASES[name]
    path = waiver_file(tmp_path, case)
    catalog = load_catalog()
    report = api.check([GERMANY], catalog=catalog, waivers=[path], as_of=ON)
    (note,) = report.waivers
    finding = next(f for f in report.findings if f.safeguard == "SG-MEN-01")
    errors = [p for p in lint_waivers(path, catalog, ON) if not p.warning]
    if refused is None:
        assert note.state is WaiverState.APPLIED and finding.status is Status.WAIVED
        assert not errors
    else:
        assert note.state is WaiverState.REFUSED and refused in (note.reason or "")
        assert finding.status is not Status.WAIVED
        assert any(refused in p.message for p in errors)


def test_the_report_says_why_a_waiver_was_refused(tmp_path: Path) -> None:
    path = waiver_file(tmp_path, CASES["todo"][0])
    args = ["--no-config", "check", str(GERMANY), "--waivers", str(path), "--as-of", "2026-12-03"]
    result = CliRunner().invoke(main, [*args, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    assert "Waiver SG-MEN-01 for DE: refused" in result.stdout
    assert "placeholder justification ('TODO')" in result.stdout


def test_reports_hash_the_waiver_file_and_the_workflow(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_bytes((ROOT / "examples" / "waivers.yaml").read_bytes())
    digest = hashlib.sha256(waivers.read_bytes()).hexdigest()
    catalog = load_catalog()
    profiles = sorted((ROOT / "examples" / "jurisdictions").glob("*.yaml"))
    report = api.check(profiles, catalog=catalog, waivers=[waivers], as_of=ON)
    assert report.waivers and {w.sha256 for w in report.waivers} == {digest}
    workflow = ROOT / "examples" / "workflows" / "strong.yaml"
    out = tmp_path / "audit.md"
    result = CliRunner().invoke(
        main,
        [
            "--no-config", "audit", str(ROOT / "examples" / "requests" / "example-10.jsonl"),
            "--workflow", str(workflow), "--as-of", ON.isoformat(), "--fail-on", "none",
            "--format", "json", "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["workflow_sha256"] == hashlib.sha256(workflow.read_bytes()).hexdigest()
