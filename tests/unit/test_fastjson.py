"""Without the fast extra, request logs read and audit exactly as with it.

``plain_loads`` (the standard library's parser held to orjson's rules) and ``orjson.loads`` must
give the same value, or both refuse, on: the official JSON conformance suite, random documents
and random byte edits of them, and the hostile log lines of ``test_nativeread``. Where they
refuse a document for a reason only one of the parsers knows (NaN, infinite numbers, half a
surrogate pair, too deep), ``plain_loads`` must say so. Then the log reader, and the whole
``audit`` command in a child process that cannot import orjson or msgspec, must give the same
records, the same findings file and the same summary as with them.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from safeguards.engine.audit import readers
from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.catalog import Catalog
from safeguards.engine.io.fastjson import MAX_DEPTH, plain_loads
from tests.conftest import ROOT, SHARED, cli_env, need_shared
from tests.unit.test_nativeread import lines as hostile_lines

JSON_SUITE = SHARED / "corpora" / "json-test-suite"


def _outcome(parse: Any, doc: bytes) -> tuple[str, Any]:
    """``("ok", value as comparable text)`` or ``("error", words)`` for one parser."""
    try:
        value = parse(doc)
    except ValueError as exc:  # orjson's and json's decode errors are ValueErrors
        return "error", getattr(exc, "msg", str(exc))
    return "ok", _canonical(value)


def _canonical(value: Any) -> str:
    """The value as text that tells 1 from 1.0 and -0.0 from 0.0, iteratively (any depth)."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and item.startswith("\0mark:"):
            out.append(item[6:])
        elif isinstance(item, dict):
            out.append("{")
            stack.append("\0mark:}")
            for key, sub in reversed(list(item.items())):
                stack += [sub, f"\0mark:{key!r}:"]
        elif isinstance(item, list):
            out.append("[")
            stack.append("\0mark:]")
            stack += list(reversed(item))
        else:
            out.append(f"{type(item).__name__}:{item!r},")
    return "".join(out)


def _agree(doc: bytes) -> None:
    fast, plain = _outcome(orjson.loads, doc), _outcome(plain_loads, doc)
    assert fast[0] == plain[0], (doc[:200], fast, plain)
    if fast[0] == "ok":
        assert fast == plain, doc[:200]


def test_the_json_suite_reads_alike(shared_corpora: Path) -> None:
    cases = sorted(need_shared(JSON_SUITE).glob("*.json"))
    assert len(cases) >= 300
    for path in cases:
        _agree(path.read_bytes())


REFUSED_ONLY_BY_ORJSON = [
    (b"NaN", "NaN is not a JSON value", 1),
    (b'{"a": [1, -Infinity]}', "-Infinity is not a JSON value", 11),
    (b'{"a": 1e400}', "number too large for a double (it would be infinite)", 7),
    (b'{"a": -' + b"9" * 400 + b"}", "number too large for a double (it would be infinite)", 7),
    (b'"\\ud800"', "no low surrogate in string", 2),
    (b'{"k\\ud800": 1}', "no low surrogate in string", 4),
    (b'"\\ud800\\u0041"', "invalid low surrogate in string", 2),
    (b'["ok", "\\udc00"]', "invalid high surrogate in string", 9),
    (b'"\xed\xa0\x80"', "these bytes are not UTF-8 text (save the log as UTF-8)", 2),
    (b'{"a": "\xff"}', "these bytes are not UTF-8 text (save the log as UTF-8)", 8),
    (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "depth limit exceeded", MAX_DEPTH + 2),
]


@pytest.mark.parametrize(("doc", "words", "column"), REFUSED_ONLY_BY_ORJSON)
def test_what_json_would_read_and_orjson_refuses_is_refused_and_said(
    doc: bytes, words: str, column: int
) -> None:
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(doc)
    with pytest.raises(json.JSONDecodeError) as refused:
        plain_loads(doc)
    assert (refused.value.msg, refused.value.colno) == (words, column)


