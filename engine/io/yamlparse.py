"""The YAML parser behind :func:`safeguards.engine.io.yamlsrc.load_yaml`, with ruamel.yaml.

Its own module so that ruamel.yaml is imported only when a file is parsed: a command whose
files are all in the YAML cache (:mod:`safeguards.engine.io.yamlcache`) never loads it.
"""

from __future__ import annotations

import functools
import re
import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from safeguards.engine.errors import InputError, InputErrors, SourceLocation
from safeguards.engine.io.yamlscalars import convert
from safeguards.engine.io.yamlsrc import JsonPath, YamlDoc

MAX_NODES = 250_000
"""Refuse documents that expand (through aliases) to more nodes than this."""

MAX_DEPTH = 64
"""Refuse collections nested deeper than this: no profile, rule or waiver file needs more."""

_TAG = "tag:yaml.org,2002:"
_SURROGATE = re.compile("[\ud800-\udfff]")
"""A UTF-16 surrogate: what an escape such as ``"\\ud800"`` yields, and no character."""
_COLLECTION_TAGS = frozenset({_TAG + "map", _TAG + "seq"})


def parse(text: str, name: str, error: type[InputError]) -> YamlDoc | None:
    """Parse the text of the file ``name`` into data and positions; None: it holds no document.

    Raises:
        InputErrors: every problem found, each with its file:line:column.

    """
    try:
        check_depth(text, name, error)
        root = compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line, mark.column) if mark is not None else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputErrors(
            [error(SourceLocation(name, line + 1, col + 1), f"YAML syntax error: {problem}")]
        ) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "byte"
        raise InputErrors(
            [error(SourceLocation(name, line, col), f"{what} is not allowed in YAML text")]
        ) from None
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        raise InputErrors([error(SourceLocation(name), f"YAML error: {first}")]) from None
    except RecursionError:  # block nesting deeper than the composer's own recursion
        message = f"the document nests too deeply (more than {MAX_DEPTH} levels)"
        line, col = _too_deep_block(text)
        raise InputErrors([error(SourceLocation(name, line, col), message)]) from None
    if root is None:
        return None
    doc = YamlDoc(name, None)
    builder = _Builder(doc, error)
    doc.data = builder.build(root, ())
    if builder.errors:
        raise InputErrors(builder.errors)
    return doc


@functools.lru_cache(maxsize=2)
def compose(text: str) -> Any:
    """Compose a text's node graph (None: no document), once for the same text.

    A profile being edited (``init``, ``set``) is parsed for its answers, then located in for
    the next edit: the same text, composed once. The graphs are only read, never changed.

    Raises:
        YAMLError: the text is not YAML (see :func:`parse`).
        RecursionError: the text nests too deeply (:func:`parse` checks the depth first).

    """
    return _compose(_as_yaml_12(text))


def _compose(text: str) -> Any:
    """Compose the node graph; comments that the round-trip composer cannot place are dropped.

    ruamel's round-trip composer raises NotImplementedError on some valid comment layouts
    (e.g. yaml-test-suite 6HB6); reading needs no comments, so the plain composer takes over.
    Its warnings (a re-used anchor name, which YAML allows) would print multi-line text
    without a location, so they are silenced: the later anchor wins, as the spec says.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return YAML(typ="rt").compose(text)
        except NotImplementedError:
            return YAML(typ="safe", pure=True).compose(text)


def check_depth(text: str, name: str, error: type[InputError]) -> None:
    """Refuse flow collections nested deeper than MAX_DEPTH before the parser recurses into them.

    Brackets inside quotes and comments do not count; block nesting is bounded by the builder.
    TOML's arrays and inline tables are written, quoted and commented alike, so the reader of a
    ``pyproject.toml`` checks them here too.

    Raises:
        InputErrors: the first bracket past MAX_DEPTH, at its line and column.

    """
    depth = 0
    quote = ""
    line, col = 1, 0
    comment = False
    previous = "\n"
    for char in text:
        col += 1
        if char == "\n":
            line, col, comment = line + 1, 0, False
        elif comment:
            pass
        elif quote:
            if char == quote and not (quote == '"' and previous == "\\"):
                quote = ""
        elif char in "\"'" and previous in " \t\n[{,:":
            quote = char
        elif char == "#" and previous in " \t\n":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                where = SourceLocation(name, line, col)
                message = f"the document nests too deeply (more than {MAX_DEPTH} levels)"
                raise InputErrors([error(where, message)])
        elif char in "]}":
            depth = max(0, depth - 1)
        previous = char


_ENTRIES = re.compile(r"(?:-(?:[ \t]+|$))+")
"""The ``- `` marks that open a line, each a block sequence entry (``- - x``: nested ones)."""
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What ends a line for ruamel's marks, and so for the places of its errors."""
_KEY = re.compile(r"""(?:"[^"\n]*"[ \t]*|'[^'\n]*'[ \t]*|[^\s#"'-][^:#\n]*):(?:[ \t]|$)""")
"""A line that opens with a key of a block mapping (a plain key's run takes its own blanks, so
that no two repetitions overlap: linear on a long line of blanks)."""


