"""The HTML report in a real browser: no console errors, true counts, working filters, a picture."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from engine.compare import build_matrix
from reports import renderer
from reports.compare import matrix_html
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
