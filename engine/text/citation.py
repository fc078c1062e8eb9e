"""How a citation and a reference read, the same in every command and every report.

Part of the model layer: pure functions of :class:`~safeguards.engine.models.Source` and
:class:`~safeguards.engine.models.Reference`, so that the lawyer's commands (``explain``,
``missing``) and the renderers in ``reports/`` print a source in one format. A reference reads as
its framework in words and its place ("UN Convention Art. 24", "Budapest Convention Art. 15(2)"); a
citation as "instrument, article — “quote” <url> [basis: …]".
"""

from __future__ import annotations

from safeguards.engine.models import Reference, Source

FRAMEWORK_NAMES: dict[str, str] = {
    "draft": "Draft UN Convention (2023)",
    "un": "UN Convention",
    "budapest": "Budapest Convention",
    "np": "Necessary & Proportionate",
    "rdr": "Ranking Digital Rights",
    "whyb": "EFF Who Has Your Back",
    "eu": "EU law",
    "national": "National law",
    "other": "Other",
}
"""Each reference framework in words."""

_SELF_NAMING = frozenset({"eu", "national", "other"})
"""Frameworks whose references name their own instrument ("Directive 2013/40/EU, Art. 3")."""

_QUOTE_MARKS = "\"'“”‘’«»„"


def framework_name(framework: str) -> str:
    """Return a framework in words (the key itself when the catalog uses one not listed)."""
    return FRAMEWORK_NAMES.get(framework, framework)


def reference_text(ref: Reference) -> str:
    """Return where a reference points, in words: "UN Convention Art. 24"."""
    if ref.framework in _SELF_NAMING and not ref.ref[:3].lower().startswith("art"):
        return ref.ref
    return f"{framework_name(ref.framework)} {ref.ref}"


def article_label(article: str) -> str:
    """Prefix a bare article number with "art." ("550bis" → "art. 550bis"; "§100e" stays)."""
    plain = article[:1].isdigit() and "§" not in article and "U.S.C" not in article
    return f"art. {article}" if plain else article


def unquoted(text: str) -> str:
    """Return a quotation without the quote marks it may already carry around it."""
    inner = text
    while len(inner) >= 2 and inner[0] in _QUOTE_MARKS and inner[-1] in _QUOTE_MARKS:
        inner = inner[1:-1]
    return inner


def quoted(text: str) -> str:
    """Return a quotation in curly quotes, once."""
    return f"“{unquoted(text)}”"


def basis_text(source: Source) -> str:
    """Return what an answer rests on: "[basis: faithful copy, version of 2023-04-20]"."""
    if source.basis is None:
        return "[basis not stated]"
    read = source.basis.label + (f", version of {source.date}" if source.date else "")
    mark = " — provisional" if source.basis.provisional else ""
    return f"[basis: {read}{mark}]"


def source_head(source: Source, fallback: str = "cited") -> str:
    """Render what a source names before its address: instrument, article — “quote”."""
    parts = [p for p in (source.instrument, source.article and article_label(source.article)) if p]
    text = ", ".join(parts) or fallback
    if source.quote:
        text += f" — {quoted(source.quote)}"
    return text


def source_text(source: Source, fallback: str = "cited") -> str:
    """Render a source in one line: instrument, article — “quote” <url> [basis]."""
    text = source_head(source, fallback)
    if source.url:
        text += f" <{source.url}>"
    return f"{text} {basis_text(source)}"
