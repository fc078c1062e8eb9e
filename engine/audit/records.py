"""Request records: one log entry flattened to dotted facts and typed against the facts catalog.

:class:`RecordParser` turns the raw value of a JSONL line or a CSV row into a :class:`Record`
(its id, its typed values, or the one problem that makes it unreadable, located);
:mod:`safeguards.engine.audit.readers` streams the logs into records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from safeguards.engine.audit.fastread import (
    Entry,
    FastRead,
    compile_flat_reader,
    compile_reader,
)
from safeguards.engine.audit.nativeread import NativeRead, compile_native_reader
from safeguards.engine.audit.rowread import RowRead, compile_row_reader
from safeguards.engine.catalog.facttypes import BAD, Coercer, coercer, expected
from safeguards.engine.errors import did_you_mean
from safeguards.engine.models import FactsCatalog, FactSpec, FactType

ENVELOPE = frozenset({"id", "workflow", "safeguards", "kind", "facts"})
"""Keys of a record that are not facts."""

CONTEXT_GROUPS = frozenset({"context"})
"""Fact groups the audit fills in; a record may not answer them."""

_TOKEN = re.compile(r"^[a-z][a-z0-9_.]{0,39}$")
"""Bad values shaped like enum tokens are echoed in messages; anything else is described."""


@dataclass(frozen=True)
class Problem:
    """Why one record could not be read: a message at a 1-based line and column."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Record:
    """One request as read from a log: its id, its typed facts, or the problem that stopped it."""

    line: int
    id: str | None
    values: dict[str, Any]
    problem: Problem | None = None


