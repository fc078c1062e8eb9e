"""``audit --ignore-waivers``: every finding unwaived, the waivers that would apply named.

The findings file and the counts are those of the same audit without waivers, byte for byte,
with one process or two; the waiver list says which waivers were set aside, which had nothing
to waive and which were out of date, as ``check --ignore-waivers`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.logic.evaluate import SET_ASIDE
from tests.conftest import ROOT, generated_log

WAIVERS = """\
safeguards: 1
waivers:
  - safeguard: SG-SAF-01
    subject: examplecloud
    justification: Accepted while the review desk is staffed.
    approver: Head of Legal
    granted: 2026-10-01
    expires: 2026-12-15
  - safeguard: SG-SAF-01
    subject: examplecloud
    justification: Renewed before it was needed.
    approver: Head of Legal
    granted: 2026-12-16
    expires: 2027-03-01
  - safeguard: SG-BIO-01
    subject: examplecloud
    requests: [DR-NOT-IN-THE-LOG]
    justification: Accepted for a request reviewed by counsel.
    approver: Head of Legal
    granted: 2026-10-01
    expires: 2026-12-15
"""


def _audit(tmp_path: Path, log: Path, name: str, *extra: str) -> tuple[bytes, str]:
    findings, summary = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.json"
    workflow = ROOT / "examples" / "workflows" / "strong.yaml"
    args = [str(log), "--workflow", str(workflow), "--as-of", "2026-11-29"]
    args += ["--findings", str(findings), "--format", "json", "-o", str(summary)]
    result = CliRunner().invoke(main, ["audit", *args, "--fail-on", "none", *extra])
    assert result.exit_code == 0, result.output
    return findings.read_bytes(), summary.read_text(encoding="utf-8")


def test_the_unwaived_truth_is_the_audit_without_waivers(tmp_path: Path) -> None:
    log = generated_log(tmp_path, 3000, seed=31, malformed=0.2)  # parted among two workers
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    bare, bare_summary = _audit(tmp_path, log, "bare", "--jobs", "1")
    waived, _ = _audit(tmp_path, log, "waived", "--waivers", str(waivers), "--jobs", "2")
    assert b'"status":"waived"' in waived
    for jobs in ("1", "2"):
        truth, summary = _audit(
            tmp_path,
            log,
            f"truth{jobs}",
            "--waivers",
            str(waivers),
            "--ignore-waivers",
            "--jobs",
            jobs,
        )
        assert truth == bare
        got, plain = json.loads(summary), json.loads(bare_summary)
        assert got["totals"] == plain["totals"] and got["totals"]["waived"] == 0
        assert got["safeguards"] == plain["safeguards"] and got["worst"] == plain["worst"]
        notes = [(n["state"], n["reason"]) for n in got["waivers"]]
        assert notes == [("unused", SET_ASIDE), ("not_yet_granted", None), ("unused", None)], notes


def test_a_log_finding_is_reported_unwaived(tmp_path: Path) -> None:
    """A waiver of a log-level finding (SG-TRA-14 on the example log) is set aside too."""
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "safeguards: 1\nwaivers:\n  - safeguard: SG-TRA-14\n    subject: examplecloud\n"
        "    justification: The report's breakdowns are being built.\n"
        "    approver: Head of Legal\n    granted: 2026-11-01\n    expires: 2026-12-31\n",
        encoding="utf-8",
    )
    log = ROOT / "examples" / "requests" / "example-10.jsonl"
    statuses = {}
    for name, extra in (("waived", ()), ("truth", ("--ignore-waivers",))):
        _, summary = _audit(tmp_path, log, name, "--waivers", str(waivers), *extra)
        data = json.loads(summary)
        tra = next(f for f in data["log_findings"] if f["safeguard"] == "SG-TRA-14")
        statuses[name] = (tra["status"], data["waivers"][0]["state"])
    assert statuses == {"waived": ("waived", "applied"), "truth": ("gap", "unused")}
