"""A line break in a profile's or a waiver's text never starts a line of a line-oriented output.

The text report, `diff`, `explain`, `missing` and the audit's summary are read line by line, by
people and by CI runners: GitHub Actions takes a line whose text starts with ``::`` for a
workflow command (``::error::``, ``::add-mask::``). A name, a citation, a quote or a
justification with a line feed in it shows the break (``<U+000A>``) or folds it into a space;
a line wrapped for a terminal never starts with ``::``.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.text.wrap import wrap

ROOT = Path(__file__).resolve().parents[2]
EVIL = "\n::error file=x::pwned"
PROFILE = """\
safeguards: 1
kind: jurisdiction
id: HP
name: "Hostile{e}"
note: "Illustrative.{e}"
as_of: 2026-01-01
facts:
  instrument_type: national_law
  powers.review.requirement:
    value: {value}
    source:
      instrument: "Code{e}"
      article: "1{e}"
      quote: "first{e}"
      basis: official_text
"""
WAIVERS = """\
safeguards: 1
waivers:
  - safeguard: SG-SAF-01
    subject: "HP{e}"
    justification: "Pending.{e}"
    approver: J. Doe
    granted: 2026-06-01
    expires: 2026-06-30
  - safeguard: SG-SAF-01
    subject: HP
    justification: "Pending.{e}"
    approver: J. Doe
    granted: 2026-06-01
    expires: 2026-06-30
"""


def _escaped(text: str) -> str:
    return text.replace("\n", "\\n")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, value in (("old", "none"), ("new", "as_appropriate")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(PROFILE.format(e=_escaped(EVIL), value=value), encoding="utf-8")
        out[name] = path
    out["waivers"] = tmp_path / "waivers.yaml"
    out["waivers"].write_text(WAIVERS.format(e=_escaped(EVIL)), encoding="utf-8")
    return out


def _commands(files: dict[str, Path]) -> dict[str, list[str]]:
    old, new, waivers = str(files["old"]), str(files["new"]), str(files["waivers"])
    log = str(ROOT / "examples" / "requests" / "example-10.jsonl")
    return {
        "check": ["check", old, "--waivers", waivers, "--as-of", "2026-06-15", "--by", "seed"],
        "diff": ["diff", old, new],
        "explain": ["explain", "SG-SAF-01", "--subject", old],
        "missing": ["missing", old],
        "audit": ["audit", log, "--waivers", waivers, "--as-of", "2026-06-15"],
        "waivers lint": ["waivers", "lint", waivers, "--subjects", old, "--as-of", "2026-06-15"],
    }


@pytest.mark.parametrize(
    "command", ["check", "diff", "explain", "missing", "audit", "waivers lint"]
)
def test_no_line_of_the_output_starts_with_the_inputs_text(
    files: dict[str, Path], command: str
) -> None:
    args = ["--no-config", *_commands(files)[command]]
    if command in ("check", "audit"):
        args += ["--fail-on", "none"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == (1 if command == "waivers lint" else 0), result.output
    lines = result.stdout.splitlines()
    assert not [x for x in lines if x.lstrip().startswith("::")]
    assert any("::error file=x::pwned" in x for x in lines) or command == "audit"


def test_the_text_report_shows_each_break_where_it_was(files: dict[str, Path]) -> None:
    args = ["--no-config", *_commands(files)["check"][:-2], "--fail-on", "none"]
    lines = CliRunner().invoke(main, args).stdout.splitlines()
    assert lines[0].startswith("Hostile<U+000A>::error file=x::pwned (HP): ")
    answer = next(x for x in lines if x.lstrip().startswith("- powers.review.requirement"))
    assert "Code<U+000A>::error file=x::pwned, art. 1<U+000A>::error" in answer
    assert lines[-1] == (  # its subject is close to the profile's name: told the profile's id
        "Waiver SG-SAF-01 for HP<U+000A>::error file=x::pwned: unused: no subject"
        " 'HP<U+000A>::error file=x::pwned' was checked (did you mean 'HP', the id of"
        " Hostile<U+000A>::error file=x::pwned?) (until 2026-06-30: expires within 30 days)"
    )


def test_a_waived_findings_message_holds_the_justification_on_one_line(
    files: dict[str, Path],
) -> None:
    """The message folds the justification's line breaks; the waiver keeps it as written."""
    from safeguards.engine import api

    on = dt.date(2026, 6, 15)
    report = api.check([files["old"]], waivers=[files["waivers"]], as_of=on)
    waived = next(f for f in report.findings if f.waiver is not None)
    assert waived.message.startswith("Waived until 2026-06-30: Pending. ::error file=x::pwned (")
    assert waived.waiver.justification == "Pending." + EVIL


def test_a_wrapped_line_never_starts_a_workflow_command() -> None:
    text = "x" * 38 + " ::error::y z"
    assert wrap(text, 40) == ["x" * 38 + " ::error::y z"]  # past the width, not a command
    rng = random.Random(20261207)
    words = ["a", "bb", "ccc", "::warning::w", "::x", "dddddddd", ":", "::"]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        width = rng.randint(40, 60)
        lines = wrap(text, width, "  ", rng.randint(0, 4))
        starts = [x for x in lines[1:] if x.lstrip().startswith("::")]
        assert not starts, (text, width)
        assert " ".join(" ".join(lines).split()) == " ".join(text.split())
