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
    except tomllib.TOMLDecodeError:
        return _KEY_LINE.search(text) is not None
    return isinstance(tool, dict) and "safeguards" in tool


_KEY_LINE = re.compile(
    r"""^[ \t]*\[*[ \t]*(?:tool[ \t]*\.[ \t]*)?(["']?)safeguards\1[ \t]*(?:[.=\]]|$)""",
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

    text = read_text(path, ConfigError)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(found[1]), int(found[2])) if found else (1, 1)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise InputErrors([ConfigError(SourceLocation(str(path), line, col), message)]) from None
    table: Any = data.get("tool", {}).get("safeguards", {})
    if not isinstance(table, dict):
        where = SourceLocation(str(path), _line_of(text, ("safeguards",)), 1)
        raise InputErrors([ConfigError(where, "[tool.safeguards] must be a table")])
    return Config(path, table, lambda p: SourceLocation(str(path), _line_of(text, p), 1))


def _line_of(text: str, path: JsonPath) -> int:
    """Find the line of a key in TOML text (tomllib keeps no positions): best effort."""
    keys = [str(k) for k in path if isinstance(k, str)]
    if not keys:
        return 1
    lines = text.splitlines()
    header = re.compile(r"^\s*\[\s*tool\.safeguards(?:\.(?P<rest>[^\]]+))?\s*\]")
    section: list[str] | None = None
    for number, line in enumerate(lines, 1):
        found = header.match(line)
        if found:
            rest = found["rest"]
            section = [s.strip() for s in rest.split(".")] if rest else []
            if section == keys:
                return number
            continue
        if line.lstrip().startswith("["):
            section = None
            continue
        if section is None:
            continue
        key = re.match(r"^\s*\"?([A-Za-z0-9_.-]+)\"?\s*=", line)
        if key and [*section, *key[1].split(".")] == keys:
            return number
    return 1
