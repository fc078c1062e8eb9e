"""JSON parsing through orjson when it is installed (several times faster), else json.

orjson is optional (the ``fast`` extra): every caller gets the same values either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:
    import orjson

    loads: Callable[[bytes], Any] = orjson.loads
    JSONError: type[ValueError] = orjson.JSONDecodeError
except ImportError:  # pragma: no cover - exercised only without orjson
    import json

    loads = json.loads
    JSONError = json.JSONDecodeError

__all__ = ["JSONError", "loads"]
