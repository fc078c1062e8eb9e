"""Shared fixtures and the command-line option that regenerates golden files."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from safeguards.engine.catalog import Catalog, load_catalog

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    # A shell starts a background job (`make test &`, `nohup ... &`) with Ctrl-C ignored, and
    # every command a test runs would inherit that: the commands rightly keep ignoring it, and
    # the tests of what Ctrl-C does would wait for ever. The tests' commands start with it.
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_2e71684f25898511.txt"
LOGS = "safeguards.engine.audit.logs"


def generated_log(folder: Path, n: int, *, seed: int, malformed: float = 0.0) -> Path:
    """Write a log of ``n`` requests from the project's seeded generator (tools/), a share spoiled."""
    sys.path.insert(0, str(ROOT / "tools"))
    from generate_requests import lines

    log = folder / f"generated-{n}-{seed}-{malformed}.jsonl"
    with log.open("w", encoding="utf-8") as out:
        out.writelines(f"{line}\n" for line in lines(n, seed, malformed=malformed))
    return log


def mixland_read_in_the_text(folder: Path) -> Path:
    """Write Mixland's profile with its published statistics read in the official text.

    In tests/data/reports/mixland.yaml they rest on recollection, which makes the SG-TRA-01
    verdict provisional; in the copy the same answer rests on the text itself.
    """
    text = (ROOT / "tests" / "data" / "reports" / "mixland.yaml").read_text(encoding="utf-8")
    assert text.count("basis: recollection}") == 1
    copy = folder / "mixland-read.yaml"
    copy.write_text(text.replace("basis: recollection}", "basis: official_text}"), "utf-8")
    return copy


def mixland_biometric_rule_from_commentary(folder: Path) -> Path:
    """Write Mixland's profile with its biometric rule of 2019 taken from commentary.

    In tests/data/reports/mixland.yaml that rule (no court order, the SG-BIO-01 gap until
    2024) is read in a faithful copy of the law; in the copy it rests on commentary, which
    makes the gap provisional.
    """
    text = (ROOT / "tests" / "data" / "reports" / "mixland.yaml").read_text(encoding="utf-8")
    read = 'article: "12", basis: faithful_copy'
    assert text.count(read) == 1
    copy = folder / "mixland-commentary.yaml"
    copy.write_text(text.replace(read, 'article: "12", basis: secondary'), "utf-8")
    return copy


def spoiled_records(folder: Path, n: int, *, seed: int) -> list[dict[str, Any]]:
    """Return the records of a generated log with a fifth spoiled that a table can hold.

    The lines that are no JSON object with a text id are left out: neither a CSV row nor a
    database row can be one.
    """
    import json

    kept = []
    for line in generated_log(folder, n, seed=seed, malformed=0.2).read_text().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            kept.append(record)
    return kept


