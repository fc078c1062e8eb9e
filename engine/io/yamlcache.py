"""A cache of parsed catalog files, so that an interactive command does not re-parse YAML.

Parsing the catalog's YAML is most of what `rules list`, `check PROFILE` or `explain` cost; the
catalog rarely changes. Each parsed file is kept as JSON under the user's cache folder, named
by the sha256 of the file's text and of the reader's own code, so an edited file or a new
version of the reader is simply a miss. JSON, not pickle: reading the cache can never run code.
Any problem with the cache (read-only home, a damaged or foreign entry) falls back to parsing;
the cache never changes a result. Each file of an entry starts with the CRC-32 of the rest of
its bytes, checked at every read: an entry damaged, cut short or written by anything else
(however well formed its JSON) is a miss. A CRC-32, not a SHA-256: it guards against damage,
not forgery (which needs write access to the cache folder, as editing the catalog does), and
it costs a tenth of a millisecond where the SHA-256 of the same bytes costs a third of one
(and about 40 million instructions under valgrind, where OpenSSL runs without the
processor's SHA extensions). Files that do not parse are never cached, so every error is found
and located as without it.

An entry is two files: ``<key>.json`` holds the data, ``<key>.pos.json`` the line and column of
every node. The positions are more than half of the bytes and are needed only to locate a
problem (or the few lines a command reports), so a hit reads the data alone and the positions
when they are first asked for (:func:`positions`); when they are gone or damaged, the text is
parsed again for them (:func:`safeguards.engine.io.yamlsrc.load_yaml`).

The same folder remembers which documents passed their schema (an empty ``<key>.valid`` file,
named by the sha256 of the schema, the validator's version and the document's data), so that a
catalog file validated once is not validated again; a document with errors is never
remembered, so its errors are always found and located afresh.

Jurisdiction profiles and workflows are cached too, and they change often: a hit marks its
entry as recently used, and the first write of a process that finds more than
:data:`MAX_ENTRIES` entries removes the least recently used quarter.

``SAFEGUARDS_CACHE_DIR`` names the folder; ``SAFEGUARDS_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from safeguards.engine.io.fastjson import loads

FORMAT = 4
"""Bumped when the layout of an entry changes."""

MAX_ENTRIES = 5000
"""Entries kept (parses and validity marks); beyond it the least recently used are removed."""

_pruned: set[Path] = set()


@cache
def _reader_digest() -> str:
    """Hash of the code that turns YAML into data: a change to it invalidates every entry."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for module in ("yamlsrc.py", "yamlparse.py", "yamlscalars.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    return digest.hexdigest()


def folder() -> Path | None:
    """Return the cache folder, or None when the cache is off."""
    if os.environ.get("SAFEGUARDS_NO_CACHE", "") not in ("", "0"):
        return None
    named = os.environ.get("SAFEGUARDS_CACHE_DIR")
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "safeguards" / "yaml"


def text_key(text: str) -> str:
    """Return the sha256 that names a YAML text as read by this version of the reader."""
    return hashlib.sha256((_reader_digest() + "\0" + text).encode("utf-8")).hexdigest()


def _entry(text: str) -> Path | None:
    where = folder()
    if where is None:
        return None
    return where / f"{text_key(text)}.json"


Positions = tuple[dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]
"""The 0-based (line, column) of every value and of every mapping key, by path."""

_POSITIONS = ".pos.json"
"""The suffix of an entry's positions file, beside its ``<key>.json``."""


def _positions_of(entry: Path) -> Path:
    return entry.with_name(entry.stem + _POSITIONS)


