"""Every JSON report is written by orjson where it is installed, with the text json would write.

``indented_json`` hands a report's data to orjson (several times faster than the standard
library's indented writer, which is pure Python). It must give, byte for byte, what
``json.dumps(indent=2, ensure_ascii=False)`` gives with bidi controls escaped, for every document
of the kinds a report holds, floats among them (orjson writes some below 1e-4, NaN and the
infinities otherwise: those documents go to the standard library); and whole reports (an
audit's SARIF, JUnit and JSON summary, a check's JSON, SARIF and OSCAL, a transparency report,
a diff) must be the same with and without the fast extra.
"""

from __future__ import annotations

import collections
import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from safeguards.reports.base import (
    _floats_alike,
    _orjson_indented,
    indented_json,
    json_text,
    plain_indented_json,
)
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


_FLOATS = [
    0.0,
    -0.0,
    1.0,
    -2.5,
    0.1,
    1e-4,
    -1e-4,
    9.999999999999999e-05,
    1e-05,
    2.5e-05,
    1e-07,
    1e-10,
    5e-324,
    1e15,
    1e16,
    1.7976931348623157e308,
    math.nan,
    math.inf,
    -math.inf,
]
"""Floats written alike and otherwise by the two writers, at the boundary between them."""


def _float(rng: random.Random) -> float:
    if rng.random() < 0.5:
        return rng.choice(_FLOATS)
    return rng.uniform(-1, 1) * 10.0 ** rng.randrange(-12, 20)


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_CHARACTERS) for _ in range(rng.randrange(0, 12)))


def _document(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 8:
        return _float(rng)
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
    if kind == 5:
        return _float(rng)
    if kind in (6, 7):
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
        *_FLOATS,
        [1.5, {"hours": 1e-05}],
        {"rate": 0.0001, "tiny": 9.999999999999999e-05},
        {"x": (1, 2.5, 1e-07)},
        collections.OrderedDict(a=[math.nan]),
        {1: "a key that is no string"},
    ]
    for doc in docs:
        assert indented_json(doc) == plain_indented_json(doc), repr(doc)
        assert (
            indented_json(doc)
            == json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=True)
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


class _Listed(list[Any]):
    """A list of another class (json and orjson write it as a list)."""


def test_orjson_writes_only_the_documents_whose_floats_it_writes_alike() -> None:
    """The check is exact: a float below 1e-4 or not finite, at any depth, sends the
    document to the standard library; every other float lets orjson write it."""
    for value in (0.0, -0.0, 1e-4, -1e-4, 0.5, 1e16, 1.7976931348623157e308):
        assert _floats_alike({"a": [value]}), value
    for value in (9.999999999999999e-05, 1e-05, -1e-07, 5e-324, math.nan, math.inf, -math.inf):
        assert not _floats_alike({"a": [{"b": (value,)}]}), value
        assert not _floats_alike(collections.OrderedDict(a=_Listed([value]))), value
    assert _floats_alike(["1e-05", 10**30, True, None])


def test_json_text_is_the_indented_text_and_a_newline() -> None:
    doc = {"k": ["\u202e", 1e-05, 0.25]}
    expected = json.dumps(doc, indent=2, ensure_ascii=False).replace("\u202e", "\\u202e")
    assert json_text(doc) == expected + "\n"


_REPORTS = [
    ["check", "examples/jurisdictions", "--format", "json", "-o", "{out}"],
    ["check", "examples/jurisdictions", "--format", "sarif", "-o", "{out}"],
    ["check", "examples/jurisdictions", "--format", "oscal", "-o", "{out}"],
    [
        *("audit", "examples/requests/examplecloud-2026-spoiled.jsonl", "--fail-on", "none"),
        *("--format", "json", "-o", "{out}"),
    ],
    [
        *("transparency", "examples/requests/examplecloud-2026-spoiled.jsonl"),
        *("--period", "2026", "--format", "json", "-o", "{out}"),
    ],
    [
        *("diff", "examples/reform/exampleland-2023.yaml", "examples/reform/exampleland-2024.yaml"),
        *("--format", "json", "-o", "{out}"),
    ],
]
"""Commands whose JSON output goes through ``indented_json``."""


@pytest.mark.parametrize("command", _REPORTS, ids=lambda c: f"{c[0]}-{c[c.index('--format') + 1]}")
def test_a_json_report_is_the_same_without_the_fast_extra(
    tmp_path: Path, command: list[str]
) -> None:
    outputs = []
    for name, script in (
        ("fast", "from safeguards.engine.cli import run; run()"),
        ("plain", _WITHOUT_FAST),
    ):
        out = tmp_path / name
        args = [a.replace("{out}", str(out)) for a in command]
        done = subprocess.run(
            [sys.executable, "-c", script, "--no-config", *args, "--as-of", "2026-11-29"],
            cwd=ROOT,
            env=cli_env(),
            capture_output=True,
            text=True,
        )
        assert done.returncode in (0, 1), done.stderr[-2000:]
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000
    if command[0] == "audit":  # the log's percentages: floats, which orjson writes here
        assert b'"log.within_deadline_pct": 97.7778' in outputs[0]