def database_log(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write request records as an SQLite database with typed columns (tools/jsonl_to_sqlite.py)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from jsonl_to_sqlite import write

    write(records, str(path))
    return path


def chunked_cli(
    args: list[str],
    folder: Path,
    chunk: int,
    *,
    before: str = "",
    stdin: bytes | None = None,
    check: bool = True,
    env: dict[str, str] | None = None,
    every_log: bool = True,
) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """Run the command line in a child process, with chunks of ``chunk`` lines or rows.

    ``every_log``: workers read a log however small it is (``PARALLEL_MIN_LINES`` is 0 in
    the child), so that a few lines exercise the workers' path; otherwise the command's own
    limit applies.

    ``before``: Python lines the child runs first; ``stdin``: the bytes piped in; ``check``:
    the command must succeed; ``env``: the child's environment (:func:`cli_env` by default).
    Returns the finished command and the ids of the processes that
    worked on chunks, one a line for each chunk, or ``whole:`` and the id for each small log
    handed whole to a worker (none when one process read the whole input).
    A child process, as a user's command is: forking workers from the test process can
    deadlock them (see :func:`cli_process`).
    """
    marks = folder / "chunk-workers"
    least = 0 if every_log else importlib.import_module(LOGS).PARALLEL_MIN_LINES
    setup = (
        "import importlib, os\n"
        "pool = importlib.import_module('safeguards.engine.audit.pool')\n"
        f"pool.CHUNK_LINES = pool.TAIL_LINES = {chunk}\n"
        f"importlib.import_module({LOGS!r}).PARALLEL_MIN_LINES = {least}\n"
        "whole = importlib.import_module('safeguards.engine.audit.wholelogs')\n"
        "def mark(kind):\n"
        f"    with open({str(marks)!r}, 'a') as out:\n"
        "        out.write(f'{kind}{os.getpid()}\\n')\n"
        "work, work_whole = pool._work, whole._work\n"
        "def watched(*args):  # a task itself (rows handed over): pickled by its name\n"
        "    mark('')\n"
        "    return work(*args)\n"
        "def watched_whole(*args):\n"
        "    mark('whole:')\n"
        "    return work_whole(*args)\n"
        "pool._work, whole._work = watched, watched_whole\n"
        f"{before}"
        "from safeguards.engine.cli import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", setup, "--no-config", *args],
        env=cli_env() if env is None else env,
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0 or not check, done.stderr.decode(errors="replace")
    return done, marks.read_text(encoding="utf-8") if marks.exists() else ""


def audit_by_workers(
    log: Path,
    folder: Path,
    jobs: int,
    chunk: int,
    *extra: str,
    before: str = "",
    stdin: bool = False,
) -> tuple[str, bytes, str]:
    """Audit ``log`` in a child process with chunks of ``chunk`` lines or rows.

    ``extra``: more arguments of the audit; ``before``: Python lines the child runs first;
    ``stdin``: the log is piped in and named ``-``.

    Returns the JSON report (``folder`` written as OUT), the findings file, and the ids of
    the processes that audited chunks, one a line (none when the log was read by one process).
    """
    folder.mkdir()
    args = [
        "audit", "-" if stdin else str(log), "--workflow",
        str(ROOT / "examples" / "workflows" / "strong.yaml"), "--as-of", "2026-11-29",
        "--fail-on", "none", "--jobs", str(jobs), "--format", "json",
        "-o", str(folder / "audit.json"), "--findings", str(folder / "findings.jsonl"), *extra,
    ]  # fmt: skip
    piped = log.read_bytes() if stdin else None
    _, workers = chunked_cli(args, folder, chunk, before=before, stdin=piped)
    report = (folder / "audit.json").read_text(encoding="utf-8").replace(str(folder), "OUT")
    return report, (folder / "findings.jsonl").read_bytes(), workers


def audit_findings(folder: Path, log: Path, *extra: str) -> list[dict[str, Any]]:
    """Audit a log with the command line; return its findings, comparable across forms of a log.

    The subject (named after the log's file) is left out, and an unreadable record's place is
    kept as its line alone: the file and the column in its text differ between forms.
    """
    import json

    from click.testing import CliRunner

    from safeguards.engine.cli import main

    out = folder / f"{log.name}.findings.jsonl"
    args = ["audit", str(log), "--as-of", "2026-11-29", "--fail-on", "none", "--evidence"]
    args += [*extra, "--findings", str(out), "-o", str(folder / f"{log.name}.summary")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for finding in found:
        finding.pop("subject")
        if "location" in finding:
            finding["location"] = finding["location"].split(":")[-2]
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The built-in catalog, loaded once."""
    return load_catalog()


@pytest.fixture(scope="session")
def demo_catalog() -> Catalog:
    """A small catalog made for unit tests (tests/data/catalog)."""
    return load_catalog(ROOT / "tests" / "data" / "catalog")


def need_shared(path: Path) -> Path:
    """Return a path under ../shared; missing, skip locally but fail in CI (CI is set there)."""
    if not path.exists():
        message = f"{path} is not beside the checkout (../shared)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return need_shared(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_schemas() -> Path:
    return need_shared(SHARED / "schemas")


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    return need_shared(SHARED / "corpora")


def changed_once_read(log: Path, offset: int, data: bytes | None = None) -> str:
    """Python lines for a child audit: once the parent has read (and hashed) the chunk that
    holds byte ``offset`` of the log, and before that chunk is handed to a worker, the log is
    cut short there (``data`` None: a rotation by copying and truncating) or ``data`` is
    written over its bytes there, its size unchanged (an export run again over the file)."""
    if data is None:
        change = f"os.truncate({str(log)!r}, {offset})"
    else:
        change = (
            f"fd = os.open({str(log)!r}, os.O_WRONLY)\n"
            f"            os.pwrite(fd, {data!r}, {offset})\n"
            "            os.close(fd)"
        )
    return (
        "import importlib, os\n"
        "ranges = importlib.import_module('safeguards.engine.audit.ranges')\n"
        "spans = ranges.spans\n"
        "def changed(reader, base, *args, **kwargs):\n"
        "    for span in spans(reader, base, *args, **kwargs):\n"
        "        (_, start, length, _), _ = span\n"
        f"        if start <= {offset} < start + length:\n"
        f"            {change}\n"
        "        yield span\n"
        "ranges.spans = changed\n"
    )


CLI_COMMAND = (
    sys.executable,
    "-c",
    "from safeguards.engine.cli import run; run()",
    "--no-config",
)
"""The command line as a child process runs it, without the user's configuration files."""


def cli_env() -> dict[str, str]:
    """Return the environment of a child command: this one, importing this checkout."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def bench_output(script: str, *args: str) -> str:
    """Run ``bench/SCRIPT`` with ``args`` in a child process; return what it printed.

    For the benchmarks' smoke tests: only that a script runs, never its figures.
    """
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def cli_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child process, as a user's shell would.

    For every run that may fork audit workers (``--jobs``): forking from the test process, which
    other tests leave with threads (the browser's, the progress ticker's), can deadlock a worker
    on a lock another thread held at the fork.
    """
    return subprocess.run(
        [*CLI_COMMAND, *args], cwd=cwd or ROOT, env=cli_env(), capture_output=True, text=True
    )


TOGETHER = ("tests/bdd/test_features.py::", "tests/test_leaf_coverage.py::")
"""The Gherkin scenarios, then the test of the leaf coverage they record: one worker's, in order."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``make test``: every test on its own, but the scenarios and their coverage test together.

    tests/test_leaf_coverage.py reads the leaf truths the scenarios recorded in its process
    when they all ran there; spread over workers, it runs them all again in a child (about
    40 s). xdist's own grouping mark (``--dist loadgroup``) does not take with pytest 9.2,
    whose items keep their id elsewhere, so the grouping is a scheduler's: xdist's by-scope
    scheduler, each test its own scope but those of :data:`TOGETHER`, which share one and run
    in collection order. Where xdist has no such scheduler, its default stands (and the
    coverage test runs the scenarios again).
    """
    if config.getvalue("dist") != "load":
        return None
    try:
        from xdist.scheduler import LoadScopeScheduling
    except ImportError:
        return None

    class ScenariosTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "features" if nodeid.startswith(TOGETHER) else nodeid

    return ScenariosTogether(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (``make test``): one worker per core this process may use.

    Counted as ``--jobs 0`` counts them, within a container's CPU limit: a CI container given
    two CPUs of a larger host would otherwise start a worker per core of the host.
    """
    from safeguards.engine.io.cores import usable_cores

    return usable_cores()