def _too_deep_block(text: str) -> tuple[int, int]:
    """Return the line and column where block nesting first goes past MAX_DEPTH, as indented.

    Only to place the error of a document the composer cannot recurse through (a flow
    collection too deep is refused before, by :func:`check_depth`, and nesting not as deep
    by the builder, at its node). Each line that opens with a key or with ``- `` belongs to
    a collection one level deeper than the lines less indented above it, and each further
    ``- `` on the line opens one more; other lines (scalars, comments) only close the levels
    indented deeper. Line 1, column 1 when no line is that deep by this count.
    """
    open_at: list[int] = []  # the indentation of each collection open at the line
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        content = raw.lstrip(" ")
        if not content.strip() or content.startswith("#"):
            continue
        indent = len(raw) - len(content)
        while open_at and open_at[-1] >= indent:
            open_at.pop()
        entries = _ENTRIES.match(content)
        if entries is None and _KEY.match(content) is None:
            continue
        open_at.append(indent)
        dashes = [i for i, c in enumerate(entries.group(0)) if c == "-"] if entries else [0]
        # a line in the n-th collection open is at depth n - 1 (the root's keys at 0), as the
        # builder counts; the entry whose depth goes past MAX_DEPTH (0: the line's first)
        past = MAX_DEPTH + 2 - len(open_at)
        if past < len(dashes):
            return number, indent + dashes[max(past, 0)] + 1
    return 1, 1


_OTHER_1X = re.compile(r"^%YAML[ \t]+1\.(?:[013-9]|\d\d+)(?=[ \t#]|$)", re.M)


def _as_yaml_12(text: str) -> str:
    """Read any other YAML 1.x directive as 1.2: the files are YAML 1.2, core schema only.

    A later minor version is read as 1.2, as the spec asks of a 1.2 processor. An earlier one
    is too: under ``%YAML 1.1`` ruamel would read ``yes`` as a boolean and ``010`` as octal,
    where the same file without the directive means text and a refused number; ``%YAML 1.0``
    it cannot read at all. The directive keeps its length, so every position stays where it was.
    """
    return _OTHER_1X.sub(lambda m: "%YAML 1.2".ljust(len(m.group())), text)


class _Builder:
    """Turns a composed node graph into plain data, recording positions and problems."""

    def __init__(self, doc: YamlDoc, error: type[InputError]) -> None:
        self.doc = doc
        self.error = error
        self.errors: list[InputError] = []
        self.count = 0
        self.active: set[int] = set()

    def _fail(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            self.error(SourceLocation(self.doc.path, mark.line + 1, mark.column + 1), message)
        )

    def _not_text(self, node: Node, text: str) -> bool:
        r"""Refuse a scalar holding a UTF-16 surrogate (from an escape): no file could hold it.

        YAML's character set leaves the surrogates out, yet ruamel turns ``"\\ud800"`` into
        one; every report and cache entry would then fail to encode it as UTF-8.
        """
        found = _SURROGATE.search(text)
        if found is None:
            return False
        code = f"U+{ord(found.group()):04X}"
        self._fail(
            node,
            f"{code} is half of a UTF-16 surrogate pair, not a character: write the character"
            " itself, or escape it whole (\\UXXXXXXXX)",
        )
        return True

    def build(self, node: Node, path: JsonPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._fail(node, f"document expands to more than {MAX_NODES} nodes (alias bomb?)")
            return None
        self.doc.values.setdefault(path, (node.start_mark.line, node.start_mark.column))
        tag = str(node.tag)
        if isinstance(node, MappingNode | SequenceNode):
            if tag not in _COLLECTION_TAGS:
                self._fail(node, f"unsupported YAML tag '{tag}'")
                return None
            if len(path) > MAX_DEPTH:
                self._fail(node, f"the document nests too deeply (more than {MAX_DEPTH} levels)")
                return None
            if id(node) in self.active:
                self._fail(node, "an alias refers to a collection that contains it (a loop)")
                return None
            self.active.add(id(node))
            try:
                if isinstance(node, MappingNode):
                    return self._mapping(node, path)
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            finally:
                self.active.discard(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        self._fail(node, "unsupported YAML node")
        return None

    def _mapping(self, node: MappingNode, path: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._fail(key_node, "mapping keys must be plain text")
                continue
            key = str(key_node.value)
            if self._not_text(key_node, key):
                continue
            if str(key_node.tag) == _TAG + "merge":
                self._fail(key_node, "YAML merge keys ('<<') are not supported")
                continue
            if key in first:
                self._fail(key_node, f"duplicate key '{key}' (first defined on line {first[key]})")
                continue
            first[key] = key_node.start_mark.line + 1
            self.doc.keys[(*path, key)] = (key_node.start_mark.line, key_node.start_mark.column)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        tag = str(node.tag)
        text = str(node.value)
        if node.style == ">":
            # ruamel marks the folds of a folded scalar with BEL for round-tripping
            text = text.replace("\a", "")
        if self._not_text(node, text):
            return None
        if not tag.startswith(_TAG):
            self._fail(node, f"unsupported YAML tag '{tag}'")
            return None
        kind = tag[len(_TAG) :]
        try:
            return convert(kind, text)
        except ValueError as exc:
            self._fail(node, str(exc))
            return None
