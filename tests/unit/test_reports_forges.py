"""GitHub annotations and GitLab Code Quality: what each forge reads, and where SARIF agrees.

The annotations are parsed the way GitHub's runner parses a workflow command (``::name
key=value,…::message``, its escapes undone); the Code Quality report is held to the fields
GitLab requires. Both must point where SARIF points, at the same level of alarm.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.models import NEEDS_ACTION, NOT_MET, STATUS_ORDER, Report, Severity, Status
from safeguards.engine.models.audit import Unreadable
from safeguards.reports import renderer
from safeguards.reports.audit_forges import unreadable_place
from safeguards.reports.base import fingerprint
from safeguards.reports.forge import annotation_path
from safeguards.reports.github import (
    annotations_note,
    escape_data,
    escape_property,
    workflow_command,
)
from tests.unit.test_reports_data import CATALOG, DATA, hostile_report, in_root
from tests.unit.test_reports_data import mixed_report as mixed

__all__ = ["in_root"]

COMMAND = re.compile(r"^::(?P<name>[a-z-]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")
"""A workflow command line; properties hold no raw ``:`` (escaped), the message may."""

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def unescape_data(text: str) -> str:
    """Undo the runner's data escapes (``%0D``, ``%0A``, ``%25``), as it does."""
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    """Undo the runner's property escapes: data's, and ``%3A``, ``%2C``."""
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    """Parse every line as a workflow command; a line that is not one fails the test."""
    assert text.endswith("\n")
    out = []
    for line in text[:-1].split("\n"):
        found = COMMAND.match(line)
        assert found, f"not a workflow command: {line!r}"
        props: dict[str, str] = {}
        for pair in (found["props"] or "").split(","):
            if pair:
                key, _, value = pair.partition("=")
                props[key] = unescape_property(value)
        out.append((found["name"], props, unescape_data(found["data"])))
    return out


def sarif_results(report: Report) -> dict[str, dict[str, Any]]:
    """SARIF's results by fingerprint."""
    log = json.loads(renderer("sarif").render_bytes(report))
    return {r["partialFingerprints"]["safeguardsFinding/v1"]: r for r in log["runs"][0]["results"]}


def test_a_summary_then_an_annotation_for_each_finding_that_needs_action(in_root: Path) -> None:
    report = mixed()
    parsed = commands(renderer("github").render(report))
    needs_action = [f for f in report.findings if f.status in NEEDS_ACTION]
    assert len(parsed) == len(needs_action) + 1
    name, props, data = parsed[0]
    assert (name, props) == ("notice", {"title": "safeguards"})
    assert data.startswith("2 subject(s) checked as of 2024-06-01: 1 gap, 1 partial")
    assert data.endswith(" Annotations, worst first: 2 errors, 2 notices.")  # no limit reached
    sarif = sarif_results(report)
    for f, (name, props, data) in zip(needs_action, parsed[1:], strict=True):
        result = sarif[fingerprint(f)]
        location = result["locations"][0]["physicalLocation"]
        assert props["file"] == location["artifactLocation"]["uri"]
        assert props["line"] == str(location["region"]["startLine"])
        assert props["title"].startswith(f"{f.safeguard} {f.status.label}")
        expected = {"error": "error", "warning": "warning", "note": "notice", "none": "notice"}
        alarm = "notice" if f.status is Status.WAIVED else expected[result["level"]]
        assert name == alarm, (f.safeguard, result["level"])
        assert data.split("\n")[0].startswith(f"{f.status.label.capitalize()}: {f.message}")
        for d in f.decisive_facts:  # the evidence behind the finding, each answer a line
            assert any(line.startswith(f"Answer: {d.fact} = ") for line in data.split("\n"))
    assert [n for n, _, _ in parsed[1:]] == ["error", "error", "notice", "notice"]


def test_an_open_question_or_a_waiver_is_never_an_error(in_root: Path) -> None:
    parsed = commands(renderer("github").render(mixed()))
    by_title = {p["title"].split()[0]: (name, data) for name, p, data in parsed[1:]}
    assert by_title["SG-CON-02"][0] == "notice"  # undetermined
    asked = "Open question (interception.max_days): For how many days may an order run at most?"
    assert asked in by_title["SG-CON-02"][1]
    assert by_title["SG-TRA-01"][0] == "notice"  # waived
    assert by_title["SG-TRA-01"][1].startswith("Waived: Waived until 2024-12-31")


def test_hostile_text_cannot_start_a_command_of_its_own(in_root: Path) -> None:
    """A line feed or a ``::`` in a profile or a waiver stays inside its annotation."""
    report = hostile_report()
    text = renderer("github").render(report)
    parsed = commands(text)  # every line is one of ours
    assert len(parsed) == sum(f.status in NEEDS_ACTION for f in report.findings) + 1
    assert {name for name, _, _ in parsed} <= {"error", "warning", "notice"}
    assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f]", text)  # tab kept
    quotes = [data for _, _, data in parsed if "CR quote" in data]
    assert quotes and all("<U+000D>CR quote <U+202E>esrever" in q for q in quotes)


