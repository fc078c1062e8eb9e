"""What an edit writes reads back as what was typed: every character, in every position.

``init`` and ``set`` write a typed answer or citation as a YAML scalar (plain, or quoted as JSON).
JSON leaves some characters as they are that YAML cannot read back as themselves inside
quotes: the line breaks of YAML 1.1 (U+0085, U+2028, U+2029), which a reader folds with the
spaces around them, and the characters YAML does not allow in its text (DEL, the C1 controls).
"""

from __future__ import annotations

import random

import pytest

from safeguards.engine.errors import SubjectError
from safeguards.engine.io.yamlemit import scalar
from safeguards.engine.io.yamlsrc import load_yaml

SPECIAL = [
    "\x00", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\xa0", "\u2028", "\u2029",
    "\u202e", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0001f600", "\U0010ffff",
    '"', "'", "\\", ":", "#", "- ", "{", "}", "[", "]", "&", "*", "!", "%", "@", "`", "|", ">",
    " ", "  ", "yes", "null", "~", "0x1F", "1e9", "2026-01-01", "---", "...",
]  # fmt: skip


def _read_back(values: list[str]) -> list[object]:
    """Write each value as the edit does, under a key of its own, and parse the document."""
    text = "".join(f"k{i}: {scalar(v)}\n" for i, v in enumerate(values))
    data = load_yaml("emitted.yaml", SubjectError, text=text).data
    assert isinstance(data, dict)
    return [data[f"k{i}"] for i in range(len(values))]


def _characters(start: int, stop: int) -> list[str]:
    return [chr(c) for c in range(start, stop) if not 0xD800 <= c <= 0xDFFF]


@pytest.mark.parametrize("start", range(0, 0x3000, 0x600))
def test_every_character_of_the_first_planes_reads_back_alone_and_between_spaces(
    start: int,
) -> None:
    chars = _characters(start, start + 0x600)
    values = [*chars, *(f"a  {c}  b" for c in chars), *(f"{c} " for c in chars)]
    assert _read_back(values) == values


def test_the_characters_yaml_treats_apart_read_back_in_any_company() -> None:
    rng = random.Random(2026)
    pool = [*SPECIAL, *_characters(0x20, 0x80), *_characters(0xFF00, 0x10000)]
    values = ["".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    assert _read_back(values) == values


@pytest.mark.parametrize("value", ["}  \u2028M%? `\tWxe|", "a\x85 b", "x\x7fy", "\u2029"])
def test_a_line_break_of_yaml_1_1_or_a_c1_control_is_written_escaped(value: str) -> None:
    written = scalar(value)
    assert not any(c in written for c in "\x7f\x85\u2028\u2029")
    assert _read_back([value]) == [value]
