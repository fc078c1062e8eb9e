"""Shell completion completes safeguard ids, fact names and kinds, not only options."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main


def complete(words: str) -> list[str]:
    """Return the completions bash would offer for the last word of ``words``."""
    parts = words.split(" ")
    env = {
        "_SAFEGUARDS_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    result = CliRunner().invoke(main, [], prog_name="safeguards", env=env)
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if "," in line]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("safeguards explain SG-TRA-0", {"SG-TRA-01", "SG-TRA-02", "SG-TRA-03", "SG-TRA-04"}),
        ("safeguards explain sg-bio", {"SG-BIO-01"}),
        ("safeguards rules show SG-MEN-0", {"SG-MEN-01", "SG-MEN-06"}),
        ("safeguards facts jur", {"jurisdiction"}),
        ("safeguards init w", {"workflow"}),
    ],
)
def test_ids_and_kinds_complete(words: str, expected: set[str]) -> None:
    assert expected <= set(complete(words))


def test_fact_names_complete_without_derived_facts() -> None:
    offered = complete("safeguards set p.yaml research.protection.")
    assert "research.protection.type" in offered
    assert all(name.startswith("research.protection.") for name in offered)


def test_nothing_offered_for_an_unknown_prefix() -> None:
    assert complete("safeguards explain XX-") == []
