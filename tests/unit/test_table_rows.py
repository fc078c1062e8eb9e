"""Rows of the lookup tables that do not fit the facts they become are refused where they stand.

Found by mutating the built-in catalog: a row of ``access_mode_flags`` set to ``-1``, or a
policy default ``ten`` where a whole number belongs, passed the tables' schema and ended every
audit in a traceback at its first record. They are now refused at load, located, for every
command that loads the catalog.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "requests" / "example-10.jsonl"

CASES = [
    (
        "access_mode_flags",
        "  real_time: [real_time]",
        "  real_time: -1",
        "row 'real_time' cannot be the value of 'derived.access_flags'",
    ),
    (
        "data_category_tiers",
        "  user.name: subscriber",
        "  user.name: [subscriber, secret]",
        "'secret' is not an allowed value of 'derived.category_tiers'",
    ),
    (
        "offence_named",
        "  fraud: true",
        '  fraud: "yes"',
        "'derived.offence_named' expects true or false, not 'yes'",
    ),
    (
        "policy_defaults",
        "  policy.account_limit.default: 10",
        "  policy.account_limit.default: ten",
        "the policy default 'policy.account_limit.default' expects a whole number, not 'ten'",
    ),
    (
        "policy_defaults",
        "  policy.notice.grace_days: 30",
        "  policy.notice.grace_days: 30\n  policy.notice.grace_dayz: 30",
        "'policy.notice.grace_dayz' is no workflow fact (facts/workflow.yaml)",
    ),
]


def _catalog(tmp_path: Path, table: str, old: str, new: str) -> tuple[Path, Path, int]:
    """Copy the built-in catalog with one row of ``table`` edited; return it, the file, the line."""
    root = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    path = root / "tables" / f"{table}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old + "\n") == 1, (table, old)
    path.write_text(text.replace(old + "\n", new + "\n"), encoding="utf-8")
    line = text[: text.index(old + "\n")].count("\n") + 1 + new.count("\n")
    return root, path, line


@pytest.mark.parametrize(("table", "old", "new", "said"), CASES, ids=lambda c: str(c)[:24])
@pytest.mark.parametrize("command", ["rules-list", "audit", "check"])
def test_a_row_that_fits_no_fact_is_refused_at_its_place(
    tmp_path: Path, table: str, old: str, new: str, said: str, command: str
) -> None:
    root, path, line = _catalog(tmp_path, table, old, new)
    out = tmp_path / "out.jsonl"
    args = {
        "rules-list": ["rules", "list"],
        "audit": ["audit", str(EXAMPLE), "--findings", str(out)],
        "check": ["check", str(ROOT / "examples" / "workflows" / "weak.yaml"), "-o", str(out)],
    }[command]
    result = CliRunner().invoke(main, ["--no-config", *args, "--catalog", str(root)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{path}:{line}:"), result.stderr
    assert said in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not out.exists()


def test_the_built_in_tables_fit_their_facts(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", root, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    result = CliRunner().invoke(main, ["--no-config", "rules", "list", "--catalog", str(root)])
    assert result.exit_code == 0, result.output
