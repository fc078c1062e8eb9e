"""Error messages quote what the user wrote, but never as live text: one line, nothing hidden."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.errors import InputError, SourceLocation, inert


def test_controls_bidi_and_line_breaks_are_shown_as_code_points() -> None:
    assert inert("a\nb") == "a<U+000A>b"
    assert inert("\x1b]0;title\x07") == "<U+001B>]0;title<U+0007>"
    assert inert("x\u202ey") == "x<U+202E>y"
    assert inert("\u2028\u2029\u200f\ufeff\x85") == "<U+2028><U+2029><U+200F><U+FEFF><U+0085>"
    assert inert("plain text, “quoted” — é") == "plain text, “quoted” — é"


def test_an_input_error_is_always_one_line() -> None:
    error = InputError(SourceLocation("p.yaml", 2, 3), "unknown key 'a\nb.yaml:9:9: forged'")
    assert str(error) == "p.yaml:2:3: unknown key 'a<U+000A>b.yaml:9:9: forged'"


def test_a_key_with_a_line_feed_cannot_forge_a_second_error_line(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        'safeguards: 1\nkind: jurisdiction\nid: X\nfacts:\n  "a\\nx.yaml:1:1: ok\\e[2J": true\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(profile)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{profile}:5:3: "), result.stderr
    assert "\x1b" not in result.stderr and "<U+001B>" in result.stderr
