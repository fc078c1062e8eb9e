"""A record reader generated from the facts catalog: the common case without the general walk.

:class:`~safeguards.engine.audit.records.RecordParser` walks a record generically: a table
lookup per key, a recursive call per nested mapping. For a well-formed JSON record (a plain
object with an ``id``, every key known, every answer of the expected type) the generated
function below fetches every answerable key of the catalog by direct access, types the common
answers inline (a boolean, an enum value, a text) and calls the fact's own coercer for the
others. Whenever anything is unusual (an unknown or dotted key, a ``facts`` envelope, an answer
of the wrong type, a value the coercer refuses) it returns ``None`` and the general parser
reads the record again, so every problem keeps its one message and column. Both give the same
facts for every record they both read (``tests/unit/test_fastread.py``); the parser asks this
reader first (:meth:`RecordParser.parse`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from safeguards.engine.catalog.facttypes import BAD, Coercer
from safeguards.engine.models import FactSpec, FactType

Entry = tuple[str, Coercer | None, frozenset[str] | None]
"""How the parser reads a raw key: (dotted key, coercer or None for a nesting, enum values)."""

Columns = Callable[[list[dict[str, Any]], str, dict[str, Any]], "str | None"]
"""The parser's reading of a list of mappings into one column per field (None: no problem)."""

FastRead = Callable[[Any], "tuple[str, dict[str, Any], int] | None"]
"""``read(raw)``: the record's id, its typed facts and the number of keys gone through, or
None when the general parser must read it."""


class Source:
    """Lines of the generated function and the constants it refers to by name."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"BAD": BAD, "MISSING": object()}

    def constant(self, value: Any) -> str:
        """Return the name under which ``value`` is visible to the generated code."""
        name = f"K{len(self.names)}"
        self.names[name] = value
        return name

    def add(self, indent: int, line: str) -> None:
        """Add one line of source, indented ``indent`` levels."""
        self.lines.append("    " * indent + line)

    def function(self, filename: str) -> Any:
        """Compile the lines (one function named ``read``) and return that function."""
        scope = dict(self.names)
        exec(compile("\n".join(self.lines), filename, "exec"), scope)
        return scope["read"]


class _Catalog:
    """What the generated code is made from: the parser's tables, named for the generator."""

    def __init__(
        self, tree: dict[str, dict[str, Entry]], specs: dict[str, FactSpec], columns: Columns
    ) -> None:
        self.tree, self.specs, self.columns = tree, specs, columns


def compile_reader(
    tree: dict[str, dict[str, Entry]],
    specs: dict[str, FactSpec],
    columns: Columns,
    envelope: frozenset[str],
) -> FastRead:
    """Return the generated reader of records whose keys ``tree`` maps (one table per level).

    ``specs`` are the answerable facts, ``columns`` reads a list of mappings, ``envelope``
    names the keys of a record that are not facts.
    """
    parser = _Catalog(tree, specs, columns)
    src = _begun(envelope)
    _level(src, parser, "", "raw", 2)
    src.add(2, "if known != len(raw):")
    return _ended(src, "<safeguards record reader>")


def _begun(envelope: frozenset[str]) -> Source:
    """Begin a reader of a parsed record: a mapping with a text id and no ``facts`` envelope.

    The code that follows (at indentation 2) fills ``out``, adds the keys of nested mappings
    to ``seen`` and counts the keys it knows in ``known``; :func:`_ended` ends it.
    """
    src = Source()
    src.add(0, "def read(raw):")
    src.add(1, "try:  # an unhashable item where a text was expected: the general parser's")
    src.add(2, "if raw.__class__ is not dict:")
    src.add(3, "return None")
    src.add(2, "rid = raw.get('id')")
    src.add(2, "if rid.__class__ is not str or not rid or 'facts' in raw:")
    src.add(3, "return None")
    src.add(2, "out = {}")
    src.add(2, "seen = len(raw)")
    src.add(2, "known = " + " + ".join(f"({k!r} in raw)" for k in sorted(envelope - {"facts"})))
    return src


