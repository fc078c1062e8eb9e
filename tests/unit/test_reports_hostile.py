"""Hostile text in every free-text field of a profile and a waiver comes out inert in every format."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from safeguards.engine.cli import main
from safeguards.reports import REGISTRY, renderer
from tests.unit.test_reports_data import AS_OF, CATALOG, DATA, hostile_report, in_root

__all__ = ["in_root"]

NAME = "=1+2 <script>alert('name')</script> \"quoted\" \u202eevil\u202c"
HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters that may never reach a reader raw: bidi overrides and control characters."""


def rendered(name: str) -> bytes:
    return renderer(name).render_bytes(hostile_report())


def test_the_profile_really_is_hostile(in_root: Path) -> None:
    report = hostile_report()
    assert report.subjects[0].name == NAME
    assert "\x1b[31m" in (report.subjects[0].note or "")
    urls = [d.source.url for f in report.findings for d in f.decisive_facts if d.source]
    assert "javascript:alert(document.cookie)" in urls


@pytest.mark.parametrize("name", [n for n, c in REGISTRY.items() if not c.binary])
def test_no_hidden_characters_reach_the_reader(in_root: Path, name: str) -> None:
    text = rendered(name).decode("utf-8")
    if name == "csv":  # a carriage return inside a quoted cell is data, not a line end
        text = text.replace("\r", "")
    assert not HIDDEN.search(text.replace("\r\n", "\n")), HIDDEN.findall(text)


def test_html_runs_no_injected_script_and_links_no_javascript(in_root: Path) -> None:
    page = lxml.html.document_fromstring(rendered("html"))
    scripts = page.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"img", "b", "i", "iframe"}, element.tag
        assert not [a for a in element.attrib if a.lower().startswith("on")], element.attrib
    hrefs = page.xpath("//a/@href")
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs
    assert "https://ok.example/?a=<script>&b=\"x\"&c='y'" in hrefs
    text = page.text_content()
    assert "<script>alert('name')</script>" in text
    assert "javascript:alert(document.cookie)" in text  # shown, not linked
    assert "<U+202E>evil<U+202C>" in text


def test_markdown_and_text_show_markup_as_text(in_root: Path) -> None:
    markdown = rendered("markdown").decode("utf-8")
    assert not re.search(r"(?<!\\)<(script|img|b |/script)", markdown)
    assert "alert('name')" in markdown
    text = rendered("text").decode("utf-8")
    assert "<U+000D>CR quote <U+202E>esrever" in text
    for line_oriented in (markdown, text):
        assert "\r" not in line_oriented


@pytest.mark.parametrize("name", ["json", "sarif", "oscal"])
def test_json_formats_keep_the_exact_values(in_root: Path, name: str) -> None:
    data = json.loads(rendered(name))
    strings = set(_strings(data))
    if name == "json":
        assert NAME in strings
    assert any("</script><script>alert(2)</script>" in s for s in strings)
    if name == "oscal":
        hrefs = _strings(data, key="href")
        assert not [h for h in hrefs if "javascript" in h], hrefs


def _strings(data: Any, key: str | None = None) -> list[str]:
    if isinstance(data, dict):
        return [
            s
            for k, v in data.items()
            for s in ([v] if isinstance(v, str) and key in (None, k) else _strings(v, key))
        ]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v, key)]
    return []


def test_junit_is_well_formed_and_valid(in_root: Path, shared_schemas: Path) -> None:
    root = etree.fromstring(rendered("junit"))
    schema = etree.XMLSchema(etree.parse(str(shared_schemas / "junit.xsd")))
    assert schema.validate(root), schema.error_log
    suite = root.find("testsuite")
    assert suite is not None
    assert "<script>alert('name')</script>" in suite.get("name", "")
    assert not root.xpath("//script")


def test_csv_runs_no_formula(in_root: Path) -> None:
    rows = list(csv.reader(io.StringIO(rendered("csv").decode("utf-8"), newline="")))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.lstrip().startswith(("=", "+", "-", "@"))]
    assert not [c for c in cells if c.startswith(("\t", "\r"))]
    assert any(c.startswith("'=1+2 <script>") for c in cells)  # the subject's name


def test_docx_holds_the_text_as_text(in_root: Path) -> None:
    data = rendered("docx")
    memo = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in memo.paragraphs)
    assert "<script>alert('name')</script>" in text
    assert "<U+001B>[31mred" in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;" in body and "<script>" not in body


def test_matrix_and_diff_are_inert_too(in_root: Path) -> None:
    from click.testing import CliRunner

    profile = str(DATA / "hostile.yaml")
    common = ["--catalog", str(CATALOG)]
    html = CliRunner().invoke(
        main, ["matrix", profile, "--format", "html", "--as-of", str(AS_OF), *common]
    )
    assert html.exit_code == 0, html.output
    page = lxml.html.document_fromstring(html.output)
    assert not page.xpath("//script") and "<script>alert('name')</script>" in page.text_content()
    for fmt in ("markdown", "csv"):
        out = CliRunner().invoke(main, ["matrix", profile, "--format", fmt, *common]).output
        assert not HIDDEN.search(out.replace("\r\n", "\n"))
    diff = CliRunner().invoke(main, ["diff", str(DATA / "mixland.yaml"), profile, *common])
    assert diff.exit_code == 1, diff.output
    assert not HIDDEN.search(diff.output) and "\r" not in diff.output
    assert "<U+000D>CR quote <U+202E>esrever" in diff.output


def test_markdown_shows_file_paths_exactly_in_code_spans(tmp_path: Path) -> None:
    """A code span shows its text as is: no escaping backslash, and no backtick can close it."""
    root = Path(__file__).resolve().parents[2]
    profile = tmp_path / "my_`odd`_profile.yaml"
    profile.write_bytes((root / "examples/jurisdictions/germany.yaml").read_bytes())
    waivers = tmp_path / "my_waivers.yaml"
    waivers.write_text(
        (root / "examples/waivers.yaml")
        .read_text(encoding="utf-8")
        .replace("subject: BE", "subject: DE"),
        encoding="utf-8",
    )
    args = ["--no-config", "check", str(profile), "--waivers", str(waivers), "--format", "markdown"]
    memo = CliRunner().invoke(main, [*args, "--fail-on", "none"]).stdout
    assert f"Profile ``{profile}`` (sha256" in memo
    assert f"Waiver file `{waivers}` (sha256" in memo
    diff = (
        CliRunner()
        .invoke(main, ["--no-config", "diff", str(profile), str(profile), "--format", "markdown"])
        .stdout
    )
    assert f"Old: ``{profile}`` (as of" in diff