@pytest.mark.parametrize(
    "doc",
    [
        b"18446744073709551615",  # the largest whole number orjson keeps whole
        b"18446744073709551616",  # one more: a float
        b"-9223372036854775808",
        b"-9223372036854775809",
        b"1" * 5000,  # beyond what int() converts: orjson and plain_loads give the same float
        b"-0",
        b"-0.0",
        b"1E400",
        b"1e-400",
        b'"\\ud83d\\ude00"',  # a whole pair is one character
        b'"\\\\ud800"',  # an escaped backslash, then text
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,  # as deep as orjson goes
        b'{"a":' * 1000 + b"1" + b"}" * 1000,
        b'["[[[[[[", "{{{{"]',
        b'{"a":1,"a":2}',  # the later one wins in both (the log reader then refuses it)
        b"\xef\xbb\xbf{}",
        b"\x00{}",
    ],
)
def test_edge_documents_read_alike(doc: bytes) -> None:
    _agree(doc)


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, -1, 2**63 - 1, -(2**63), 2**64 - 1, 2**64, -(2**63) - 1, 10**30])
    if kind == 2:
        return rng.choice([0.5, -0.0, 1e308, 5e-324, 1 / 3, 123456789.125, -2.5e-10])
    if kind in (3, 4, 5):
        chars = 'aé€😀"\\/\b\f\n\r\t\x01\x7f\u2028\u202e\ufeff[]{}:,'
        return "".join(rng.choice(chars) for _ in range(rng.randrange(6)))
    if kind in (6, 7):
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {
        str(_random_value(rng, 4)): _random_value(rng, depth + 1) for _ in range(rng.randrange(4))
    }


_SPLICES = [b"NaN", b"1e999", b"\\ud800", b"\\udc00", b"\xff", b"\xed\xa0\x80", b"\x00", b","]


def test_random_documents_and_their_byte_edits_read_alike() -> None:
    rng = random.Random(20261204)
    for _ in range(1500):
        value = _random_value(rng)
        doc = json.dumps(value, ensure_ascii=rng.random() < 0.5).encode()
        _agree(doc)
        for _ in range(3):
            cut = rng.randrange(len(doc) + 1)
            choice = rng.randrange(4)
            if choice == 0:
                edited = doc[:cut] + doc[cut + 1 :]
            elif choice == 1:
                edited = doc[:cut] + bytes([rng.randrange(256)]) + doc[cut:]
            elif choice == 2:
                edited = doc[:cut] + rng.choice(_SPLICES) + doc[cut:]
            else:
                edited = doc[:cut] + rng.choice(_SPLICES) + doc[cut + 1 :]
            _agree(edited)


def test_non_finite_floats_never_come_back() -> None:
    for doc in (b"[1e308, -1e308, 1.7976931348623157e308]", b"[1e309]"):
        try:
            values = plain_loads(doc)
        except json.JSONDecodeError:
            continue
        assert all(math.isfinite(v) for v in values)


def test_the_log_reader_reads_every_hostile_line_alike_without_orjson(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = hostile_lines()
    usual = RecordParser(catalog.facts["request"])
    usual.native = None
    with_orjson: list[Record] = list(read_jsonl(every, usual))
    monkeypatch.setattr(readers, "_loads", plain_loads)
    monkeypatch.setattr(readers, "_JSONError", json.JSONDecodeError)
    without: list[Record] = list(read_jsonl(every, usual))
    assert len(with_orjson) == len(without) == len(every)
    for a, b, line in zip(with_orjson, without, every, strict=True):
        assert a == b, line[:300]
    assert sum(r.problem is not None for r in without) > 10


_WITHOUT_FAST = (
    "import sys; sys.modules['orjson'] = sys.modules['msgspec'] = None\n"
    "from safeguards.engine.cli import run; run()"
)
"""The command line in an installation without the fast extra (neither can be imported)."""


def _audit(script: str, log: Path, findings: Path) -> subprocess.CompletedProcess[str]:
    args = ["audit", str(log), "--workflow", "examples/workflows/strong.yaml"]
    args += ["--as-of", "2026-11-29", "--findings", str(findings), "--fail-on", "none"]
    return subprocess.run(
        [sys.executable, "-c", script, "--no-config", *args],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
    )


def test_an_audit_without_the_fast_extra_writes_the_same_findings(tmp_path: Path) -> None:
    log = tmp_path / "hostile.jsonl"
    spoiled = (ROOT / "examples/requests/examplecloud-2026-spoiled.jsonl").read_bytes()
    log.write_bytes(spoiled + b"".join(hostile_lines()))
    fast = _audit("from safeguards.engine.cli import run; run()", log, tmp_path / "fast.jsonl")
    plain = _audit(_WITHOUT_FAST, log, tmp_path / "plain.jsonl")
    assert fast.returncode == plain.returncode == 0, plain.stderr[-2000:]
    assert "Traceback" not in plain.stderr
    assert "unreadable" in plain.stdout and "invalid JSON" in plain.stdout
    assert fast.stdout == plain.stdout
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()
