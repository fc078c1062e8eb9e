"""Hostile text in a request log comes out inert in every audit and transparency format.

A request log is written by whoever fills in the organization's tracking system, and its free
text reaches the reports: request ids (in "worst requests", JUnit test names, SARIF results),
the issuing country (a row of the transparency tables), unknown keys (in the messages of
unreadable records) and the log's own file name. None of it may hide text from a reader (bidi
overrides, terminal escapes, a carriage return), break a line-oriented report in two, or turn
into markup; the JSON formats keep every value exact.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from safeguards.engine.cli import main
from safeguards.reports.audit_forges import AUDIT_FORMATS
from safeguards.reports.transparency import TRANSPARENCY_FORMATS

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "examples" / "requests" / "example-10.jsonl"
WORKFLOW = ROOT / "examples" / "workflows" / "strong.yaml"

HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters that may never reach a reader raw: bidi overrides and control characters."""
RID = "DR-<script>alert(1)</script>|*x*\n\u202eevil\u202c\x1b[31mRED\rback"
"""A request id with markup, Markdown, a line break, a bidi override, an escape, a return."""
COUNTRY = "U\u202eS\x1b[2J"
KEY = "bo\x1b[31mgus\u202e"
NAME = "log \u202eevil\x1b[0m"
"""The log's file name (the subject of the audit when no workflow names one)."""


@pytest.fixture
def hostile_log(tmp_path: Path) -> Path:
    """The ten example requests, the last one (which fails many checks) with a hostile id.

    Every record comes from the same hostile country, and one more record is unreadable for a
    hostile unknown key.
    """
    records = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    records[-1]["id"] = RID
    for record in records:
        record["authority"]["country"] = COUNTRY
    lines = [json.dumps(r) for r in records]
    lines.append(json.dumps({"id": "DR-bad", KEY: 1}))
    log = tmp_path / f"{NAME}.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log


def strings(data: Any) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [*data, *(s for v in data.values() for s in strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def run(args: list[str]) -> int:
    result = CliRunner().invoke(main, ["--no-config", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code


def audit(log: Path, name: str, *extra: str) -> str:
    out = log.parent / f"audit{AUDIT_FORMATS[name].suffix}"
    findings = log.parent / "findings.jsonl"
    args = ["audit", str(log), "--format", name, "-o", str(out), "--findings", str(findings)]
    assert run([*args, "--as-of", "2026-11-29", *extra]) in (0, 1)
    return out.read_text(encoding="utf-8")


def transparency(log: Path, name: str) -> str:
    out = log.parent / f"transparency{TRANSPARENCY_FORMATS[name].suffix}"
    args = ["transparency", str(log), "--period", "2026", "--min-cell", "0"]
    assert run([*args, "--as-of", "2027-12-31", "--format", name, "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_the_log_really_is_hostile(hostile_log: Path) -> None:
    text = audit(hostile_log, "json")
    summary = json.loads(text)
    assert any(w["request"] == RID for w in summary["worst"])
    assert summary["unreadable"] == 1
    assert KEY in summary["unreadable_shown"][0]["message"].replace("<U+001B>", "\x1b").replace(
        "<U+202E>", "\u202e"
    )
    assert COUNTRY in strings(json.loads(transparency(hostile_log, "json")))


@pytest.mark.parametrize("name", sorted(AUDIT_FORMATS))
def test_no_hidden_character_reaches_an_audit_report(hostile_log: Path, name: str) -> None:
    text = audit(hostile_log, name)
    assert not HIDDEN.search(text.replace("\r\n", "\n")), HIDDEN.findall(text)


@pytest.mark.parametrize("name", sorted(TRANSPARENCY_FORMATS))
def test_no_hidden_character_reaches_a_transparency_report(hostile_log: Path, name: str) -> None:
    text = transparency(hostile_log, name)
    if name == "csv":  # a carriage return inside a quoted cell is data, not a line end
        text = text.replace("\r\n", "\n")
    assert not HIDDEN.search(text), HIDDEN.findall(text)


@pytest.mark.parametrize("name", ["text", "markdown"])
def test_a_request_id_stays_on_its_line(hostile_log: Path, name: str) -> None:
    text = audit(hostile_log, name)
    lines = [line for line in text.splitlines() if "DR-" in line and "evil" in line]
    assert len(lines) == 1, text
    (line,) = lines
    shown = "<U+000A><U+202E>evil<U+202C><U+001B>[31mRED<U+000D>back"
    assert (shown if name == "text" else shown.replace("[", "\\[")) in line
    assert "SG-" in line  # the findings of the request follow its id on the same line
    assert "\r" not in text


def test_markdown_shows_markup_as_text(hostile_log: Path) -> None:
    for text in (audit(hostile_log, "markdown"), transparency(hostile_log, "markdown")):
        assert not re.search(r"(?<!\\)<(script|/script)", text), text
    worst = next(x for x in audit(hostile_log, "markdown").splitlines() if x.startswith("| DR-"))
    assert worst.count(" | ") == 2, worst  # the id's own '|' does not split the row
    assert "\\*x\\*" in worst


@pytest.mark.parametrize("name", ["json", "sarif"])
def test_json_formats_keep_the_exact_values(hostile_log: Path, name: str) -> None:
    text = audit(hostile_log, name)
    assert "\u202e" not in text  # escaped as \u202e: the same value, no disguise
    assert any(RID in x for x in strings(json.loads(text)))


def test_the_transparency_json_keeps_the_exact_country(hostile_log: Path) -> None:
    text = transparency(hostile_log, "json")
    assert "\u202e" not in text
    assert COUNTRY in strings(json.loads(text))


def test_junit_is_well_formed_and_names_the_request_visibly(hostile_log: Path) -> None:
    root = etree.fromstring(audit(hostile_log, "junit").encode())
    names = [case.get("name") for case in root.iter("testcase")]
    assert any("<U+202E>evil" in n for n in names), names


def test_the_transparency_page_shows_the_country_visibly(hostile_log: Path) -> None:
    page = lxml.html.document_fromstring(transparency(hostile_log, "html").encode())
    assert "U<U+202E>S<U+001B>[2J" in page.text_content()
    assert len(page.xpath("//script")) == 0


@pytest.mark.parametrize("name", sorted(TRANSPARENCY_FORMATS))
def test_a_repeated_hostile_id_is_named_inert_in_the_notes(hostile_log: Path, name: str) -> None:
    lines = hostile_log.read_text(encoding="utf-8").splitlines()
    hostile_log.write_text("\n".join([*lines, lines[-2]]) + "\n", encoding="utf-8")
    text = transparency(hostile_log, name)
    assert ("repeated," if name == "csv" else "evil") in text
    assert not HIDDEN.search(text.replace("\r\n", "\n")), HIDDEN.findall(text)
    if name == "markdown":
        assert not re.search(r"(?<!\\)<(script|/script)", text), text
    if name == "html":
        assert "<script>alert" not in text