@pytest.mark.parametrize(
    "value", ["a,b:c", "100%", "line\nbreak", "cr\rhere", "%0A", "::error::", "a%2Cb"]
)
def test_escapes_round_trip_as_the_runner_reads_them(value: str) -> None:
    assert unescape_property(escape_property(value)) == value
    assert unescape_data(escape_data(value)) == value
    assert "\n" not in escape_data(value) and "," not in escape_property(value)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("./profiles/de.yaml", "profiles/de.yaml"),
        ("profiles\\de.yaml", "profiles/de.yaml"),
        ("profiles//de.yaml", "profiles/de.yaml"),
        ("/work/profiles/de.yaml", "/work/profiles/de.yaml"),
        ("de.yaml", "de.yaml"),
    ],
)
def test_paths_are_given_as_the_forges_match_them(path: str, shown: str) -> None:
    assert annotation_path(path) == shown


def test_code_quality_issues_have_what_gitlab_requires(in_root: Path) -> None:
    report = mixed()
    issues = json.loads(renderer("gitlab").render_bytes(report))
    kept = [f for f in report.findings if f.status in NOT_MET]  # waived ones are accepted
    assert len(issues) == len(kept) == 3
    sarif = sarif_results(report)
    for f, issue in zip(kept, issues, strict=True):
        assert set(issue) == {"type", "description", "check_name", "fingerprint", "severity",
                              "location"}  # fmt: skip
        assert issue["check_name"] == f.safeguard and issue["type"] == "issue"
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["description"].startswith(f"{f.safeguard}: ")
        location = sarif[issue["fingerprint"]]["locations"][0]["physicalLocation"]
        assert issue["location"] == {
            "path": location["artifactLocation"]["uri"],
            "lines": {"begin": location["region"]["startLine"]},
        }
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severities = {i["check_name"]: i["severity"] for i in issues}
    # critical and high safeguards rank above the rest; an open question is information only.
    assert severities == {"SG-BIO-01": "major", "SG-CON-01": "critical", "SG-CON-02": "info"}


def test_a_fingerprint_does_not_move_with_the_line(in_root: Path, tmp_path: Path) -> None:
    """Lines added above an answer move its issue, not its identity: GitLab sees no new issue."""
    moved = tmp_path / "mixland.yaml"
    text = (DATA / "mixland.yaml").read_text(encoding="utf-8")
    moved.write_text(text.replace("facts:\n", "# a comment\n# another\nfacts:\n", 1), "utf-8")
    runs = []
    for profile in (DATA / "mixland.yaml", moved):
        args = ["check", str(profile), "--as-of", "2024-06-01", "--format", "gitlab"]
        result = CliRunner().invoke(main, [*args, "--fail-on", "none", "--catalog", str(CATALOG)])
        assert result.exit_code == 0, result.output
        runs.append({i["fingerprint"]: i["location"]["lines"]["begin"] for i in json.loads(
            result.stdout)})  # fmt: skip
    before, after = runs
    assert before.keys() == after.keys()
    assert all(after[k] == before[k] + 2 for k in before)


def audited(tmp_path: Path, fmt: str) -> str:
    """Audit the spoiled example log (unreadable records among the requests) in ``fmt``."""
    out = tmp_path / f"audit.{fmt}"
    args = ["audit", "examples/requests/examplecloud-2026-spoiled.jsonl", "--workflow",
            "examples/workflows/strong.yaml", "--as-of", "2026-11-29", "--fail-on", "none",
            "--format", fmt, "-o", str(out)]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def sarif_places(log: dict[str, Any]) -> list[tuple[str, int, str, bool]]:
    """Each SARIF result's file, line, rule and whether a waiver accepted it."""
    return sorted(
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["ruleId"],
            "suppressions" in r,
        )
        for r in log["runs"][0]["results"]
    )


def test_an_audit_annotates_each_request_where_its_sarif_result_stands(
    in_root: Path, tmp_path: Path
) -> None:
    sarif = json.loads(audited(tmp_path, "sarif"))
    parsed = commands(audited(tmp_path, "github"))
    unreadable = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    broken = [c for c in parsed if c[1].get("title") == "unreadable record"]
    assert len(broken) == len(unreadable) > 0
    assert all(name == "error" for name, _, _ in broken)
    assert all(f"{p['file']}:{p['line']}:" in n["message"]["text"]
               for (_, p, _), n in zip(broken, unreadable, strict=True))  # fmt: skip
    name, props, data = parsed[0]
    assert (name, props["title"]) == ("notice", "safeguards")
    assert f"; {len(unreadable)} unreadable record(s). Annotations, worst first: " in data
    assert parsed[1 : len(broken) + 1] == broken  # unreadable records first: the audit is short
    requests = parsed[len(broken) + 1 :]
    places = sorted(
        (p["file"], int(p["line"]), p["title"].split()[0], n == "notice" and "waived" in p["title"])
        for n, p, _ in requests
    )
    assert places == sarif_places(sarif)
    assert all(d.startswith("Request ") for _, _, d in requests)


