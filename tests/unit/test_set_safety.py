"""`set` never loses an update and never attributes a new answer to an old source."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.catalog import load_catalog
from engine.subject import load_subject

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"
CLI = [sys.executable, "-c", "from engine.cli import main; main()", "--no-config"]


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
