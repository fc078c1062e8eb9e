"""The native line reader (msgspec) reads every line as the usual path does, or leaves it to it.

Each log is read twice with ``read_jsonl``: once with the native reader in front, once without
it (orjson, the dict reader, the general parser). The records must be equal, line by line:
id, facts, problem, message and column. Lines: the shipped example logs, generated logs (clean
and spoiled), their records edited as a careless or hostile log would (see test_fastread), and
their bytes edited where JSON parsers are known to differ (numbers beyond 64 bits, infinite
numbers, lone surrogates, a byte-order mark, invalid UTF-8, repeated keys, escaped keys, spaces
before colons, deep nesting, trailing bytes).
"""

from __future__ import annotations

import functools
import json
import random
import re
from typing import Any

import pytest

from safeguards.engine.audit.readers import read_jsonl
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.catalog import Catalog
from tests.unit.test_fastread import edited, records

BYTE_EDITS: list[tuple[bytes, bytes]] = [
    (rb'"identifiers_count":\d+', b'"identifiers_count":99999999999999999999'),
    (rb'"identifiers_count":\d+', b'"identifiers_count":18446744073709551615'),
    (rb'"identifiers_count":\d+', b'"identifiers_count":-9223372036854775809'),
    (rb'"identifiers_count":\d+', b'"identifiers_count":1e400'),
    (rb'"identifiers_count":\d+', b'"identifiers_count":2.0'),
    (rb'"identifiers_count":\d+', b'"identifiers_count":-0'),
    (rb'"identifiers_count":\d+', b'"identifiers_count":1E1'),
    (rb'"name":"', b'"name":"\\ud800'),
    (rb'"name":"', b'"name":"\\ud83d\\ude00'),
    (rb'"name":"', b'"name":"\xff'),
    (rb'"name":"', b'"name":"\x01'),
    (rb"^", b"\xef\xbb\xbf"),
    (rb"\}\s*$", b"} x"),
    (rb"\}\s*$", b"}   "),
    (rb'"intake":\{', b'"intake":{"channel":"email",'),
    (rb'"id":', b'"id":"R-1","id":'),
    (rb'"authority":', b'"auth\\u006frity":'),
    (rb'"purpose":', b'"purpose" :'),
    (rb'"purpose":', b'"purpose"\t:\n'),
    (rb'"purpose":"[a-z_]+"', b'"purpose":null'),
    (rb'"bulk":(true|false)', b'"bulk":"true"'),
    (rb'"bulk":(true|false)', b'"bulk":1'),
    (rb'"date_from":"[^"]*"', b'"date_from":"2026-W07-3"'),
    (rb'"date_from":"[^"]*"', b'"date_from":"20260218"'),
    (rb'"received_at":"[^"]*"', b'"received_at":"2026-02-18 22:05"'),
    (rb'"received_at":"[^"]*"', b'"received_at":"2026-02-18T22:05:00.1234567+01:00"'),
    (rb'"received_at":"[^"]*"', b'"received_at":"2026-02-30T22:05:00Z"'),
    (rb'":\{', b'":{{'),
    (rb"^\{", b'{"workflow":' + b"[" * 3000 + b"]" * 3000 + b","),
    (rb"^\{", b'{"kind":{"deep":' + b"[" * 200 + b"]" * 200 + b"},"),
    (rb"^\{", b'{"safeguards":["SG-INC-01"],"kind":"request","workflow":"wf",'),
    (rb'"approvals":\[', b'"approvals":[{"role":"legal_counsel","at":null},'),
    (rb'"approvals":\[', b'"approvals":[{"role":["legal_counsel"]},'),
    (rb'"approvals":\[', b'"approvals":[{"role":"x","depth":' + b"[" * 100 + b"]" * 100 + b"},"),
    (rb'"approvals":\[', b'"approvals":[{"role":"legal_counsel","role":"le_response_specialist"},'),
    (rb'"approvals":\[[^\]]*\]', b'"approvals":{"role":["legal_counsel"]}'),
    (rb'"approvals":\[[^\]]*\]', b'"approvals":[]'),
    (rb'"review":\{', b'"review":null,"x":{'),
    (rb'"review":\{', b'"review.escalated_to":"legal_counsel","r":{'),
    (rb'"categories_requested":\[', b'"categories_requested":["user.name","user.name",'),
    (rb'"categories_requested":\[', b'"categories_requested":[1,'),
    (rb'"escalated_to":"[^"]*"', b'"escalated_to":["legal_counsel"]'),
]


@pytest.fixture(scope="module")
def parsers(catalog: Catalog) -> tuple[RecordParser, RecordParser]:
    facts = catalog.facts["request"]
    native, usual = RecordParser(facts), RecordParser(facts)
    usual.native = None
    if native.native is None:
        pytest.fail("the native reader needs msgspec and orjson (the fast extra, in make setup)")
    return native, usual


def _edit(line: bytes, pattern: bytes, replacement: bytes) -> bytes:
    """Replace the first match of ``pattern`` with ``replacement`` taken literally."""
    return re.sub(pattern, lambda _: replacement, line, count=1)


def lines() -> list[bytes]:
    """The lines to read: each record as is, edited three times, and edited in its bytes."""
    rng = random.Random(9)
    base = _records()
    out: list[bytes] = []
    for raw in base:
        out.append(json.dumps(raw, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        out += [json.dumps(edited(raw, rng), ensure_ascii=False).encode() + b"\n" for _ in "abc"]
    for line in out[: len(base) * 4 : 4]:
        out.append(_edit(line, *rng.choice(BYTE_EDITS)))
    for pattern, replacement in BYTE_EDITS:  # every edit at least once, where it applies
        for line in out[: 40 * 4 : 4]:
            edited_line = _edit(line, pattern, replacement)
            if edited_line != line:
                out.append(edited_line)
                break
    return out


def test_both_paths_read_every_line_alike(parsers: tuple[RecordParser, RecordParser]) -> None:
    native, usual = parsers
    every = lines()
    with_native: list[Record] = list(read_jsonl(every, native))
    without: list[Record] = list(read_jsonl(every, usual))
    assert len(with_native) == len(without) == len(every)
    for a, b, line in zip(with_native, without, every, strict=True):
        assert a == b, line[:300]
    assert native.native is not None
    answered = [native.native(line) is not None for line in every]
    clean = [r.problem is None for r in without]
    firsts = range(0, len(_records()) * 4, 4)  # each record as it was written
    assert all(answered[i] for i in firsts if clean[i]), "clean records go the native way"
    assert sum(answered) < sum(clean), "some readable lines are left to the usual path"
    assert any(r.problem is not None for r in without), "some lines are not records"


@pytest.mark.parametrize(("pattern", "replacement"), BYTE_EDITS)
def test_every_byte_edit_applies_to_a_record(pattern: bytes, replacement: bytes) -> None:
    """Each edit above finds its place in one of the first records, so that it is really tried."""
    some = [json.dumps(r, separators=(",", ":")).encode() for r in _records()[:40]]
    assert any(re.search(pattern, line) for line in some), pattern


@functools.cache
def _records() -> list[Any]:
    return records()
