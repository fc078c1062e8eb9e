"""Convert a JSONL request log to the CSV form `safeguards audit` reads, independent of the engine.

Nested mappings become dotted column headers, lists become ';'-separated cells, and a list of
mappings (approvals) becomes one column per field with ';'-separated values, as a spreadsheet
export would write them. The columns are the union of every record's, in order of appearance.

    python tools/jsonl_to_csv.py LOG.jsonl [-o LOG.csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from typing import Any


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
    with open(args.log, encoding="utf-8") as handle:
        rows = [cells(json.loads(line)) for line in handle if line.strip()]
    header = list(dict.fromkeys(k for row in rows for k in row))
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
