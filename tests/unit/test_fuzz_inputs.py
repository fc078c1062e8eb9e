"""Mutated inputs never crash: every run ends in a verdict or in errors located file:line:col."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from safeguards.engine import api
from safeguards.engine.audit.logs import audit_logs
from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import InputErrors

ROOT = Path(__file__).resolve().parents[2]
LOCATED = re.compile(r"^.+:\d+:\d+: \S[^\n]*$")
TOKENS = [
    "\n",
    ":",
    " ",
    "-",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!",
    "'",
    '"',
    "\t",
    "\x00",
    "é",
    "#",
]
ROUNDS = 100


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(chars))
        match rng.randrange(3):
            case 0:
                del chars[i : i + rng.randint(1, 12)]
            case 1:
                chars.insert(i, rng.choice(TOKENS))
            case _:
                j = rng.randrange(len(chars))
                chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


def run(source: str, target: Path, catalog: Catalog) -> None:
    if target.suffix == ".jsonl":
        audit_logs(catalog, [str(target)], as_of=dt.date(2026, 11, 29))
    else:
        api.check([target], catalog=catalog, as_of=dt.date(2026, 11, 29))


@pytest.mark.parametrize(
    "source",
    [
        "examples/jurisdictions/germany.yaml",
        "examples/workflows/weak.yaml",
        "examples/requests/example-10.jsonl",
    ],
)
def test_mutated_files_end_in_a_verdict_or_located_errors(
    source: str, tmp_path: Path, catalog: Catalog
) -> None:
    rng = random.Random(source)
    text = (ROOT / source).read_text(encoding="utf-8")
    target = tmp_path / Path(source).name
    for _ in range(ROUNDS):
        target.write_text(mutate(text, rng), encoding="utf-8")
        try:
            run(source, target, catalog)
        except InputErrors as exc:
            assert exc.errors
            for error in exc.errors:
                assert LOCATED.match(str(error)), str(error)