def shown(value: Any) -> str:
    """Render a bad value for an error message without echoing free text or identifiers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value) if abs(value) < 10_000 else "a large number"
    if isinstance(value, str) and _TOKEN.match(value) and not re.search(r"\d{4}", value):
        return f"'{value}'"
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), "a value"
    )


def _record_coercer(spec: FactSpec) -> Coercer:
    """Type answers as profiles do, except that a text fact also takes a list of texts.

    A list of mappings in a record (e.g. the approvals of a review) becomes one column per
    field; a text field's column is kept as ``'; '``-joined text.
    """
    base = coercer(spec)
    if spec.type is not FactType.TEXT:
        return base

    def text_or_column(raw: Any, text: bool) -> Any:
        if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            return "; ".join(raw)
        return base(raw, text)

    return text_or_column


class RecordParser:
    """Flattens nested records to dotted keys and types each answer against the facts catalog."""

    def __init__(self, facts: FactsCatalog, *, generated: bool = True) -> None:
        """Prepare one coercer per answerable fact and the set of nesting prefixes.

        ``generated``: read well-formed JSON records with readers generated for this catalog
        (:mod:`safeguards.engine.audit.nativeread` for a whole line, when msgspec is
        installed; :mod:`safeguards.engine.audit.fastread` for a parsed record) before falling
        back on the general walk.
        """
        self.specs = {
            k: s
            for k, s in facts.facts.items()
            if s.derive is None and s.group not in CONTEXT_GROUPS
        }
        self.reserved = {k for k, s in facts.facts.items() if k not in self.specs}
        self.reserved |= {
            k.rsplit(".", i)[0] for k in self.reserved for i in range(1, k.count(".") + 1)
        }
        self.coercers = {k: _record_coercer(s) for k, s in self.specs.items()}
        self.keys_seen = 0
        """How many keys of mappings the last :meth:`parse` went through (envelope included)."""
        self.prefixes = {
            k.rsplit(".", i)[0] for k in self.specs for i in range(1, k.count(".") + 1)
        }
        # One lookup table per nesting level: raw key -> (dotted key, coercer or None for a
        # prefix). The top level also takes full dotted keys (CSV headers, flat records).
        self.tree: dict[str, dict[str, Entry]] = {"": {}}
        for key in (*self.specs, *self.prefixes):
            spec = self.specs.get(key)
            values = frozenset(spec.values) if spec and spec.type is FactType.ENUM else None
            entry = (key, self.coercers.get(key), values)
            self.tree[""][key] = entry
            if "." in key:
                parent, leaf = key.rsplit(".", 1)
                self.tree.setdefault(parent + ".", {})[leaf] = entry
        self.generated = generated
        self._row_readers: dict[tuple[str, ...], RowRead] = {}
        self.native: NativeRead | None = None
        """Reads a whole JSONL line in native code (msgspec), when installed: see nativeread."""
        if generated:
            self.native = compile_native_reader(self.tree, self.specs)

    def row_reader(self, names: Sequence[str]) -> RowRead | None:
        """Return the reader generated for rows under the header ``names`` (CSV, database).

        Compiled once per header (see :mod:`safeguards.engine.audit.rowread`); ``None`` when
        the parser was made without generated readers.
        """
        if not self.generated:
            return None
        key = tuple(names)
        reader = self._row_readers.get(key)
        if reader is None:
            reader = compile_row_reader(key, self.specs, self.coercers)
            self._row_readers[key] = reader
        return reader

    @cached_property
    def flat(self) -> FastRead | None:
        """The reader generated for flat records (every fact under its dotted key).

        Compiled at its first use (:func:`~safeguards.engine.audit.fastread.compile_flat_reader`).
        """
        if not self.generated:
            return None
        return compile_flat_reader(self.tree, self.specs, self.columns, ENVELOPE)

    @cached_property
    def fast(self) -> FastRead | None:
        """The reader generated for a parsed record (see fastread), compiled at its first use.

        With the native reader most lines never need it (it reads what msgspec leaves: CSV
        rows, unusual lines), so an audit does not compile it before it is needed.
        """
        if not self.generated:
            return None
        return compile_reader(self.tree, self.specs, self.columns, ENVELOPE)

    def parse(self, raw: Any, text: bool = False) -> tuple[str | None, dict[str, Any], str | None]:
        """Return the record's id, its typed facts, and the first problem (or ``None``).

        Counts the keys it goes through in :attr:`keys_seen`, so that a reader can tell a
        line that may repeat a key without walking the record twice.
        """
        if not text and self.fast is not None:
            quick = self.fast(raw)
            if quick is None and self.flat is not None:
                quick = self.flat(raw)
            if quick is not None:
                self.keys_seen = quick[2]
                return quick[0], quick[1], None
        self.keys_seen = 0
        if not isinstance(raw, dict):
            return None, {}, "a record must be a JSON object"
        rid = raw.get("id")
        if rid is not None and not isinstance(rid, str | int):
            return None, {}, "'id' must be text"
        rid = None if rid is None else str(rid)
        if not rid:
            return None, {}, "the record has no 'id'"
        body = raw.get("facts")
        if body is None:
            body = raw
        elif not isinstance(body, dict):
            return rid, {}, "'facts' must be a mapping"
        else:
            extra = sorted(k for k in raw if k not in ENVELOPE)
            if extra:
                return (
                    rid,
                    {},
                    f"'{extra[0]}' stands beside 'facts': put it inside, or drop 'facts'",
                )
        values: dict[str, Any] = {}
        if body is not raw:
            self.keys_seen = len(raw)
        problem = self._walk(body, "", values, text, body is raw)
        return rid, values, problem

    def _walk(
        self, data: Mapping[str, Any], prefix: str, out: dict[str, Any], text: bool, top: bool
    ) -> str | None:
        node = self.tree.get(prefix, self.tree[""]) if prefix else self.tree[""]
        self.keys_seen += len(data)
        for raw_key, value in data.items():
            entry = node.get(raw_key)
            if entry is None:
                if top and raw_key in ENVELOPE:
                    continue
                return self._unknown(prefix + raw_key)
            key, coerce, allowed = entry
            if key in out:
                return f"'{key}' is given twice (dotted and nested, or repeated): which is meant?"
            if allowed is not None and value.__class__ is str and value in allowed:
                out[key] = value  # the common case of an enum answer, without a call
            elif coerce is not None:
                if value is None or (text and value == ""):
                    continue
                typed = coerce(value, text)
                if typed is BAD:
                    wanted = expected(self.specs[key], listing=False)
                    return f"'{key}' expects {wanted}, not {shown(value)}"
                out[key] = typed
            elif value is None:
                continue
            elif isinstance(value, dict):
                problem = self._walk(value, key + ".", out, text, False)
                if problem:
                    return problem
            elif isinstance(value, list) and all(isinstance(x, dict) for x in value):
                problem = self.columns(value, key, out)
                if problem:
                    return problem
            else:
                return f"'{key}' must be a mapping, not {shown(value)}"
        return None

    def columns(self, items: list[dict[str, Any]], key: str, out: dict[str, Any]) -> str | None:
        """Turn a list of mappings into one list (or ';'-joined text) per field."""
        columns: dict[str, list[Any]] = {}
        for item in items:
            self.keys_seen += len(item)
            for field, value in item.items():
                if value is not None:
                    columns.setdefault(f"{key}.{field}", []).append(value)
        for name, column in columns.items():
            spec = self.specs.get(name)
            if spec is None or spec.type not in (FactType.LIST, FactType.TEXT):
                return self._unknown(name)
            if name in out:
                return f"'{name}' is given twice (dotted and nested, or repeated): which is meant?"
            typed = self.coercers[name](column, False)
            if typed is BAD:
                return f"'{name}' expects {expected(spec, listing=False)}"
            out[name] = typed
        return None

    def _unknown(self, key: str) -> str:
        if key in self.reserved:
            return f"'{key}' is computed by the audit and cannot be given in a record"
        hint = did_you_mean(key, list(self.specs))
        return f"unknown fact '{key}'{hint}"
