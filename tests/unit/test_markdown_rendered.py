"""The Markdown memo and diff as a forge renders them: CommonMark with GFM tables (markdown-it).

What a reader sees is what the renderer makes of the text, so these tests read the rendered
tokens rather than the Markdown: no HTML from a profile gets through, and the only links are
the sources' web addresses, each whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from markdown_it.token import Token

from safeguards.engine.cli import main
from safeguards.engine.models import Report
from safeguards.reports import renderer
from safeguards.reports.base import md_link
from tests.unit.test_reports_data import AS_OF, CATALOG, DATA, hostile_report, in_root
from tests.unit.test_reports_data import mixed_report as mixed

__all__ = ["in_root"]


def tokens(markdown: str) -> list[Token]:
    """Every token, inline ones included, of the Markdown as a forge reads it (HTML allowed)."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    out = []
    for token in parser.parse(markdown):
        out.append(token)
        out.extend(token.children or [])
    return out


def links(markdown: str) -> list[str]:
    return [str(t.attrs["href"]) for t in tokens(markdown) if t.type == "link_open"]


def web_sources(report: Report) -> set[str]:
    return {
        d.source.url
        for f in report.findings
        for d in f.decisive_facts
        if d.source and d.source.url and d.source.url.startswith(("http://", "https://"))
    }


def test_the_memo_links_each_source_address(in_root: Path) -> None:
    report = mixed()
    memo = renderer("markdown").render_bytes(report).decode("utf-8")
    found = links(memo)
    assert found and set(found) == web_sources(report)
    assert "https://law.example/ccp#art90ter" in found  # the fragment is part of the link


def test_no_html_and_no_other_link_from_a_hostile_profile(in_root: Path) -> None:
    report = hostile_report()
    memo = renderer("markdown").render_bytes(report).decode("utf-8")
    rendered = tokens(memo)
    assert not [t for t in rendered if t.type.startswith("html")], "raw HTML got through"
    # The hostile addresses: javascript: (twice, one with leading spaces) and an https address
    # holding "<script>", which no autolink can take whole: all shown as text, none linked.
    assert links(memo) == []
    text = "".join(t.content for t in rendered if t.type == "text")
    assert "javascript:alert(document.cookie)" in text
    assert "https://ok.example/?a=<script>&b=" in text


def test_the_diff_links_sources_in_its_table(in_root: Path) -> None:
    old, new = DATA / "reform-2023.yaml", DATA / "reform-2024.yaml"
    args = ["diff", str(old), str(new), "--as-of", AS_OF, "--format", "markdown"]
    result = CliRunner().invoke(main, [*args, "--catalog", str(CATALOG)])
    assert result.exit_code == 1, result.output
    rendered = tokens(result.output)
    assert links(result.output) == ["https://law.example/cpa-2024#12"]
    assert not [t for t in rendered if t.type.startswith("html")]
    assert row_widths(rendered) == [4] * 5 + [6] * 4  # no address split a row's cells


def row_widths(rendered: list[Token]) -> list[int]:
    """The cells of each table row, headings included, in order."""
    widths: list[int] = []
    for t in rendered:
        if t.type == "tr_open":
            widths.append(0)
        elif t.type in ("th_open", "td_open"):
            widths[-1] += 1
    return widths


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://law.example/a_b*c?x=1&y=2#art_3", True),
        ("http://www.legislation.gov.uk./ukpga/2006/48", True),
        ("https://law.example/a|b", False),  # a table cell would end at the bar
        ("https://law.example/a`b", False),
        ("https://law.example/a\\b", False),
        ("https://law.example/a b", False),
        ("https://law.example/<b>", False),
        ("ftp://law.example/a", False),
        ("javascript:alert(1)", False),
    ],
)
def test_an_address_is_linked_only_when_markdown_takes_it_whole(url: str, linked: bool) -> None:
    table = f"| h |\n|---|\n| {md_link(url)} |\n"
    assert links(table) == ([url] if linked else [])
    assert row_widths(tokens(table)) == [1, 1]
    shown = "".join(t.content for t in tokens(table) if t.type == "text")
    assert shown == "h" + (url if linked else f"<{url}>")  # the address shown whole either way


def _questions(profile: Path) -> str:
    args = ["missing", str(profile), "--format", "markdown"]
    result = CliRunner().invoke(main, [*args, "--catalog", "tests/data/lawyer/catalog"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_open_questions_memo_renders_its_tables_and_links(in_root: Path) -> None:
    memo = _questions(Path("tests/data/lawyer/open-questions.yaml"))
    rendered = tokens(memo)
    assert links(memo) == ["https://example.org/guideline"]  # the cited source's address
    assert row_widths(rendered) == [4] * 5 + [6] * 3  # questions, then answers to confirm
    blocks = MarkdownIt("commonmark").enable("table").parse(memo)
    headings = [
        (t.tag, blocks[i + 1].content) for i, t in enumerate(blocks) if t.type == "heading_open"
    ]
    assert headings == [
        ("h1", "Open questions: Ostrava Quarter (OQ)"),
        ("h2", "1. `interception.max_days`"),
        ("h2", "2. `interception.authorization`"),
        ("h2", "3. `offences.qualifiers`"),
        ("h2", "4. `interception.urgent_bypass`"),
        ("h2", "Answers still worth confirming in the text"),
    ]
    codes = [t.content for t in rendered if t.type == "code_inline"]
    assert any(c.startswith("safeguards set tests/data/lawyer/open-questions.yaml ") for c in codes)


def test_the_open_questions_memo_of_a_hostile_profile_has_no_html_or_link(
    in_root: Path, tmp_path: Path
) -> None:
    text = Path("tests/data/lawyer/open-questions.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "name: Ostrava Quarter", "name: '<img src=x onerror=alert(1)> [x](https://evil.example)'"
    )
    text = text.replace("https://example.org/guideline", "'javascript:alert(1)'")
    text = text.replace('article: "9"', "article: '9 | <script>'")
    hostile = tmp_path / "h|<b>.yaml"
    hostile.write_text(text, encoding="utf-8")
    memo = _questions(hostile)
    rendered = tokens(memo)
    assert not [t for t in rendered if t.type.startswith("html")], "raw HTML got through"
    assert links(memo) == []
    assert row_widths(rendered) == [4] * 5 + [6] * 3  # no bar from the input split a cell
    shown = "".join(t.content for t in rendered if t.type in ("text", "code_inline"))
    assert "<img src=x onerror=alert(1)> [x](https://evil.example)" in shown
    assert "javascript:alert(1)" in shown and "9 | <script>" in shown
