"""The shipped catalog: complete, faithful to the seed, documented, installable."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.docs import render
from safeguards.engine.catalog.lint import PROPOSALS, check_quotes, lint
from tests.conftest import need_shared

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def subjects_by_proposal() -> dict[str, str]:
    """Read the T/J/W/R column of the canonical proposal table in shared/domain/safeguards.md."""
    table = need_shared(SHARED / "domain" / "safeguards.md")
    out = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"S\d+", cells[0]):
            out[cells[0]] = cells[3]
    return out


def test_every_proposal_is_encoded(catalog: Catalog) -> None:
    encoded = {ref for s in catalog.safeguards.values() for ref in s.seed.ref}
    assert set(PROPOSALS) <= encoded


def test_treaty_and_jurisdiction_proposals_have_jurisdiction_checks(catalog: Catalog) -> None:
    for proposal, subjects in subjects_by_proposal().items():
        if {"T", "J"} & set(subjects.split()):
            kinds = {
                c.kind
                for s in catalog.safeguards.values()
                if proposal in s.seed.ref
                for c in s.checks
            }
            assert "jurisdiction" in kinds, f"{proposal} ({subjects}) has no jurisdiction check"


def test_every_quote_is_in_the_seed(catalog: Catalog, seed_text: str) -> None:
    assert check_quotes(catalog, seed_text) == []


def test_lint_is_clean(catalog: Catalog, seed_text: str) -> None:
    from tests.conftest import SEED

    problems, notes = lint(catalog, SEED, ROOT / "features")
    assert [str(p) for p in problems] == []
    assert notes == []


def test_quote_check_catches_an_altered_quote(catalog: Catalog, seed_text: str) -> None:
    s = next(iter(catalog.safeguards.values()))
    altered = s.model_copy(
        update={"seed": s.seed.model_copy(update={"quotes": (s.seed.quotes[0] + " indeed",)})}
    )
    patched = Catalog(**{**catalog.__dict__, "safeguards": {**catalog.safeguards, s.id: altered}})
    problems = check_quotes(patched, seed_text)
    assert len(problems) == 1 and s.id in problems[0].message


def test_every_fact_has_a_question_and_help(catalog: Catalog) -> None:
    for facts in catalog.facts.values():
        for spec in facts.facts.values():
            assert spec.question.strip() and spec.help.strip(), spec.key


def test_docs_catalog_is_up_to_date(catalog: Catalog) -> None:
    page = ROOT / "docs" / "catalog.md"
    assert page.read_text(encoding="utf-8") == render(catalog), (
        "run `make docs` and commit docs/catalog.md"
    )


def test_wheel_ships_the_catalog_under_one_namespace_and_works_outside_the_repo(
    tmp_path: Path,
) -> None:
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    assert "warning" not in (build.stdout + build.stderr).lower(), build.stdout + build.stderr
    wheel = next(tmp_path.glob("safeguards-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"safeguards", "safeguards-0.1.0.dist-info"}, tops
    assert any(n.startswith("safeguards/rules/catalog/") and n.endswith(".yaml") for n in names)
    assert "safeguards/rules/facts/jurisdiction.yaml" in names
    assert "safeguards/engine/schemas/report.schema.json" in names
    assert "safeguards/reports/templates/report.html.j2" in names
    assert "safeguards-0.1.0.dist-info/licenses/LICENSE" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from safeguards.engine.cli import main; sys.exit(main(['rules', 'list']))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert listed.returncode == 0, listed.stderr
    assert "SG-BIO-01" in listed.stdout
    assert str(ROOT) not in listed.stdout


def test_the_wheel_lists_every_package_of_the_checkout() -> None:
    """pyproject.toml names the packages one by one (the folders are mapped into `safeguards`).

    A new folder with an ``__init__.py`` that is not listed there would be missing from the wheel
    while every test in the checkout still passed.
    """
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"safeguards"}
    for top in ("engine", "reports", "rules"):
        for init in (ROOT / top).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT).parts
            found.add(".".join(("safeguards", *parts)))
    assert listed == found


def test_the_checkout_links_the_folders_into_the_namespace() -> None:
    for top in ("engine", "reports", "rules"):
        link = ROOT / "safeguards" / top
        assert link.is_symlink() and link.resolve() == (ROOT / top).resolve(), link
