"""A reader generated for one header: the rows of a CSV or database log without the general walk.

A CSV log (and a database log) names its facts once, in its header; every row then holds its
answers at the same places. :func:`compile_row_reader` writes, for one header, a function that
fetches each column's answer by its index and types it as the general parser types a CSV cell
(:meth:`~safeguards.engine.audit.records.RecordParser.parse` with ``text=True``): an empty
cell (or NULL) is no answer; a boolean, an enum value or a text is typed inline, any other
answer by the fact's own coercer. A database's native values are read as the text they would
be written as: a boolean fact takes 1 and 0, a whole-number fact an INTEGER (any other native
value goes to the general parser, which writes it as text first).

Whenever anything is unusual (an answer in a column that names no fact, an id that is no text,
an answer its coercer refuses, a value of another storage class) the reader returns ``None``
and the general parser reads the row again, so every problem keeps its one message and
column. Both give the same facts for every row they both read (``tests/unit/test_rowread.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from safeguards.engine.audit.fastread import Source
from safeguards.engine.catalog.facttypes import Coercer
from safeguards.engine.models import FactSpec, FactType

RowRead = Callable[[Sequence[Any]], "tuple[str, dict[str, Any]] | None"]
"""``read(cells)``: the row's id and its typed facts, or None when the general parser must read
it."""

_BOOLS = {"true": True, "false": False, 1: True, 0: False}
"""A boolean cell as written (the text true or false; a database's 1 or 0)."""


def compile_row_reader(
    names: Sequence[str], specs: dict[str, FactSpec], coercers: dict[str, Coercer]
) -> RowRead:
    """Return the generated reader of rows whose columns ``names`` names (a log's header).

    ``specs`` are the answerable facts and ``coercers`` their coercers (as the parser has them).
    """
    src = Source()
    src.add(0, "def read(row):")
    if "id" not in names:  # no id to give: the general parser says so, row by row
        src.add(1, "return None")
        return _compiled(src)
    src.add(1, "out = {}")
    for index, name in enumerate(names):
        value = f"v{index}"
        src.add(1, f"{value} = row[{index}]")
        if name == "id":
            src.add(1, f"if {value}.__class__ is not str or not {value}:")
            src.add(2, "return None")
            rid = value
            continue
        src.add(1, f"if {value} is not None and {value} != '':")
        spec = specs.get(name)
        if spec is None:  # a prefix, a computed or unknown fact: the general parser's
            src.add(2, "return None")
            continue
        _typed(src, spec, coercers[name], value, 2)
    src.add(1, f"return {rid}, out")
    return _compiled(src)


def _compiled(src: Source) -> RowRead:
    read: RowRead = src.function("<safeguards row reader>")
    return read


def _typed(src: Source, spec: FactSpec, coerce: Coercer, value: str, at: int) -> None:
    """Emit the typing of one answer (``value``) into ``out``, or the leaving of the row."""
    key = repr(spec.key)
    kind = spec.type
    if kind is FactType.ENUM:
        allowed = src.constant(frozenset(spec.values))
        src.add(at, f"if {value}.__class__ is str and {value} in {allowed}:")
        src.add(at + 1, f"out[{key}] = {value}")
        src.add(at, "else:")
        src.add(at + 1, "return None")
        return
    if kind is FactType.BOOL:
        src.add(at, f"{value} = {src.constant(_BOOLS)}.get({value})")
        src.add(at, f"if {value} is None:")
        src.add(at + 1, "return None")
        src.add(at, f"out[{key}] = {value}")
        return
    if kind is FactType.TEXT:
        src.add(at, f"if {value}.__class__ is str:")
        src.add(at + 1, f"out[{key}] = {value}")
        src.add(at, "else:")
        src.add(at + 1, "return None")
        return
    typing = src.constant(coerce)
    src.add(at, f"if {value}.__class__ is str:")
    src.add(at + 1, f"{value} = {typing}({value}, True)")
    if kind is FactType.INT:  # a database's INTEGER, typed as its text would be
        src.add(at, f"elif {value}.__class__ is int:")
        src.add(at + 1, f"{value} = {typing}({value}, False)")
    src.add(at, "else:")
    src.add(at + 1, "return None")
    src.add(at, f"if {value} is BAD:")
    src.add(at + 1, "return None")
    src.add(at, f"out[{key}] = {value}")
