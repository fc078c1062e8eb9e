"""A line reader in native code: msgspec decodes a JSONL line straight into typed structures.

:mod:`safeguards.engine.audit.fastread` reads a record that orjson has already turned into
nested dicts. Here the line itself goes to a msgspec decoder whose structures are generated
from the facts catalog (one per nesting level, unknown keys refused, each answer of the JSON
type its fact takes), so parsing, the refusal of unknown keys and the first typing happen in C
without building a dict per mapping; a generated function then types what JSON cannot say
(enum values, bounds, dates) exactly as the dict reader does, into the same flat facts.

Whatever the decoder refuses or the function finds unusual goes back, whole, to the usual path
(orjson, the dict reader, the general parser), so every problem keeps its one message and
column, and a line is never read differently: the decoder's types are narrower than what the
usual path accepts, and a whole number outside the 64-bit range (which orjson reads as a float)
is left to it. ``tests/unit/test_nativeread.py`` holds both paths equal, line by line, on the
example and generated logs and on hostile edits of their lines, bytes included.

msgspec and orjson come with the ``fast`` extra; without either, this reader is not used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from safeguards.engine.audit.fastread import Entry, Source, emit_given, emit_typed
from safeguards.engine.models import FactSpec, FactType

NativeRead = Callable[[bytes], "tuple[str, dict[str, Any], int] | None"]
"""``read(line)``: the record's id, its typed facts and the number of keys it holds, or None
when the usual path must read the line."""

_LOWEST, _HIGHEST = -(2**63), 2**64 - 1
"""The whole numbers orjson reads as whole numbers (beyond them it gives floats)."""


def compile_native_reader(
    tree: dict[str, dict[str, Entry]], specs: dict[str, FactSpec]
) -> NativeRead | None:
    """Return the reader of JSONL lines for the catalog ``tree`` maps, or None without msgspec.

    ``specs`` are the answerable facts (as for
    :func:`safeguards.engine.audit.fastread.compile_reader`).
    """
    try:
        import msgspec
        import orjson  # noqa: F401 - the usual path must be orjson's for both to agree
    except ImportError:  # pragma: no cover - exercised only without the fast extra
        return None
    builder = _Builder(tree, specs, msgspec)
    top = builder.struct("")
    src = Source()
    src.names.update(UNSET=msgspec.UNSET, TOP=top)
    decode = src.constant(msgspec.json.Decoder(top).decode)
    refused = src.constant((msgspec.DecodeError, RecursionError))
    src.add(0, "def read(line):")
    src.add(1, "try:")
    src.add(2, f"rec = {decode}(line)")
    src.add(1, f"except {refused}:")
    src.add(2, "return None")
    src.add(1, "rid = rec.id")
    src.add(1, "if rid.__class__ is not str or not rid:")
    src.add(2, "return None")
    src.add(1, "out = {}")
    src.add(1, "seen = 1")
    for name in _ENVELOPE_FIELDS:
        src.add(1, f"if rec.{name} is not UNSET:")
        src.add(2, "seen += 1")
    _level(src, builder, "", "rec", 1)
    src.add(1, "return rid, out, seen")
    read: NativeRead = src.function("<safeguards native reader>")
    return read


_ENVELOPE_FIELDS = ("kind", "safeguards", "workflow")
"""Keys of a record that are not facts (besides ``id``); a ``facts`` envelope is refused."""


class _Builder:
    """Makes one msgspec structure per nesting level (its fields named ``f0``, ``f1`` and so on)."""

    def __init__(
        self, tree: dict[str, dict[str, Entry]], specs: dict[str, FactSpec], ms: Any
    ) -> None:
        """Prepare to build the structures of ``tree`` with the msgspec module ``ms``."""
        self.tree, self.specs, self.ms = tree, specs, ms
        self.fields: dict[str, list[tuple[str, Entry]]] = {}
        """Per nesting prefix: (field name, entry) of each key it may hold."""
        self.types: dict[str, Any] = {}
        self.items: dict[str, list[tuple[str, FactSpec]]] = {}
        """Per nesting prefix: (field name, fact) of each column an item of a list may hold."""
        self.item_types: dict[str, Any] = {}

    def item(self, prefix: str) -> Any:
        """Return the structure of one item of a list of mappings at ``prefix``.

        Each field is a column: a list fact (its items among the allowed values) or a text
        fact (texts joined); anything else in an item is the usual path's business.
        """
        ms = self.ms
        fields: list[tuple[str, Any, Any]] = []
        named: list[tuple[str, FactSpec]] = []
        rename: dict[str, str] = {}
        for leaf, (key, coerce, _) in sorted(self.tree.get(prefix, {}).items()):
            spec = self.specs.get(key)
            if coerce is None or spec is None:
                continue
            if spec.type is FactType.LIST and spec.values:
                kind: Any = _among(spec)
            elif spec.type is FactType.TEXT:
                kind = str
            else:
                continue
            name = f"f{len(named)}"
            fields.append((name, kind | None | ms.UnsetType, ms.UNSET))
            named.append((name, spec))
            rename[name] = leaf
        self.items[prefix] = named
        self.item_types[prefix] = self._define(f"Item_{len(self.item_types)}", fields, rename)
        return self.item_types[prefix]

    def _define(self, name: str, fields: list[tuple[str, Any, Any]], rename: dict[str, str]) -> Any:
        """Define one structure: unknown keys refused, never tracked by the garbage collector."""
        return self.ms.defstruct(name, fields, forbid_unknown_fields=True, gc=False, rename=rename)

    def struct(self, prefix: str) -> Any:
        """Return the structure of the mapping at ``prefix`` ('' for the record)."""
        ms = self.ms
        node = self.tree.get(prefix, {}) if prefix else self.tree[""]
        fields: list[tuple[str, Any, Any]] = []
        named: list[tuple[str, Entry]] = []
        rename: dict[str, str] = {}
        for leaf, entry in sorted(node.items()):
            if not prefix and "." in leaf:
                continue  # a dotted key at the top: the general parser's business
            key, coerce, _ = entry
            name = f"f{len(named)}"
            if coerce is None:
                item = self.item(key + ".")
                kind = self.struct(key + ".") | list[item]  # type: ignore[valid-type]
            else:
                kind = _leaf_type(self.specs[key])
            fields.append((name, kind | None | ms.UnsetType, ms.UNSET))
            named.append((name, entry))
            rename[name] = leaf
        if not prefix:
            fields.append(("id", str | ms.UnsetType, ms.UNSET))
            fields.append(("kind", str | None | ms.UnsetType, ms.UNSET))
            fields.append(("safeguards", list[str] | str | None | ms.UnsetType, ms.UNSET))
            fields.append(("workflow", str | None | ms.UnsetType, ms.UNSET))
        self.fields[prefix] = named
        self.types[prefix] = self._define(f"Record_{len(self.types)}", fields, rename)
        return self.types[prefix]


_LEAF_TYPES: dict[FactType, Any] = {
    FactType.BOOL: bool,
    FactType.ENUM: str,
    FactType.INT: int,
    FactType.NUMBER: int | float,
    FactType.DATE: str,
    FactType.DATETIME: str,
    FactType.TEXT: str | list[str],
    FactType.LIST: list[str],
}
"""The JSON type each kind of answer is decoded as; its typing is finished in Python."""


def _leaf_type(spec: FactSpec) -> Any:
    """Return the type an answer is decoded as: enum values and lists of them checked in C."""
    if spec.values and spec.type in (FactType.ENUM, FactType.LIST):
        among = _among(spec)
        return among if spec.type is FactType.ENUM else list[among]  # type: ignore[valid-type]
    return _LEAF_TYPES[spec.type]


def _among(spec: FactSpec) -> Any:
    """Return the type of one of the fact's allowed values (a ``Literal`` of them)."""
    return Literal.__getitem__(tuple(sorted(spec.values)))


