"""Markdown that shows text from the input literally: escaped prose and code spans.

Shared by the Markdown renderers (:mod:`safeguards.reports`) and the lawyer's tools that write
Markdown themselves (`missing --format markdown`), so that a name, a note or a path in a profile
becomes neither markup, a link nor HTML in any of them.
"""

from __future__ import annotations

import re

from safeguards.engine.errors import inert, reveal
from safeguards.engine.models import Source
from safeguards.engine.text.citation import basis_text, source_head

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def esc(text: object, *, breaks: str = " ") -> str:
    """Escape text so Markdown shows it literally (no links, markup or HTML).

    A line feed becomes ``breaks``: a space, where it is only layout; a line feed keeps it for
    :func:`safeguards.reports.base.one_line` to show, where it is part of a value.
    """
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", breaks)


def code_span(text: object) -> str:
    """Return a Markdown code span that shows ``text`` as it is, on one line.

    The fence is one backtick longer than the longest run of backticks inside, so no text
    can close it early; a leading or trailing backtick gets the space CommonMark strips.
    Hidden characters and line breaks are shown (:func:`safeguards.engine.errors.inert`).
    """
    shown = inert(str(text))
    fence = "`" * (max((len(r) for r in re.findall("`+", shown)), default=0) + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def is_web_url(url: str | None) -> bool:
    """Return whether a URL is an http(s) address, the only kind a report turns into a link."""
    if not url:
        return False
    scheme = url.strip().split(":", 1)[0].lower() if ":" in url else ""
    return scheme in {"http", "https"} and url == url.strip() and reveal(url) == url


_PLAIN_ADDRESS = re.compile(r"[^\s<>|\\`\x00-\x1f\x7f]+")
"""An address Markdown can take as an autolink whole, also in a table cell."""


def md_link(url: str) -> str:
    """Return an address for Markdown: a link where it is a plain web address, else text."""
    if is_web_url(url) and _PLAIN_ADDRESS.fullmatch(url):
        return f"<{url}>"
    return esc(f"<{url}>")


def md_source(source: Source, fallback: str = "cited", *, basis: bool = True) -> str:
    """Render a source as :func:`~.citation.source_text` does, its address a link.

    ``basis``: end with what it rests on; without it (a table with a basis column of its own),
    with the date of the version read, if any.
    """
    text = esc(source_head(source, fallback))
    if source.url:
        text += f" {md_link(source.url)}"
    if not basis:
        return text + (f", version of {source.date}" if source.date else "")
    return f"{text} {esc(basis_text(source))}"
