"""Report renderers: one class per output format, and the registry the CLI reads."""

from __future__ import annotations

from safeguards.reports.base import Renderer
from safeguards.reports.csv import CsvReport
from safeguards.reports.docx import DocxReport
from safeguards.reports.html import HtmlReport
from safeguards.reports.json import JsonReport
from safeguards.reports.junit import JunitReport
from safeguards.reports.markdown import MarkdownReport
from safeguards.reports.oscal import OscalReport
from safeguards.reports.sarif import SarifReport
from safeguards.reports.text import TextReport

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
