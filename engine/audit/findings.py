"""Audit output: finding lines (free text withheld), error entries, and atomic JSONL files."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from safeguards.engine.models import Finding

WITHHELD = "(text withheld)"
"""Shown instead of free-text answers, which may name people."""


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_line(data: Any) -> bytes:
    """Return data as one line of compact JSON in UTF-8, as Python's ``json`` writes it."""
    return (_dumps(data) + "\n").encode()


def plain_line(f: Finding, text_facts: Collection[str]) -> bytes:
    """Write a finding from its JSON data by Python's ``json``, free-text answers withheld."""
    data = f.model_dump(mode="json", exclude_none=True)
    for fact in data.get("decisive_facts", ()):
        if fact["fact"] in text_facts and fact.get("value") is not None:
            fact["value"] = WITHHELD
    return json_line(data)


def finding_line(f: Finding, text_facts: Collection[str]) -> bytes:
    """Serialize one finding as a JSON line; answers to free-text facts are withheld.

    pydantic writes the line itself (in Rust) whenever that gives the same bytes as Python's
    ``json``: always, except for a float written in exponent form (below 1e-4 or from 1e16),
    which the two spell differently; such a finding takes the slower way.

    Args:
        f: the finding.
        text_facts: the keys of the facts whose answers are free text (names, references,
            justifications): their values never leave the audit.

    """
    facts = f.decisive_facts
    if not all(plain(fact.value) for fact in facts):
        return plain_line(f, text_facts)
    if any(x.fact in text_facts and x.value is not None for x in facts):
        facts = tuple(
            x.model_copy(update={"value": WITHHELD})
            if x.fact in text_facts and x.value is not None
            else x
            for x in facts
        )
        f = f.model_copy(update={"decisive_facts": facts})
    return f.model_dump_json(exclude_none=True).encode() + b"\n"


def plain(value: Any) -> bool:
    """Whether pydantic and ``json`` write ``value`` alike (no float in exponent form)."""
    if value.__class__ is float:
        return value == 0.0 or 1e-4 <= abs(value) < 1e16
    if isinstance(value, list | tuple | dict):
        items = value.values() if isinstance(value, dict) else value
        return all(plain(x) for x in items)
    return True


def met_line(subject: str, safeguard: str, kind: str, severity: str, message: str) -> str:
    """Return the line of a met finding with ``%s`` where the request id (JSON text) goes."""
    head = _dumps({"subject": subject, "safeguard": safeguard, "kind": kind, "status": "met"})
    tail = _dumps({"severity": severity, "message": message})
    return head[:-1].replace("%", "%%") + ',"request":%s,' + tail[1:].replace("%", "%%") + "\n"


def json_bytes(text: str) -> bytes:
    """Return text as a JSON string literal in UTF-8, as ``json.dumps`` writes it.

    Printable ASCII without a quote or a backslash is its own JSON text (a request id, almost
    always); anything else goes through ``json``.
    """
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return b'"' + text.encode() + b'"'
    return json.dumps(text, ensure_ascii=False).encode()


def error_line(subject: str, location: str, request: str | None, message: str) -> bytes:
    """Serialize an unreadable record as an ``error`` entry with its place in the log."""
    data = {
        "subject": subject,
        "status": "error",
        "request": request,
        "location": location,
        "message": message,
    }
    return json_line(data)
