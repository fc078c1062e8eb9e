"""The configuration file: found upwards, checked key by key, overridden by flags."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
GERMANY = ROOT / "examples" / "jurisdictions" / "germany.yaml"


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of profiles with a sub-folder to work from."""
    (tmp_path / "profiles").mkdir()
    shutil.copy(GERMANY, tmp_path / "profiles" / "de.yaml")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


def test_settings_become_defaults_and_relative_paths_follow_the_file(project: Path) -> None:
    (project / ".safeguards.yaml").write_text(
        "as-of: 2026-12-03\ncheck:\n  fail-on: none\n  profiles: [profiles/de.yaml]\n",
        encoding="utf-8",
    )
    code, out, _ = run(["check"])
    assert code == 0
    assert "Germany" in out and "(as of 2026-12-03)" in out


def test_a_flag_wins_over_the_file(project: Path) -> None:
    (project / ".safeguards.yaml").write_text("as-of: 2026-12-03\n", encoding="utf-8")
    code, out, _ = run(
        ["check", "../profiles/de.yaml", "--fail-on", "none", "--as-of", "2026-01-01"]
    )
    assert code == 0 and "(as of 2026-01-01)" in out


def test_pyproject_table_is_read_and_the_nearest_file_wins(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "p"\n\n[tool.safeguards.check]\nfail-on = "none"\n', encoding="utf-8"
    )
    code, out, _ = run(["config", "--format", "json"])
    shown = json.loads(out)
    assert code == 0 and shown["file"].endswith("pyproject.toml")
    assert shown["commands"]["check"] == {"fail-on": "none"}
    (project / "work" / ".safeguards.yaml").write_text("check:\n  fail-on: high\n", "utf-8")
    shown = json.loads(run(["config", "--format", "json"])[1])
    assert shown["file"].endswith(".safeguards.yaml")
    assert shown["commands"]["check"] == {"fail-on": "high"}


def test_a_pyproject_without_the_table_is_not_a_configuration(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "p"\n', encoding="utf-8")
    code, out, _ = run(["config"])
    assert code == 0 and out.startswith("No configuration file found")


def test_every_bad_setting_is_located(project: Path) -> None:
    (project / ".safeguards.yaml").write_text(
        "check:\n  fail-onn: high\n  format: [pdf]\nasof: 2026-01-01\nmatrix: 3\n",
        encoding="utf-8",
    )
    code, out, err = run(["check", "x.yaml"])
    assert code == 2 and out == ""
    lines = err.splitlines()
    where = str(project / ".safeguards.yaml")
    assert (
        lines[0] == f"{where}:2:3: 'fail-onn' is not a setting of 'check' (did you mean 'fail-on'?)"
    )
    assert lines[1].startswith(f"{where}:3:3: Invalid value for '--format': 'pdf'")
    assert (
        lines[2] == f"{where}:4:1: 'asof' is not a setting of any command (did you mean 'as-of'?)"
    )
    assert lines[3] == f"{where}:5:1: 'matrix' holds the settings of a command: a mapping"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[tool.safeguards]\nfail-on = \n", "pyproject.toml:2:11:"),
        ("[tool.safeguards.check]\nformat = 'sarif'\nbogus = 1\n", "pyproject.toml:3:1:"),
        ("[tool.safeguards]\ncheck = 3\n", "pyproject.toml:2:1:"),
        # every spelling of a key is found: under [tool], dotted, quoted, indented, spaced
        ("[project]\nname = 'p'\n[tool]\nsafeguards = 3\n", "pyproject.toml:4:1:"),
        ("[tool]\nsafeguards.check.fail-on = 'bogus'\n", "pyproject.toml:2:1:"),
        ("[tool.safeguards]\nas-of = 2026-01-01\n  check.fail-on = 'x'\n", "pyproject.toml:3:3:"),
        ("[tool.safeguards]\n'check' . \"format\" = 'nope'\n", "pyproject.toml:2:1:"),
        ("[ tool . 'safeguards' . \"check\" ]  # ours\n\nbogus = 1\n", "pyproject.toml:3:1:"),
        # a key inside an inline table: at the line that opens it
        ("[tool.safeguards]\nas-of = 2026-01-01\nmatrix = {format = 'x'}\n", "pyproject.toml:3:1:"),
        # a key of another table of the same name is not taken for ours
        ("[other.check]\nbogus = 1\n[tool.safeguards.check]\nbogus = 1\n", "pyproject.toml:4:1:"),
    ],
)
def test_a_bad_pyproject_table_is_located(project: Path, text: str, where: str) -> None:
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    code, _, err = run(["config"])
    assert code == 2 and err.startswith(str(project / where)), err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[tool.safeguards\ncheck = {fail-on = 'none'}\n", "pyproject.toml:1:17:"),
        ("[project]\nname = 'p'\n[tool.safeguards.check]\nfail-on = \n", "pyproject.toml:4:11:"),
        ("[tool]\nsafeguards = {check = {fail-on = 'none'}\n", "pyproject.toml:2:41:"),
        # deeper than Python's TOML parser can recurse: at the bracket past 64 levels, as YAML
        ("[tool.safeguards]\nas-of = 2026-01-01\nx = " + "[" * 5000, "pyproject.toml:3:69:"),
        ("[project]\nname = " + "[" * 5000 + "\n[tool.safeguards]\n", "pyproject.toml:2:72:"),
    ],
)
def test_a_pyproject_that_does_not_parse_is_reported_where_it_names_safeguards(
    project: Path, text: str, where: str
) -> None:
    """Its settings are not passed over for a file further up (a CI's threshold lost)."""
    (project / ".safeguards.yaml").write_text("check:\n  fail-on: high\n", encoding="utf-8")
    (project / "work" / "pyproject.toml").write_text(text, encoding="utf-8")
    code, out, err = run(["config"])
    assert code == 2 and out == "" and err.startswith(str(project / "work" / where)), err


