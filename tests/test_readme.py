"""The README runs: every `.venv/bin/safeguards` command in its sh blocks works on a fresh copy.

Which lines run: every line of the README's ```sh blocks that calls `.venv/bin/safeguards`
(continuation lines joined, `cat FILE | .venv/bin/safeguards ...` pipelines included), in the
README's order, with bash, in a scratch copy of the repository's tracked files whose `.venv`
links to this checkout's. Skipped: `make demo` and `make test` themselves (the commands do not
need what `make demo` writes: `out/` starts empty). Every other line of an sh block must be one
of these, so that nothing is skipped silently.

Besides, every output the README shows (a ``` block whose first line is ``$ safeguards …``) is what
that command prints now: the README's sample is matched line by line against the real output,
where a line that is only ``…`` stands for any number of lines and ``…`` within a line for any
text. A sample that no longer matches fails, so the README cannot drift from the tool.

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
    for info, lines in fenced_blocks(text):
        if info != "sh":
            continue
        joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
        for line in joined.splitlines():
            command = line.strip()
            if not command or command.startswith("#") or command.startswith(SKIPPED):
                continue
            assert ".venv/bin/safeguards" in command, f"README line neither run nor skipped: {line}"
            out.append(command)
    return out


ELISION = "…"


def readme_samples(text: str) -> list[tuple[str, list[str]]]:
    """Return the README's sample outputs: (command, expected lines), in order."""
    out = []
    for info, lines in fenced_blocks(text):
        if not info and lines and lines[0].startswith("$ safeguards "):
            out.append((lines[0][2:], lines[1:]))
    return out


def fenced_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Return every fenced block of a Markdown text: (info string, lines)."""
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current = []
                blocks.append((line[3:].strip(), current))
            else:
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def sample_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the output's lines fit the sample's (see the module docstring for ``…``)."""
    patterns = [
        None
        if line.strip() == ELISION
        else re.compile(".*".join(re.escape(part) for part in line.rstrip().split(ELISION)))
        for line in expected
    ]
    lines = [line.rstrip() for line in actual]
    # reachable[j]: the patterns so far can account for exactly the first j lines
    reachable = [True] + [False] * len(lines)
    for pattern in patterns:
        after = [False] * (len(lines) + 1)
        for j, ok in enumerate(reachable):
            if not ok:
                continue
            if pattern is None:
                for k in range(j, len(lines) + 1):
                    after[k] = True
                break
            if j < len(lines) and pattern.fullmatch(lines[j]):
                after[j + 1] = True
        reachable = after
    return reachable[len(lines)]


@pytest.mark.parametrize(
    ("expected", "actual", "fits"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a"], ["a", "b"], False),
        (["a", "…"], ["a", "b", "c"], True),
        (["a", "  …", "c"], ["a", "c"], True),
        (["a", "…", "c"], ["a", "b", "b", "c"], True),
        (["a … z"], ["a then z"], True),
        (["a … z"], ["a then y"], False),
        (["x (…)"], ["x (1) and (2)"], True),
        (["…", "b"], ["b", "a"], False),
    ],
)
def test_a_sample_matches_as_the_docstring_says(
    expected: list[str], actual: list[str], fits: bool
) -> None:
    assert sample_matches(expected, actual) is fits


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


def test_every_output_the_readme_shows_is_what_the_tool_prints(scratch: Path) -> None:
    samples = readme_samples(README.read_text(encoding="utf-8"))
    assert len(samples) >= 2
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("SOURCE_DATE_EPOCH", None)
    stale = []
    for command, expected in samples:
        result = subprocess.run(
            ["bash", "-c", ".venv/bin/" + command],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode in (0, 1), f"{command}: {result.stderr}"
        if not sample_matches(expected, result.stdout.splitlines()):
            stale.append(f"$ {command}\n{result.stdout}")
    assert not stale, "the README shows another output; the tool now prints:\n" + "\n".join(stale)


def test_the_spoiled_example_log_is_the_generators() -> None:
    """The demo's log with a fifth of its lines spoiled is what the documented command writes."""
    generated = subprocess.run(
        [
            sys.executable,
            "tools/generate_requests.py",
            "300",
            "--seed",
            "2026",
            "--malformed",
            "0.2",
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    shipped = (ROOT / "examples" / "requests" / "examplecloud-2026-spoiled.jsonl").read_bytes()
    assert generated == shipped, (
        "regenerate it: python tools/generate_requests.py 300 --seed 2026 --malformed 0.2"
        " -o examples/requests/examplecloud-2026-spoiled.jsonl"
    )


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
