"""The HTML report in a real browser: no console errors, true counts, working filters, a picture."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from safeguards.engine.compare import build_matrix
from safeguards.engine.models import Report
from safeguards.reports import renderer
from safeguards.reports.compare import matrix_html
from tests.unit.test_reports_data import (
    ROOT,
    empty_report,
    hostile_report,
    in_root,
    mixed_report,
)

__all__ = ["in_root"]

pytestmark = pytest.mark.browser
OUT = ROOT / "out" / "browser"


class Loaded:
    """A page opened from a file, with what it logged and what it tried to fetch."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(("file:", "data:", "about:")):
            self.requests.append(request.url)

    def visible(self, selector: str) -> int:
        return int(
            self.page.eval_on_selector_all(
                selector, "els => els.filter(e => e.offsetParent !== null).length"
            )
        )


Opener = Callable[[str, str], Loaded]


@pytest.fixture
def open_page(browser: Browser, tmp_path: Path) -> Iterator[Opener]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=True)
    opened: list[Loaded] = []

    def load(html: str, name: str) -> Loaded:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        loaded = Loaded(context.new_page())
        loaded.page.goto(path.as_uri())
        loaded.page.wait_for_load_state("load")
        opened.append(loaded)
        return loaded

    yield load
    context.close()


def test_counts_filters_and_screenshot(in_root: Path, open_page: Opener) -> None:
    report = mixed_report(by="un")
    loaded = open_page(renderer("html").render(report), "report.html")
    page = loaded.page
    summary = json.loads(renderer("json").render(report))["summary"]
    shown = {
        status: int(page.inner_text(f"tfoot td[data-status='{status}']")) for status in summary
    }
    assert shown == summary
    assert page.inner_text("#shown") == str(len(report.findings))
    assert loaded.visible(".finding") == len(report.findings)

    page.click("button.only[data-only='gap']")
    assert loaded.visible(".finding") == summary["gap"]
    assert loaded.visible(".finding[data-status='gap']") == summary["gap"]
    assert loaded.visible(".finding:not([data-status='gap'])") == 0
    assert page.inner_text("#shown") == str(summary["gap"])
    assert loaded.visible(".family") == 1  # families without a gap are hidden too

    page.click("#show-all")
    page.uncheck("input[name='severity'][value='critical']")
    critical = sum(f.severity.value == "critical" for f in report.findings)
    assert loaded.visible(".finding") == len(report.findings) - critical
    page.click("#show-all")
    assert loaded.visible(".finding") == len(report.findings)

    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "report.png"), full_page=True)
    page.emulate_media(media="print")
    assert loaded.visible("#filters") == 0
    page.screenshot(path=str(OUT / "report-print.png"), full_page=True)
    assert not loaded.problems, loaded.problems
    assert not loaded.requests, loaded.requests


def test_hostile_text_runs_nothing(in_root: Path, open_page: Opener) -> None:
    loaded = open_page(renderer("html").render(hostile_report()), "hostile.html")
    page = loaded.page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.hover("body")
    for link in page.query_selector_all("a"):
        assert (link.get_attribute("href") or "").startswith(("#", "https://"))
    assert page.evaluate("document.scripts.length") == 1
    assert (
        page.evaluate("document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length")
        == 0
    )
    assert "<script>alert('name')</script>" in page.inner_text("h2:has(.id)")
    assert not dialogs
    assert not loaded.problems, loaded.problems
    assert not loaded.requests, loaded.requests
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "hostile.png"), full_page=True)


def test_matrix_grid(in_root: Path, open_page: Opener) -> None:
    loaded = open_page(matrix_html(build_matrix(mixed_report())), "matrix.html")
    page = loaded.page
    colour = page.eval_on_selector(
        "tr[data-safeguard='SG-BIO-01'] td[data-status='gap']",
        "el => getComputedStyle(el).backgroundColor",
    )
    assert colour == "rgb(185, 28, 28)"
    assert not loaded.problems, loaded.problems
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / "matrix.png"), full_page=True)


def test_an_empty_report_loads_cleanly(in_root: Path, open_page: Opener) -> None:
    loaded = open_page(renderer("html").render(empty_report()), "empty.html")
    assert loaded.page.inner_text("#shown") == "0"
    assert "No subjects were checked." in loaded.page.inner_text("main")
    loaded.page.click("button.only[data-only='gap']")
    assert not loaded.problems, loaded.problems


