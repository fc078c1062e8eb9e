"""Sets one answer of a profile in place, keeping every comment and every other byte of the file.

The edit is validated before anything is written: the value against the fact's declared type,
then the whole edited profile as ``safeguards check`` would load it, and finally every other
answer is compared with the original so that a slip of the splice can never change them. The
file is replaced atomically.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import fcntl
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import (
    InputErrors,
    SafeguardsError,
    SubjectError,
    UsageError,
    did_you_mean,
)
from safeguards.engine.io.output import write_atomic
from safeguards.engine.io.validation import validate
from safeguards.engine.io.yamledit import (
    Doc,
    NodePath,
    Raw,
    Tree,
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
    scalar,
)
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.models import Answer, FactsCatalog, FactSpec, FactType
from safeguards.engine.subjects.load import coerce, load_subject, parse_facts

SOURCE_FIELDS = ("instrument", "article", "url", "quote", "basis")


@dataclass(frozen=True)
class Change:
    """One answer to write: a value (``None`` = unknown), its source, when it takes effect."""

    fact: str
    value: Any
    source: Mapping[str, str] = field(default_factory=dict)
    effective_from: dt.date | None = None


def parse_value(spec: FactSpec, raw: str) -> tuple[Any, str | None]:
    """Read a value typed on the command line as the fact's type; return it or a problem."""
    text = raw.strip()
    value: Any = text
    match spec.type:
        case FactType.BOOL:
            words = {"true": True, "yes": True, "y": True, "false": False, "no": False, "n": False}
            value = words.get(text.lower(), text)
        case FactType.INT | FactType.NUMBER:
            try:
                value = int(text) if text.lstrip("+-").isdigit() else float(text)
            except ValueError:
                value = text
        case FactType.LIST:
            inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text
            value = [p.strip().strip("'\"") for p in inner.split(",") if p.strip()]
        case _:
            pass
    return coerce(spec, value)


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
            raise UsageError(
                f"'{change.fact}' already has an answer from {answer.effective_from}; "
                f"--effective-from must come after it"
            )
        if answer.effective_until is not None and answer.effective_until >= start:
            raise UsageError(
                f"'{change.fact}' already has an answer in force until {answer.effective_until}"
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


def set_answer(path: Path, catalog: Catalog, change: Change) -> tuple[str, str]:
    """Set one answer of a profile file in place; return the old and the new text.

    Args:
        path: the profile (it must load without error before the edit).
        catalog: the catalog whose facts the profile answers.
        change: the answer to write.

    Raises:
        InputErrors: the profile does not load, or would not load after the edit.
        UsageError: the value does not fit the fact, the fact is unknown or derived, or the
            dates conflict with the answers already given.

    """
    with editing(path):
        subject = load_subject(path, catalog)
        raw = path.read_bytes()
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        old = raw.decode("utf-8-sig")
        new = edit_text(path, old, catalog.facts[subject.kind], change)
        write_atomic(path, bom + new.encode("utf-8"), may_replace_input=True)
    return old, new


@contextlib.contextmanager
def editing(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` while it is read, edited and replaced.

    Two ``set`` runs on one file take turns: the second reads the file the first wrote, so no
    update is lost. The lock is taken on the file itself (no lock file is left behind); since
    the atomic replace gives the file a new inode, a run that waited on the old inode sees that
    the name now points elsewhere and locks again. A file that cannot be opened is left to the
    reader, which reports it.
    """
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block here
        except OSError:
            yield
            return
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                yield  # a device or a pipe is not replaced, so there is nothing to lock
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                now = os.stat(path)
            except OSError:
                now = None
            held = os.fstat(fd)
            if now is None or (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                yield
                return
        finally:
            os.close(fd)  # closing the descriptor releases the lock


def edit_text(path: Path, text: str, facts: FactsCatalog, change: Change) -> str:
    """Return a profile's text with one answer set, checked as :func:`set_answer` describes."""
    spec = require_fact(facts, change.fact, path)
    if change.value is not None:
        _, problem = coerce(spec, change.value)
        if problem:
            raise UsageError(problem)
    before = answers_of(path, text, facts, "")
    try:
        new = apply(text, before.get(change.fact, ()), change)
    except UsageError as exc:
        raise UsageError(f"{path}: {exc}") from None
    try:
        after = answers_of(path, new, facts)
    except InputErrors as exc:  # the splice met a layout it does not handle: write nothing
        problem = exc.errors[0].message
        msg = f"{path}: cannot set '{change.fact}' in this layout ({problem}); file left unchanged"
        raise UsageError(msg) from None
    _verify(before, after, change)
    return new


def require_fact(facts: FactsCatalog, fact: str, path: Path) -> FactSpec:
    """Return a fact's spec, or raise ``UsageError`` for unknown and derived facts."""
    spec = facts.facts.get(fact)
    if spec is None:
        hint = did_you_mean(fact, list(facts.facts))
        raise UsageError(f"{path}: unknown {facts.kind} fact '{fact}'{hint}")
    if spec.derive is not None:
        raise UsageError(f"'{fact}' is derived by the engine ({spec.derive.op}); answer its inputs")
    return spec


def answers_of(
    path: Path, text: str, facts: FactsCatalog, prefix: str = ""
) -> dict[str, tuple[Answer, ...]]:
    """Parse a profile's text and return its answers, or raise ``InputErrors``.

    Args:
        path: the file the text belongs to (for error locations).
        text: the profile's text.
        facts: the facts catalog of the profile's kind.
        prefix: put before each error message (e.g. what the edit was).

    """
    doc = load_yaml(path, SubjectError, text=text)
    problems = validate(doc, "subject.schema.json", SubjectError)
    if not problems:
        answers, problems = parse_facts(
            doc.data["facts"] or {}, facts, lambda p, k: doc.locate(p, key=k), ("facts",)
        )
    if problems:
        raise InputErrors([SubjectError(e.location, prefix + e.message) for e in problems])
    return answers


def _same(a: tuple[Answer, ...], b: tuple[Answer, ...]) -> bool:
    drop = {"line", "column"}
    return [x.model_dump(exclude=drop) for x in a] == [x.model_dump(exclude=drop) for x in b]


def _verify(
    before: Mapping[str, tuple[Answer, ...]],
    after: Mapping[str, tuple[Answer, ...]],
    change: Change,
) -> None:
    """Refuse to write unless exactly the intended answer changed (a guard against bugs)."""
    others = set(before) | set(after)
    others.discard(change.fact)
    changed = sorted(k for k in others if not _same(before.get(k, ()), after.get(k, ())))
    new = after.get(change.fact, ())
    target = [a for a in new if a.effective_from == change.effective_from]
    if change.effective_from is None:
        target = [a for a in new if a.effective_until is None]
    wanted = dict(change.source)
    done = any(
        a.value == change.value and all(getattr(a.source, k, None) == v for k, v in wanted.items())
        for a in target
    )
    ok = not changed and (done if change.value is not None else not new)
    if not ok:
        where = ", ".join(changed) or change.fact
        msg = f"internal error: the edit would also change {where}; file left unchanged"
        raise SafeguardsError(msg)
