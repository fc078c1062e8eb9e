"""Where and how one answer is written into a profile's YAML text, every other byte kept.

:func:`apply` finds the fact's entry (dotted or nested), replaces its value or its dated history,
or writes a new entry under the deepest mapping already on the fact's path, indented as the file
is. :mod:`safeguards.engine.lawyer.edit` checks the result before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from safeguards.engine.errors import UsageError
from safeguards.engine.io.yamledit import (
    Doc,
    NodePath,
    anchored,
    append,
    get,
    insert,
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
    """One answer to write: a value (``None`` = unknown), its source, when it takes effect."""

    fact: str
    value: Any
    source: Mapping[str, str] = field(default_factory=dict)
    effective_from: dt.date | None = None


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
    return tree


def apply(text: str, history: tuple[Answer, ...], change: Change) -> str:
    """Return ``text`` with one answer set (see :func:`set_answer`) or raise ``UsageError``."""
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
        simple = not change.source and change.effective_from is None
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
    if change.effective_from is not None:
        return _dated(text, path, node, history, change, step)
    if is_history(node):
        open_items = [i for i, a in enumerate(history) if a.effective_until is None]
        if not open_items:
            raise UsageError(
                f"every dated answer to '{change.fact}' has ended; add one with --effective-from"
            )
        path = (*path, open_items[-1])
        node = doc.at(path)[1]
    if not is_mapping(node):
        if not change.source:
            return replace(text, path, value)
        return rewrite(text, path, _answer_tree(change, value), step)
    return _update_mapping(text, path, change, value, step)


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


def _dated(
    text: str, path: NodePath, node: Any, history: tuple[Answer, ...], change: Change, step: int
) -> str:
    start = change.effective_from
    assert start is not None
    if start <= dt.date.min:
        raise UsageError(
            "--effective-from must be after 0001-01-01: an earlier answer ends the day before"
        )
    before = (start - dt.timedelta(days=1)).isoformat()
    for answer in history:
        if answer.effective_from is not None and answer.effective_from >= start:
            raise Conflict(
                answer,
                f"'{change.fact}' already has an answer from {answer.effective_from}; "
                f"--effective-from must come after it",
            )
        if answer.effective_until is not None and answer.effective_until >= start:
            raise Conflict(
                answer,
                f"'{change.fact}' already has an answer in force until {answer.effective_until}",
            )
    new_item = _answer_tree(change, scalar(change.value))
    if is_history(node):
        for i, answer in enumerate(history):
            if answer.effective_until is None:
                text = insert(text, (*path, i), {"effective_until": Raw(before)}, step)
        return append(text, path, new_item, step)
    closing: dict[str, Tree] = {}
    if history and history[0].effective_until is None:
        closing = {"effective_until": Raw(before)}
    if is_mapping(node):
        return listify(text, path, closing, new_item, step)
    doc = Doc(text)
    old = doc.text[node.start_mark.index : node.end_mark.index]
    old_value = old if "\n" not in old else scalar(history[0].value if history else None)
    first: dict[str, Tree] = {"value": Raw(old_value), **closing}
    return rewrite(text, path, [first, new_item], step)
