"""Convert a JSONL request log to the CSV form `safeguards audit` reads, independent of the engine.

Nested mappings become dotted column headers, lists become ';'-separated cells, and a list of
mappings (approvals) becomes one column per field with ';'-separated values, as a spreadsheet
export would write them. The columns are the union of every record's, in order of appearance.

    python tools/jsonl_to_csv.py LOG.jsonl [-o LOG.csv]

A line that is no JSON object stops the conversion with ``LOG:line:column: why`` on standard
error and exit status 2, before anything is written (a table has no row for it: mend or
remove it, or audit the JSONL log itself, which counts it as unreadable). The output file is
written whole or not at all.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class Refused(Exception):
    """The conversion cannot be done: the message says where and why (exit status 2)."""


class LogError(Refused):
    """A line of the log that cannot be converted: where (1-based) and why."""

    def __init__(self, path: str, line: int, column: int, why: str) -> None:
        """Keep the place and the reason."""
        super().__init__(f"{path}:{line}:{column}: {why}")


BOM = "\ufeff"
"""A byte order mark, skipped before the first line as `safeguards audit` skips it."""


def numbered_records(path: str) -> list[tuple[int, dict[str, Any]]]:
    """Return the records of a JSONL log with their line numbers, blank lines skipped.

    Raises:
        LogError: a line is not UTF-8, not JSON, or not a JSON object.
        OSError: the log cannot be read.

    """
    records = []
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(raw[: exc.start].decode("utf-8")) + 1
                raise LogError(path, number, column, "not UTF-8 text") from None
            if number == 1:
                line = line.removeprefix(BOM)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                column = getattr(exc, "colno", 1)
                why = getattr(exc, "msg", str(exc))
                raise LogError(path, number, column, f"invalid JSON: {why}") from None
            if not isinstance(record, dict):
                raise LogError(path, number, 1, "not a JSON object: a table has no row for it")
            records.append((number, record))
    return records


def read_records(path: str) -> list[dict[str, Any]]:
    """Return the records of a JSONL log (see :func:`numbered_records`)."""
    return [record for _, record in numbered_records(path)]


@contextmanager
def replacing(path: str) -> Iterator[Path]:
    """Yield a fresh file beside ``path``; it replaces ``path`` only if the block ends well."""
    target = Path(path).resolve()
    fresh = target.with_name(f".{target.name}.new")
    fresh.unlink(missing_ok=True)
    try:
        yield fresh
        os.replace(fresh, target)
    finally:
        fresh.unlink(missing_ok=True)


def run(main: Callable[[list[str] | None], None], argv: list[str] | None = None) -> None:
    """Run a converter's ``main``; what it refuses, or a file it cannot read or write: exit 2."""
    try:
        main(argv)
    except Refused as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)
    except OSError as exc:
        print(f"{exc.filename}: {exc.strerror}", file=sys.stderr)
        sys.exit(2)


def cells(
    record: dict[str, Any], prefix: str = "", leaf: Callable[[Any], Any] | None = None
) -> dict[str, Any]:
    """Flatten one JSON record: dotted headers, ';'-separated lists.

    ``leaf`` writes a single value (default: as CSV text, :func:`text`).
    """
    leaf = leaf or text
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(cells(value, name + ".", leaf))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            fields = dict.fromkeys(f for item in value for f in item)
            for field in fields:
                column = [item.get(field) for item in value]
                out[f"{name}.{field}"] = ";".join(text(x) for x in column if x is not None)
        elif isinstance(value, list):
            out[name] = ";".join(text(x) for x in value)
        else:
            out[name] = leaf(value)
    return out


def text(value: Any) -> str:
    """Write one value as a CSV cell (booleans as true/false, null as empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def main(argv: list[str] | None = None) -> None:
    """Convert the log named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", help="JSONL request log")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    rows = [cells(record) for record in read_records(args.log)]
    header = list(dict.fromkeys(k for row in rows for k in row))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if args.output:
        with replacing(args.output) as fresh:
            fresh.write_bytes(out.getvalue().encode("utf-8"))
    else:
        sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    run(main)