def test_an_audit_s_code_quality_holds_what_sarif_fails_on(in_root: Path, tmp_path: Path) -> None:
    sarif = json.loads(audited(tmp_path, "sarif"))
    written = audited(tmp_path, "gitlab")
    issues = json.loads(written)
    # written an issue at a time, laid out as the whole array written at once would be
    assert written == json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
    assert all(i["severity"] in GITLAB_SEVERITIES for i in issues)
    broken = [i for i in issues if i["check_name"] == "unreadable-record"]
    assert broken and all(i["severity"] == "major" for i in broken)
    kept = {
        r["partialFingerprints"]["safeguardsFinding/v1"]: r
        for r in sarif["runs"][0]["results"]
        if "suppressions" not in r  # a waiver accepts the gap: no issue
    }
    requests = [i for i in issues if i["check_name"] != "unreadable-record"]
    assert {i["fingerprint"] for i in requests} == set(kept)
    for issue in requests:
        where = kept[issue["fingerprint"]]["locations"][0]["physicalLocation"]
        assert issue["location"] == {
            "path": where["artifactLocation"]["uri"],
            "lines": {"begin": where["region"]["startLine"]},
        }
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_the_worst_come_first_where_a_forge_shows_only_the_first(in_root: Path) -> None:
    """Gaps before partials, the most severe first: the annotations a page has room for."""
    args = ["check", "examples/jurisdictions/germany.yaml", "examples/jurisdictions/france.yaml"]
    result = CliRunner().invoke(main, [*args, "--format", "github", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    statuses = [
        Status(p["title"].split()[1].rstrip(":")) for _, p, _ in commands(result.stdout)[1:]
    ]
    assert statuses == sorted(statuses, key=order.__getitem__)
    assert statuses[0] is Status.GAP and len(set(statuses)) >= 3


def test_an_audit_s_annotations_come_worst_first(in_root: Path, tmp_path: Path) -> None:
    """After the unreadable records: by status, then by severity, in log order among equals."""
    rules = json.loads(audited(tmp_path, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    severity = {r["id"]: Severity(r["properties"]["severity"]) for r in rules}
    parsed = commands(audited(tmp_path, "github"))
    found = [p for _, p, _ in parsed[1:] if p["title"] != "unreadable record"]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    ranks = []
    for p in found:
        rule, status = p["title"].split()
        ranks.append((order[Status(status)], -severity[rule].rank, int(p["line"])))
    assert ranks == sorted(ranks)
    assert len({r[:2] for r in ranks}) >= 4  # several statuses and severities to order
    # the summary counts what follows it, kind by kind
    summary = parsed[0][2]
    for kind in ("error", "warning", "notice"):
        assert f" {sum(name == kind for name, _, _ in parsed[1:])} {kind}s" in summary


@pytest.mark.parametrize(
    ("errors", "warnings", "notices", "limit_said"),
    [
        (10, 0, 0, False),  # as many as GitHub shows
        (11, 0, 0, True),
        (0, 11, 0, True),
        (0, 0, 9, False),  # nine notices and the summary: ten
        (0, 0, 10, True),  # ten notices and the summary: one too many
        (1, 1, 1, False),
    ],
)
def test_the_summary_says_when_github_shows_only_some(
    errors: int, warnings: int, notices: int, limit_said: bool
) -> None:
    kinds = Counter(error=errors, warning=warnings, notice=notices)
    note = annotations_note(kinds)
    assert note.startswith(" Annotations, worst first: ")
    assert ("GitHub shows the first 10 of each kind" in note) is limit_said
    assert annotations_note(Counter()) == ""


def test_one_annotation_is_not_annotations() -> None:
    assert annotations_note(Counter(error=1, notice=2)) == (
        " Annotations, worst first: 1 error, 2 notices."
    )


def test_an_unreadable_record_is_placed_by_its_log_and_line() -> None:
    """From what the audit noted, not from the location's text (a path may hold colons)."""
    u = Unreadable(location="logs/a:b.jsonl:7:1", message="m", path="logs/a:b.jsonl", line=7)
    assert unreadable_place(u) == ("logs/a:b.jsonl", 7)
    back = Unreadable.model_validate_json(u.model_dump_json())  # the summary's JSON
    assert "path" not in json.loads(u.model_dump_json())
    assert unreadable_place(back) == ("logs/a:b.jsonl:7:1", None)


@pytest.mark.parametrize("path", ["-", ""])
def test_a_line_is_given_only_with_its_file(path: str) -> None:
    """Standard input has lines, but no file GitHub could show them in."""
    assert workflow_command("error", path, 9, "t", "m") == "::error title=t::m\n"
    assert workflow_command("error", "log.jsonl", 9, "t", "m") == (
        "::error file=log.jsonl,line=9,title=t::m\n"
    )
