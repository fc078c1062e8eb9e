"""The findings file read back for the CI formats: the findings that need action, one by one.

SARIF and JUnit list every request × check that needs action. They are read back from the
findings file the audit wrote, one line at a time, never held all at once: a large log has
hundreds of thousands of them, and as models they would take gigabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from safeguards.engine.io.fastjson import loads
from safeguards.engine.models import NEEDS_ACTION, Finding

_WANTED = frozenset(s.value for s in NEEDS_ACTION)
"""The statuses read back: what needs action, or was waived."""


def needing_action(path: Path) -> Iterator[Finding]:
    """Yield the findings of the file at ``path`` that need action (or were waived), in order."""
    with path.open("rb") as stream:
        for raw in stream:
            data = loads(raw)  # orjson where installed: every line of the file is read
            if data.get("status") in _WANTED:
                for fact in data.get("decisive_facts", ()):
                    fact.setdefault("value", None)  # the line leaves out unanswered values
                yield Finding.model_validate(data)
