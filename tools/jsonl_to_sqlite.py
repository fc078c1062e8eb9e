"""Write a JSONL request log as an SQLite database for `safeguards audit` (engine-independent).

One row per record in a table `requests`, one column per dotted fact (as in the CSV form of
tools/jsonl_to_csv.py), each value in the storage class a request-tracking system would give it:
booleans as the integers 1 and 0 (SQLite has no boolean type), numbers as INTEGER or REAL,
lists as ';'-separated TEXT, a missing answer as NULL, everything else as TEXT.

    python tools/jsonl_to_sqlite.py LOG.jsonl -o LOG.db

A line that is no JSON object stops it as it stops tools/jsonl_to_csv.py (located, exit
status 2, nothing written).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from jsonl_to_csv import cells, read_records, run


def typed(value: Any) -> Any:
    """Store one single value: a boolean as 1 or 0, anything else as it is (None: NULL)."""
    return int(value) if isinstance(value, bool) else value


def write(records: list[dict[str, Any]], path: str) -> None:
    """Write the records as a new database at ``path``, in place of any file there."""
    rows = [cells(r, leaf=typed) for r in records]
    names = list(dict.fromkeys(k for row in rows for k in row))
    quoted = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
    target = Path(path).resolve()
    fresh = target.with_name(f".{target.name}.new")
    fresh.unlink(missing_ok=True)
    try:
        with sqlite3.connect(fresh) as db:
            db.execute(f"CREATE TABLE requests ({quoted})")
            marks = ", ".join("?" * len(names))
            db.executemany(
                f"INSERT INTO requests ({quoted}) VALUES ({marks})",
                ([row.get(n) for n in names] for row in rows),
            )
        db.close()
        os.replace(fresh, target)
    finally:
        fresh.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    """Convert the log named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", help="JSONL request log")
    parser.add_argument("-o", "--output", required=True, help="database file to write")
    args = parser.parse_args(argv)
    write(read_records(args.log), args.output)


if __name__ == "__main__":
    run(main)
