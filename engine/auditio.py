"""Audit output: finding lines (free text withheld), error entries, and atomic JSONL files."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Collection
from pathlib import Path
from typing import IO, Any

from engine.models import Finding

WITHHELD = "(text withheld)"
"""Shown instead of free-text answers, which may name people."""


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def finding_line(f: Finding, text_facts: Collection[str]) -> bytes:
    """Serialize one finding as a JSON line; answers to free-text facts are withheld.

    Args:
        f: the finding.
        text_facts: the keys of the facts whose answers are free text (names, references,
            justifications): their values never leave the audit.

    """
    data = f.model_dump(mode="json", exclude_none=True)
    for fact in data.get("decisive_facts", ()):
        if fact["fact"] in text_facts and fact.get("value") is not None:
            fact["value"] = WITHHELD
    return (_dumps(data) + "\n").encode()


def met_line(subject: str, safeguard: str, kind: str, severity: str, message: str) -> str:
    """Return the line of a met finding with ``%s`` where the request id (JSON text) goes."""
    head = _dumps({"subject": subject, "safeguard": safeguard, "kind": kind, "status": "met"})
    tail = _dumps({"severity": severity, "message": message})
    return head[:-1].replace("%", "%%") + ',"request":%s,' + tail[1:].replace("%", "%%") + "\n"


def json_text(text: str) -> str:
    """Return text as a JSON string literal."""
    return json.dumps(text, ensure_ascii=False)


def error_line(subject: str, location: str, request: str | None, message: str) -> bytes:
    """Serialize an unreadable record as an ``error`` entry with its place in the log."""
    data = {
        "subject": subject,
        "status": "error",
        "request": request,
        "location": location,
        "message": message,
    }
    return (_dumps(data) + "\n").encode()


class AtomicFile:
    """A file written in full or not at all: a temporary file beside it, renamed on success."""

    def __init__(self, path: Path) -> None:
        """Open a temporary file in the destination's folder."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = tmp
        self.handle: IO[bytes] = os.fdopen(fd, "wb", buffering=1 << 20)

    def write(self, data: bytes) -> None:
        """Append bytes."""
        self.handle.write(data)

    def commit(self) -> None:
        """Flush, sync and rename into place."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        """Drop the temporary file (after an error)."""
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)
