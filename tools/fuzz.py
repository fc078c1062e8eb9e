"""Mutation fuzzing of the command line: bad input must end in a located message, never a crash.

Each case takes one of the bundled files (profiles, workflows, waivers, request logs as JSONL,
CSV and an SQLite database, a saved JSON report, catalog rules, configuration files), spoils it
(bytes cut, copied or flipped, YAML punctuation, tags and directives inserted, lines swapped or
re-indented; a database's cells given odd values and types, rows deleted, columns dropped or
added), runs a command on it in process, and checks what a user is promised:

- the exit status is 0, 1 or 2, and nothing escapes as a traceback;
- an exit 2 names a place (``file:line:column``);
- ``set`` that refuses leaves the file byte for byte as it was, and ``set`` that succeeds leaves
  a file that ``check`` accepts;
- the questionnaire (``init``, with random replies typed) ends with 0 or 130 (end of input) and
  leaves a file that ``check`` accepts.

    python tools/fuzz.py                      every surface for 60 s (make fuzz)
    python tools/fuzz.py --cases 500 --seed 7 a fixed number of cases: the same run every time
    python tools/fuzz.py --surface set        one surface: inputs, catalog, config, set, init

A case that breaks a promise is kept in ``--keep`` (default ``out/fuzz/``): the spoiled file and
the command, to replay by hand. The exit status is 1 when any case broke a promise.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from click.testing import CliRunner  # noqa: E402

from safeguards.engine.cli import main  # noqa: E402
from safeguards.engine.errors import undecoded  # noqa: E402
from safeguards.engine.io.inputs import forget_all  # noqa: E402

EXAMPLES = ROOT / "examples"
PRACTICE = ROOT / "tests" / "data" / "lawyer"
TOKENS = [
    b"\n", b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!python/object ", b"\t",
    b"\x00", b"\xff", b"\r", b"'", b'"', b"#", b"---\n", b"...\n", b"? ", b"|", b">", b"~",
    b"null", b"2024-02-30", b"1e999", b"-1", b"99999999999999999999999", b"\xef\xbb\xbf",
    b"<<: ", b"%YAML 1.1\n", b"%YAML 1.0\n", b"!!bool ", b"!!int ", b"!!null ", b"!", b",",
    b"true", b'"\\ud800"', b".nan", b"1979-01-01T00:00:00Z", b"    ", b"\xc2\x85",
    "\u2028".encode(), b" " * 200_000, b"a " * 10_000, b"[" * 5_000,
]  # fmt: skip
"""Pieces that YAML, JSON and CSV readers treat specially; and long runs of blanks, words and
brackets, on which a reader with nested repetition takes time growing as the square."""
RUNAWAY_SECONDS = 30.0
"""CPU seconds one case may take before it counts as broken: a runaway, not a slow machine
(a case takes well under a second)."""
PLACED = re.compile(r"^.+:\d+:\d+: \S", re.M)
"""A message at its place: ``file:line:column: message``."""
DAYS = ["0001-01-01", "2019-12-31", "2020-01-01", "2023-02-14", "2023-02-15", "9999-12-31"]


def spoil(data: bytes, rng: random.Random) -> bytes:
    """Return ``data`` with one to five random edits."""
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 5])):
        size = len(out)
        at = rng.randrange(size + 1)
        match rng.randrange(6):
            case 0 if size:
                del out[at : at + rng.randrange(1, 40)]
            case 1:
                out[at:at] = rng.choice(TOKENS)
            case 2 if size:
                to = rng.randrange(size + 1)
                out[to:to] = out[at : at + rng.randrange(1, 200)]
            case 3 if size:
                out[min(at, size - 1)] = rng.randrange(256)
            case 4:
                lines = bytes(out).split(b"\n")
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                out = bytearray(b"\n".join(lines))
            case _:
                lines = bytes(out).split(b"\n")
                i = rng.randrange(len(lines))
                shift = b" " * rng.randrange(1, 5)
                lines[i] = shift + lines[i] if rng.random() < 0.5 else lines[i].lstrip()
                out = bytearray(b"\n".join(lines))
    return bytes(out)


@dataclass
class Case:
    """One command on one spoiled file, and what the file held before the command."""

    args: list[str]
    spoiled: Path
    data: bytes
    cwd: Path | None = None
    edits: bool = False  # the command writes the file (set): a refusal must leave it alone
    catalog: list[str] = field(default_factory=list)
    typed: str | None = None
    """What is typed at the questionnaire's prompts (``init``); it then ends with 0 or 130."""
    piped: bytes | None = None
    """What standard input holds: the spoiled file's bytes, handed over as an editor's buffer
    is, under its name (``--stdin-filename``)."""
    located: bool = True
    """Exit 2 must name a place in the file. Off where the arguments themselves may be wrong
    (``set``'s random facts and dates) or a spoiled configuration may drop one (a missing
    PROFILES): those end in one usage message."""


