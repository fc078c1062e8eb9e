"""YAML text for what an edit writes: scalars, flow and block style, at the file's indentation.

A value is written plain when YAML would read it back as the same string, quoted (as JSON, which
YAML reads) otherwise: ``yes``, ``0123`` or ``null`` stay strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, TypeAlias

_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ ./()+'-]*")
_RESERVED = re.compile(r"(?i)(y|n|yes|no|on|off|true|false|null|~|[-+.0-9].*)")


@dataclass(frozen=True)
class Raw:
    """A scalar already rendered as YAML text (empty = no value)."""

    text: str


Tree: TypeAlias = "Raw | dict[str, Tree] | list[Tree]"


def scalar(value: Any) -> str:
    """Render a Python answer as a one-line YAML scalar or flow sequence."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and not _RESERVED.fullmatch(text):
        return text
    return _UNSAFE.sub(_escaped, json.dumps(text, ensure_ascii=False))


_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Characters JSON leaves as they are that YAML cannot read back as themselves in quotes:
those it does not allow in its text (DEL, the C1 controls, a lone surrogate, U+FFFE/U+FFFF),
the byte order mark, and the line breaks YAML 1.1 readers fold (U+0085, U+2028, U+2029)."""


def _escaped(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def flow(tree: Tree) -> str:
    """Render a tree in YAML flow style, on one line."""
    if isinstance(tree, Raw):
        return tree.text
    if isinstance(tree, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}".rstrip() for k, v in tree.items()) + "}"
    return "[" + ", ".join(flow(v) for v in tree) + "]"


def block(key: str, tree: Tree, indent: int, step: int) -> list[str]:
    """Render ``key: tree`` in YAML block style at ``indent`` columns."""
    pad = " " * indent
    if isinstance(tree, Raw):
        return [f"{pad}{key}: {tree.text}".rstrip()]
    return [f"{pad}{key}:", *body(tree, indent + step, step)]


def body(tree: Tree, indent: int, step: int) -> list[str]:
    """Render the lines of a mapping or sequence in block style at ``indent`` columns."""
    if isinstance(tree, Raw):
        return [" " * indent + tree.text]
    if isinstance(tree, dict):
        return [line for k, v in tree.items() for line in block(k, v, indent, step)]
    out: list[str] = []
    for item in tree:
        lines = body(item, indent + 2, step)
        out.append(" " * indent + "- " + lines[0][indent + 2 :])
        out.extend(lines[1:])
    return out
