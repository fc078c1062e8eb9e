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
from safeguards.engine.errors import did_you_mean_subject
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
    # equal dates: a waiver for one day, granted and expiring on the day checked
    "one-day": ({**GOOD, "granted": "2026-12-03", "expires": "2026-12-03"}, None),
    "initials": (  # two letters are a name, one is not
        {**GOOD, "approver": "JD", "granted": "2026-11-01", "expires": "2027-01-15"},
        None,
    ),
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


def _waivers(tmp_path: Path, safeguard: str, requests: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(
        f"safeguards: 1\nwaivers:\n  - safeguard: {safeguard}\n    subject: quickhost\n"
        "    justification: Procedure being drafted; tracked in OPS-12.\n"
        "    approver: Jane Doe, General Counsel\n"
        f"    granted: 2026-11-01\n    expires: 2027-01-15\n{requests}",
        encoding="utf-8",
    )
    return path


def test_a_waiver_for_some_requests_accepts_their_gaps_only(tmp_path: Path) -> None:
    """A waiver that names requests accepts the gaps of those requests, not those of other
    requests nor the gap of the workflow itself (a finding of no request); a waiver without
    requests accepts the workflow's."""
    root = Path(__file__).resolve().parents[2]
    weak = root / "examples" / "workflows" / "weak.yaml"

    def workflow_status(requests: str) -> str:
        out = tmp_path / "report.json"
        waivers = _waivers(tmp_path, "SG-FOR-01", requests)
        args = ["check", str(weak), "--waivers", str(waivers), "--as-of", "2026-12-01"]
        result = CliRunner().invoke(
            main, [*args, "--fail-on", "none", "--format", "json", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
        (found,) = [f for f in findings if f["safeguard"] == "SG-FOR-01"]
        return str(found["status"])

    assert workflow_status("    requests: [DR-2026-0101]\n") == "gap"
    assert workflow_status("") == "waived"

    waivers = _waivers(tmp_path, "SG-INC-02", "    requests: [DR-2026-0103]\n")
    findings = tmp_path / "findings.jsonl"
    log = root / "examples" / "requests" / "example-10.jsonl"
    args = ["audit", str(log), "--workflow", str(weak), "--waivers", str(waivers)]
    args += ["--as-of", "2026-12-01", "--fail-on", "none", "--findings", str(findings)]
    args += ["-o", str(tmp_path / "summary.txt")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    late = {
        f["request"]: f["status"]
        for f in map(json.loads, findings.read_text(encoding="utf-8").splitlines())
        if f["safeguard"] == "SG-INC-02" and f["status"] != "met"
    }
    assert late == {"DR-2026-0103": "waived", "DR-2026-0109": "gap", "DR-2026-0110": "gap"}


def test_a_date_with_a_time_is_no_date_to_lint_or_check(tmp_path: Path) -> None:
    """``granted: 2026-11-01 10:00:00`` (a YAML timestamp) is refused at its place by both."""
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "safeguards: 1\nwaivers:\n  - safeguard: SG-MEN-01\n    subject: DE\n"
        f"    justification: {GOOD['justification']}\n    approver: {GOOD['approver']}\n"
        "    granted: 2026-11-01 10:00:00\n    expires: 2027-01-15\n",
        encoding="utf-8",
    )
    problems = [p for p in lint_waivers(path, load_catalog(), ON) if not p.warning]
    assert [(p.location.line, p.location.column) for p in problems] == [(7, 14)]
    assert "needs a 'granted' date (YYYY-MM-DD)" in problems[0].message
    result = CliRunner().invoke(
        main, ["--no-config", "check", str(GERMANY), "--waivers", str(path)]
    )
    assert result.exit_code == 2
    assert f"{path}:7:14: waivers.0.granted must be a date" in result.output


@pytest.mark.parametrize(
    ("on", "subject", "line"),
    [
        # the waiver of examples/waivers.yaml: SG-RES-01 for BE, 2026-06-01 to 2027-05-31
        ("2026-05-31", "BE", "not yet granted (it runs from 2026-06-01 to 2027-05-31)"),
        ("2026-06-01", "BE", None),  # the day it is granted: applied, nothing to say
        ("2027-04-30", "BE", None),  # 31 days before it expires
        ("2027-05-01", "BE", "applied until 2027-05-31 (expires within 30 days)"),
        ("2027-05-31", "BE", "applied until 2027-05-31 (expires within 30 days)"),
        ("2027-06-01", "BE", "expired (its last day was 2027-05-31)"),
        # Germany checked alone: Belgium's waiver is named with the others not checked here
        ("2026-12-03", "DE", "Waivers of subjects not checked here, so unused: BE (1)"),
        (
            "2027-05-15",
            "DE",
            "unused: no subject 'BE' was checked (until 2027-05-31: expires within 30 days)",
        ),
    ],
)
def test_the_text_report_says_what_became_of_a_waiver(
    on: str, subject: str, line: str | None
) -> None:
    profile = (
        ROOT
        / "examples"
        / "jurisdictions"
        / ("belgium.yaml" if subject == "BE" else "germany.yaml")
    )
    args = [
        "--no-config",
        "check",
        str(profile),
        "--waivers",
        str(ROOT / "examples" / "waivers.yaml"),
    ]
    result = CliRunner().invoke(main, [*args, "--as-of", on, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    said = [x for x in result.stdout.splitlines() if x.startswith("Waiver")]
    if line is not None and not line.startswith("Waivers "):
        line = f"Waiver SG-RES-01 for BE: {line}"
    assert said == ([] if line is None else [line])


def _two_waivers(tmp_path: Path) -> Path:
    """A waiver of SG-BIO-01 for the example log expiring in 16 days, and one not yet granted."""
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "safeguards: 1\nwaivers:\n"
        "  - safeguard: SG-BIO-01\n    subject: example-10\n"
        "    justification: Court order on file, record being corrected.\n"
        "    approver: General Counsel\n    granted: 2026-11-01\n    expires: 2026-12-15\n"
        "  - safeguard: SG-BIO-01\n    subject: example-10\n"
        "    justification: Court order on file, record being corrected.\n"
        "    approver: General Counsel\n    granted: 2027-01-01\n    expires: 2027-01-31\n",
        encoding="utf-8",
    )
    return path


def _audit(tmp_path: Path, *args: str) -> str:
    log = ROOT / "examples" / "requests" / "example-10.jsonl"
    waivers = _two_waivers(tmp_path)
    argv = ["--no-config", "audit", str(log), "--waivers", str(waivers), "--as-of", "2026-11-29"]
    result = CliRunner().invoke(main, [*argv, "--fail-on", "none", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_audit_says_what_became_of_its_waivers(tmp_path: Path) -> None:
    text = _audit(tmp_path).splitlines()
    assert text[-2:] == [
        "Waiver SG-BIO-01 for example-10: applied until 2026-12-15 (expires within 30 days)",
        "Waiver SG-BIO-01 for example-10: not yet granted (it runs from 2027-01-01 to 2027-01-31)",
    ]
    assert text[-3] == ""
    memo = _audit(tmp_path, "--format", "markdown")
    table = memo[memo.index("## Waivers") :].split("\n\n")[1].splitlines()
    assert table[2:] == [
        "| SG-BIO-01 | example-10 | General Counsel | 2026-12-15 | applied (expires within 30 days) |",
        "| SG-BIO-01 | example-10 | General Counsel | 2027-01-31 | not yet granted |",
    ]


def test_an_audit_with_no_waiver_to_mention_says_nothing_of_waivers(tmp_path: Path) -> None:
    log = ROOT / "examples" / "requests" / "example-10.jsonl"
    argv = ["--no-config", "audit", str(log), "--as-of", "2026-11-29", "--fail-on", "none"]
    result = CliRunner().invoke(main, argv)
    assert "Waiver" not in result.stdout and "## Waivers" not in result.stdout


def test_ci_annotations_point_at_the_waivers_worth_a_look(tmp_path: Path) -> None:
    """Expiring soon: a warning; not yet granted: a notice; each at its line, counted."""
    lines = _audit(tmp_path, "--format", "github").splitlines()
    waivers = str(tmp_path / "waivers.yaml")
    assert lines[1:3] == [
        f"::warning file={waivers},line=3,title=waiver SG-BIO-01 for example-10"
        "::Applied until 2026-12-15 (expires within 30 days)",
        f"::notice file={waivers},line=9,title=waiver SG-BIO-01 for example-10"
        "::Not yet granted (it runs from 2027-01-01 to 2027-01-31)",
    ]
    assert "Annotations, worst first: 8 errors, 7 warnings, 2 notices." in lines[0]
    assert not any("title=waiver " in x for x in lines[3:])


@pytest.mark.parametrize(
    ("on", "kind", "text"),
    [
        ("2027-06-01", "warning", "Expired (its last day was 2027-05-31)"),
        ("2027-05-31", "warning", "Applied until 2027-05-31 (expires within 30 days)"),
        ("2026-05-31", "notice", "Not yet granted (it runs from 2026-06-01 to 2027-05-31)"),
        ("2027-04-30", None, None),
    ],
)
def test_a_check_annotates_a_waiver_worth_a_look_at_its_line(
    on: str, kind: str | None, text: str | None
) -> None:
    waivers = "examples/waivers.yaml"
    args = ["--no-config", "check", "examples/jurisdictions/belgium.yaml", "--waivers", waivers]
    result = CliRunner().invoke(main, [*args, "--as-of", on, "--format", "github"])
    said = [x for x in result.stdout.splitlines() if "title=waiver " in x]
    if kind is None:
        assert said == []
    else:
        assert said == [f"::{kind} file={waivers},line=6,title=waiver SG-RES-01 for BE::{text}"]


def test_an_unused_waiver_says_why_it_waived_nothing(tmp_path: Path) -> None:
    """A met finding has nothing to waive; a misspelt subject names the closest one checked."""
    path = tmp_path / "waivers.yaml"
    path.write_text(
        "safeguards: 1\nwaivers:\n"
        + "".join(
            f"  - safeguard: SG-INC-01\n    subject: {subject}\n"
            "    justification: Reform bill pending; review at its second reading.\n"
            "    approver: J. Doe, Legal\n    granted: 2026-11-01\n    expires: 2027-01-15\n"
            for subject in ("BE", "B E", "Belgium")
        ),
        encoding="utf-8",
    )
    belgium = ROOT / "examples" / "jurisdictions" / "belgium.yaml"
    report = api.check([belgium], catalog=load_catalog(), waivers=[path], as_of=ON)
    assert [(n.subject, n.state, n.reason) for n in report.waivers] == [
        ("B E", WaiverState.UNUSED, "no subject 'B E' was checked (did you mean 'BE'?)"),
        ("BE", WaiverState.UNUSED, None),
        (
            "Belgium",
            WaiverState.UNUSED,
            "no subject 'Belgium' was checked (did you mean 'BE', the id of Belgium?)",
        ),
    ]
    args = ["--no-config", "check", str(belgium), "--waivers", str(path), "--as-of", str(ON)]
    said = CliRunner().invoke(main, [*args, "--fail-on", "none"]).stdout.splitlines()[-3:]
    assert said == [
        "Waiver SG-INC-01 for B E: unused: no subject 'B E' was checked (did you mean 'BE'?)"
        " (until 2027-01-15)",
        "Waiver SG-INC-01 for BE: unused: no gap, partial or undetermined finding to waive"
        " (until 2027-01-15)",
        "Waiver SG-INC-01 for Belgium: unused: no subject 'Belgium' was checked"
        " (did you mean 'BE', the id of Belgium?) (until 2027-01-15)",
    ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("BEL", " (did you mean 'BE'?)"),  # close to an id: the id
        ("Belgium", " (did you mean 'BE', the id of Belgium?)"),  # a subject's name
        ("belgium", " (did you mean 'BE', the id of Belgium?)"),  # in any case
        ("Belgum", " (did you mean 'BE', the id of Belgium?)"),  # close to a name
        ("Ruritania", ""),  # close to nothing
    ],
)
def test_a_subject_written_wrongly_is_told_the_id_it_may_have_meant(
    written: str, hint: str
) -> None:
    names = {"BE": "Belgium", "DE": "Germany", "XX": None}
    assert did_you_mean_subject(written, names) == hint


def test_waivers_lint_tells_the_id_of_a_subject_named_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    text = (ROOT / "examples" / "waivers.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("subject: BE", "subject: Belgium"), encoding="utf-8")
    belgium = ROOT / "examples" / "jurisdictions" / "belgium.yaml"
    args = ["--no-config", "waivers", "lint", str(path), "--subjects", str(belgium)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "unknown subject 'Belgium' (did you mean 'BE', the id of Belgium?)" in result.stdout