def _ended(src: Source, filename: str) -> FastRead:
    """End a reader after the test of its keys: leave the record when a key was not known."""
    src.add(3, "return None")
    src.add(2, "return rid, out, seen")
    src.add(1, "except (TypeError, AttributeError):  # a key that is no text (a program's dict)")
    src.add(2, "return None")
    read: FastRead = src.function(filename)
    return read


def compile_flat_reader(
    tree: dict[str, dict[str, Entry]],
    specs: dict[str, FactSpec],
    columns: Columns,
    envelope: frozenset[str],
) -> FastRead:
    """Return the generated reader of flat records: every fact under its full dotted key.

    Such records are what a table exported as JSON lines gives (``sqlite3 -json``, pandas'
    ``to_json(orient="records", lines=True)``, a CSV converted line by line). Each answerable
    key is fetched and typed as :func:`compile_reader` types it, and a list of mappings under
    its dotted prefix (``review.approvals``) is read into columns after them, as the general
    parser reads it; any other key (a nested mapping, an unknown or a computed fact) leaves
    the record to the general parser.
    """
    src = _begun(envelope)
    top = tree[""]
    for key in sorted(specs):
        _, coerce, allowed = top[key]
        assert coerce is not None  # an answerable fact, not a nesting
        value, body = emit_given(src, f"raw.get({key!r}, MISSING)", "MISSING", "known", 2)
        emit_typed(src, specs[key], coerce, allowed, value, body)
    read_columns = src.constant(columns)
    for key in sorted(k for k, (_, coerce, _) in top.items() if coerce is None and "." in k):
        # after every answer: the columns of a list of mappings refuse a fact given twice
        value, body = emit_given(src, f"raw.get({key!r}, MISSING)", "MISSING", "known", 2)
        src.add(
            body, f"if {value}.__class__ is list and all(x.__class__ is dict for x in {value}):"
        )
        src.add(body + 1, f"if {read_columns}({value}, {key!r}, out):")
        src.add(body + 2, "return None")
        src.add(body + 1, f"seen += sum(map(len, {value}))")
        src.add(body, "else:")
        src.add(body + 1, "return None")
    src.add(2, "if len(raw) != known:  # a key that is no flat answer")
    return _ended(src, "<safeguards flat record reader>")


def _level(src: Source, parser: _Catalog, prefix: str, var: str, indent: int) -> None:
    """Emit the code reading one mapping of the record (``var``) at ``prefix``."""
    node = parser.tree.get(prefix, {}) if prefix else parser.tree[""]
    for leaf, (key, coerce, allowed) in sorted(node.items()):
        if not prefix and "." in leaf:
            continue  # a dotted key at the top: the general parser's business
        value, body = emit_given(src, f"{var}.get({leaf!r}, MISSING)", "MISSING", "known", indent)
        if coerce is None:
            _nested(src, parser, key, value, body)
            continue
        emit_typed(src, parser.specs[key], coerce, allowed, value, body)


def emit_given(src: Source, fetch: str, absent: str, counter: str, indent: int) -> tuple[str, int]:
    """Emit: fetch one answer; when the key is there, count it; go on when it is not null.

    Returns the name the answer is held in and the indentation of the code that reads it.
    """
    value = f"v{len(src.lines)}"
    src.add(indent, f"{value} = {fetch}")
    src.add(indent, f"if {value} is not {absent}:")
    src.add(indent + 1, f"{counter} += 1")
    src.add(indent + 1, f"if {value} is not None:")
    return value, indent + 2


