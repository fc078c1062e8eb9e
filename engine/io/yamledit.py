"""Surgical YAML text edits: replace or insert one node, leaving every other byte alone.

ruamel.yaml composes the document to find where each node starts and ends; the edit is then a
splice of the original text. Comments, blank lines, quoting and key order outside the edited
node therefore survive byte for byte, which a full re-dump cannot promise.
"""

from __future__ import annotations

import re

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from safeguards.engine.errors import UsageError
from safeguards.engine.io.yamlemit import Tree, block, body, flow
from safeguards.engine.io.yamlparse import compose

NodePath = tuple[str | int, ...]


class LayoutError(UsageError):
    """A part of the file that cannot be edited as it is written, at its line and column."""

    def __init__(self, node: Node, message: str) -> None:
        """Keep the place of the node the message is about (1-based)."""
        super().__init__(message)
        self.line, self.column = node.start_mark.line + 1, node.start_mark.column + 1


class Doc:
    """A YAML text and its composed node tree."""

    def __init__(self, text: str) -> None:
        """Compose ``text`` (which must be valid YAML with a mapping at the root)."""
        self.text = text
        self.nl = "\r\n" if "\r\n" in text else "\n"
        root = compose(text)
        if not isinstance(root, MappingNode):
            raise UsageError("the document is not a mapping")
        self.root: MappingNode = root

    def at(self, path: NodePath) -> tuple[ScalarNode | None, Node]:
        """Return the key node (``None`` for sequence items) and the node at ``path``."""
        key: ScalarNode | None = None
        node: Node = self.root
        for step in path:
            if isinstance(step, int):
                key, node = None, node.value[step]
                continue
            found = get(node, step)
            if found is None:
                raise KeyError(step)
            key, node = found
        return key, node

    def colon(self, key: ScalarNode) -> int:
        """Return the index of the ':' that follows a mapping key."""
        i = int(key.end_mark.index)
        while i < len(self.text) and self.text[i] in " \t":
            i += 1
        if i >= len(self.text) or self.text[i] != ":":
            raise LayoutError(key, "cannot edit this style of key")
        return i

    def eol(self, index: int) -> int:
        """Return the index of the line break at or after ``index`` (or the text's end)."""
        found = self.text.find("\n", index)
        if found < 0:
            return len(self.text)
        return found - 1 if self.text[found - 1 : found] == "\r" else found

    def bol(self, index: int) -> int:
        """Return the index where the line holding ``index`` begins."""
        return self.text.rfind("\n", 0, index) + 1

    def end(self, node: Node, key: ScalarNode | None = None) -> int:
        """Return the index just after the last character of a node's content."""
        if is_empty(node):
            return self.colon(key) + 1 if key is not None else int(node.start_mark.index)
        if isinstance(node, ScalarNode):
            stop = int(node.end_mark.index)
            if node.style in ("|", ">"):
                while stop > node.start_mark.index and self.text[stop - 1] in " \t\r\n":
                    stop -= 1
            return stop
        if is_flow(node) or not node.value:
            return int(node.end_mark.index)
        if isinstance(node, MappingNode):
            last_key, last = node.value[-1]
            return self.end(last, last_key)
        return self.end(node.value[-1])

    def splice(self, start: int, stop: int, new: str) -> str:
        """Return the text with ``[start, stop)`` replaced."""
        return self.text[:start] + new + self.text[stop:]


def anchored(doc: Doc, path: NodePath, inside: bool = True) -> str | None:
    """Return the first anchor on the way to the node at ``path`` or (``inside``) within it.

    An anchored node may be shared through aliases, so editing it would edit them all.
    """
    for i in range(len(path) + 1):
        anchor = getattr(doc.at(path[:i])[1], "anchor", None)
        if anchor:
            return str(anchor)
    stack = [doc.at(path)[1]] if inside else []
    while stack:
        node = stack.pop()
        if getattr(node, "anchor", None):
            return str(node.anchor)
        if isinstance(node, MappingNode):
            stack += [v for _, v in node.value]
        elif isinstance(node, SequenceNode):
            stack += list(node.value)
    return None


def in_flow(doc: Doc, path: NodePath) -> bool:
    """Return whether the node at ``path`` stands inside a flow collection (no block allowed)."""
    return any(is_flow(doc.at(path[:i])[1]) for i in range(len(path)))


