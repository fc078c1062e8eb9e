"""Write a JSONL request log as an SQLite database for `safeguards audit` (engine-independent).

One row per record in a table `requests`, one column per dotted fact (as in the CSV form of
tools/jsonl_to_csv.py), each value in the storage class a request-tracking system would give it:
booleans as the integers 1 and 0 (SQLite has no boolean type), numbers as INTEGER or REAL,
lists as ';'-separated TEXT, a missing answer as NULL, everything else as TEXT.

    python tools/jsonl_to_sqlite.py LOG.jsonl -o LOG.db

A line that is no JSON object stops it as it stops tools/jsonl_to_csv.py (located, exit
status 2, nothing written), and so do two keys that differ only in case, which a database's
columns cannot tell apart. A whole number beyond SQLite's 64 bits is stored as its text.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jsonl_to_csv import LogError, Refused, cells, numbered_records, replacing, run

_INTEGERS = range(-(2**63), 2**63)
"""The whole numbers SQLite stores as INTEGER."""


def typed(value: Any) -> Any:
    """Store one single value as SQLite can (None: NULL).

    A boolean as 1 or 0, a whole number beyond 64 bits as its text, anything else as it is.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int) and value not in _INTEGERS:
        return str(value)
    return value


def write(records: list[dict[str, Any]], path: str) -> None:
    """Write the records as a new database at ``path``, in place of any file there."""
    rows = [cells(r, leaf=typed) for r in records]
    names = list(dict.fromkeys(k for row in rows for k in row))
    quoted = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
    with replacing(path) as fresh:
        with sqlite3.connect(fresh) as db:
            db.execute(f"CREATE TABLE requests ({quoted})")
            marks = ", ".join("?" * len(names))
            db.executemany(
                f"INSERT INTO requests ({quoted}) VALUES ({marks})",
                ([row.get(n) for n in names] for row in rows),
            )
        db.close()


def one_column_each(path: str, numbered: list[tuple[int, dict[str, Any]]]) -> None:
    """Refuse two keys that differ only in case (SQLite's column names ignore ASCII case).

    Raises:
        LogError: at the first line that holds the second of such keys.

    """
    seen: dict[str, str] = {}
    for number, record in numbered:
        for name in cells(record, leaf=typed):
            first = seen.setdefault(name.encode().lower().decode(), name)  # ASCII case only
            if first != name:
                why = f"'{name}' and '{first}' differ only in case: one column of a database"
                raise LogError(path, number, 1, why)


def main(argv: list[str] | None = None) -> None:
    """Convert the log named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", help="JSONL request log")
    parser.add_argument("-o", "--output", required=True, help="database file to write")
    args = parser.parse_args(argv)
    numbered = numbered_records(args.log)
    one_column_each(args.log, numbered)
    try:
        write([record for _, record in numbered], args.output)
    except sqlite3.Error as exc:  # the disk full, say: nothing is left in the output's place
        raise Refused(f"{args.output}: {exc}") from None


if __name__ == "__main__":
    run(main)
