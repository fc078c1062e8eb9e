r"""JSON parsing through orjson when it is installed (several times faster), else json.

orjson is optional (the ``fast`` extra): every caller gets the same values either way.
:func:`plain_loads` is the standard library's parser held to what orjson accepts and returns,
so a request log reads the same with and without the extra (``tests/unit/test_fastjson.py``
holds the two equal on hostile and random documents):

- the text must be UTF-8, and a string may not hold half of a surrogate pair (``"\ud800"``);
- ``NaN``, ``Infinity`` and numbers too large for a double are refused;
- a whole number outside the 64-bit range is read as a float, as orjson reads it;
- nesting deeper than orjson's 1,024 levels is refused, and up to it read (the parser's
  recursion is let go that deep for the call).

Every refusal is a :data:`JSONError` with a position, never another exception. The log readers
take the words and the column of every JSON error from here, whichever parser read the line,
so that what a log's unreadable records say does not depend on the extra either.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from typing import Any

JSONError: type[ValueError] = json.JSONDecodeError

_LOWEST, _HIGHEST = -(2**63), 2**64 - 1
"""The whole numbers orjson reads as whole numbers (beyond them it gives floats)."""
_DIGITS = len(str(_LOWEST))
"""No whole number of more characters than -2**63 has lies in that range."""
MAX_DEPTH = 1024
"""orjson's limit on nesting: a deeper document is refused."""


class _Refused(ValueError):
    """A value json would read and orjson refuses (raised from a parse hook)."""


def _whole(text: str) -> int | float:
    if len(text) > _DIGITS:  # beyond 64 bits (and perhaps beyond what int() will convert)
        return _real(text)
    value = int(text)
    return value if _LOWEST <= value <= _HIGHEST else _real(text)


def _real(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _Refused("number too large for a double (it would be infinite)")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a JSON value")


def _error(message: str, doc: str, pos: int) -> json.JSONDecodeError:
    return json.JSONDecodeError(message, doc, max(0, min(pos, len(doc))))


def plain_loads(data: bytes | bytearray | memoryview | str) -> Any:
    """Return the value of a JSON document as orjson would, with the standard library.

    Raises:
        JSONError: the document is not JSON orjson would read; the message says why, in
            words of its own where orjson reads what the standard library refuses or the
            other way round.

    """
    if isinstance(data, str):
        text = data
    else:
        raw = bytes(data)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            pos = len(raw[: exc.start].decode("utf-8", "replace"))
            raise _error(NOT_UTF8, raw.decode("utf-8", "replace"), pos) from None
    deep = text.count("[") + text.count("{") > _SHALLOW and _depth(text) > _SHALLOW
    limit = sys.getrecursionlimit()
    try:
        if deep:  # json's C parser counts its levels as frames: let it go orjson's depth
            sys.setrecursionlimit(limit + MAX_DEPTH + 64)
        value = json.loads(text, parse_int=_whole, parse_float=_real, parse_constant=_constant)
    except _Refused as exc:
        raise _error(str(exc), text, _refused_at(text)) from None
    finally:
        if deep:
            sys.setrecursionlimit(limit)
    if _ESCAPE.search(text) is not None and _holds_surrogate(value):
        message, pos = _lone_surrogate(text)
        raise _error(message, text, pos)
    return value


NOT_UTF8 = "these bytes are not UTF-8 text (save the log as UTF-8)"
"""The words of a line that is not UTF-8 (the readers recognise it)."""
_SHALLOW = 256
"""Documents nested at most this deep are parsed without looking at their depth first."""


def _depth(text: str) -> int:
    """Return how deeply the document nests; refuse more than :data:`MAX_DEPTH` levels.

    Brackets inside strings do not count.
    """
    depth = deepest = 0
    for found in _TOKENS.finditer(text):
        char = found.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _error("depth limit exceeded", text, found.end())
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')
"""A string (its brackets do not count) or a bracket."""


def _refused_at(text: str) -> int:
    """Where the refused constant or number starts (0 when it cannot be told)."""
    for found in _TOKENS_AND_VALUES.finditer(text):
        token = found.group()
        if token[0] == '"':
            continue
        if token in ("NaN", "Infinity", "-Infinity"):
            return found.start()
        if token[0] in "-0123456789" and math.isinf(float(token)):
            return found.start()
    return 0


_TOKENS_AND_VALUES = re.compile(
    r'"(?:[^"\\]|\\.)*"?|-?Infinity|NaN|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?'
)

_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""The escape of half a surrogate pair (perhaps of a whole pair: json joins those)."""


def _holds_surrogate(value: Any) -> bool:
    """Whether a string of the value (key or item) holds half of a surrogate pair."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_ESCAPES = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)


def _lone_surrogate(text: str) -> tuple[str, int]:
    """Return orjson's message for the first escape of half a surrogate pair, and its place."""
    escapes = list(_ESCAPES.finditer(text))
    skip = False
    for i, found in enumerate(escapes):
        if skip:
            skip = False
            continue
        code = int(found.group(1), 16) if found.group(1) else -1
        if 0xDC00 <= code <= 0xDFFF:
            return "invalid high surrogate in string", found.start()
        if 0xD800 <= code <= 0xDBFF:
            after = escapes[i + 1] if i + 1 < len(escapes) else None
            if after is None or after.start() != found.end() or not after.group(1):
                return "no low surrogate in string", found.start()
            if not 0xDC00 <= int(after.group(1), 16) <= 0xDFFF:
                return "invalid low surrogate in string", found.start()
            skip = True
    return "no low surrogate in string", 0


try:
    import orjson

    loads: Callable[[bytes], Any] = orjson.loads
    JSONError = orjson.JSONDecodeError
except ImportError:  # pragma: no cover - exercised only without orjson
    loads = plain_loads

__all__ = ["JSONError", "loads", "plain_loads"]
