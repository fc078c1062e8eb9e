"""The README runs: every `.venv/bin/safeguards` command in its sh blocks works on a fresh copy.

Which lines run: every line of the README's ```sh blocks that calls `.venv/bin/safeguards`
(continuation lines joined, `cat FILE | .venv/bin/safeguards ...` pipelines included), in the
README's order, with bash, in a scratch copy of the repository's tracked files whose `.venv`
links to this checkout's. Skipped: `make demo` and `make test` themselves (the commands do not
need what `make demo` writes: `out/` starts empty). Every other line of an sh block must be one
of these, so that nothing is skipped silently.

A command works when it exits 0, or 1 for "findings at or above --fail-on" (the documented
exit code of check, audit and diff), never 2 (usage or input error) and never with a traceback;
the files it names with `-o` exist afterwards. The questionnaire (`init` without `--no-input`)
reads its answers from standard input: it gets a subject id, a name, a date and one answer, then
end of input, and exits 130 with the answers saved, as the README says.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SKIPPED = ("make demo", "make test")
QUESTIONNAIRE_INPUT = "XL\nExampleland\n2024-01-01\n2\n\n"
"""Answers for `init` run interactively: id, name, date, the first question, no citation."""


def readme_commands(text: str) -> list[str]:
    """Return the README's shell commands to run, in order (see the module docstring)."""
    out: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            command = line.strip()
            if not command or command.startswith("#") or command.startswith(SKIPPED):
                continue
            assert ".venv/bin/safeguards" in command, f"README line neither run nor skipped: {line}"
            out.append(command)
    return out


def _outputs(command: str) -> list[str]:
    words = shlex.split(command, comments=True)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-o", "--output")]


def _scratch_copy(dest: Path) -> None:
    """Copy the repository's tracked files (what a fresh clone holds) into dest."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listed.returncode != 0:  # not a git checkout (an unpacked archive): copy the tree
        shutil.copytree(
            ROOT,
            dest,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".venv", "out", ".*_cache", "build", "*.egg-info"),
        )
        return
    for name in listed.stdout.decode().split("\0"):
        source = ROOT / name
        if not name or not source.is_file():
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = ROOT / ".venv" / "bin" / "safeguards"
    if not venv.exists():
        pytest.fail(f"{venv} is missing: run `make setup` first")
    dest = tmp_path_factory.mktemp("readme") / "repo"
    dest.mkdir()
    _scratch_copy(dest)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    (dest / "out").mkdir(exist_ok=True)
    return dest


def test_the_readme_has_commands() -> None:
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert len(commands) >= 20
    assert any("--waivers examples/waivers.yaml" in c for c in commands)
    assert any(c.startswith("cat examples/requests/") for c in commands)


def test_every_readme_command_runs_on_a_fresh_copy(scratch: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("SOURCE_DATE_EPOCH", None)
    failures = []
    for command in readme_commands(README.read_text(encoding="utf-8")):
        interactive = " init " in f" {command} " and "--no-input" not in command
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=scratch,
            env=env,
            input=QUESTIONNAIRE_INPUT if interactive else "",
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        allowed = {130} if interactive else {0, 1}
        problem = None
        if result.returncode not in allowed:
            problem = f"exit {result.returncode}"
        elif "Traceback" in result.stderr:
            problem = "traceback"
        elif "no such file" in result.stderr.lower():  # e.g. `cat` at the head of a pipe
            problem = "names a file that does not exist"
        else:
            missing = [o for o in _outputs(command) if not (scratch / o).exists()]
            if missing:
                problem = f"did not write {missing}"
        if problem:
            failures.append(f"{command}\n  {problem}: {result.stderr.strip()[-400:]}")
    assert not failures, "\n".join(failures)


def test_the_example_csv_log_is_the_jsonl_log_converted() -> None:
    converted = subprocess.run(
        [sys.executable, "tools/jsonl_to_csv.py", "examples/requests/examplecloud-2026.jsonl"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    shipped = (ROOT / "examples" / "requests" / "examplecloud-2026.csv").read_text(encoding="utf-8")
    assert converted == shipped, (
        "regenerate it: python tools/jsonl_to_csv.py examples/requests/examplecloud-2026.jsonl"
        " -o examples/requests/examplecloud-2026.csv"
    )
