"""The two designs of a faster audit, measured at their floors on one log. Prints figures.

Issue 10 asks the audit to use at most 2 x the CPU time of `orjson.loads` over the same lines,
and names two designs. Before building either, this script measures what each cannot go below,
on the same generated log, in one process (CPU seconds, best of 3):

- `orjson.loads` of every line: the floor the target is stated against;
- (a) a generated reader: `orjson.loads`, then one function generated from the facts catalog
  that fetches every answerable key by direct access (`d.get("key")`, nested mappings inline)
  into a flat dict, with no typing, no check for unknown keys, no derivation, no decision and
  no output: less than any real reader does; beside it, what the engine's readers cost (the
  dict reader after `orjson.loads`, and the native one that msgspec drives from the bytes);
- (b) DuckDB (only when the `duckdb` package is installed; it is not a dependency): its
  `read_json` over the file, counting the records, then counting the values of every
  top-level field (so that each is parsed, none turned into a Python object), with one
  thread, so that CPU time compares with the others;
- (c) polars (only when the `polars` package is installed; it is not a dependency): its
  `read_ndjson`, which parses the log in native code into columns, on every core (CPU time
  counts them all), before any predicate;
- what the audit command costs before and after its records: `safeguards audit` of a log of
  one record, as a child process, CPU time. This start is paid once per run, and at 30,000
  records it is already about 2 x the floor: the bound cannot be met by the per-record work
  alone, whatever its design.

    python bench/designs.py [--records 30000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from child import run_cli  # noqa: E402
from generate_requests import lines  # noqa: E402

from safeguards.engine.audit.records import RecordParser  # noqa: E402
from safeguards.engine.catalog import load_catalog  # noqa: E402


def cpu() -> float:
    """Return the CPU seconds (user + system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def best_of(run: Callable[[], object], times: int = 3) -> float:
    """Return the least CPU time of ``times`` runs."""
    best = float("inf")
    for _ in range(times):
        start = cpu()
        run()
        best = min(best, cpu() - start)
    return best


def generated_reader(parser: RecordParser) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Generate one function reading every answerable key of a record by direct access."""
    body: list[str] = ["def read(d):", "    out = {}"]

    def level(prefix: str, var: str, indent: str) -> None:
        node = parser.tree.get(prefix, {}) if prefix else parser.tree[""]
        for leaf, (key, coerce, _) in sorted(node.items()):
            if not prefix and "." in leaf:
                continue  # the top level also takes dotted keys: not a nested record's path
            child = f"v{len(body)}"
            body.append(f"{indent}{child} = {var}.get({leaf!r})")
            if coerce is not None:
                body.append(f"{indent}if {child} is not None: out[{key!r}] = {child}")
            else:
                body.append(f"{indent}if {child}.__class__ is dict:")
                level(key + ".", child, indent + "    ")
                body.append(f"{indent}    pass")

    level("", "d", "    ")
    body.append("    return out")
    scope: dict[str, Any] = {}
    exec("\n".join(body), scope)  # source built from the facts catalog's own keys
    reader: Callable[[dict[str, Any]], dict[str, Any]] = scope["read"]
    return reader


def duckdb_floors(log: Path, columns: list[str]) -> tuple[float, float] | None:
    """Return DuckDB's CPU seconds to count the records and the values of ``columns``, or None."""
    try:
        import duckdb  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    con = duckdb.connect(config={"threads": 1})
    source = f"read_json('{log}', format='newline_delimited', ignore_errors=true)"
    count = best_of(lambda: con.execute(f"select count(*) from {source}").fetchall())
    present = {row[0] for row in con.execute(f"describe select * from {source}").fetchall()}
    columns = [c for c in columns if c in present]  # auto-detected: fields the log never has drop
    projection = ", ".join(f'count("{c}")' for c in columns)  # parsed, never made Python objects
    fetch = best_of(lambda: con.execute(f"select {projection} from {source}").fetchall())
    return count, fetch


def polars_floor(log: Path) -> float | None:
    """Return polars' CPU seconds to read the log into columns (all its threads), or None."""
    try:
        import polars  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return best_of(lambda: polars.read_ndjson(log))


def start_cost(folder: Path, first_line: str) -> float:
    """Return the least CPU seconds of `safeguards audit` on a one-record log (3 child runs)."""
    log = folder / "designs-1.jsonl"
    log.write_text(first_line + "\n", encoding="utf-8")
    args = ["--no-config", "-q", "audit", str(log), "--fail-on", "none"]
    args += ["--findings", str(folder / "designs-1.out"), "-o", str(folder / "designs-1.txt")]
    return min(run_cli(args).cpu for _ in range(3))


def main() -> None:
    """Generate a log, measure the floors and print them against `orjson.loads`."""
    import orjson

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=30000)
    ap.add_argument("--keep", type=Path, help="write the log here instead of a temporary folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        log = (args.keep or Path(scratch)) / f"designs-{args.records}.jsonl"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("w", encoding="utf-8") as out:
            for line in lines(args.records, seed=7, malformed=0.0):
                out.write(line + "\n")
        data = log.read_bytes().splitlines()
        first = data[0].decode()
        parser = RecordParser(load_catalog().facts["request"])
        read = generated_reader(parser)
        loads = orjson.loads

        def only_loads() -> None:
            for line in data:
                loads(line)

        def loads_and_read() -> None:
            for line in data:
                read(loads(line))

        def loads_and_parse() -> None:
            for line in data:
                parser.parse(loads(line))

        native = parser.native

        def native_read() -> None:
            assert native is not None
            for line in data:
                native(line)

        floor = best_of(only_loads)
        rows = [
            ("orjson.loads", floor),
            ("(a) orjson.loads + generated direct-access reader, untyped", best_of(loads_and_read)),
            ("    orjson.loads + the engine's RecordParser (typed)", best_of(loads_and_parse)),
        ]
        if native is not None:
            rows.append(("    the engine's native reader (msgspec, typed)", best_of(native_read)))
        fields = sorted({k.split(".")[0] for k in parser.specs})
        duck = duckdb_floors(log, fields)
        if duck is not None:
            rows += [
                ("(b) DuckDB read_json, count(*), 1 thread", duck[0]),
                (f"(b) DuckDB read_json, count the {len(fields)} top-level fields", duck[1]),
            ]
        from_polars = polars_floor(log)
        if from_polars is not None:
            rows.append(("(c) polars read_ndjson, into columns, every core", from_polars))
        rows.append(
            ("the audit command's start and end (a one-record log)", start_cost(log.parent, first))
        )
        size = sum(map(len, data)) / 1e6
        print(f"{args.records:,} records, {size:.0f} MB, CPU seconds (best of 3)")
        for name, spent in rows:
            print(f"  {name:62} {spent:7.3f} s  {spent / floor:6.1f} x orjson")
        if duck is None:
            print("  (b) DuckDB: not installed here (pip install duckdb to measure it)")
        if from_polars is None:
            print("  (c) polars: not installed here (pip install polars to measure it)")


if __name__ == "__main__":
    main()
