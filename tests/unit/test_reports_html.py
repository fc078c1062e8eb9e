"""HTML report, read as a document: self-contained, escaped, grouped by family and proposal."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import lxml.html
import pytest

from safeguards.reports.html import HtmlReport
from tests.unit.test_reports_data import in_root, mixed_report, report_named

__all__ = ["in_root"]


def _page(which: str = "mixed", by: str | None = None) -> lxml.html.HtmlElement:
    report = mixed_report(by) if which == "mixed" else report_named(which)
    return lxml.html.document_fromstring(HtmlReport().render(report))


@pytest.mark.parametrize("which", ["empty", "mixed"])
def test_the_page_needs_nothing_from_the_network(in_root: Path, which: str) -> None:
    page = _page(which)
    assert not page.xpath("//link | //iframe | //object | //embed | //img | //script[@src]")
    style = page.xpath("//style")[0].text
    assert "@import" not in style and "url(" not in style
    for a in page.xpath("//a[@href]"):
        assert a.get("href").startswith(("#", "https://")), a.get("href")
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in policy
    script = page.xpath("//script")[0].text
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_counts_match_the_report(in_root: Path) -> None:
    report = mixed_report()
    page = _page()
    shown = {
        td.get("data-status"): int(td.get("data-count")) for td in page.xpath("//td[@data-count]")
    }
    assert shown == report.summary
    findings = page.xpath("//article[contains(@class, 'finding')]")
    assert len(findings) == len(report.findings)
    assert sorted(a.get("data-status") for a in findings) == sorted(
        f.status.value for f in report.findings
    )
    chart = page.xpath("//svg//title")[0].text_content()
    assert chart.startswith("Findings by status: 1 gap, 1 partial")


def test_findings_are_grouped_by_family_and_by_proposal(in_root: Path) -> None:
    page = _page()
    mixland = page.xpath("//section[@id='s1']")[0]
    families = [h.text_content() for h in mixland.xpath(".//section[@class='family']/h4")]
    assert families == [
        "Biometric data (biometric-data)",
        "Conditions safeguards (conditions-safeguards)",
        "Transparency (transparency)",
    ]
    rollup = mixland.xpath(".//section[@class='rollup']")[0]
    assert rollup.xpath("h3")[0].text == "By proposal of the submission (S1–S20)"
    rows = [
        [c.text_content().strip() for c in tr.xpath("th|td")] for tr in rollup.xpath(".//tbody/tr")
    ]
    assert rows[0][:2] == ["S9", "partial"]
    assert rows[0][2] == "SG-CON-01 (partial), SG-CON-02 (undetermined)"
    assert [r[0] for r in rows] == ["S9", "S12", "S14"]
    link = rollup.xpath(".//a")[0].get("href")
    assert page.xpath(f"//article[@id='{link[1:]}']/@data-status") == ["partial"]


def test_a_finding_shows_quote_answers_citations_questions_and_remediation(in_root: Path) -> None:
    page = _page()
    article = page.xpath("//article[.//code[text()='SG-CON-01']]")[0]
    text = article.text_content()
    assert "“judicial or other independent review”" in text
    assert "The submission, S9" in text
    assert "asserted" in text and "cited" in text
    assert article.xpath(".//a/@href") == [
        "https://law.example/ccp#art90",
        "https://law.example/ccp#art90ter",
    ]
    assert "tests/data/reports/mixland.yaml:13" in text
    assert "Remediation:" in text
    undetermined = page.xpath("//article[@data-status='undetermined']")[0].text_content()
    assert "Open questions:" in undetermined and "interception.max_days" in undetermined


def test_filters_offer_every_status_and_severity(in_root: Path) -> None:
    page = _page()
    assert page.xpath("//input[@name='status']/@value") == [
        "gap",
        "partial",
        "undetermined",
        "waived",
        "met",
        "not_applicable",
    ]
    assert page.xpath("//input[@name='severity']/@value") == ["critical", "high", "medium", "low"]


def test_a_requested_rollup_is_drawn(in_root: Path) -> None:
    page = _page(by="un")
    titles = [h.text for h in page.xpath("//section[@id='s1']//section[@class='rollup']/h3")]
    assert titles == [
        "By proposal of the submission (S1–S20)",
        "By article of the UN convention",
    ]


def test_print_stylesheet_hides_the_controls(in_root: Path) -> None:
    style = _page().xpath("//style")[0].text
    media = re.search(r"@media print \{(.*)\}\s*$", style, re.S)
    assert media and ".controls" in media.group(1) and "break-inside: avoid" in media.group(1)


def test_contents_link_every_subject_and_family(in_root: Path) -> None:
    html = HtmlReport().render(mixed_report())
    toc = html[html.index('<nav id="toc"') : html.index("</nav>")]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert "s1" in targets and "s1-biometric-data" in targets and "s1-by-seed" in targets
    for target in targets:
        assert f'id="{target}"' in html, target
    assert html.count('<details class="subject-body" open>') == 2
    assert "scroll-margin-top: var(--bar)" in html
