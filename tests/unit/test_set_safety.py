"""`set` never loses an update and never attributes a new answer to an old source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safeguards.engine.catalog import load_catalog
from safeguards.engine.subjects.load import load_subject

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"
CLI = [sys.executable, "-c", "from safeguards.engine.cli import main; main()", "--no-config"]


def answers(path: Path) -> dict[str, object]:
    subject = load_subject(path, load_catalog())
    return {fact: history[-1].value for fact, history in subject.answers.items()}


@pytest.mark.parametrize("round_", range(3))
def test_three_concurrent_sets_on_one_file_all_land(tmp_path: Path, round_: int) -> None:
    profile = tmp_path / "de.yaml"
    shutil.copy(PROFILE, profile)
    changes = {
        "research.definitions.researcher_defined": "true",
        "research.definitions.conduct_defined": "true",
        "offences.misuse_of_devices.exists": "false",
    }
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [*CLI, "set", str(profile), fact, value],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for fact, value in changes.items()
    ]
    codes = [run.wait() for run in runs]
    got = answers(profile)
    for (fact, value), code in zip(changes.items(), codes, strict=True):
        assert code == 0
        assert got[fact] is (value == "true"), fact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.yaml"]


HEAD = "safeguards: 1\nkind: jurisdiction\nid: XX\nname: Example\nfacts:\n"
FACT = "offences.misuse_of_devices.exists"
NEW = ["--source-instrument", "New Act", "--source-article", "§9"]
OLD_SOURCE = {
    "block": (
        "  offences.misuse_of_devices.exists:\n"
        "    value: true\n"
        "    note: read in the Old Act\n"
        "    source:   # the old reading\n"
        "      instrument: Old Act\n"
        "      article: '1'\n"
        "      url: https://old.example/act   # old link\n"
        "      quote: old words\n"
        "      date: 2020-01-01\n"
        "      basis: official_text\n"
    ),
    "string": (
        "  offences.misuse_of_devices.exists:\n    value: true\n    source: Old Act, art. 1\n"
    ),
    "flow": (
        "  offences.misuse_of_devices.exists:\n"
        "    value: true\n"
        "    source: {instrument: Old Act, url: 'https://old.example/act', basis: secondary}\n"
    ),
    "flow-answer": (
        "  offences.misuse_of_devices.exists: {value: true, source: {instrument: Old Act,"
        " url: 'https://old.example/act'}}\n"
    ),
    "dated": (
        "  offences.misuse_of_devices.exists:\n"
        "    - value: true\n"
        "      effective_until: 2020-12-31\n"
        "      source: {instrument: Older Act}\n"
        "    - value: true\n"
        "      effective_from: 2021-01-01\n"
        "      note: read in the Old Act\n"
        "      source:\n"
        "        instrument: Old Act\n"
        "        url: https://old.example/act\n"
    ),
}


def cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("layout", sorted(OLD_SOURCE))
def test_a_new_citation_replaces_the_old_one_whole(tmp_path: Path, layout: str) -> None:
    profile = tmp_path / "xx.yaml"
    profile.write_text(HEAD + OLD_SOURCE[layout], encoding="utf-8")
    done = cli(["set", str(profile), FACT, "false", *NEW, "--source-basis", "recollection"])
    assert done.returncode == 0, done.stderr
    subject = load_subject(profile, load_catalog())
    answer = subject.answers[FACT][-1]
    assert answer.value is False
    assert answer.source is not None
    assert answer.source.model_dump(exclude_none=True) == {
        "instrument": "New Act",
        "article": "§9",
        "basis": "recollection",
    }
    text = profile.read_text(encoding="utf-8")
    assert "old.example" not in text and "old words" not in text and "old link" not in text
    assert "the old reading" not in text and "read in the Old Act" not in text
    if layout == "dated":
        assert subject.answers[FACT][0].source is not None  # the earlier answer keeps its own
        assert "Older Act" in text


def test_a_citation_added_to_an_unchanged_uncited_answer_keeps_its_note(tmp_path: Path) -> None:
    profile = tmp_path / "xx.yaml"
    profile.write_text(
        HEAD + f"  {FACT}:\n    value: true\n    note: explains why\n", encoding="utf-8"
    )
    done = cli(["set", str(profile), FACT, "true", *NEW])
    assert done.returncode == 0, done.stderr
    answer = load_subject(profile, load_catalog()).answers[FACT][-1]
    assert answer.note == "explains why"
    assert answer.source is not None and answer.source.instrument == "New Act"


def test_a_profile_with_another_hard_link_is_replaced_under_its_name_and_set_says_so(
    tmp_path: Path,
) -> None:
    """The edit is written whole and renamed into place: the other name keeps the old text."""
    profile, other = tmp_path / "xx.yaml", tmp_path / "same.yaml"
    before = HEAD + f"  {FACT}: true\n"
    profile.write_text(before, encoding="utf-8")
    os.link(profile, other)
    done = cli(["set", str(profile), FACT, "false"])
    assert done.returncode == 0, done.stderr
    said = f"{profile} has another hard link: the edit replaces the file under this name"
    assert said in done.stderr
    assert other.read_text(encoding="utf-8") == before
    assert f"{FACT}: false" in profile.read_text(encoding="utf-8")
    again = cli(["set", str(profile), FACT, "true"])  # now a file of its own: nothing to say
    assert again.returncode == 0 and "hard link" not in again.stderr
    os.link(profile, tmp_path / "third.yaml")
    quiet = cli(["-q", "set", str(profile), FACT, "false"])
    assert quiet.returncode == 0 and quiet.stderr == ""


CITED = (
    "  interception.authorization:\n    value: prosecutor\n"
    "    source: {instrument: CCP, article: 90quater, basis: official_text}\n"
)


@pytest.mark.parametrize(
    ("args", "warned"),
    [
        (["judicial"], True),  # the value changes, the citation stays: said
        (["prosecutor"], False),  # the same value: the citation still gives it
        (["judicial", "--source-instrument", "New Act"], False),  # cited anew
        (["judicial", "--effective-from", "2025-01-01"], False),  # a new answer, uncited
    ],
)
def test_a_new_value_that_keeps_the_old_citation_is_said(
    tmp_path: Path, args: list[str], warned: bool
) -> None:
    """`set` without --source-* changes the value only: the answer still cites the text given
    for the old one, so the command says so, naming that citation."""
    profile = tmp_path / "cited.yaml"
    profile.write_text(HEAD.replace("id: XX", "id: CI") + CITED, encoding="utf-8")
    catalog = str(ROOT / "tests" / "data" / "lawyer" / "catalog")
    done = cli(["set", str(profile), "interception.authorization", *args, "--catalog", catalog])
    assert done.returncode == 0, done.stderr
    said = "interception.authorization still cites CCP, art. 90quater [basis: official text]"
    assert (said in done.stderr) is warned, done.stderr
    if warned:
        assert ", given for the old answer: cite the text that gives the new one" in done.stderr
        assert "source: {instrument: CCP, article: 90quater" in profile.read_text(encoding="utf-8")
        quiet = cli(["-q", "set", str(profile), "interception.authorization", "prosecutor",
                     "--catalog", catalog])  # fmt: skip
        assert quiet.returncode == 0 and quiet.stderr == ""


def test_the_note_kept_with_the_old_citation_is_said_too(tmp_path: Path) -> None:
    profile = tmp_path / "noted.yaml"
    noted = CITED + "    note: the prosecutor orders it\n"
    profile.write_text(HEAD.replace("id: XX", "id: NO") + noted, encoding="utf-8")
    catalog = str(ROOT / "tests" / "data" / "lawyer" / "catalog")
    done = cli(
        ["set", str(profile), "interception.authorization", "judicial", "--catalog", catalog]
    )
    assert done.returncode == 0, done.stderr
    assert "[basis: official text] and keeps its note, given for the old answer" in done.stderr
