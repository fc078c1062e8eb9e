"""The request-log generator: the same seed gives the same log, and --malformed spoils a share."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from generate_requests import generate, lines  # noqa: E402


def test_without_malformed_lines_are_the_records() -> None:
    expected = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in generate(50)]
    assert list(lines(50)) == expected


def test_malformed_spoils_about_its_share_and_keeps_the_rest() -> None:
    clean = list(lines(2000, seed=3))
    spoiled = list(lines(2000, seed=3, malformed=0.2))
    changed = sum(a != b for a, b in zip(clean, spoiled, strict=True))
    assert 300 < changed < 500  # about a fifth
    unreadable = 0
    for line in spoiled:
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            unreadable += 1
            continue
        unreadable += not isinstance(value, dict) or "id" not in value
    assert 50 < unreadable < changed  # some lines are not records, most are spoiled records
    assert list(lines(2000, seed=3, malformed=0.2)) == spoiled  # seeded