def get(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    """Return the key and value nodes of ``key`` in a mapping node."""
    if not isinstance(node, MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, ScalarNode) and str(k.value) == key:
            return k, v
    return None


def is_empty(node: Node) -> bool:
    """Return whether a node is a null written as nothing at all."""
    return isinstance(node, ScalarNode) and str(node.tag).endswith(":null") and node.value == ""


def is_null(node: Node) -> bool:
    """Return whether a node is a null written out (``~``, ``null``), not as nothing at all."""
    return isinstance(node, ScalarNode) and str(node.tag).endswith(":null") and node.value != ""


def is_flow(node: Node) -> bool:
    """Return whether a collection node is written in flow style (``{…}`` or ``[…]``)."""
    return bool(getattr(node, "flow_style", False))


def is_mapping(node: Node) -> bool:
    """Return whether a node is a mapping."""
    return isinstance(node, MappingNode)


def is_history(node: Node) -> bool:
    """Return whether a node is a list of answer mappings (a dated history)."""
    return (
        isinstance(node, SequenceNode)
        and bool(node.value)
        and all(isinstance(v, MappingNode) for v in node.value)
    )


def replace(text: str, path: NodePath, new: str) -> str:
    """Replace the value at ``path`` with a one-line scalar or flow collection."""
    doc = Doc(text)
    key, node = doc.at(path)
    if key is not None and (is_empty(node) or not _inline(node)):
        start = doc.colon(key) + 1
        stop = doc.end(node, key)
        notes = _comments(doc.text[start : doc.eol(start)]) if not is_empty(node) else ""
        return doc.splice(start, stop, f" {new}{notes}" if new else notes)
    return doc.splice(node.start_mark.index, node.end_mark.index, new)


def _inline(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return node.style not in ("|", ">")
    return bool(is_flow(node))


def _comments(segment: str) -> str:
    found = re.search(r"(?:^|\s)(#.*)$", segment)
    return f"  {found.group(1).rstrip()}" if found else ""


def insert(text: str, path: NodePath, entries: dict[str, Tree], step: int) -> str:
    """Add ``entries`` at the end of the mapping at ``path``.

    The mapping may be a block or a flow one, or not yet there: a key with no value, ``{}``,
    or a null written out (``~``, ``null``) gets ``entries`` as a block mapping (as a flow
    one where the key itself sits inside a flow collection).
    """
    doc = Doc(text)
    key, node = doc.at(path)
    empty_flow = is_mapping(node) and is_flow(node) and not node.value
    if key is not None and (empty_flow or is_null(node)):
        return rewrite(text, path, entries, step)  # "{}" or "~" becomes a block mapping
    if is_mapping(node) and is_flow(node):
        close = node.end_mark.index - 1
        inner = doc.text[node.start_mark.index + 1 : close].strip()
        added = ", ".join(f"{k}: {flow(v)}".rstrip() for k, v in entries.items())
        before = doc.text[:close].rstrip()
        return before + (", " if inner else "") + added + doc.text[close:]
    if is_mapping(node) and node.value:
        first = node.value[0][0].start_mark
        before = doc.text[doc.bol(first.index) : first.index]
        # "? key" (an explicit key) indents its siblings by the line's indent, not the key's
        indent = len(before) - len(before.lstrip()) if before.strip() == "?" else first.column
        at = doc.eol(doc.end(node, key))
    elif is_empty(node) and key is not None:
        if in_flow(doc, path):
            return replace(text, path, flow(entries))
        indent = key.start_mark.column + step
        at = doc.eol(doc.colon(key))
    else:
        raise LayoutError(node, "expected a mapping here")
    lines = [line for k, v in entries.items() for line in block(k, v, indent, step)]
    return _add_lines(doc, at, lines)


def _add_lines(doc: Doc, at: int, lines: list[str]) -> str:
    """Insert whole lines after the line that ends at ``at``."""
    new = "".join(doc.nl + line for line in lines)
    return doc.splice(at, at, new)


def rewrite(text: str, path: NodePath, tree: Tree, step: int, *, keep_notes: bool = True) -> str:
    """Replace the value of the mapping entry at ``path`` by a block mapping or sequence.

    Comments on the key's line and after the old value's last line are kept on the key's line
    (unless ``keep_notes`` is false: they described the old value); comments inside the old
    value go with it.
    """
    doc = Doc(text)
    key, node = doc.at(path)
    if key is None:
        raise UsageError("only a mapping entry can be rewritten")
    if in_flow(doc, path):
        return replace(text, path, flow(tree))
    start = doc.colon(key) + 1
    stop = doc.end(node, key)
    stop_line = doc.eol(stop)
    outside = doc.text[start:stop_line]
    if not is_empty(node):
        outside = doc.text[start : node.start_mark.index] + " " + doc.text[stop:stop_line]
    notes = " ".join(m.strip() for m in re.findall(r"#[^\r\n]*", outside)) if keep_notes else ""
    lines = body(tree, key.start_mark.column + step, step)
    head = f"  {notes}" if notes else ""
    return doc.splice(start, stop_line, head + "".join(doc.nl + line for line in lines))


def remove(text: str, path: NodePath) -> str | None:
    """Remove the block mapping entry at ``path`` (its lines and the comments inside them).

    Returns None when the entry cannot be removed line by line: it is the mapping's only entry,
    it stands in a flow collection, or shares its first line with something else (``- key:``).
    """
    doc = Doc(text)
    key, node = doc.at(path)
    parent = doc.at(path[:-1])[1]
    if key is None or in_flow(doc, path) or not is_mapping(parent) or len(parent.value) < 2:
        return None
    start = doc.bol(int(key.start_mark.index))
    if doc.text[start : key.start_mark.index].strip():
        return None
    stop = doc.eol(doc.end(node, key))
    stop += len(doc.nl) if doc.text[stop : stop + len(doc.nl)] == doc.nl else 0
    return doc.splice(start, stop, "")


def listify(
    text: str,
    path: NodePath,
    extra: dict[str, Tree],
    new_item: Tree,
    step: int,
    *,
    new_first: bool = False,
) -> str:
    """Turn the block answer mapping at ``path`` into an item of a history list.

    The mapping's own lines are kept (indented by two columns under a ``- ``), ``extra``
    entries are added to it, and ``new_item`` follows it as the second item (or, with
    ``new_first``, comes before it).
    """
    if extra:
        text = insert(text, path, extra, step)
    doc = Doc(text)
    key, node = doc.at(path)
    if key is None or not is_mapping(node):
        raise UsageError("only an answer mapping can become a history")
    if in_flow(doc, path):
        items = [flow_text(doc, node), flow(new_item)]
        return replace(text, path, "[" + ", ".join(items[::-1] if new_first else items) + "]")
    if is_flow(node):
        old = [" " * (key.start_mark.column + step) + "- " + flow_text(doc, node)]
        start = doc.colon(key) + 1
        stop = doc.eol(doc.end(node, key))
        notes = _comments(doc.text[node.end_mark.index : stop])
        added = body([new_item], key.start_mark.column + step, step)
        lines = [*added, *old] if new_first else [*old, *added]
        return doc.splice(start, stop, notes + "".join(doc.nl + x for x in lines))
    column = node.start_mark.column
    start = doc.bol(node.start_mark.index)
    stop = doc.eol(doc.end(node, key))
    kept = re.split(r"\r?\n", doc.text[start:stop])
    moved = [kept[0][:column] + "- " + kept[0][column:]]
    moved += ["  " + line if line.strip() else line for line in kept[1:]]
    added = body([new_item], column, step)
    return doc.splice(start, stop, doc.nl.join([*added, *moved] if new_first else [*moved, *added]))


def flow_text(doc: Doc, node: Node) -> str:
    """Return a flow node's original text, joined onto one line."""
    return " ".join(doc.text[node.start_mark.index : node.end_mark.index].split())


def append(text: str, path: NodePath, item: Tree, step: int) -> str:
    """Append an item to the (block or flow) sequence at ``path``."""
    return insert_item(text, path, None, item, step)


def insert_item(text: str, path: NodePath, index: int | None, item: Tree, step: int) -> str:
    """Put an item before the ``index``-th of the (block or flow) sequence at ``path``.

    ``None`` (or an index past the last item) appends it. In a block sequence the new item
    goes above the comment lines right above the item it precedes: they describe that item.
    """
    doc = Doc(text)
    key, node = doc.at(path)
    if not isinstance(node, SequenceNode):
        raise LayoutError(node, "expected a list here")
    before = node.value[index] if index is not None and index < len(node.value) else None
    if is_flow(node):
        if before is not None:
            at = int(before.start_mark.index)
            return doc.splice(at, at, flow(item) + ", ")
        close = node.end_mark.index - 1
        return doc.text[:close].rstrip() + ", " + flow(item) + doc.text[close:]
    dash = node.start_mark.column
    gap = max(2, node.value[0].start_mark.column - dash)  # "-   value:" keeps its spacing
    lines = body([item], dash, step)
    lines = [lines[0].replace("- ", "-" + " " * (gap - 1), 1)]
    lines += [" " * (gap - 2) + line for line in body([item], dash, step)[1:]]
    if before is None:
        return _add_lines(doc, doc.eol(doc.end(node, key)), lines)
    at = doc.bol(int(before.start_mark.index))
    while at > 0 and doc.text[at + dash : at + dash + 1] != "-":  # "-" alone on its line
        at = doc.bol(at - 1)
    while at > 0:
        above = doc.bol(at - 1)
        if not doc.text[above:at].lstrip().startswith("#"):
            break
        at = above
    return doc.splice(at, at, "".join(line + doc.nl for line in lines))
