"""Report renderers: one class per output format, and the registry the CLI reads."""

from __future__ import annotations

from reports.base import Renderer
from reports.csv import CsvReport
from reports.docx import DocxReport
from reports.html import HtmlReport
from reports.json import JsonReport
from reports.junit import JunitReport
from reports.markdown import MarkdownReport
from reports.oscal import OscalReport
from reports.sarif import SarifReport
from reports.text import TextReport

REGISTRY: dict[str, type[Renderer]] = {
    cls.name: cls
    for cls in (
        TextReport,
        MarkdownReport,
        JsonReport,
        HtmlReport,
        DocxReport,
        SarifReport,
        JunitReport,
        CsvReport,
        OscalReport,
    )
}
"""Every output format by name; the CLI's --format choices come from here."""


def renderer(name: str) -> Renderer:
    """Return a renderer instance by format name (raises KeyError if unknown)."""
    return REGISTRY[name]()


def formats_table() -> str:
    """Return the Markdown table of output formats that README.md shows (one row per format)."""
    rows = ["| format | file suffix | what it is |", "| --- | --- | --- |"]
    rows += [f"| `{n}` | `{c.suffix}` | {c.description} |" for n, c in REGISTRY.items()]
    return "\n".join(rows) + "\n"


__all__ = ["REGISTRY", "Renderer", "formats_table", "renderer"]
