"""The findings file read back for the CI formats: the findings that need action, one by one.

SARIF and JUnit list every request × check that needs action. They are read back from the
findings file the audit wrote, one line at a time, never held all at once: a large log has
hundreds of thousands of them, and as models they would take gigabytes.

Most lines are met findings. A line's status is read from its bytes first, and only a line
whose status needs action is parsed: the audit writes ``status`` as the fourth key of a line,
after three strings (``subject``, ``safeguard``, ``kind``), and inside a JSON string every
quote mark is escaped, so the first ``"status":"`` of a line is that key. A line where it is
not found is parsed, and a parsed line's status is checked again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from safeguards.engine.io.fastjson import loads
from safeguards.engine.models import NEEDS_ACTION, Finding, Status

_WANTED = frozenset(s.value for s in NEEDS_ACTION)
"""The statuses read back: what needs action, or was waived."""
_STATUS_KEY = b'"status":"'
_SKIPPED = (
    *(f'{s.value}"'.encode() for s in Status if s not in NEEDS_ACTION),
    b'error"',  # an unreadable record's entry
)
"""The statuses of the lines not read back, as their bytes follow ``"status":"``."""


def needing_action(path: Path) -> Iterator[Finding]:
    """Yield the findings of the file at ``path`` that need action (or were waived), in order.

    A line's status is read from its bytes first (see above): only a line whose status needs
    action, or is not where the audit writes it, is parsed.
    """
    key, after = _STATUS_KEY, len(_STATUS_KEY)
    with path.open("rb") as stream:
        for raw in stream:
            at = raw.find(key)
            if at >= 0 and raw.startswith(_SKIPPED, at + after):
                continue  # met, not applicable, or an unreadable record's entry
            data = loads(raw)  # orjson where installed
            if data.get("status") in _WANTED:
                for fact in data.get("decisive_facts", ()):
                    fact.setdefault("value", None)  # the line leaves out unanswered values
                yield Finding.model_validate(data)
