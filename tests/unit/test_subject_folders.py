"""A folder given where subjects are expected means the YAML files directly in it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.io.inputs import folder_files

ROOT = Path(__file__).resolve().parents[2]
JURISDICTIONS = ROOT / "examples" / "jurisdictions"


def test_a_folder_checks_each_profile_in_it_in_name_order(tmp_path: Path) -> None:
    for name in ("germany.yaml", "belgium.yaml"):
        shutil.copy(JURISDICTIONS / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not a profile", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    shutil.copy(JURISDICTIONS / "france.yaml", tmp_path / "nested" / "france.yml")
    args = ["--no-config", "check", str(tmp_path), "--fail-on", "none", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.index('"BE"') < result.stdout.index('"DE"')
    assert '"FR"' not in result.stdout


def test_a_folder_without_profiles_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--no-config", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}:1:1: folder holds no .yaml or .yml file\n"


def test_a_link_named_as_a_profile_that_leads_nowhere_is_named_not_skipped(tmp_path: Path) -> None:
    """A profile moved away from under its link, or links in a loop: each named, exit 2."""
    shutil.copy(JURISDICTIONS / "germany.yaml", tmp_path / "germany.yaml")
    (tmp_path / "belgium.yaml").symlink_to(tmp_path / "moved" / "belgium.yaml")
    (tmp_path / "a.yml").symlink_to("b.yml")
    (tmp_path / "b.yml").symlink_to("a.yml")
    result = CliRunner().invoke(main, ["--no-config", "check", str(tmp_path)])
    assert result.exit_code == 2, result.output
    said = result.stderr.splitlines()
    assert (
        said[0] == f"{tmp_path / 'a.yml'}:1:1: cannot read file: Too many levels of symbolic links"
    )
    assert said[1].startswith(f"{tmp_path / 'b.yml'}:1:1: ")
    assert said[2] == f"{tmp_path / 'belgium.yaml'}:1:1: no such file"
    assert len(said) == 3


def test_folder_and_files_mix_in_a_matrix() -> None:
    args = ["--no-config", "matrix", str(JURISDICTIONS), "--format", "csv"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert header.count(",") >= len(list(JURISDICTIONS.glob("*.yaml")))


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    """``check dir/ dir/x.yaml`` or a link to a profile: one subject, not a clash with itself."""
    for name in ("germany.yaml", "belgium.yaml"):
        shutil.copy(JURISDICTIONS / name, tmp_path / name)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "germany.yaml")
    named = [str(tmp_path), str(tmp_path / "germany.yaml"), str(tmp_path / "./belgium.yaml")]
    args = ["--no-config", "check", *named, "--fail-on", "none", "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"subject": "DE"') == result.stdout.count('"subject": "BE"') > 0
    once = CliRunner().invoke(main, [*args[:2], str(tmp_path), *args[-5:]])
    assert once.stdout == result.stdout


def test_two_files_with_one_id_are_refused_at_the_second_id(tmp_path: Path) -> None:
    first, second = tmp_path / "de.yaml", tmp_path / "de-copy.yaml"
    shutil.copy(JURISDICTIONS / "germany.yaml", first)
    shutil.copy(JURISDICTIONS / "germany.yaml", second)
    result = CliRunner().invoke(main, ["--no-config", "check", str(first), str(second)])
    assert result.exit_code == 2
    line = next(
        n for n, text in enumerate(first.read_text().splitlines(), 1) if text.startswith("id:")
    )
    assert result.stderr == f"{second}:{line}:5: subject id 'DE' is also used by {first}\n"


def test_a_folder_that_cannot_be_listed_is_a_located_problem(tmp_path: Path) -> None:
    """Whatever stops the listing (here the folder gone, a file in its place) is its message."""
    gone = tmp_path / "profiles"
    gone.write_text("not a folder any more", encoding="utf-8")
    names, problem = folder_files(gone, lambda name: True, "profile")
    assert names == []
    assert problem is not None
    assert str(problem) == f"{gone}:1:1: cannot list the folder: Not a directory"
    names, problem = folder_files(tmp_path, lambda name: name.endswith(".yaml"), "profile")
    assert (names, str(problem)) == ([], f"{tmp_path}:1:1: folder holds no profile")
