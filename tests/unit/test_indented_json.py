"""An audit's SARIF is written by orjson where it is installed, with the text json would write.

``indented_json`` hands the SARIF results to orjson (several times faster than the standard
library's indented writer, which is pure Python). It must give, byte for byte, what
``json.dumps(indent=2, ensure_ascii=False)`` gives with bidi controls escaped, for every document
of the kinds a result holds; and a whole SARIF or JUnit audit report must be the same with and
without the fast extra.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from safeguards.reports.base import _orjson_indented, indented_json, plain_indented_json
from tests.conftest import ROOT, cli_env
from tests.unit.test_fastjson import _WITHOUT_FAST
from tests.unit.test_nativeread import lines as hostile_lines

_CHARACTERS = (
    [chr(c) for c in range(0x20)]
    + ['"', "\\", "/", "\x7f", "\x80", "\xa0", "é", "ß", "€", "\u2028", "\u2029", "\ufeff"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200e", "\u200f", "\u061c", "日本", "😀", "\U0010ffff", "a", "b", " ", "<", "&"]
)
"""Controls, escapes, non-ASCII, line and bidi separators, astral characters, plain text."""

_WHOLE = [0, 1, -1, 255, 2**31, -(2**31) - 1, 2**53 + 1, -(2**63), 2**63 - 1, 2**64 - 1]
"""Whole numbers up to orjson's limits; beyond them the standard library writes the text."""


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARACTERS) for _ in range(rng.randrange(0, 12)))


def _document(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return _text(rng)
    if kind == 1:
        return rng.choice(_WHOLE) + rng.choice((0, 0, 1, -1))
    if kind == 2:
        return rng.choice((True, False))
    if kind == 3:
        return None
    if kind == 4:
        return rng.choice(([], {}, ""))
    if kind in (5, 6):
        return {_text(rng): _document(rng, depth + 1) for _ in range(rng.randrange(0, 5))}
    return [_document(rng, depth + 1) for _ in range(rng.randrange(0, 5))]


def test_orjson_is_what_writes_the_results_here() -> None:
    """The tests below compare two writers: orjson must be one of them."""
    assert _orjson_indented() is not None


@pytest.mark.parametrize("seed", range(4))
def test_orjson_writes_what_json_writes_for_every_document_of_a_result(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1500):
        doc = _document(rng)
        assert indented_json(doc) == plain_indented_json(doc), repr(doc)


def test_the_boundaries_of_a_result_s_values_are_written_alike() -> None:
    """Empty containers, 64-bit limits and one past them, every bidi control, nesting."""
    docs: list[Any] = [
        [],
        {},
        [[]],
        {"a": {}},
        "",
        2**64 - 1,
        2**64,
        -(2**63),
        -(2**63) - 1,
        [2**64, "x"],
        {"k\u202e": "\u2066v\u2069"},
        "".join(chr(c) for c in range(0x20)),
        {"nested": [[[[{"deep": [1, [2, [3]]]}]]]]},
    ]
    for doc in docs:
        assert indented_json(doc) == plain_indented_json(doc), repr(doc)
        assert (
            indented_json(doc)
            == json.dumps(doc, indent=2, ensure_ascii=False)
            .replace("\u202e", "\\u202e")
            .replace("\u2066", "\\u2066")
            .replace("\u2069", "\\u2069")
            .encode()
        )


@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_a_ci_report_of_a_hostile_log_is_the_same_without_the_fast_extra(
    tmp_path: Path, fmt: str
) -> None:
    log = tmp_path / "hostile.jsonl"
    spoiled = (ROOT / "examples/requests/examplecloud-2026-spoiled.jsonl").read_bytes()
    first = json.loads((ROOT / "examples/requests/example-10.jsonl").read_bytes().splitlines()[9])
    first["id"] = "DR-\u202eevil"  # a readable request whose id holds a bidi override
    disguised = json.dumps(first, ensure_ascii=False).encode() + b"\n"
    log.write_bytes(spoiled + b"".join(hostile_lines()) + disguised)
    reports = []
    for name, script in (
        ("fast", "from safeguards.engine.cli import run; run()"),
        ("plain", _WITHOUT_FAST),
    ):
        out = tmp_path / f"{name}.{fmt}"
        args = ["--no-config", "audit", str(log), "--workflow", "examples/workflows/strong.yaml"]
        args += ["--as-of", "2026-11-29", "--format", fmt, "-o", str(out), "--fail-on", "none"]
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env=cli_env(),
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        reports.append(out.read_bytes())
    assert reports[0] == reports[1]
    assert "\u202e".encode() not in reports[0]
    assert (b"DR-\\u202eevil" if fmt == "sarif" else b"DR-&lt;U+202E&gt;evil") in reports[0]