def _shipped_report() -> Report:
    from safeguards.engine import api
    from safeguards.engine.catalog import load_catalog

    profiles = sorted((ROOT / "examples" / "jurisdictions").glob("*.yaml"))
    return api.check(profiles, catalog=load_catalog(None), as_of=dt.date(2026, 11, 29))


@pytest.fixture(scope="module")
def shipped(browser: Browser) -> Report:
    return _shipped_report()


@pytest.mark.parametrize("width", [1400, 1920])
def test_contents_and_anchors_land_below_the_sticky_bar(
    in_root: Path, browser: Browser, tmp_path: Path, shipped: Report, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        path = tmp_path / "report.html"
        path.write_text(renderer("html").render(shipped), encoding="utf-8")
        loaded = Loaded(context.new_page())
        page = loaded.page
        page.goto(path.as_uri())
        subjects = page.eval_on_selector_all(
            "nav#toc ol.toc > li > a[href^='#s']", "els => els.length"
        )
        assert subjects == len(shipped.subjects)
        families = page.eval_on_selector_all("nav#toc ol.toc-families a", "els => els.length")
        assert families > len(shipped.subjects)
        # every contents link has a target
        missing = page.evaluate(
            "[...document.querySelectorAll('nav#toc a')].map(a => a.hash.slice(1))"
            ".filter(id => !document.getElementById(id))"
        )
        assert missing == []
        links = page.eval_on_selector_all(
            "nav#toc ol.toc-families a", "els => els.map(a => a.hash)"
        )
        for target in (links[0], links[len(links) // 2], links[-1]):
            page.click(f"nav#toc a[href='{target}']")
            page.wait_for_timeout(50)
            bar = page.eval_on_selector("#filters", "el => el.getBoundingClientRect().bottom")
            top = page.eval_on_selector(target, "el => el.getBoundingClientRect().top")
            assert top >= bar - 1, (target, top, bar)
        # a subject folds away and opens again when a link points into it
        first = shipped.subjects[0]
        page.click("section#s1 > details > summary")
        assert not page.eval_on_selector("section#s1 > details", "d => d.open")
        hidden = "els => els.filter(e => e.checkVisibility()).length"
        assert page.eval_on_selector_all("section#s1 .finding", hidden) == 0
        page.click("nav#toc ol.toc-families a[href^='#s1-']")
        page.wait_for_timeout(50)
        assert page.eval_on_selector("section#s1 > details", "d => d.open"), first.id
        page.click("section#s1 > details > summary")
        page.emulate_media(media="print")
        assert loaded.visible("#filters") == 0 and loaded.visible("nav#toc") == 0
        OUT.mkdir(parents=True, exist_ok=True)
        page.emulate_media(media="screen")
        page.screenshot(path=str(OUT / f"report-{width}.png"))
        assert not loaded.problems, loaded.problems
        assert not loaded.requests, loaded.requests
    finally:
        context.close()


@pytest.mark.parametrize("width", [1400, 1920])
def test_the_matrix_scrolls_with_a_sticky_header_and_first_column(
    in_root: Path, browser: Browser, tmp_path: Path, shipped: Report, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        path = tmp_path / "matrix.html"
        path.write_text(matrix_html(build_matrix(shipped)), encoding="utf-8")
        loaded = Loaded(context.new_page())
        page = loaded.page
        page.goto(path.as_uri())
        wrap = ".matrix-wrap"
        # the page itself never scrolls sideways: the grid scrolls inside its frame
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.eval_on_selector(wrap, "el => { el.scrollLeft = el.scrollWidth; }")
        box = page.eval_on_selector(wrap, "el => el.getBoundingClientRect().toJSON()")
        last = page.eval_on_selector(
            "table.matrix thead th:last-child", "el => el.getBoundingClientRect().toJSON()"
        )
        assert last["right"] <= box["right"] + 1  # the last column can be reached
        first = page.eval_on_selector(
            "table.matrix tbody tr:first-child th.safeguard",
            "el => el.getBoundingClientRect().toJSON()",
        )
        assert abs(first["left"] - box["left"]) <= 2  # the safeguard column stays put
        page.eval_on_selector(wrap, "el => { el.scrollTop = el.scrollHeight / 2; }")
        head = page.eval_on_selector(
            "table.matrix thead th:nth-child(3)", "el => el.getBoundingClientRect().toJSON()"
        )
        assert abs(head["top"] - box["top"]) <= 2  # the header row stays put
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / f"matrix-{width}.png"))
        page.emulate_media(media="print")
        assert page.eval_on_selector(wrap, "el => getComputedStyle(el).overflow") == "visible"
        assert not loaded.problems, loaded.problems
    finally:
        context.close()
