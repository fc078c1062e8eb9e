"""`missing` and `explain` print a hostile profile's text inert: nothing hidden, nothing forged.

Both commands write pages of plain text for a terminal that quote the profile: its name, its
path, the answers' sources and notes. A bidi override, an escape sequence or a line feed in any
of them is shown as ``<U+XXXX>``, as the reports and the error messages show it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "jurisdictions" / "belgium.yaml"
HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Belgium, with a name that overrides, escapes and breaks the line, and a hostile note."""
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace("name: Belgium", 'name: "Bel\\u202egium\\e[31m\\nForged line"', 1)
    text, notes = re.subn(
        r"^(    note: )(?![>|]).*$",
        lambda m: m.group(1) + '"\\u202eton\\e[2J\\rback"',
        text,
        count=3,
        flags=re.M,
    )
    assert notes == 3
    path = tmp_path / "be\u202e.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["missing"],
        ["explain", "SG-BIO-01", "--subject"],
        ["explain", "SG-RES-02", "--subject"],
        ["explain", "SG-INC-02", "--subject"],
    ],
)
def test_nothing_hidden_reaches_the_reader(hostile: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["--no-config", *args, str(hostile)])
    assert result.exit_code == 0, result.output
    assert not HIDDEN.search(result.stdout), HIDDEN.findall(result.stdout)
    assert "Bel<U+202E>gium<U+001B>[31m<U+000A>Forged line" in result.stdout
    assert not any(line.startswith("Forged line") for line in result.stdout.splitlines())


def test_an_error_in_a_file_whose_name_hides_characters_shows_them(tmp_path: Path) -> None:
    bad = tmp_path / "be\u202elmy\x1b.yaml"
    bad.write_text("safeguards: 1\nkind: jurisdiction\nbogus: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--no-config", "check", str(bad)])
    assert result.exit_code == 2
    assert "be<U+202E>lmy<U+001B>.yaml:3:1: unknown key 'bogus'" in result.stderr
    assert not HIDDEN.search(result.stderr)
