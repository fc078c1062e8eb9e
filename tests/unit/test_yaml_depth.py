"""Nesting too deep: refused at the place it goes past the limit, however deep it goes.

Nesting as deep as ruamel's composer can recurse through is refused by the builder, at the
node; deeper block nesting stops the composer itself (a RecursionError), and is placed by
counting indentation (:func:`yamlparse._too_deep_block`). The two must name the same place.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from safeguards.engine.errors import InputErrors, SubjectError
from safeguards.engine.io import yamlparse
from safeguards.engine.io.yamlparse import MAX_DEPTH, parse

HEAD = "safeguards: 1\nkind: jurisdiction\nid: XX\nfacts:\n"


def block_mapping(levels: int) -> str:
    keys = "".join("  " * (i + 1) + f"k{i}:\n" for i in range(levels))
    return HEAD + keys + "  " * (levels + 1) + "v\n"


def block_sequence(levels: int) -> str:  # each entry's value on the next line
    entries = "".join("  " * (i + 2) + "-\n" for i in range(levels))
    return HEAD + "  x:\n" + entries + "  " * (levels + 2) + "v\n"


def one_line_entries(levels: int) -> str:  # - - - … v
    return HEAD + "  # a comment, and a blank line\n\n  x:\n    " + "- " * levels + "v\n"


def indented_comments(levels: int) -> str:  # comments deeper than the lines they sit among
    keys = "".join(
        "  " * (i + 1) + f"k{i}:\n" + " " * (4 * i + 40) + "# deeper\n" for i in range(levels)
    )
    return HEAD + keys + "  " * (levels + 1) + "v\n"


def crlf_entries(levels: int) -> str:  # lines ended by CR LF, as a Windows editor saves them
    return one_line_entries(levels).replace("\n", "\r\n")


def crlf_mapping(levels: int) -> str:
    return block_mapping(levels).replace("\n", "\r\n")


SHAPES = [block_mapping, block_sequence, one_line_entries, indented_comments]
SHAPES += [crlf_entries, crlf_mapping]


def refused_at(text: str) -> tuple[int, int] | None:
    """Where parse refuses the text (None: it is read)."""
    try:
        parse(text, "deep.yaml", SubjectError)
    except InputErrors as exc:
        (error,) = exc.errors
        assert "nests too deeply" in error.message
        return error.location.line, error.location.column
    return None


def deepest_read(shape: Callable[[int], str]) -> int:
    levels = MAX_DEPTH - 4
    assert refused_at(shape(levels)) is None
    while refused_at(shape(levels + 1)) is None:
        levels += 1
    return levels


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_the_count_by_indentation_goes_past_where_the_builder_does(
    shape: Callable[[int], str],
) -> None:
    limit = deepest_read(shape)
    assert MAX_DEPTH - 2 <= limit <= MAX_DEPTH + 2  # the limit is the builder's, about 64
    assert yamlparse._too_deep_block(shape(limit)) == (1, 1)  # nowhere past
    assert yamlparse._too_deep_block(shape(limit + 1)) == refused_at(shape(limit + 1))


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
@pytest.mark.parametrize("levels", [600])
def test_nesting_the_composer_cannot_recurse_through_is_placed_as_the_builder_places_it(
    shape: Callable[[int], str], levels: int
) -> None:
    text = shape(levels)
    with pytest.raises(RecursionError):
        yamlparse._compose(text)
    at = refused_at(text)
    assert at is not None and at != (1, 1)
    assert at == refused_at(shape(deepest_read(shape) + 1))
