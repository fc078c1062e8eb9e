"""The pre-commit hooks run the commands they name on the files their patterns pick."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from safeguards.engine.cli import main

ROOT = Path(__file__).resolve().parents[2]
HOOKS: list[dict[str, Any]] = YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")
REQUIRED = {"id", "name", "entry", "language"}


def picked(hook: dict[str, Any], names: list[str]) -> list[str]:
    """Return the files pre-commit would pass to the hook (by its files/exclude patterns)."""
    files = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if "exclude" in hook else None
    out = [n for n in names if files.search(n) and not (exclude and exclude.search(n))]
    if "yaml" in hook.get("types", []):
        out = [n for n in out if n.endswith((".yaml", ".yml"))]
    return out


def test_every_hook_is_complete_and_uses_the_installed_command() -> None:
    assert {h["id"] for h in HOOKS} == {
        "safeguards-check",
        "safeguards-waivers",
        "safeguards-rules-lint",
    }
    for hook in HOOKS:
        assert set(hook) >= REQUIRED, hook
        assert hook["language"] == "python"
        assert shlex.split(hook["entry"])[0] == "safeguards"


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_each_hook_passes_on_the_shipped_examples(hook: dict[str, Any]) -> None:
    # examples/reform holds one subject at two dates, for `diff`: not checked side by side.
    shipped = (ROOT / "examples").rglob("*.yaml")
    names = sorted(str(p.relative_to(ROOT)) for p in shipped if p.parent.name != "reform")
    files = picked(hook, names) if hook.get("pass_filenames", True) else []
    if hook.get("pass_filenames", True):
        assert files, f"{hook['id']} picks none of the examples"
    args = [*shlex.split(hook["entry"])[1:], *(str(ROOT / f) for f in files)]
    if hook["id"] == "safeguards-check":
        args += ["--fail-on", "none", "--as-of", "2026-12-03"]
    result = CliRunner().invoke(main, ["--no-config", *args])
    assert result.exit_code == 0, result.output
