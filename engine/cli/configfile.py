"""The project's configuration file: found from the working directory upwards.

Two places are read, the first found wins, nearest directory first:

- ``.safeguards.yaml``;
- the ``[tool.safeguards]`` table of a ``pyproject.toml``.

A key at the top level is an option of every command that has it (``catalog``, ``as-of``,
``fail-on``); a key naming a command holds that command's options (``check: {fail-on: high}``),
and a group nests its commands (``rules: {lint: {...}}``). Flags on the command line win. This
module only reads the file and keeps each value's position; which keys are options is the
command line's business.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safeguards.engine.errors import InputError, InputErrors, SourceLocation
from safeguards.engine.io.yamlsrc import JsonPath, load_yaml, read_text

YAML_NAME = ".safeguards.yaml"
PYPROJECT = "pyproject.toml"
TABLE = "tool.safeguards"


class ConfigError(InputError):
    """The configuration file is malformed."""


@dataclass
class Config:
    """The settings read from one configuration file, with where each one was written."""

    path: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    where: Callable[[JsonPath], SourceLocation] | None = None

    def locate(self, path: JsonPath) -> SourceLocation:
        """Return the position of a key (the file's start when it is not known)."""
        if self.where is not None:
            return self.where(path)
        return SourceLocation(str(self.path or "?"))

    @property
    def folder(self) -> Path:
        """The folder that relative paths in the file are relative to."""
        return self.path.parent if self.path is not None else Path.cwd()


def find_config(start: Path) -> Path | None:
    """Return the nearest configuration file at or above ``start``, or None."""
    for folder in (start, *start.parents):
        candidate = folder / YAML_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    """Return whether a pyproject.toml configures safeguards, so that it is the one to read.

    A file that parses holds a ``tool.safeguards`` key in any of TOML's spellings (a table,
    quoted or spaced, dotted keys, an inline table). One that does not parse counts when a
    line opens with such a key: its settings are then reported as unreadable, at their
    place, rather than passed over for the next file up without a word.
    """
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "safeguards" not in text:
        return False
    import tomllib  # only for a pyproject.toml that mentions safeguards

    try:
        tool = tomllib.loads(text).get("tool")
    except (tomllib.TOMLDecodeError, RecursionError):  # too deep for Python's parser, too
        return _KEY_LINE.search(text) is not None
    return isinstance(tool, dict) and "safeguards" in tool


_KEY_LINE = re.compile(
    r"""^[ \t]*(?:\[+[ \t]*)?(?:tool[ \t]*\.[ \t]*)?(["']?)safeguards\1[ \t]*(?:[.=\]]|$)""",
    re.MULTILINE,
)
"""A line of TOML that opens with the key ``tool.safeguards`` (or ``safeguards`` under
``[tool]``), in a table's header or before a value."""


def load_config(path: Path) -> Config:
    """Read a configuration file (YAML, or a pyproject.toml's ``[tool.safeguards]``).

    Raises:
        InputErrors: the file cannot be read or is not a mapping of settings.

    """
    if path.name == PYPROJECT or path.suffix == ".toml":
        return _load_toml(path)
    doc = load_yaml(path, ConfigError)
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        where = doc.locate(())
        raise InputErrors([ConfigError(where, "the configuration must be a mapping of settings")])
    return Config(path, data, lambda p: doc.locate(p, key=True))


def _load_toml(path: Path) -> Config:
    import tomllib  # only when a TOML configuration is found

    from safeguards.engine.io.yamlparse import check_depth  # imports ruamel: only here

    text = read_text(path, ConfigError)
    check_depth(text, str(path), ConfigError)  # Python's TOML parser recurses once a level
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(found[1]), int(found[2])) if found else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputErrors([ConfigError(SourceLocation(str(path), line, col), message)]) from None
    table: Any = data.get("tool", {}).get("safeguards", {})
    if not isinstance(table, dict):
        where = _place_of(path, text, ())
        raise InputErrors([ConfigError(where, "[tool.safeguards] must be a table")])
    return Config(path, table, lambda p: _place_of(path, text, p))


def _place_of(path: Path, text: str, keys: JsonPath) -> SourceLocation:
    """Find a key of ``[tool.safeguards]`` in TOML text (tomllib keeps no positions).

    ``keys`` is the key's path under the table (empty: the table itself). Every table header
    and every key line is read with its full dotted name, in any of TOML's spellings (bare,
    quoted, dotted, under ``[tool]``); the place is that of the line naming the longest part
    of the path, so a key inside an inline table (``check = {format = "x"}``) is placed at the
    line that opens it. Best effort: text inside a multi-line string may mislead it.
    """
    wanted = ["tool", "safeguards", *(str(k) for k in keys if isinstance(k, str))]
    best, place = 0, (1, 1)
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header is not None:
            table = _dotted(header["name"]) or []
            names, column = table, 1
        else:
            found = _assigned(line)
            if found is None or (key := _dotted(found[0])) is None:
                continue
            names, column = [*table, *key], found[1] + 1
        if len(names) > best and wanted[: len(names)] == names:
            best, place = len(names), (number, column)
            if best == len(wanted):
                break
    return SourceLocation(str(path), *place)


_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")
"""One part of a dotted TOML key: basic-quoted, literal-quoted, or bare."""
_HEADER = re.compile(r"^\s*\[\[?(?P<name>[^\]]+)\]\]?\s*(?:#.*)?$")
"""A table header, ``[a.b]`` or ``[[a.b]]``."""
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-. \t")
"""What a dotted key may hold outside its quotes (bare parts, dots, blanks)."""


def _assigned(line: str) -> tuple[str, int] | None:
    """Return the key a line assigns a value to, and where it starts; None for any other line.

    Read once from left to right (a regular expression with nested repetition took time
    growing as the square of a long line of blanks).
    """
    start = len(line) - len(line.lstrip(" \t"))
    at = start
    while at < len(line):
        char = line[at]
        if char == "=":
            return (line[start:at], start) if at > start else None
        if char in "\"'":
            end = _closing(line, at)
            if end < 0:
                return None
            at = end + 1
        elif char in _BARE:
            at += 1
        else:
            return None
    return None


def _closing(line: str, at: int) -> int:
    """Return where the quoted part opened at ``at`` closes, or -1 (escapes in basic strings)."""
    quote = line[at]
    at += 1
    while at < len(line):
        if line[at] == "\\" and quote == '"':
            at += 2
            continue
        if line[at] == quote:
            return at
        at += 1
    return -1


def _dotted(name: str) -> list[str] | None:
    """Split a dotted TOML key into its parts, unquoted; None when it is not one."""
    parts, at = [], 0
    while True:
        found = _PART.match(name, at)
        if found is None or found.end() == at:
            return None
        parts.append(next(g for g in found.groups() if g is not None))
        at = found.end()
        if at == len(name):
            return parts
        if name[at] != ".":
            return None
        at += 1