CELLS: list[object] = [
    None, "", "yes", "2024-02-30", "2026-13-01", "9999-12-31", 0, 1, -1, 2**63 - 1, 1.5,
    float("nan"), float("inf"), b"\xff\x00", "\x00", "a;b;;", "\u202e", "x" * 5000,
]  # fmt: skip
"""Cell values a request-tracking database could hold in any column."""
BUFFER_NAMES = [
    "profile", "a\nb", "\u202eprofile", "x::error title=y::z", "%0A%25", "\udcffname", "a\tb",
    "über", "x" * 200, "-x", "name with spaces",
]  # fmt: skip
"""Names an editor may give a buffer it hands over on standard input (--stdin-filename)."""
FORMATS = [
    "text", "json", "sarif", "csv", "junit", "oscal", "markdown", "github", "gitlab", "html",
    "docx",
]  # fmt: skip


def database_seed(scratch: Path) -> Path:
    """Return the bundled log as an SQLite database, written once per run into ``scratch``."""
    seed = scratch / "seed.db"
    if not seed.exists():
        if str(ROOT / "tools") not in sys.path:
            sys.path.insert(0, str(ROOT / "tools"))
        from jsonl_to_csv import read_records
        from jsonl_to_sqlite import write

        write(read_records(str(EXAMPLES / "requests" / "example-10.jsonl")), str(seed))
    return seed


def spoil_cells(seed: Path, spoiled: Path, rng: random.Random) -> bytes:
    """Copy the database ``seed`` to ``spoiled`` with cells, rows or columns changed."""
    shutil.copy(seed, spoiled)
    with sqlite3.connect(spoiled) as db:
        names = [row[1] for row in db.execute("PRAGMA table_info(requests)")]
        for _ in range(rng.choice([1, 1, 2, 4])):
            name = '"' + rng.choice(names).replace('"', '""') + '"'
            edit = rng.randrange(5)
            try:
                if edit == 0:
                    db.execute(f"ALTER TABLE requests DROP COLUMN {name}")
                    names = [row[1] for row in db.execute("PRAGMA table_info(requests)")]
                elif edit == 1:
                    added = rng.choice(["x", "X.y", "", "id", "ID"])
                    db.execute(f'ALTER TABLE requests ADD COLUMN "{added}"')
                elif edit == 2:
                    db.execute("DELETE FROM requests WHERE rowid = ?", (rng.randrange(1, 11),))
                else:
                    value, row = rng.choice(CELLS), rng.randrange(1, 11)
                    db.execute(f"UPDATE requests SET {name} = ? WHERE rowid = ?", (value, row))
            except sqlite3.Error:  # an edit SQLite refuses (a column already there)
                continue
    db.close()
    return spoiled.read_bytes()


