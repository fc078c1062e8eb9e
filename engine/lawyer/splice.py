"""Where and how one answer is written into a profile's YAML text, every other byte kept.

:func:`apply` finds the fact's entry (dotted or nested), replaces its value or its dated history,
or writes a new entry under the deepest mapping already on the fact's path, indented as the file
is. :mod:`safeguards.engine.lawyer.edit` checks the result before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from safeguards.engine.errors import UsageError
from safeguards.engine.io.yamledit import (
    Doc,
    NodePath,
    anchored,
    get,
    insert,
    insert_item,
    is_empty,
    is_flow,
    is_history,
    is_mapping,
    listify,
    remove,
    replace,
    rewrite,
)
from safeguards.engine.io.yamlemit import Raw, Tree, scalar
from safeguards.engine.models import Answer

SOURCE_FIELDS = ("instrument", "article", "url", "quote", "basis")


@dataclass(frozen=True)
class Change:
    """One answer to write: a value (``None`` = unknown), its source, the days it is in force.

    Without dates it replaces the answer in force. With ``effective_from`` it is added from that
    day on, and the open answer before it ends the day before; with ``effective_until`` it is
    added up to that day, and the answer after it (one in force since no date) starts the day
    after; with both it fills that period, which no answer may hold yet.
    """

    fact: str
    value: Any
    source: Mapping[str, str] = field(default_factory=dict)
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None

    @property
    def dated(self) -> bool:
        """Return whether the answer is added for a period rather than replacing one."""
        return self.effective_from is not None or self.effective_until is not None


def find_entry(facts: Any, fact: str) -> tuple[NodePath, str] | None:
    """Return the node path of a fact's entry and the key text it is written under."""

    def walk(node: Any, prefix: str, path: NodePath) -> tuple[NodePath, str] | None:
        if not is_mapping(node):
            return None
        for k, v in node.value:
            full = prefix + str(k.value)
            if full == fact:
                return (*path, str(k.value)), str(k.value)
            if fact.startswith(full + ".") and is_mapping(v):
                found = walk(v, full + ".", (*path, str(k.value)))
                if found:
                    return found
        return None

    return walk(facts, "", ("facts",))


def locate_fact(text: str, fact: str) -> tuple[int, int]:
    """Return the 1-based line and column where a fact is (or would be) written."""
    doc = Doc(text)
    facts_key, facts = doc.at(("facts",))
    entry = find_entry(facts, fact)
    key = doc.at(entry[0])[0] if entry else facts_key
    mark = key.start_mark if key is not None else facts.start_mark
    return int(mark.line) + 1, int(mark.column) + 1


def deepest_parent(facts: Any, fact: str) -> tuple[NodePath, str]:
    """Return the deepest existing mapping on a fact's dotted path, and the key left to write."""
    path: NodePath = ("facts",)
    prefix, node = "", facts
    progressed = True
    while progressed:
        progressed = False
        for k, v in node.value if is_mapping(node) else []:
            full = prefix + str(k.value)
            if fact.startswith(full + ".") and is_mapping(v):
                path, prefix, node, progressed = (*path, str(k.value)), full + ".", v, True
                break
    return path, fact[len(prefix) :]


def _step(doc: Doc) -> int:
    facts = get(doc.root, "facts")
    if facts and is_mapping(facts[1]) and facts[1].value and not is_flow(facts[1]):
        return max(2, int(facts[1].value[0][0].start_mark.column - facts[0].start_mark.column))
    return 2


def _answer_tree(change: Change, value: str) -> dict[str, Tree]:
    tree: dict[str, Tree] = {"value": Raw(value)}
    if change.source:
        tree["source"] = {k: Raw(scalar(v)) for k, v in change.source.items()}
    if change.effective_from:
        tree["effective_from"] = Raw(change.effective_from.isoformat())
    if change.effective_until:
        tree["effective_until"] = Raw(change.effective_until.isoformat())
    return tree


def apply(text: str, history: tuple[Answer, ...], change: Change) -> str:
    """Return ``text`` with one answer set (see :func:`set_answer`) or raise ``UsageError``."""
    _check_period(change)
    doc = Doc(text)
    step = _step(doc)
    value = scalar(change.value)
    facts = doc.at(("facts",))[1]
    entry = find_entry(facts, change.fact)
    where = entry[0] if entry else deepest_parent(facts, change.fact)[0]
    anchor = anchored(doc, where, inside=entry is not None)
    if anchor:
        raise UsageError(
            f"'{change.fact}' is shared through the YAML anchor &{anchor}; edit it by hand"
        )
    if entry is None or is_empty(doc.at(entry[0])[1]):
        simple = not change.source and not change.dated
        if entry is not None:
            path = entry[0]
            if simple:
                return replace(text, path, value)
            return insert(text, path, _answer_tree(change, value), step)
        parent, key = deepest_parent(facts, change.fact)
        tree: Tree = Raw(value) if simple else _answer_tree(change, value)
        return insert(text, parent, {key: tree}, step)
    path = entry[0]
    node = doc.at(path)[1]
    if change.dated:
        return _dated(text, path, node, history, change, step)
    if is_history(node):
        last = last_open(history)
        if last is None:
            raise UsageError(
                f"every dated answer to '{change.fact}' has ended; add one with --effective-from"
            )
        path = (*path, last)
        node = doc.at(path)[1]
    if not is_mapping(node):
        if not change.source:
            return replace(text, path, value)
        return rewrite(text, path, _answer_tree(change, value), step)
    return _update_mapping(text, path, change, value, step)