def lookup(text: str) -> tuple[Any, Path] | None:
    """Return (data, entry) of a text parsed before, or None.

    The entry's name is the text's key (:func:`text_key`); its positions are read only when
    asked for (:func:`positions`).
    """
    entry = _entry(text)
    if entry is None:
        return None
    try:
        stored = loads(_unsealed(entry.read_bytes()))
        data = _decode(stored["data"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    _touch(entry)
    return data, entry


def positions(entry: Path) -> Positions | None:
    """Return the value and key positions kept beside an entry, or None (gone, damaged)."""
    try:
        stored = loads(_unsealed(_positions_of(entry).read_bytes()))
        values = {tuple(p): (line, col) for p, line, col in stored["values"]}
        keys = {tuple(p): (line, col) for p, line, col in stored["keys"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return values, keys


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)
    except OSError:
        return


def prune(where: Path, limit: int = MAX_ENTRIES) -> None:
    """Remove the least recently used quarter of the entries when there are more than ``limit``.

    An entry's positions file goes with it and is not counted apart.
    """
    try:
        with os.scandir(where) as found:
            names = [e.name for e in found]
        entries = [
            where / n
            for n in names
            if n.endswith((".json", ".valid")) and not n.endswith(_POSITIONS)
        ]
        if len(entries) <= limit:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
        gone = entries[: len(entries) - limit * 3 // 4]
        for old in gone:
            old.unlink(missing_ok=True)
        kept = {e.name for e in entries} - {e.name for e in gone}
        for name in names:  # the positions of entries gone, now or earlier (a crash between files)
            if name.endswith(_POSITIONS) and name.replace(_POSITIONS, ".json") not in kept:
                (where / name).unlink(missing_ok=True)
    except OSError:
        return


def _prune_once(where: Path) -> None:
    if where not in _pruned:
        _pruned.add(where)
        prune(where)


def store(text: str, data: Any, values: dict[Any, Any], keys: dict[Any, Any]) -> None:
    """Keep a parse for next time; silently do nothing when it cannot be kept."""
    entry = _entry(text)
    if entry is None:
        return
    try:
        located = {
            "values": [[list(p), *pos] for p, pos in values.items()],
            "keys": [[list(p), *pos] for p, pos in keys.items()],
        }
        payload = _json({"data": _encode(data)})
        entry.parent.mkdir(parents=True, exist_ok=True)
        _prune_once(entry.parent)
        _write(_positions_of(entry), sealed(_json(located)))  # first: data implies positions
        _write(entry, sealed(payload))
    except (OSError, ValueError, TypeError):
        return


def sealed(payload: bytes) -> bytes:
    """Return an entry's file: the CRC-32 of ``payload`` (hex), a line feed, the payload."""
    return _seal(payload) + b"\n" + payload


def _seal(payload: bytes) -> bytes:
    return b"%08x" % zlib.crc32(payload)


def _unsealed(stored: bytes) -> bytes:
    """Return the payload of an entry's file.

    Raises:
        ValueError: the payload is not the one its CRC-32 was taken of.

    """
    seal, _, payload = stored.partition(b"\n")
    if _seal(payload) != seal:
        raise ValueError("the entry is not the one written")
    return payload


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _write(entry: Path, payload: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, entry)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def data_digest(data: Any) -> str | None:
    """Return a sha256 of parsed data that tells dates from text, or None if it cannot."""
    try:
        payload = _json(_encode(data))
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(payload).hexdigest()


def known_valid(key: str) -> bool:
    """Return whether the document named by ``key`` passed its schema before."""
    where = folder()
    if where is None or not (where / f"{key}.valid").is_file():
        return False
    _touch(where / f"{key}.valid")
    return True


def remember_valid(key: str) -> None:
    """Remember that the document named by ``key`` passed its schema; never fails."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        _prune_once(where)
        (where / f"{key}.valid").touch()
    except OSError:
        return


def _encode(value: Any) -> Any:
    """Tag what JSON cannot say by itself: lists, mappings, dates and date-times."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, list):
        return {"l": [_encode(v) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("only text keys are cached")
        return {"m": [[k, _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot cache {type(value).__name__}")


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "l" in value:
        return [_decode(v) for v in value["l"]]
    if "m" in value:
        return {k: _decode(v) for k, v in value["m"]}
    if "t" in value:
        return dt.datetime.fromisoformat(value["t"])
    if "d" in value:
        return dt.date.fromisoformat(value["d"])
    raise ValueError("unknown tag")