def _inputs(work: Path, rng: random.Random) -> Case:
    requests = EXAMPLES / "requests"
    seeds = {
        "profile": [*(EXAMPLES / "jurisdictions").glob("*.yaml"), *(EXAMPLES / "reform").glob("*")],
        "workflow": list((EXAMPLES / "workflows").glob("*.yaml")),
        "waivers": [EXAMPLES / "waivers.yaml"],
        "log": [
            requests / "example-10.jsonl",
            requests / "examplecloud-2026.csv",
            database_seed(work.parent),
        ],
        "report": [ROOT / "tests" / "golden" / "mixed.json"],
    }
    kind = rng.choice(sorted(seeds))
    seed = rng.choice(sorted(seeds[kind]))
    spoiled = work / f"input{seed.suffix}"
    if seed.suffix == ".db" and rng.random() < 0.5:  # a database a system wrote, oddly
        data = spoil_cells(seed, spoiled, rng)
    else:  # or bytes damaged on disk
        data = spoil(seed.read_bytes(), rng)
        spoiled.write_bytes(data)
    out = str(work / "out") + "/"
    file = str(spoiled)
    named = str(work / rng.choice(BUFFER_NAMES)) + seed.suffix  # a buffer's name, as an editor's
    workflow = ["--workflow", str(EXAMPLES / "workflows" / "strong.yaml")]
    findings = ["--findings", out + "f.jsonl"]
    report = rng.choice(FORMATS)
    ci = rng.choice(["sarif", "github", "gitlab"])
    asked = rng.choice(["text", "json", "markdown"])
    commands = {
        "profile": [
            ["check", file, "--format", report, "-o", out],
            ["check", "-", "--stdin-filename", named, "--format", report, "-o", out],
            ["missing", file, "--format", asked],
            ["missing", "-", "--stdin-filename", named, "--format", asked],
            ["explain", "SG-SAF-01", "--subject", file],
            ["diff", str(seed), file],
            ["matrix", file, str(seed)],
        ],
        "workflow": [
            ["check", file],
            ["missing", file, "--format", asked],
            ["audit", str(requests / "example-10.jsonl"), "--workflow", file, *findings],
        ],
        "waivers": [
            ["waivers", "lint", file],
            ["waivers", "lint", "-", "--stdin-filename", named],
            ["check", str(EXAMPLES / "jurisdictions" / "belgium.yaml"), "--waivers", file],
            [
                "check",
                str(EXAMPLES / "jurisdictions" / "belgium.yaml"),
                "--waivers",
                file,
                "--format",
                report,
                "-o",
                out,
            ],
            ["audit", str(requests / "example-10.jsonl"), "--waivers", file, "--format", ci],
        ],
        "log": [
            ["audit", file, *workflow, *findings, "--format", ci, "-o", out + "r." + ci],
            ["audit", file, *workflow, *findings, "--reference"],
            ["transparency", file, "--period", "2026", *workflow],
            ["audit", "-", "--stdin-filename", named, *workflow, *findings, "--format", ci],
            ["transparency", "-", "--stdin-filename", named, "--period", "2026"],
        ],
        "report": [  # a saved JSON report compared with another
            ["diff", str(seed), file],
            ["diff", file, str(seed), "--format", "json"],
        ],
    }
    args = rng.choice(commands[kind])
    if "--stdin-filename" not in args:
        return Case(args, spoiled, data)
    # a name that is not UTF-8 is refused as an argument, before any file is read: a usage error
    return Case(args, spoiled, data, piped=data, located=not undecoded(named))