def last_open(history: Sequence[Answer]) -> int | None:
    """Return the index of the answer an undated change edits in a history.

    That is the last one still open (no end date); None when every dated answer has ended.
    """
    found = [i for i, a in enumerate(history) if a.effective_until is None]
    return found[-1] if found else None


def _update_mapping(text: str, path: NodePath, change: Change, value: str, step: int) -> str:
    node = Doc(text).at(path)[1]
    old_value = get(node, "value")
    changed = old_value is None or text[_span(old_value[1])] != value
    text = replace(text, (*path, "value"), value) if old_value else text
    if not change.source:
        return text
    # A new citation replaces the old one whole: a URL, quote, basis or comment left over from
    # the old source would attribute the new answer to a text that never gave it.
    cited = _answer_tree(change, value)["source"]
    found = get(node, "source")
    if found is None:
        text = insert(text, path, {"source": cited}, step)
    else:
        text = rewrite(text, (*path, "source"), cited, step, keep_notes=False)
    if (found is not None or changed) and get(Doc(text).at(path)[1], "note"):
        # the note explained the old answer or its old source: it goes with them
        text = remove(text, (*path, "note")) or text
    return text


def _span(node: Any) -> slice:
    return slice(int(node.start_mark.index), int(node.end_mark.index))


class Conflict(UsageError):
    """A dated answer asked for where the profile already has one at that date or later."""

    def __init__(self, answer: Answer, message: str) -> None:
        """Keep the answer in the way, whose place the message is given at."""
        super().__init__(message)
        self.line, self.column = answer.line, answer.column


def _check_period(change: Change) -> None:
    start, end = change.effective_from, change.effective_until
    if start is not None and start <= dt.date.min:
        raise UsageError(
            "--effective-from must be after 0001-01-01: an earlier answer ends the day before"
        )
    if end is not None and end >= dt.date.max:
        raise UsageError(
            "--effective-until must be before 9999-12-31: a later answer starts the day after"
        )
    if start is not None and end is not None and end < start:
        raise UsageError(f"--effective-until {end} is before --effective-from {start}")


Trim = tuple[str, dt.date]
"""The date an answer in the way gets so as to make room: its new end or its new start."""


def _period(answer: Answer) -> str:
    start, end = answer.effective_from, answer.effective_until
    if start is not None and end is not None:
        return f"an answer in force from {start} until {end}"
    if start is not None:
        return f"an answer from {start}"
    if end is not None:
        return f"an answer in force until {end}"
    return "an answer with no dates (in force on every day)"


def _trims(history: tuple[Answer, ...], change: Change) -> dict[int, Trim]:
    """Return how the answers overlapping the new one's period make room, or raise ``Conflict``.

    Only an open end gives way: with ``effective_from`` alone, the answer still in force from
    before ends the day before; with ``effective_until`` alone, the answer in force since no
    date starts the day after. Any other overlap is refused at the answer in the way.
    """
    start, end = change.effective_from, change.effective_until
    lo, hi = start or dt.date.min, end or dt.date.max
    trims: dict[int, Trim] = {}
    for i, answer in enumerate(history):
        a_start, a_end = answer.effective_from, answer.effective_until
        a_lo, a_hi = a_start or dt.date.min, a_end or dt.date.max
        if a_lo > hi or a_hi < lo:
            continue  # no day in common
        if end is None and a_end is None and a_lo < lo:
            trims[i] = ("effective_until", lo - dt.timedelta(days=1))
        elif start is None and a_start is None and a_hi > hi:
            trims[i] = ("effective_from", hi + dt.timedelta(days=1))
        else:
            said = f"'{change.fact}' already has {_period(answer)}"
            raise Conflict(answer, said + _hint(answer, change))
    return trims


def _hint(answer: Answer, change: Change) -> str:
    start, end, a_start = change.effective_from, change.effective_until, answer.effective_from
    if end is None and a_start is not None and start is not None and a_start >= start:
        return "; --effective-from must come after it"
    if start is None and a_start is not None:
        return "; --effective-until must come before it"
    both = start is not None and end is not None
    if both and a_start is None and answer.effective_until is None:
        return (
            "; give --effective-until alone to add an answer before it,"
            " or --effective-from alone to add one after it"
        )
    return ""


def _dated(
    text: str, path: NodePath, node: Any, history: tuple[Answer, ...], change: Change, step: int
) -> str:
    trims = _trims(history, change)
    new_item = _answer_tree(change, scalar(change.value))
    end = change.effective_until

    def starts_after_new(i: int) -> bool:
        trim = trims.get(i)
        day = trim[1] if trim and trim[0] == "effective_from" else history[i].effective_from
        return end is not None and day is not None and day > end

    later = [i for i in range(len(history)) if starts_after_new(i)]
    if is_history(node):
        for i, (name, day) in trims.items():
            text = insert(text, (*path, i), {name: Raw(day.isoformat())}, step)
        return insert_item(text, path, later[0] if later else None, new_item, step)
    extra: dict[str, Tree] = {name: Raw(day.isoformat()) for name, day in trims.values()}
    if is_mapping(node):
        return listify(text, path, extra, new_item, step, new_first=bool(later))
    doc = Doc(text)
    old = doc.text[node.start_mark.index : node.end_mark.index]
    old_value = old if "\n" not in old else scalar(history[0].value if history else None)
    kept: dict[str, Tree] = {"value": Raw(old_value), **extra}
    return rewrite(text, path, [new_item, kept] if later else [kept, new_item], step)
