"""SARIF: valid against the official 2.1.0 schema, results where the decisive answers stand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from safeguards.engine.models import Status
from safeguards.reports.sarif import SarifReport, artifact_uri
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


@pytest.fixture(scope="module")
def sarif_schema(shared_schemas: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (shared_schemas / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    Draft4Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("which", ["empty", "mixed"])
def test_the_log_is_valid_sarif(in_root: Path, sarif_schema: dict[str, Any], which: str) -> None:
    log = json.loads(SarifReport().render(report_named(which)))
    errors = sorted(Draft4Validator(sarif_schema).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_rules_are_the_safeguards_of_the_report(in_root: Path) -> None:
    report = mixed_report()
    run = json.loads(SarifReport().render(report))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [s.id for s in report.safeguards]
    con = next(r for r in rules if r["id"] == "SG-CON-01")
    assert con["defaultConfiguration"]["level"] == "error"
    assert con["shortDescription"]["text"].startswith("Interception needs")
    assert "S9" in con["properties"]["tags"]


def test_one_result_per_finding_that_needs_action(in_root: Path) -> None:
    report = mixed_report()
    results = json.loads(SarifReport().render(report))["runs"][0]["results"]
    wanted = [f for f in report.findings if f.status not in (Status.MET, Status.NOT_APPLICABLE)]
    assert [(r["ruleId"], r["properties"]["subject"]) for r in results] == [
        (f.safeguard, f.subject) for f in wanted
    ]
    by_rule = {(r["ruleId"], r["properties"]["subject"]): r for r in results}
    gap = by_rule["SG-BIO-01", "MX"]
    assert gap["level"] == "error"  # high
    region = gap["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "tests/data/reports/mixland.yaml"
    # the answer in force (as of 2024-06-01) of biometric.court_order in mixland.yaml
    assert region["region"]["startLine"] == 26
    assert gap["kind"] == "fail"
    undetermined = by_rule["SG-CON-02", "MX"]
    assert (undetermined["kind"], undetermined["level"]) == ("open", "none")
    assert undetermined["properties"]["openQuestions"] == ["interception.max_days"]
    waived = by_rule["SG-TRA-01", "NX"]
    assert (waived["kind"], waived["level"]) == ("fail", "note")  # low
    assert waived["suppressions"][0]["status"] == "accepted"
    assert "LEG-7" in waived["suppressions"][0]["justification"]


def test_the_decisive_line_is_where_the_answer_stands(in_root: Path) -> None:
    results = json.loads(SarifReport().render(mixed_report()))["runs"][0]["results"]
    text = Path("tests/data/reports/mixland.yaml").read_text(encoding="utf-8").splitlines()
    partial = next(r for r in results if r["ruleId"] == "SG-CON-01")
    line = partial["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert text[line - 1].strip() == "exists:"


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("profiles/be.yaml", "profiles/be.yaml"),
        ("/srv/laws/côte d'ivoire.yaml", "file:///srv/laws/c%C3%B4te%20d%27ivoire.yaml"),
        ("with space/x#1.yaml", "with%20space/x%231.yaml"),
    ],
)
def test_paths_become_uri_references(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


def test_no_open_question_is_an_error(in_root: Path) -> None:
    results = json.loads(SarifReport().render(mixed_report()))["runs"][0]["results"]
    for r in results:
        if r["properties"]["status"] == "undetermined":
            assert (r["kind"], r["level"]) == ("open", "none"), r["ruleId"]
        else:
            assert r["kind"] == "fail"


def test_an_absent_answer_points_at_the_facts_key(in_root: Path) -> None:
    report = mixed_report()
    # SG-CON-02 as if none of its answers were given: no decisive fact has a line.
    bare = tuple(
        f.model_copy(update={"decisive_facts": ()}) if f.safeguard == "SG-CON-02" else f
        for f in report.findings
    )
    report = report.model_copy(update={"findings": bare})
    results = json.loads(SarifReport().render(report))["runs"][0]["results"]
    text = Path("tests/data/reports/mixland.yaml").read_text(encoding="utf-8").splitlines()
    open_result = next(
        r for r in results if r["ruleId"] == "SG-CON-02" and r["properties"]["subject"] == "MX"
    )
    line = open_result["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert text[line - 1].startswith("facts:")


def test_shipped_profiles_point_nowhere_near_line_one(
    in_root: Path, sarif_schema: dict[str, Any]
) -> None:
    from safeguards.engine import api
    from safeguards.engine.catalog import load_catalog

    profiles = sorted(Path("examples/jurisdictions").glob("*.yaml"))
    report = api.check(profiles, catalog=load_catalog(None))
    log = json.loads(SarifReport().render(report))
    assert not list(Draft4Validator(sarif_schema).iter_errors(log))
    results = log["runs"][0]["results"]
    assert results
    for r in results:
        assert r["locations"][0]["physicalLocation"]["region"]["startLine"] > 1, r["ruleId"]
        assert r["level"] != "error" or r["properties"]["status"] in ("gap", "partial", "waived")


def _audit(tmp_path: Path, fmt: str, *extra: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    out = tmp_path / f"audit.{fmt}"
    args = ["audit", "examples/requests/example-10.jsonl", "--as-of", "2026-11-29"]
    args += ["--workflow", "examples/workflows/strong.yaml", "--format", fmt, "-o", str(out)]
    result = CliRunner().invoke(main, [*args, *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, out.read_text(encoding="utf-8")


def test_an_audit_is_a_sarif_log_of_request_by_failing_check(
    in_root: Path, tmp_path: Path, sarif_schema: dict[str, Any]
) -> None:
    code, text = _audit(tmp_path, "sarif", "--fail-on", "none")
    assert code == 0
    log = json.loads(text)
    assert not list(Draft4Validator(sarif_schema).iter_errors(log))
    results = log["runs"][0]["results"]
    assert results
    lines = Path("examples/requests/example-10.jsonl").read_text(encoding="utf-8").splitlines()
    for r in results:
        assert r["properties"]["status"] in ("gap", "partial", "undetermined", "waived")
        request = r["properties"]["request"]
        if request:
            line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
            assert json.loads(lines[line - 1])["id"] == request
            assert r["locations"][0]["logicalLocations"][0]["name"] == request
        if r["properties"]["status"] == "undetermined":
            assert (r["kind"], r["level"]) == ("open", "none")
    pairs = [(r["ruleId"], r["properties"]["request"]) for r in results]
    assert len(pairs) == len(set(pairs))


def test_fail_on_takes_statuses_as_well_as_severities(in_root: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    profile = tmp_path / "p.yaml"
    profile.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: XX\nfacts:\n  interception.exists: true\n"
    )
    demo = "tests/data/catalog"
    base = ["check", str(profile), "--catalog", demo, "--as-of", "2026-01-01"]
    runner = CliRunner()
    assert runner.invoke(main, [*base, "--fail-on", "none"]).exit_code == 0
    assert runner.invoke(main, [*base, "--fail-on", "undetermined"]).exit_code == 1
    assert runner.invoke(main, [*base, "--fail-on", "high,undetermined"]).exit_code == 1
    assert runner.invoke(main, [*base, "--fail-on", "gap"]).exit_code == 0
    bad = runner.invoke(main, [*base, "--fail-on", "sometimes"])
    assert bad.exit_code == 2 and "'sometimes' is not one of" in bad.output


def test_an_audit_of_a_database_locates_results_at_the_file_and_hashes_it(
    tmp_path: Path, sarif_schema: dict[str, Any]
) -> None:
    """A database's rows are not lines: no region, the file's own SHA-256 as its hash."""
    import hashlib

    from click.testing import CliRunner

    from safeguards.engine.cli import main
    from tests.conftest import ROOT, database_log

    source = ROOT / "examples" / "requests" / "example-10.jsonl"
    records = [json.loads(x) for x in source.read_text(encoding="utf-8").splitlines()]
    db = database_log(tmp_path / "requests.db", records)
    out = tmp_path / "audit.sarif"
    args = ["audit", str(db), "--as-of", "2026-11-29", "--format", "sarif", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    log = json.loads(out.read_text(encoding="utf-8"))
    assert not list(Draft4Validator(sarif_schema).iter_errors(log))
    run = log["runs"][0]
    assert run["artifacts"][0]["hashes"]["sha-256"] == hashlib.sha256(db.read_bytes()).hexdigest()
    assert run["results"]
    for r in run["results"]:
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("requests.db")
        assert "region" not in physical


def _levels(text: str) -> list[tuple[str, str]]:
    results = json.loads(text)["runs"][0]["results"]
    return [(r["level"], r["partialFingerprints"]["safeguardsFinding/v1"]) for r in results]


@pytest.mark.parametrize("most", [1, 9, 10, 14])
def test_at_most_max_results_are_written_the_most_severe_kept_in_order(
    in_root: Path, tmp_path: Path, sarif_schema: dict[str, Any], most: int
) -> None:
    """The example log gives 15 results, 9 errors then 6 warnings (GitHub refuses > 25,000)."""
    code, full = _audit(tmp_path, "sarif", "--fail-on", "none", "--max-results", "0")
    assert code == 0
    everything = _levels(full)
    assert len(everything) == 15 and sum(level == "error" for level, _ in everything) == 9
    rank = {"error": 0, "warning": 1, "note": 2, "none": 3}
    order = sorted(range(15), key=lambda i: (rank[everything[i][0]], i))
    expected = [everything[i] for i in sorted(order[:most])]

    code, text = _audit(tmp_path, "sarif", "--fail-on", "none", "--max-results", str(most))
    assert code == 0
    log = json.loads(text)
    assert not list(Draft4Validator(sarif_schema).iter_errors(log))
    assert _levels(text) == expected
    run = log["runs"][0]
    assert run["properties"]["resultsLeftOut"] == 15 - most
    said = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert f"{15 - most} of 15 results left out: at most {most} are written" in said[-1]


@pytest.mark.parametrize("most", ["15", "25000", "0"])
def test_a_limit_the_results_stay_within_leaves_the_log_as_it_was(
    in_root: Path, tmp_path: Path, most: str
) -> None:
    plain = _audit(tmp_path, "sarif", "--fail-on", "none")[1]
    code, text = _audit(tmp_path, "sarif", "--fail-on", "none", "--max-results", most)
    assert code == 0 and text == plain
    assert "resultsLeftOut" not in json.loads(text)["runs"][0]["properties"]


def _golden_audit(tmp_path: Path, fmt: str, *extra: str, output: bool = True) -> tuple[int, str]:
    """Audit the golden log (unreadable records, a waiver, undetermined checks) and example."""
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    out = tmp_path / f"golden.{fmt}"
    args = ["--no-config", "audit", "tests/data/audit/golden.jsonl"]
    args += ["examples/requests/example-10.jsonl", "--as-of", "2026-11-29"]
    args += ["--workflow", "examples/workflows/strong.yaml", "--fail-on", "none"]
    args += ["--waivers", "tests/data/audit/golden-waivers.yaml", "--format", fmt]
    result = CliRunner().invoke(main, [*args, *(["-o", str(out)] if output else []), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if not output:
        return result.exit_code, result.stdout
    return result.exit_code, out.read_text(encoding="utf-8") if out.exists() else ""


def test_every_limit_keeps_errors_then_warnings_then_notes_waivers_last(
    in_root: Path, tmp_path: Path
) -> None:
    """Every cut, also inside a level and among the waived: the ranks worked out anew here."""
    code, full = _golden_audit(tmp_path, "sarif", "--max-results", "0")
    assert code == 0
    results = json.loads(full)["runs"][0]["results"]
    levels = {r["level"] for r in results}
    assert {"error", "warning"} <= levels and any("suppressions" in r for r in results)
    rank = {"error": 0, "warning": 1, "note": 2, "none": 3}
    order = sorted(
        range(len(results)),
        key=lambda i: ("suppressions" in results[i], rank[results[i]["level"]], i),
    )
    for most in range(1, len(results) + 2):
        code, text = _golden_audit(tmp_path, "sarif", "--max-results", str(most))
        assert code == 0
        kept = json.loads(text)["runs"][0]["results"]
        assert kept == [results[i] for i in sorted(order[:most])], most


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_a_ci_report_on_standard_output_is_the_one_written_to_a_file(
    in_root: Path, tmp_path: Path, fmt: str
) -> None:
    code, written = _golden_audit(tmp_path, fmt)
    assert code == 0 and written
    code, printed = _golden_audit(tmp_path, fmt, output=False)
    assert code == 0
    assert printed == written


@pytest.mark.parametrize("fmt", ["junit", "text", "json", "markdown"])
def test_max_results_given_to_a_format_without_a_limit_is_refused(
    in_root: Path, tmp_path: Path, fmt: str
) -> None:
    code, text = _golden_audit(tmp_path, fmt, "--max-results", "5")
    assert code == 2
    assert text == ""  # refused before anything was written


def test_max_results_of_a_configuration_file_limits_the_sarif_runs_alone(
    in_root: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    config = tmp_path / "config.yaml"
    config.write_text("audit:\n  max-results: 3\n", encoding="utf-8")
    base = ["--config", str(config), "audit", "tests/data/audit/golden.jsonl", "--as-of"]
    base += ["2026-11-29", "--workflow", "examples/workflows/strong.yaml", "--fail-on", "none"]
    for fmt in ("sarif", "junit"):
        out = tmp_path / f"configured.{fmt}"
        result = CliRunner().invoke(main, [*base, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        if fmt == "sarif":
            run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
            assert len(run["results"]) == 3 and run["properties"]["resultsLeftOut"] > 0
        else:
            assert "<testcase" in out.read_text(encoding="utf-8")


def test_temporary_files_that_cannot_grow_end_in_one_message_and_no_report(
    tmp_path: Path,
) -> None:
    """SARIF results wait in a temporary file (the most severe are known only at the end).
    Files limited to 192 KiB (``ulimit -f``) take the findings (133 KB) but not the results
    (about 300 KB): said once, with where and what helps; no report written, and no findings
    file without it (the outputs are committed together)."""
    import resource
    import signal
    import subprocess

    from tests.conftest import CLI_COMMAND, ROOT, cli_env

    acted = (ROOT / "examples/requests/example-10.jsonl").read_text(encoding="utf-8")
    record = json.loads(acted.splitlines()[9])  # ten findings that need action
    log = tmp_path / "log" / "repeated.jsonl"
    log.parent.mkdir()
    log.write_text(
        "".join(json.dumps({**record, "id": f"DR-T-{n}"}) + "\n" for n in range(20)),
        encoding="utf-8",
    )
    scratch = tmp_path / "scratch"
    scratch.mkdir()

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails (EFBIG) instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (192 * 1024, 192 * 1024))

    out = tmp_path / "audit.sarif"
    args = ["audit", str(log), "--workflow", "examples/workflows/weak.yaml"]
    args += ["--as-of", "2026-11-29", "--fail-on", "none", "--format", "sarif", "-o", str(out)]
    done = subprocess.run(
        [*CLI_COMMAND, *args, "--findings", str(tmp_path / "findings.jsonl")],
        cwd=ROOT,
        env={**cli_env(), "TMPDIR": str(scratch)},
        capture_output=True,
        text=True,
        preexec_fn=limited,  # the child only lowers a limit
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    expected = f"error: {scratch}: File too large (the report's temporary files wait there: TMPDIR"
    assert done.stderr.startswith(expected), done.stderr
    assert not out.exists()
    assert not list(scratch.iterdir())
    assert not (tmp_path / "findings.jsonl").exists()  # written in full, but not without its report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log", "scratch"]  # no temporary either


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
@pytest.mark.parametrize("destination", ["/dev/null", "a FIFO", "/dev/stdout"])
def test_findings_that_cannot_be_read_back_still_give_every_result(
    in_root: Path, tmp_path: Path, fmt: str, destination: str
) -> None:
    """The CI formats read the findings back: sent to a device, a FIFO or standard output,
    they are written to a temporary file first (every result kept), then passed on whole."""
    import os
    import subprocess
    import threading

    from tests.conftest import CLI_COMMAND, ROOT, cli_env

    expected_out = tmp_path / f"expected.{fmt}"
    findings = tmp_path / "findings.jsonl"
    args = ["audit", "tests/data/audit/golden.jsonl", "examples/requests/example-10.jsonl"]
    args += ["--workflow", "examples/workflows/strong.yaml", "--as-of", "2026-11-29"]
    args += ["--fail-on", "none", "--format", fmt]
    run = [*CLI_COMMAND, *args]
    first = subprocess.run(
        [*run, "-o", str(expected_out), "--findings", str(findings)],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    received: list[bytes] = []
    target = destination
    reader = None
    if destination == "a FIFO":
        target = str(tmp_path / "findings.fifo")
        os.mkfifo(target)

        def drain() -> None:
            with open(target, "rb") as fifo:
                received.append(fifo.read())

        reader = threading.Thread(target=drain)
        reader.start()
    out = tmp_path / f"audit.{fmt}"
    done = subprocess.run(
        [*run, "-o", str(out), "--findings", target],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    if reader is not None:
        reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == expected_out.read_bytes()
    if destination == "a FIFO":
        assert received == [findings.read_bytes()]
    if destination == "/dev/stdout":
        assert done.stdout == findings.read_bytes()
