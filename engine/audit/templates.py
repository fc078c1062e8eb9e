"""Lines of non-met findings from byte templates, worked out once per explanation.

A non-met finding of the audit is the same line for every record that the check explains
alike (same status, decisive and missing facts), except for the request id and the values of
the decisive facts. So the line is written once, in full, by the usual path (the finding model
and :func:`~safeguards.engine.audit.findings.finding_line`), with a marker in place of each of
those values; the bytes between the markers are the template, and each later record fills in
its own values, serialized as the finding model serializes them (``pydantic_core.to_json``).
Whatever the usual path does to a value that is not a marker (a free-text answer withheld, an
absent value left out) is part of the template; a value that the two serializers would spell
differently (a float in exponent form) sends the finding back to the usual path.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic_core import to_json

from safeguards.engine.audit.findings import finding_line, plain
from safeguards.engine.models import Finding

REQUEST = "\x00request\x00"
"""The request id of the finding given to :func:`template_of`: a marker too."""


def _marker(i: int) -> str:
    return f"\x00value {i}\x00"


@dataclass(frozen=True)
class LineTemplate:
    """The bytes of a finding line around its variable parts.

    ``parts`` has one more element than ``slots`` plus the request id: the line is
    ``parts[0] value(slots[0]) parts[1] … value(slots[-1]) parts[-2] request parts[-1]``.
    """

    parts: tuple[bytes, ...]
    slots: tuple[str, ...]

    def fill(self, values: Mapping[str, Any], request_json: bytes) -> bytes | None:
        """Return the line for these values and request id, or None to take the usual path."""
        parts = self.parts
        out = [parts[0]]
        for n, key in enumerate(self.slots, start=1):
            value = values[key]
            if not plain(value):
                return None
            out.append(to_json(value))
            out.append(parts[n])
        out.append(request_json)
        out.append(parts[-1])
        return b"".join(out)


def marked_values(
    values: Mapping[str, Any], decisive: Collection[str], text_facts: Collection[str]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Return the values with a marker for each decisive value a template leaves open.

    A decisive fact without a value, or with a free-text value (written withheld), is the
    same in every line of the template and keeps its value; the others get markers, in order.
    """
    marked = dict(values)
    slots: list[str] = []
    for key in decisive:
        if values.get(key) is not None and key not in text_facts:
            marked[key] = _marker(len(slots))
            slots.append(key)
    return marked, tuple(slots)


def template_of(
    marked: Finding, slots: tuple[str, ...], text_facts: Collection[str]
) -> LineTemplate | None:
    """Cut the line of a finding built from :func:`marked_values` (request id: ``REQUEST``).

    Returns None when a marker is not found exactly once (then the usual path stays).
    """
    rest = finding_line(marked, text_facts)
    parts = []
    for marker in (*(_marker(i) for i in range(len(slots))), REQUEST):
        token = to_json(marker)
        if rest.count(token) != 1:
            return None
        before, rest = rest.split(token)
        parts.append(before)
    parts.append(rest)
    return LineTemplate(tuple(parts), slots)