def emit_typed(
    src: Source,
    spec: FactSpec,
    coerce: Coercer,
    allowed: frozenset[str] | None,
    value: str,
    at: int,
) -> None:
    """Emit the typing of one answer (``value``) into ``out``: inline when it has the usual shape.

    Each inline case gives what the fact's coercer gives for that shape; any other shape goes to
    the coercer (a text given as a list, a whole number written 3.0) or, where the coercer could
    only refuse it, back to the general parser.
    """
    key = repr(spec.key)
    kind = spec.type
    if allowed is not None:  # an enum answer
        test = f"{value}.__class__ is str and {value} in {src.constant(allowed)}"
        _kept_or_refused(src, at, test, key, value)
        return
    if kind is FactType.BOOL:
        _kept_or_refused(src, at, f"{value} is True or {value} is False", key, value)
        return
    if kind is FactType.LIST:
        # issuperset: every item one of the allowed texts (an unhashable item raises TypeError,
        # which sends the record to the general parser); repeated items kept once, in order
        among = src.constant(frozenset(spec.values))
        test = f"{value}.__class__ is list and {among}.issuperset({value})"
        once = f"list(dict.fromkeys({value})) if len({value}) > 1 else {value}"
        _kept_or_refused(src, at, test, key, once)
        return
    if kind is FactType.DATETIME or kind is FactType.DATE:
        _moment(src, kind, key, value, at)
        return
    if kind is FactType.TEXT:
        src.add(at, f"if {value}.__class__ is str:")
        src.add(at + 1, f"out[{key}] = {value}")
        src.add(at, "else:")
        at += 1
    elif kind is FactType.INT:
        bounds = "".join(
            f" and {value} {op} {limit!r}"
            for op, limit in ((">=", spec.minimum), ("<=", spec.maximum))
            if limit is not None
        )
        src.add(at, f"if {value}.__class__ is int{bounds}:")
        src.add(at + 1, f"out[{key}] = {value}")
        src.add(at, "else:")
        at += 1
    src.add(at, f"{value} = {src.constant(coerce)}({value}, False)")
    src.add(at, f"if {value} is BAD:")
    src.add(at + 1, "return None")
    src.add(at, f"out[{key}] = {value}")


def _kept_or_refused(src: Source, at: int, test: str, key: str, stored: str) -> None:
    """Emit: when ``test`` holds, store ``stored`` under ``key``; else leave the record."""
    src.add(at, f"if {test}:")
    src.add(at + 1, f"out[{key}] = {stored}")
    src.add(at, "else:")
    src.add(at + 1, "return None")


def _moment(src: Source, kind: FactType, key: str, value: str, at: int) -> None:
    """Emit the reading of a date (ISO text of 10 characters) or a date and time (UTC if bare)."""
    parse = "datetime.fromisoformat" if kind is FactType.DATETIME else "date.fromisoformat"
    shape = "" if kind is FactType.DATETIME else f" and len({value}) == 10"
    src.add(at, f"if {value}.__class__ is str{shape}:")
    src.add(at + 1, "try:")
    src.add(at + 2, f"{value} = {src.constant(_PARSERS[parse])}({value})")
    src.add(at + 1, "except ValueError:")
    src.add(at + 2, "return None")
    if kind is FactType.DATETIME:  # a time without its zone is UTC
        src.add(at + 1, f"if {value}.tzinfo is None:")
        src.add(at + 2, f"{value} = {value}.replace(tzinfo={src.constant(dt.UTC)})")
    src.add(at + 1, f"out[{key}] = {value}")
    src.add(at, "else:")
    src.add(at + 1, "return None")


_PARSERS = {
    "datetime.fromisoformat": dt.datetime.fromisoformat,
    "date.fromisoformat": dt.date.fromisoformat,
}


def _nested(src: Source, parser: _Catalog, key: str, value: str, indent: int) -> None:
    """Emit the code for a nesting key: a mapping read inline, or a list of mappings."""
    src.add(indent, f"if {value}.__class__ is dict:")
    src.add(indent + 1, f"seen += len({value})")
    src.add(indent + 1, f"outer_{value} = known")  # one name per level: levels nest
    src.add(indent + 1, "known = 0")
    _level(src, parser, key + ".", value, indent + 1)
    src.add(indent + 1, f"if known != len({value}):")
    src.add(indent + 2, "return None")
    src.add(indent + 1, f"known = outer_{value}")
    src.add(
        indent, f"elif {value}.__class__ is list and all(x.__class__ is dict for x in {value}):"
    )
    columns = src.constant(parser.columns)
    src.add(indent + 1, f"if {columns}({value}, {key!r}, out):")
    src.add(indent + 2, "return None")
    src.add(indent + 1, f"seen += sum(map(len, {value}))")
    src.add(indent, "else:")
    src.add(indent + 1, "return None")
