"""The findings read back for SARIF and JUnit: a line's status is read from its bytes first.

Only the lines whose status needs action are parsed (``engine/audit/readback.py``). What is
yielded must be, in order, exactly what parsing every line would keep, whatever the strings of
a line hold: quote marks, backslashes, controls, and the very bytes ``"status":"met"``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.audit.findings import error_line, finding_line, met_line
from safeguards.engine.audit.readback import needing_action
from safeguards.engine.models import NEEDS_ACTION, DecisiveFact, Finding, MissingFact, Status
from safeguards.engine.models.report import WaiverRef

_PIECES = [
    '"status":"met"',
    '"status":"gap"',
    '\\"status\\":\\"met\\"',
    '{"status":"met"}',
    '"',
    "\\",
    '\\"',
    "\\\\",
    ":",
    ",",
    "{",
    "}",
    "\n",
    "\x00",
    "\u2028",
    "é",
    "😀",
    "status",
    "met",
    " ",
    "a",
]
"""Bits of text that look like a line's structure, or would break a careless reading of it."""


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 6)))


def _value(rng: random.Random) -> Any:
    kind = rng.randrange(5)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return [_text(rng) for _ in range(rng.randrange(3))]
    if kind == 2:
        return rng.choice((True, False, None))
    if kind == 3:
        return rng.choice((0, 7, -3, 2.5, 1e-7))
    return {"status": rng.choice(("met", "gap")), _text(rng): _text(rng)}


def _finding(rng: random.Random) -> Finding:
    status = rng.choice(list(Status))
    waived = status is Status.WAIVED
    return Finding(
        subject=_text(rng),
        safeguard=rng.choice(("SG-A", _text(rng))),
        kind=rng.choice(("request", _text(rng))),
        status=status,
        severity=rng.choice(("critical", "high", "medium", "low")),
        decisive_facts=tuple(
            DecisiveFact(fact=_text(rng), value=_value(rng), cited=False)
            for _ in range(rng.randrange(3))
        ),
        missing_facts=tuple(
            MissingFact(fact=_text(rng), question=_text(rng)) for _ in range(rng.randrange(2))
        ),
        message=_text(rng),
        remediation=_text(rng),
        waived_status=Status.GAP if waived else None,
        waiver=WaiverRef(
            justification=_text(rng),
            approver=_text(rng),
            granted=dt.date(2026, 1, 1),
            expires=dt.date(2026, 12, 31),
            path=_text(rng),
            line=3,
        )
        if waived
        else None,
        request=rng.choice((None, _text(rng))),
    )


def _line(rng: random.Random) -> bytes:
    """A line as the audit writes one: a finding, a met finding's template, an error entry."""
    kind = rng.randrange(4)
    if kind == 0:
        line = met_line(_text(rng), _text(rng), "request", "high", _text(rng))
        return (line % json.dumps(_text(rng), ensure_ascii=False)).encode()
    if kind == 1:
        return error_line(_text(rng), _text(rng), rng.choice((None, _text(rng))), _text(rng))
    return finding_line(_finding(rng), text_facts={_text(rng)})


def _by_parsing_every_line(path: Path) -> list[dict[str, Any]]:
    wanted = {s.value for s in NEEDS_ACTION}
    kept = []
    for raw in path.read_bytes().splitlines():
        data = json.loads(raw)
        if data["status"] in wanted:
            for fact in data.get("decisive_facts", ()):
                fact.setdefault("value", None)
            kept.append(Finding.model_validate(data).model_dump(mode="json"))
    return kept


@pytest.mark.parametrize("seed", range(4))
def test_what_is_read_back_is_what_parsing_every_line_keeps(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "findings.jsonl"
    path.write_bytes(b"".join(_line(rng) for _ in range(1500)))
    expected = _by_parsing_every_line(path)
    got = [f.model_dump(mode="json") for f in needing_action(path)]
    assert got == expected
    assert 100 < len(expected) < 1400  # both kinds of line are there


def test_a_line_without_the_key_where_the_audit_puts_it_is_parsed(tmp_path: Path) -> None:
    """A line written otherwise (spaces after the colons) is not skipped unread."""
    path = tmp_path / "findings.jsonl"
    spaced = json.dumps(
        {
            "subject": "s",
            "safeguard": "SG-A",
            "kind": "request",
            "status": "gap",
            "severity": "high",
            "message": "m",
            "remediation": "r",
            "request": "R-1",
        }
    )
    path.write_text(spaced + "\n", encoding="utf-8")
    assert [f.request for f in needing_action(path)] == ["R-1"]
