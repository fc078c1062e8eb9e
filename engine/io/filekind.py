"""What a parsed file plainly is, so that a command given the wrong kind says so once.

A waiver file given as a profile, a profile given as waivers, a JSON report given to `check`:
each used to be checked against the schema of the file expected, and the reader got a list of
missing and unknown keys instead of the one thing to know. :func:`refuse_log` (by the file's
name) and :func:`refuse_other_kind` (by its keys) name what the file is and where to give it
instead, at the key that shows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from safeguards.engine.errors import InputError, InputErrors, SourceLocation
from safeguards.engine.io.yamlsrc import YamlDoc

Wanted = Literal["profile", "waivers"]
"""What a command reads: a subject profile (a jurisdiction or a workflow), or a waiver file."""
Found = Literal["profile", "waivers", "report"]
"""What a file plainly is: a subject profile, a waiver file, or a JSON report."""
_WHAT = {"waivers": "a waiver file", "report": "a JSON report"}

LOG_SUFFIXES = (".jsonl", ".ndjson", ".csv")
"""The suffixes of request logs, which are audited, never read as a profile or waivers."""

_INSTEAD: dict[str, str] = {
    "log": "audit it with 'safeguards audit' (its --findings file explains every finding,"
    " request by request)",
    "report": "'safeguards diff' compares two reports, or a report with a profile",
    "waivers": "give it to --waivers, or check it with 'safeguards waivers lint'",
    "profile": "check it with 'safeguards check'",
}


def refuse_log(path: Path | str, wanted: Wanted, error: type[InputError]) -> None:
    """Refuse a request log, by its name, where a profile or waivers are wanted.

    Raises:
        InputErrors: the one error, at the file's start.

    """
    if Path(path).suffix.lower() not in LOG_SUFFIXES:
        return
    what = "a profile or a workflow" if wanted == "profile" else "a waiver file"
    message = f"a request log, not {what}: {_INSTEAD['log']}"
    raise InputErrors([error(SourceLocation(str(path), 1, 1), message)])


def kind_of(doc: YamlDoc) -> tuple[Found, str] | None:
    """Return what a document plainly is, with the top-level key that shows it (None: unsure).

    A JSON report has ``report_version``; a waiver file has ``waivers`` and no ``facts``; a
    profile has ``kind`` and ``facts``.
    """
    data = doc.data
    if not isinstance(data, dict):
        return None
    if "report_version" in data:
        return "report", "report_version"
    if "waivers" in data and "facts" not in data:
        return "waivers", "waivers"
    if "facts" in data and isinstance(data.get("kind"), str):
        return "profile", "kind"
    return None


def refuse_other_kind(doc: YamlDoc, wanted: Wanted, error: type[InputError]) -> None:
    """Refuse a document that is plainly (:func:`kind_of`) another kind of file than ``wanted``.

    A document that is none of the kinds known, or the one wanted, is left to the schema,
    which places each of its problems.

    Raises:
        InputErrors: the one error, at the key that shows what the file is.

    """
    known = kind_of(doc)
    if known is None or known[0] == wanted:
        return
    found, key = known
    what = f"a {doc.data['kind']} profile" if found == "profile" else _WHAT[found]
    expected = "a profile or a workflow" if wanted == "profile" else "a waiver file"
    where = doc.locate((key,), key=True)
    raise InputErrors([error(where, f"{what}, not {expected}: {_INSTEAD[found]}")])