def _catalog(work: Path, rng: random.Random) -> Case:
    rules = work / "rules"
    shutil.copytree(ROOT / "rules", rules, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    seed = rng.choice(sorted(rules.rglob("*.yaml")))
    data = spoil(seed.read_bytes(), rng)
    seed.write_bytes(data)
    catalog = ["--catalog", str(rules)]
    command = rng.choice(
        [
            ["rules", "lint"],
            ["check", str(EXAMPLES / "jurisdictions" / "germany.yaml"), "--fail-on", "none"],
            ["explain", "SG-PRE-01"],
        ]
    )
    return Case(command, seed, data, catalog=catalog)


def _config(work: Path, rng: random.Random) -> Case:
    (work / "p").mkdir()
    shutil.copy(EXAMPLES / "jurisdictions" / "germany.yaml", work / "p")
    shutil.copy(EXAMPLES / "waivers.yaml", work / "w.yaml")
    draw = rng.random()
    if draw < 0.35:
        name, seed = (
            ".safeguards.yaml",
            (
                b"as-of: 2026-12-03\ncheck:\n  profiles: [p/]\n  fail-on: high,undetermined\n"
                b"  waivers: [w.yaml]\n  format: [text, sarif]\n"
                b"  output: [out/report.txt, out/report.sarif]\n"
            ),
        )
    elif draw < 0.7:  # every kind of section: shared, a command, groups, a group's commands
        name, seed = (
            ".safeguards.yaml",
            (
                b"as-of: 2026-12-03\nformat: text\ncheck:\n  fail-on: none\n  waivers: w.yaml\n"
                b"audit:\n  jobs: 2\n  max-results: 10\nrules:\n  list:\n    family: safeguards\n"
                b"  lint:\n    format: json\nwaivers:\n  lint:\n    subjects: p/germany.yaml\n"
                b"matrix:\n  by: seed\n"
            ),
        )
    else:
        name, seed = (
            "pyproject.toml",
            (
                b'[project]\nname = "x"\n\n[tool.safeguards]\nas-of = 2026-12-03\n\n'
                b'[tool.safeguards.check]\nfail-on = "high,undetermined"\nformat = ["text"]\n'
            ),
        )
    data = spoil(seed, rng)
    (work / name).write_bytes(data)
    command = rng.choice(
        [
            ["config"],
            ["check", "--fail-on", "none"],
            ["check", "p/germany.yaml"],
            ["rules", "list"],
            ["waivers", "lint", "w.yaml"],
        ]
    )
    return Case(command, work / name, data, cwd=work, located=False)


def _set(work: Path, rng: random.Random) -> Case:
    seed = rng.choice([PRACTICE / "ruritania.yaml", PRACTICE / "styles.yaml"])
    data = seed.read_bytes()
    data = spoil(data, rng) if rng.random() < 0.5 else data
    spoiled = work / "profile.yaml"
    spoiled.write_bytes(data)
    fact, value = rng.choice(
        [
            ("interception.exists", "false"),
            ("interception.max_days", "30"),
            ("interception.authorization", "judicial"),
            ("research.protection", "statute"),
            ("instrument_type", "treaty"),
            ("offences.qualifiers", "[dishonest_intent]"),
            ("reform.date", "2020-01-01"),
            ("notes.drafter", "J. Doe # not a comment"),
            ("interception.urgent_bypass", "true"),
            ("nope.fact", "1"),
        ]
    )
    args = ["set", str(spoiled), fact, value]
    for option in ("--effective-from", "--effective-until"):
        if rng.random() < 0.6:
            args += [option, rng.choice(DAYS)]
    if rng.random() < 0.2:
        args += ["--source-instrument", "Code", "--source-basis", "secondary"]
    catalog = ["--catalog", str(PRACTICE / "catalog")]
    return Case(args, spoiled, data, edits=True, catalog=catalog, located=False)


REPLIES = [
    "", "?", "skip", "yes", "no", "1", "2", "3", "1, 3", "0", "-1", "99999999999999999999",
    "2024-02-30", "2024-02-29", "\x00", "\u202e", "a" * 5000, "true", "[x]", "{", "'", '"',
    "\\", "# c", "judicial", "treaty", "1,2,3,4,5,6,7",
]  # fmt: skip
"""Replies a hurried or careless lawyer might type at the questionnaire."""


def _init(work: Path, rng: random.Random) -> Case:
    profile = work / "profile.yaml"
    typed = "".join(rng.choice(REPLIES) + "\n" for _ in range(rng.randrange(1, 40)))
    catalog = ["--catalog", str(PRACTICE / "catalog")]
    cite = ["--no-cite"] if rng.random() < 0.5 else []
    if rng.random() < 0.5:
        return Case(["init", "jurisdiction", "-o", str(profile), *cite], profile, b"",
                    catalog=catalog, typed=typed, edits=True)  # fmt: skip
    data = (PRACTICE / "ruritania.yaml").read_bytes().replace(b"2024-06-01", b"2021-01-01")
    profile.write_bytes(data)
    return Case(["init", "jurisdiction", "--resume", str(profile), *cite], profile, data,
                catalog=catalog, typed=typed, edits=True)  # fmt: skip


SURFACES: dict[str, Callable[[Path, random.Random], Case]] = {
    "init": _init,
    "inputs": _inputs,
    "catalog": _catalog,
    "config": _config,
    "set": _set,
}


def _run(
    args: list[str], cwd: Path | None, typed: str | bytes | None = None
) -> tuple[int, str, BaseException | None]:
    forget_all()
    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["-q", *args], input=typed, catch_exceptions=True)
    finally:
        os.chdir(here)
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output or "", escaped


