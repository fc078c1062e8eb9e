"""Report renderers: one class per output format, and the registry the CLI reads."""

from __future__ import annotations

from reports.base import Renderer
from reports.json import JsonReport
from reports.markdown import MarkdownReport
from reports.text import TextReport

REGISTRY: dict[str, type[Renderer]] = {
    cls.name: cls
    for cls in (
        TextReport,
        MarkdownReport,
        JsonReport,
    )
}
"""Every output format by name; the CLI's --format choices come from here."""


def renderer(name: str) -> Renderer:
    """Return a renderer instance by format name (raises KeyError if unknown)."""
    return REGISTRY[name]()


__all__ = ["REGISTRY", "Renderer", "renderer"]
