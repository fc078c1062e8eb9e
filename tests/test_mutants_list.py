"""The hand mutations of `make mutants` still apply: each snippet is found exactly once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_mutant_still_finds_its_snippet() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "mutants.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every snippet found once" in done.stdout