def broken_promise(case: Case) -> str | None:
    """Run one case; return the promise it broke, or None."""
    options = [] if case.cwd is not None else ["--no-config"]
    began = time.process_time()
    given = case.typed if case.typed is not None else case.piped
    code, output, escaped = _run([*options, *case.args, *case.catalog], case.cwd, given)
    if escaped is not None:
        return "".join(traceback.format_exception(escaped))
    took = time.process_time() - began
    if took > RUNAWAY_SECONDS:
        return f"took {took:.0f} s of CPU (a runaway on this input):\n{output}"
    expected = (0, 130) if case.typed is not None else (0, 1, 2)  # 130: end of input
    if code not in expected or "Traceback" in output:
        return f"exit {code}:\n{output}"
    if code == 2 and not PLACED.search(output):
        usage = output.strip().splitlines()[-1:] if not case.located else []
        if not usage or not usage[0].startswith(("error: ", "Error: ")):
            return f"exit 2 without a place:\n{output}"
    refused = case.typed is None and code != 0  # init keeps what was answered before an end
    if case.edits and refused and case.spoiled.read_bytes() != case.data:
        return f"set refused (exit {code}) but changed the file:\n{output}"
    if case.edits and code in (0, 130) and case.spoiled.exists():
        check = ["--no-config", "check", str(case.spoiled), "--fail-on", "none", *case.catalog]
        code, output, escaped = _run(check, None)
        if code != 0 or escaped is not None:
            return f"set wrote a file that check refuses:\n{output}"
    return None


@dataclass
class Tally:
    """How many cases ran on each surface, and those that broke a promise."""

    cases: dict[str, int] = field(default_factory=dict)
    broken: list[Path] = field(default_factory=list)


def fuzz(
    surfaces: list[str], rng: random.Random, keep: Path, *, cases: int, seconds: float
) -> Tally:
    """Run cases until ``cases`` have run (when given) or ``seconds`` have passed."""
    tally = Tally()
    start = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="safeguards-fuzz-"))
    cache = os.environ.get("SAFEGUARDS_CACHE_DIR")
    os.environ["SAFEGUARDS_CACHE_DIR"] = str(scratch / "cache")  # spoiled catalogs stay out
    try:
        done = 0
        while (done < cases) if cases else (time.monotonic() - start < seconds):
            surface = surfaces[done % len(surfaces)]
            work = scratch / "work"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            case = SURFACES[surface](work, rng)
            problem = broken_promise(case)
            tally.cases[surface] = tally.cases.get(surface, 0) + 1
            done += 1
            if problem is not None:
                kept = keep / f"case-{len(tally.broken) + 1}"
                kept.mkdir(parents=True, exist_ok=True)
                (kept / case.spoiled.name).write_bytes(case.data)
                fed = f" < {case.spoiled.name}" if case.piped is not None else ""
                told = " ".join(case.args) + fed + "\n\n" + problem
                (kept / "command.txt").write_bytes(as_given(told))
                tally.broken.append(kept)
                print(f"broken promise ({surface}): kept in {kept}", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if cache is None:
            os.environ.pop("SAFEGUARDS_CACHE_DIR", None)
        else:
            os.environ["SAFEGUARDS_CACHE_DIR"] = cache
    return tally


def as_given(text: str) -> bytes:
    """Return text as the bytes it was given in: a name that is not UTF-8 stays so."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return text.encode("utf-8", "backslashreplace")


def main_(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--surface", choices=sorted(SURFACES), action="append")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cases", type=int, default=0, help="stop after N cases (0: by time)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=ROOT / "out" / "fuzz")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    surfaces = args.surface or sorted(SURFACES)
    tally = fuzz(surfaces, random.Random(seed), args.keep, cases=args.cases, seconds=args.seconds)
    ran = ", ".join(f"{tally.cases.get(s, 0)} {s}" for s in surfaces)
    print(f"seed {seed}: {sum(tally.cases.values())} cases ({ran}), {len(tally.broken)} broken")
    return 1 if tally.broken else 0


if __name__ == "__main__":
    sys.exit(main_())