@pytest.mark.parametrize(
    "text",
    [
        "[project\nname = 'safeguards'\n",  # names the project, configures nothing
        "[project]\ndependencies = [\n  'safeguards>=1',\n  'x' 'y'\n]\n",
        # parses, and has a key 'safeguards', but not under [tool]
        "[project]\nname = 'safeguards'\n[project.optional-dependencies]\nsafeguards = ['x']\n",
    ],
)
def test_a_pyproject_that_does_not_configure_is_passed_over(project: Path, text: str) -> None:
    (project / ".safeguards.yaml").write_text("check:\n  fail-on: high\n", encoding="utf-8")
    (project / "work" / "pyproject.toml").write_text(text, encoding="utf-8")
    code, out, _ = run(["config", "--format", "json"])
    assert code == 0 and json.loads(out)["file"] == str(project / ".safeguards.yaml")


@pytest.mark.parametrize(
    "text",
    [
        '[ tool . "safeguards" . check ]\nfail-on = "none"\n',
        "[tool]\nsafeguards.check.fail-on = 'none'\n",
        "tool.safeguards.check = {fail-on = 'none'}\n",
        "[tool]\n'safeguards' = {check = {fail-on = 'none'}}\n",
    ],
)
def test_every_toml_spelling_of_the_table_is_a_configuration(project: Path, text: str) -> None:
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    code, out, _ = run(["config", "--format", "json"])
    shown = json.loads(out)
    assert code == 0 and shown["file"] == str(project / "pyproject.toml")
    assert shown["commands"]["check"] == {"fail-on": "none"}


def test_no_config_and_an_explicit_file(project: Path) -> None:
    (project / ".safeguards.yaml").write_text("check:\n  fail-onn: x\n", encoding="utf-8")
    assert run(["--no-config", "config"])[1].startswith("No configuration file found")
    other = project / "other.yaml"
    other.write_text("check:\n  fail-on: none\n", encoding="utf-8")
    code, out, _ = run(["--config", str(other), "config"])
    assert code == 0 and f"Configuration: {other}" in out and "fail-on: none" in out
    code, _, err = run(["--config", str(project / "missing.yaml"), "config"])
    assert code == 2 and "missing.yaml:1:1: no such configuration file" in err


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("catalog: true", "1:1: takes a path, not true"),
        (
            "audit:\n  workflow: null",
            "2:3: takes a value, not null (leave the key out for the option's default)",
        ),
        ("check:\n  output: {a: 1}", "2:3: takes a value, not a mapping"),
        ("check:\n  format: [text, [sarif]]", "2:3: takes a value, not a list"),
        ("audit:\n  jobs: 2.5", "2:3: takes a whole number, not 2.5"),
        ("audit:\n  jobs: true", "2:3: takes a whole number, not true"),
        ("check:\n  fail-on: false", "2:3: takes a value for --fail-on, not false"),
        ("as-of: true", "1:1: takes a value for --as-of, not true"),
        # refused by every command that has --jobs: the option's own message, whole
        ("jobs: 99", "1:1: Invalid value for '--jobs': 99 is not in the range 0<=x<=64."),
    ],
)
def test_a_value_the_command_line_could_not_give_is_located(
    project: Path, setting: str, said: str
) -> None:
    """Found by fuzzing the file: a number or true where a path goes ended in a traceback."""
    (project / ".safeguards.yaml").write_text(setting + "\n", encoding="utf-8")
    for command in (["config"], ["check", "../profiles/de.yaml"]):
        code, out, err = run(command)
        assert code == 2 and out == "", (command, err)
        assert err == f"{project / '.safeguards.yaml'}:{said}\n", (command, err)


def test_a_number_where_a_path_goes_is_that_path(project: Path) -> None:
    """`output: 2026` names a folder called 2026 next to the file, as the text '2026' would."""
    (project / ".safeguards.yaml").write_text("check:\n  output: 2026\n", encoding="utf-8")
    code, out, _ = run(["config", "--format", "json"])
    assert code == 0
    assert json.loads(out)["commands"]["check"]["output"] == ["../2026"]


