"""Report renderers: one class per output format, and the registry the CLI reads."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from safeguards.reports.base import Renderer

_WHERE: dict[str, tuple[str, str]] = {
    "text": ("text", "TextReport"),
    "markdown": ("markdown", "MarkdownReport"),
    "json": ("json", "JsonReport"),
    "html": ("html", "HtmlReport"),
    "docx": ("docx", "DocxReport"),
    "sarif": ("sarif", "SarifReport"),
    "junit": ("junit", "JunitReport"),
    "csv": ("csv", "CsvReport"),
    "oscal": ("oscal", "OscalReport"),
    "github": ("github", "GithubReport"),
    "gitlab": ("gitlab", "GitlabReport"),
}
"""Each format's module (in this package) and renderer class, in the order formats are listed."""


class _Registry(Mapping[str, type[Renderer]]):
    """Every output format by name; a renderer's module is imported when it is first asked for.

    A command writes one or two formats: it should not pay for importing the others (the XML
    of SARIF and JUnit, the OSCAL model, the Word memo's helpers).
    """

    def __init__(self) -> None:
        self._loaded: dict[str, type[Renderer]] = {}

    def __getitem__(self, name: str) -> type[Renderer]:
        if name not in self._loaded:
            module, cls = _WHERE[name]
            found = getattr(importlib.import_module(f"{__name__}.{module}"), cls)
            assert found.name == name, (found, name)
            self._loaded[name] = found
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


REGISTRY: Mapping[str, type[Renderer]] = _Registry()
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
