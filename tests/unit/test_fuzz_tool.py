"""tools/fuzz.py: spoiled files never crash a command, and the fuzzer sees a broken promise."""

from __future__ import annotations

import importlib.util
import os
import random
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_tool", ROOT / "tools" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_tool"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _tool()


@pytest.mark.parametrize("surface", sorted(fuzz.SURFACES))
def test_a_fixed_run_of_spoiled_files_keeps_every_promise(surface: str, tmp_path: Path) -> None:
    """The same 20 cases every time on each surface (seeded): a regression net, not a search."""
    tally = fuzz.fuzz([surface], random.Random(2026), tmp_path / "kept", cases=20, seconds=0)
    assert tally.cases == {surface: 20}
    assert tally.broken == [], [(p / "command.txt").read_text() for p in tally.broken]


def test_the_spoiler_edits_and_is_repeatable() -> None:
    data = (ROOT / "examples" / "waivers.yaml").read_bytes()
    first = [fuzz.spoil(data, random.Random(seed)) for seed in range(30)]
    assert first == [fuzz.spoil(data, random.Random(seed)) for seed in range(30)]
    assert sum(spoiled != data for spoiled in first) >= 25


def test_a_crash_an_unplaced_message_and_a_changed_refused_file_are_each_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "p.yaml"
    text = b"safeguards: 1\nkind: jurisdiction\nid: P\nfacts: {}\n"
    profile.write_bytes(text)
    catalog = ["--catalog", str(ROOT / "tests" / "data" / "lawyer" / "catalog")]
    # a command that succeeds keeps every promise
    assert (
        fuzz.broken_promise(fuzz.Case(["check", str(profile)], profile, text, catalog=catalog))
        is None
    )
    # a traceback
    from safeguards.engine import api

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "check", boom)
    found = fuzz.broken_promise(fuzz.Case(["check", str(profile)], profile, text, catalog=catalog))
    assert found is not None and "RuntimeError: boom" in found
    monkeypatch.undo()
    # exit 2 without a place, where the file is what is spoiled
    case = fuzz.Case(["set", str(profile), "nope", "1"], profile, text, catalog=catalog)
    assert "exit 2 without a place" in str(fuzz.broken_promise(case))
    case.located = False  # set's own arguments may be wrong: one usage message is right
    assert fuzz.broken_promise(case) is None
    # a refused set that changed the file anyway
    case = fuzz.Case(["set", str(profile), "nope", "1"], profile, b"before\n", edits=True,
                     catalog=catalog, located=False)  # fmt: skip
    assert "changed the file" in str(fuzz.broken_promise(case))


def test_the_users_cache_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spoiled catalogs go to a scratch cache; the user's setting is back afterwards."""
    monkeypatch.setenv("SAFEGUARDS_CACHE_DIR", str(tmp_path / "mine"))
    fuzz.fuzz(["catalog"], random.Random(1), tmp_path / "kept", cases=2, seconds=0)
    assert not (tmp_path / "mine").exists()
    monkeypatch.delenv("SAFEGUARDS_CACHE_DIR")
    fuzz.fuzz(["catalog"], random.Random(1), tmp_path / "kept", cases=1, seconds=0)
    assert "SAFEGUARDS_CACHE_DIR" not in os.environ


def _dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.iterdump())


def test_the_cell_spoiler_edits_a_database_repeatably_and_audits_keep_their_promises(
    tmp_path: Path,
) -> None:
    """Odd values, deleted rows, dropped and added columns: unreadable records, never a crash."""
    seed = fuzz.database_seed(tmp_path)
    assert seed == fuzz.database_seed(tmp_path)  # written once
    dumps = []
    for n in range(12):
        for copy in ("a", "b"):
            fuzz.spoil_cells(seed, tmp_path / f"{copy}{n}.db", random.Random(n))
        dumps.append(_dump(tmp_path / f"a{n}.db"))
        assert dumps[-1] == _dump(tmp_path / f"b{n}.db")
    assert sum(dump != _dump(seed) for dump in dumps) >= 10
    workflow = str(ROOT / "examples" / "workflows" / "strong.yaml")
    for n in range(4):
        spoiled = tmp_path / f"a{n}.db"
        args = ["audit", str(spoiled), "--workflow", workflow, "--findings", str(tmp_path / "f")]
        case = fuzz.Case(args, spoiled, spoiled.read_bytes())
        assert fuzz.broken_promise(case) is None


def test_a_command_is_kept_as_given_even_with_a_name_that_is_not_utf8() -> None:
    """command.txt holds a buffer's name as its bytes (the fuzzer names some so)."""
    assert fuzz.as_given("check - --stdin-filename \udcffname.yaml") == (
        b"check - --stdin-filename \xffname.yaml"
    )
    assert fuzz.as_given("a lone \ud800") == b"a lone \\ud800"