def test_a_flag_setting_needs_true_or_false(project: Path) -> None:
    (project / ".safeguards.yaml").write_text("check:\n  ignore-waivers: yes please\n", "utf-8")
    code, _, err = run(["config"])
    assert code == 2 and ":2:3: takes true or false" in err


def test_config_shows_what_the_file_wrote_with_nothing_hidden(project: Path) -> None:
    """A value with an escape sequence or a bidi override is shown, not obeyed, in the text."""
    (project / ".safeguards.yaml").write_text(
        'check:\n  profiles: ["p\\e[31m\\u202e.yaml"]\n', encoding="utf-8"
    )
    code, out, _ = run(["config"])
    assert code == 0
    assert "profiles: " in out and "<U+001B>[31m<U+202E>.yaml" in out
    assert "\x1b" not in out and "\u202e" not in out
    code, out, _ = run(["config", "--format", "json"])  # JSON keeps the exact value
    assert "p\x1b[31m\u202e.yaml" in json.loads(out)["commands"]["check"]["profiles"][0]


@pytest.mark.parametrize("value", ["[a, b]", "3", "text", "''", ""])
def test_a_command_group_that_holds_no_mapping_is_located(project: Path, value: str) -> None:
    """Found by fuzzing the file: `rules: [a, b]` (a group of commands) ended in a traceback."""
    (project / ".safeguards.yaml").write_text(f"as-of: 2026-12-03\nrules: {value}\n", "utf-8")
    for command in (["config"], ["rules", "list"], ["check", "../profiles/de.yaml"]):
        code, out, err = run(command)
        assert code == 2 and out == "", (command, err)
        said = "2:1: 'rules' holds the settings of a command: a mapping"
        assert err == f"{project / '.safeguards.yaml'}:{said}\n", (command, err)


def test_waivers_at_the_top_is_the_option_of_every_command_that_has_it(project: Path) -> None:
    """`waivers` names both a command and an option: a list is the option, a mapping the command."""
    (project / "w.yaml").write_text("safeguards: 1\nwaivers: []\n", encoding="utf-8")
    (project / ".safeguards.yaml").write_text("waivers: [w.yaml]\n", encoding="utf-8")
    code, out, err = run(["config", "--format", "json"])
    assert code == 0, err
    commands = json.loads(out)["commands"]
    for name in ("check", "audit", "matrix", "diff"):
        assert commands[name] == {"waivers": ["../w.yaml"]}, name
    assert "waivers" not in commands  # the command `waivers` takes no --waivers
    code, out, err = run(["check", "../profiles/de.yaml", "--fail-on", "none"])
    assert code == 0, err
    (project / ".safeguards.yaml").write_text("waivers:\n  lint:\n    bogus: 1\n", "utf-8")
    code, _, err = run(["config"])  # a mapping: the settings of the command `waivers`
    assert code == 2 and ":3:5: 'bogus' is not a setting of 'lint'" in err, err


CATALOG = ROOT / "tests" / "data" / "catalog"


def test_a_top_level_setting_reaches_the_commands_of_groups_too(project: Path) -> None:
    """`catalog:` at the top was the catalog of `check`, but not of `rules list` or `lint`."""
    shutil.copytree(CATALOG, project / "mine")
    (project / ".safeguards.yaml").write_text("catalog: mine\nas-of: 2026-12-03\n", "utf-8")
    code, out, err = run(["rules", "list"])
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["SG-DEM-01", "SG-DEM-02"]
    commands = json.loads(run(["config", "--format", "json"])[1])["commands"]
    for name in ("rules list", "rules show", "rules lint", "waivers lint", "check"):
        assert commands[name]["catalog"] == "../mine", name
    assert commands["waivers lint"]["as-of"] == "2026-12-03"


def test_a_groups_own_setting_reaches_its_commands_and_wins_over_the_top(project: Path) -> None:
    (project / ".safeguards.yaml").write_text(
        "format: text\nrules:\n  format: json\n  list:\n    family: demo\n", "utf-8"
    )
    code, out, err = run(["config", "--format", "json"])
    assert code == 2 and out == ""
    # `format: text` suits most commands; `matrix` and `transparency` have no text format
    lines = err.splitlines()
    assert {line.rsplit(" (for ", 1)[1] for line in lines} == {"'matrix')", "'transparency')"}
    for line in lines:
        assert line.startswith(f"{project / '.safeguards.yaml'}:1:1: Invalid value for '--format'")
    (project / ".safeguards.yaml").write_text(
        "audit:\n  format: text\nrules:\n  format: json\n  list:\n    family: demo\n", "utf-8"
    )
    commands = json.loads(run(["config", "--format", "json"])[1])["commands"]
    assert commands["rules list"] == {"format": "json", "family": "demo"}
    assert commands["rules lint"] == {"format": "json"}
    assert commands["audit"] == {"format": "text"}
