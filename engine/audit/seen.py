"""The request ids a log has given so far, exactly and compactly, with where each came first.

A log holds one record per request; an id given twice (an export overlapping the previous one,
a row pasted twice) would count one request twice in a transparency report. A dict of the ids
to their places takes about 127 bytes an id of 15 characters, a set of them alone 98; here
the ids' UTF-8 bytes sit end to end in one ``bytearray`` and an open-addressing table of
4-byte slots points at them: about 50 bytes an id (25 MB for 500,000 requests), and every
answer is exact, since two ids are the same only when their bytes are.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

_START = 1 << 10
"""Slots of an empty table (a power of two; the table doubles when half full)."""


class SeenIds:
    """Request ids with the place (an opaque number) each was first given at."""

    def __init__(self) -> None:
        """Start empty."""
        self._slots = array("i", bytes(array("i").itemsize * _START))
        """0: empty; else 1 + the index of an entry."""
        self._hashes = array("q")
        self._ends = array("Q", [0])
        """Entry ``i``'s id is ``arena[ends[i]:ends[i + 1]]``."""
        self._places = array("Q")
        self._arena = bytearray()

    def __len__(self) -> int:
        """Return the number of distinct ids given."""
        return len(self._hashes)

    def find(self, rid: str) -> int | None:
        """Return the place ``rid`` was first given at, or None if it was not given."""
        entry = self._slots[self._look(rid)[0]]
        return self._places[entry - 1] if entry else None

    def add(self, rid: str, place: int) -> int | None:
        """Remember ``rid`` as given at ``place``; if it was given before, return that place.

        ``place`` is any number below 2**64 the caller can decode (a line and a log, say).
        """
        i, key, code = self._look(rid)
        if entry := self._slots[i]:
            return self._places[entry - 1]
        self._put(i, key, code, place)
        return None

    def add_new(self, given: Iterable[tuple[str, int]]) -> bool:
        """Remember every id of ``given`` with its place if none was given before; else none.

        All or nothing, with one look-up an id: each is added as it comes, and those added
        are taken back at the first id given before (or given twice in ``given``). For the ids
        a worker counted in a chunk of a log, which a counting in one process meets after
        those remembered here.
        """
        mark = len(self._hashes)
        for rid, place in given:
            i, key, code = self._look(rid)
            if self._slots[i]:
                self._forget(mark)
                return False
            self._put(i, key, code, place)
        return True

    def _put(self, i: int, key: bytes, code: int, place: int) -> None:
        """Add ``key`` (hash ``code``) at the empty slot ``i``, given at ``place``."""
        hashes = self._hashes
        self._slots[i] = len(hashes) + 1
        hashes.append(code)
        self._arena += key
        self._ends.append(len(self._arena))
        self._places.append(place)
        if 2 * len(hashes) > len(self._slots):
            self._grow()

    def _forget(self, mark: int) -> None:
        """Take back every entry from the ``mark``-th on, the latest added.

        Every entry before them was placed before them (a growth places the entries in the
        order they were added), so no probe of theirs steps over a slot emptied here.
        """
        slots, hashes = self._slots, self._hashes
        mask = len(slots) - 1
        for e in range(mark, len(hashes)):
            i = hashes[e] & mask
            while slots[i] != e + 1:
                i = (i + 1) & mask
            slots[i] = 0
        del self._arena[self._ends[mark] :]
        del hashes[mark:], self._ends[mark + 1 :], self._places[mark:]

    def _look(self, rid: str) -> tuple[int, bytes, int]:
        """Return the slot of ``rid`` (or the empty one it would take), its bytes and hash."""
        key = rid.encode("utf-8", "surrogatepass")
        code = hash(key)
        return self._slot(key, code), key, code

    def _slot(self, key: bytes, code: int) -> int:
        """Return the slot of ``key`` (whose hash is ``code``), or the empty one it would take."""
        slots, hashes, ends, arena = self._slots, self._hashes, self._ends, self._arena
        mask = len(slots) - 1
        i = code & mask
        while (entry := slots[i]) != 0:
            e = entry - 1
            if hashes[e] == code and arena[ends[e] : ends[e + 1]] == key:
                return i
            i = (i + 1) & mask
        return i

    def _grow(self) -> None:
        """Double the table and place every entry again (by the hash it keeps)."""
        slots = array("i", bytes(array("i").itemsize * 2 * len(self._slots)))
        mask = len(slots) - 1
        for e, code in enumerate(self._hashes):
            i = code & mask
            while slots[i] != 0:
                i = (i + 1) & mask
            slots[i] = e + 1
        self._slots = slots

    def __contains__(self, rid: object) -> bool:
        """Return whether ``rid`` was given."""
        return isinstance(rid, str) and self.find(rid) is not None

    def items(self) -> Iterator[tuple[str, int]]:
        """Yield each id with the place it was first given at, in the order first given."""
        arena, ends = self._arena, self._ends
        for e, place in enumerate(self._places):
            yield arena[ends[e] : ends[e + 1]].decode("utf-8", "surrogatepass"), place
