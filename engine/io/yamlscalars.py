"""YAML 1.2 core-schema scalars as Python values, with messages a lawyer can act on.

``090`` is refused ("leading zeros") rather than read as octal or as 90; integers are bounded in
length; dates and date-times are ISO 8601. :mod:`safeguards.engine.io.yamlsrc` calls
:func:`convert` for every scalar it builds.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

MAX_DIGITS = 18
"""Refuse integers with more digits than this (beyond any count, day or hour a fact holds)."""


_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
"""The booleans of the YAML 1.2 core schema."""
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
"""The nulls of the YAML 1.2 core schema."""


def convert(kind: str, text: str) -> Any:
    """Return a scalar of a core-schema tag (``str``, ``int``, ``timestamp`` …) as Python data.

    Raises:
        ValueError: the text is not a value of that tag, or the tag is not supported.

    """
    match kind:
        case "str":
            return text
        case "null":
            if text not in _NULLS:  # !!null on a value: never dropped unsaid
                raise ValueError(f"not a YAML null: '{text}' (write null, or leave it empty)")
            return None
        case "bool":
            if text not in _BOOLS:  # an explicit !!bool on "yes", "on", "1"
                raise ValueError(f"not a YAML 1.2 boolean: '{text}' (write true or false)")
            return _BOOLS[text]
        case "int":
            return _int(text)
        case "float":
            low = text.lower().lstrip("+")
            if low in {".inf", "-.inf"}:
                return -math.inf if low.startswith("-") else math.inf
            if low == ".nan":
                return math.nan
            try:
                return float(text.replace("_", ""))
            except ValueError:  # an explicit !!float on "1:30.5" or "abc"
                raise ValueError(f"not a YAML 1.2 number: '{text}'") from None
        case "timestamp":
            return _timestamp(text)
        case _:
            raise ValueError(f"unsupported YAML tag '!!{kind}'")


def _int(text: str) -> int:
    """Read a YAML 1.2 core integer (decimal, 0o octal, 0x hex) of at most MAX_DIGITS digits."""
    digits = text.replace("_", "").lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise ValueError(f"number too large: more than {MAX_DIGITS} digits")
    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
        raise ValueError(
            f"not a number: leading zeros (write {int(digits)}, or quote '{text}' as text)"
        )
    try:
        base = 0 if digits[:2].lower() in {"0x", "0o"} else 10
        return int(text.replace("_", ""), base)
    except ValueError:  # an explicit !!int on "0b101", "1:30" or nothing
        raise ValueError(f"not a YAML 1.2 integer: '{text}'") from None


def _timestamp(text: str) -> dt.date | dt.datetime:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise ValueError(f"invalid date or time '{text}'") from None
