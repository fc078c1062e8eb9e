"""`safeguards missing --format markdown`: the open questions as a dated memo for counsel."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
PROFILE = DATA / "open-questions.yaml"


def missing(*args: str | Path) -> str:
    result = CliRunner().invoke(main, ["missing", *map(str, args), "--catalog", str(CATALOG)])
    assert result.exit_code == 0, result.output
    return result.output


def sections(memo: str) -> dict[str, str]:
    """Split a memo at its second-level headings: heading → its text."""
    parts = re.split(r"^## (.+)$", memo, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_memo_says_as_of_when_and_against_which_catalog() -> None:
    memo = missing(PROFILE, "--format", "markdown")
    lines = memo.splitlines()
    assert lines[0] == "# Open questions: Ostrava Quarter (OQ)"
    assert lines[2].startswith(f"Profile `{PROFILE}`, answers in force on 2024-06-01 · catalog ")
    assert re.search(r"\(sha256 `[0-9a-f]{12}`\) · safeguards \S+$", lines[2])
    assert "> Illustrative — verify with counsel." in lines
    later = missing(PROFILE, "--format", "markdown", "--as-of", "2024-10-01")
    assert "answers in force on 2024-10-01" in later


def test_the_memo_asks_what_the_text_asks_in_the_same_order() -> None:
    """One table row and one section per question, in the order of the text output; each
    section ends with the command that answers it."""
    text = missing(PROFILE)
    memo = missing(PROFILE, "--format", "markdown")
    asked = re.findall(r"^\d+\. (\S+)  \[", text, flags=re.M)
    assert asked == ["interception.max_days", "interception.authorization",
                     "offences.qualifiers", "interception.urgent_bypass"]  # fmt: skip
    rows = re.findall(r"^\| (\d+) \| (\S+) \|", memo, flags=re.M)
    assert [(int(n), key.replace("\\_", "_")) for n, key in rows] == list(enumerate(asked, 1))
    found = sections(memo)
    for i, key in enumerate(asked, 1):
        body = found[f"{i}. `{key}`"]
        assert (
            body.rstrip()
            .splitlines()[-1]
            .startswith(f"- To answer: `safeguards set {PROFILE} {key} VALUE")
        )


def test_the_memo_says_what_each_answer_settles_and_the_days_left_open() -> None:
    found = sections(missing(PROFILE, "--format", "markdown"))
    days = found["1. `interception.max_days`"]
    assert (
        "- Settles on its own: SG-LAW-02 (critical): at most 90 → met, 91 to 180 → partial," in days
    )
    assert "- Answered until 2023-12-31 (" in days
    assert "--effective-from 2024-01-01 --effective-until 2024-08-31`" in days
    assert (
        "- Helps settle, with other answers: SG-LAW-01 (high) with interception.authorization"
        in (found["4. `interception.urgent_bypass`"])
    )


def test_the_memo_lists_the_answers_to_confirm_with_their_sources() -> None:
    found = sections(missing(PROFILE, "--format", "markdown"))
    confirm = found["Answers still worth confirming in the text"]
    rows = [line for line in confirm.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 2
    assert rows[0].startswith(
        "| 1 | research.protection = prosecution\\_policy | secondary | SG-LAW-04 (high) |"
    )
    assert "<https://example.org/guideline>" in rows[0]  # a web address is a link
    assert rows[1].startswith(
        "| 2 | biometric.court\\_order = false | recollection | SG-LAW-03 (medium) |"
    )
    assert rows[1].endswith(f"| {PROFILE}:22 |".replace("_", "\\_"))


def test_a_profile_with_nothing_open_says_so(tmp_path: Path) -> None:
    done = tmp_path / "done.yaml"
    done.write_text("safeguards: 1\nkind: jurisdiction\nid: D\nfacts:\n  interception.exists: false\n"
                    "  biometric.court_order: true\n  research.protection: statute\n"
                    "  instrument_type: treaty\n", encoding="utf-8")  # fmt: skip
    memo = missing(done, "--format", "markdown")
    assert "No open question can change a verdict (0 undetermined)." in memo
    assert "## 1." not in memo and "| # |" not in memo


def test_text_from_the_profile_is_shown_not_read_as_markup(tmp_path: Path) -> None:
    """A name, a note and a path are input: no heading, link, emphasis, table cell or HTML of
    theirs reaches the memo."""
    hostile = tmp_path / "a|b `x` [y](z).yaml"
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace("name: Ostrava Quarter", "name: '*Bold* [link](http://evil.example) <b>'")
    text = text.replace("note: Illustrative — verify with counsel.", "note: '# not a heading | x'")
    hostile.write_text(text, encoding="utf-8")
    memo = missing(hostile, "--format", "markdown")
    first = memo.splitlines()[0]
    assert first == ("# Open questions: \\*Bold\\* \\[link\\](http://evil.example) &lt;b&gt; (OQ)")
    assert "> \\# not a heading \\| x" in memo
    assert "Profile ``" + str(hostile) + "``" in memo  # a code span the backticks cannot close
    rows = [line for line in memo.splitlines() if line.startswith("| 2 | biometric")]
    assert rows and rows[0].count(" | ") == 5  # the path's "|" is escaped, not a new cell


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_command_offered_quotes_the_path_for_the_shell(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "my profiles"
    folder.mkdir()
    target = folder / "it's here.yaml"
    shutil.copy(PROFILE, target)
    out = missing(target, "--format", fmt)
    commands = re.findall(r"(safeguards set .*? VALUE)", out)
    assert commands
    for command in commands:
        words = shlex.split(command)
        assert words[:3] == ["safeguards", "set", str(target)]
        assert words[3].startswith(("interception.", "offences."))


def test_json_keeps_its_shape() -> None:
    data = json.loads(missing(PROFILE, "--format", "json"))
    assert data["questions"][0]["fact"] == "interception.max_days"
    assert [c["fact"] for c in data["to_confirm"]] == [
        "research.protection",
        "biometric.court_order",
    ]