def _decoded_in_full(spec: FactSpec) -> bool:
    """Whether the decoder alone typed the answer as the fact's coercer would (kept as is)."""
    return spec.type is FactType.BOOL or (spec.type is FactType.ENUM and bool(spec.values))


def _level(src: Source, builder: _Builder, prefix: str, var: str, indent: int) -> None:
    """Emit the code reading one structure (``var``) at ``prefix`` into ``out``."""
    for name, (key, coerce, allowed) in builder.fields[prefix]:
        value, at = emit_given(src, f"{var}.{name}", "UNSET", "seen", indent)
        if coerce is None:
            struct = src.constant(builder.types[key + "."])
            src.add(at, f"if {value}.__class__ is {struct}:")
            _level(src, builder, key + ".", value, at + 1)
            src.add(at, "else:  # a list of mappings: one column per field")
            _columns(src, builder.items[key + "."], value, at + 1)
            continue
        spec = builder.specs[key]
        if _decoded_in_full(spec):
            src.add(at, f"out[{key!r}] = {value}")
            continue
        if spec.type is FactType.LIST and spec.values:  # items checked: repeated ones kept once
            once = f"list(dict.fromkeys({value})) if len({value}) > 1 else {value}"
            src.add(at, f"out[{key!r}] = {once}")
            continue
        if spec.type in (FactType.INT, FactType.NUMBER):
            src.add(at, f"if {value}.__class__ is int and not {_LOWEST} <= {value} <= {_HIGHEST}:")
            src.add(at + 1, "return None  # orjson reads it as a float: the usual path decides")
        emit_typed(src, spec, coerce, allowed, value, at)


def _columns(src: Source, fields: list[tuple[str, FactSpec]], value: str, at: int) -> None:
    """Emit the reading of a list of mappings (``value``) into one column per field.

    As :meth:`RecordParser.columns` does: a column gathers the answers of the items that give
    one; a list fact keeps each value once, in order; a text fact joins its texts with ``; ``.
    """
    cells = [f"{value}_c{i}" for i in range(len(fields))]
    for cell in cells:
        src.add(at, f"{cell} = []")
    src.add(at, f"for item in {value}:")
    for cell, (name, _) in zip(cells, fields, strict=True):
        src.add(at + 1, f"x = item.{name}")
        src.add(at + 1, "if x is not UNSET:")
        src.add(at + 2, "seen += 1")
        src.add(at + 2, "if x is not None:")
        src.add(at + 3, f"{cell}.append(x)")
    if not fields:
        src.add(at + 1, "pass")
    for cell, (_, spec) in zip(cells, fields, strict=True):
        src.add(at, f"if {cell}:")
        if spec.type is FactType.LIST:
            once = f"list(dict.fromkeys({cell})) if len({cell}) > 1 else {cell}"
            src.add(at + 1, f"out[{spec.key!r}] = {once}")
        else:
            src.add(at + 1, f"out[{spec.key!r}] = '; '.join({cell})")
