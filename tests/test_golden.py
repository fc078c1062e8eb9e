"""Golden reports: every format of a fixed report, compared byte for byte with tests/golden/.

Regenerate on purpose only: `make golden` (pytest tests/test_golden.py --update-golden), then
read the diff before committing it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.compare import build_matrix
from safeguards.reports import REGISTRY, renderer
from safeguards.reports.compare import MATRIX_FORMATS
from tests.unit.test_questionnaire import ENDED
from tests.unit.test_reports_data import AS_OF, CATALOG, DATA, ROOT, in_root, mixed_report

__all__ = ["in_root"]

GOLDEN = ROOT / "tests" / "golden"


def _format(name: str) -> Callable[[Path], bytes]:
    return lambda _tmp: renderer(name).render_bytes(mixed_report())


def _rollup(name: str) -> Callable[[Path], bytes]:
    return lambda _tmp: renderer(name).render_bytes(mixed_report(by="seed"))


def _matrix(name: str) -> Callable[[Path], bytes]:
    return lambda _tmp: MATRIX_FORMATS[name][1](build_matrix(mixed_report())).encode("utf-8")


def _diff(fmt: str) -> Callable[[Path], bytes]:
    def make(tmp: Path) -> bytes:
        out = tmp / "diff"
        args = ["diff", DATA / "reform-2023.yaml", DATA / "reform-2024.yaml", "--as-of", AS_OF]
        args += ["--catalog", CATALOG, "--format", fmt, "-o", out]
        result = CliRunner().invoke(main, list(map(str, args)))
        assert result.exit_code == 1, result.output
        return out.read_bytes()

    return make


def _audit(fmt: str, *extra: str) -> Callable[[Path], bytes]:
    """An audit's CI format: unreadable records, a waiver, a request given twice, two logs."""

    def make(tmp: Path) -> bytes:
        out = tmp / "audit"
        args = ["audit", "tests/data/audit/golden.jsonl", "examples/requests/example-10.jsonl"]
        args += ["--workflow", "examples/workflows/strong.yaml", "--as-of", "2026-11-29"]
        args += ["--waivers", "tests/data/audit/golden-waivers.yaml", "--fail-on", "none"]
        args += ["--format", fmt, "-o", str(out), *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        return out.read_bytes()

    return make


def _missing(fmt: str) -> Callable[[Path], bytes]:
    """The open questions of a profile with every kind of question and answers to confirm."""

    def make(_tmp: Path) -> bytes:
        args = ["missing", "tests/data/lawyer/open-questions.yaml"]
        args += ["--catalog", "tests/data/lawyer/catalog", "--format", fmt]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        return result.output.encode("utf-8")

    return make


def _init(typed: list[str], status: int, resume: str | None = None) -> Callable[[Path], bytes]:
    """The questionnaire as a person sees it: the prompts, the replies typed, what is said of
    a reply it cannot take, and (``resume``) the days a question is asked again for."""

    def make(tmp: Path) -> bytes:
        args = ["init", "jurisdiction", "--catalog", str(ROOT / "tests/data/lawyer/catalog")]
        if resume is None:
            args += ["-o", "ru.yaml"]
        else:
            (tmp / "ru.yaml").write_text(resume, encoding="utf-8")
            args += ["--resume", "ru.yaml", "--no-cite"]
        here = Path.cwd()
        os.chdir(tmp)  # the profile's path is said, and wrapped with the lines: the same everywhere
        try:
            result = CliRunner().invoke(main, args, input="".join(f"{t}\n" for t in typed))
        finally:
            os.chdir(here)
        assert result.exit_code == status, result.output
        return result.output.encode("utf-8")

    return make


# the id by default, a name, a date; a choice by its beginning, cited; an ambiguous beginning,
# then a longer one; neither yes nor no, then no; skipped; unknown; a list by numbers
FRESH = ["", "Ruritania", "2024-06-01", "nat", "Code of Criminal Procedure", "90ter", "", ""]
FRESH += ["yes", "", "in", "invest", "", "maybe", "no", "", "", "", "?", "1, 3", ""]

CASES: dict[str, Callable[[Path], bytes]] = {
    **{f"mixed{cls.suffix}": _format(name) for name, cls in REGISTRY.items()},
    "rollup-seed.txt": _rollup("text"),
    "rollup-seed.md": _rollup("markdown"),
    **{f"matrix{suffix}": _matrix(name) for name, (suffix, _) in MATRIX_FORMATS.items()},
    "diff.txt": _diff("text"),
    "diff.md": _diff("markdown"),
    "diff.json": _diff("json"),
    "audit.sarif": _audit("sarif"),
    "audit.most-12.sarif": _audit("sarif", "--max-results", "12"),
    "audit.junit.xml": _audit("junit"),
    "audit.github.txt": _audit("github"),
    "audit.gitlab.json": _audit("gitlab"),
    "missing.txt": _missing("text"),
    "missing.md": _missing("markdown"),
    "missing.json": _missing("json"),
    "init.txt": _init(FRESH, 0),
    "init-resume.txt": _init(["", "ninety", "90", ""], 130, resume=ENDED),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(in_root: Path, tmp_path: Path, update_golden: bool, name: str) -> None:
    actual = CASES[name](tmp_path)
    path = GOLDEN / name
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        return
    assert path.is_file(), f"no golden file {path.relative_to(ROOT)}; run `make golden`"
    expected = path.read_bytes()
    if actual != expected and not name.endswith(".docx"):  # show a readable diff first
        assert actual.decode("utf-8") == expected.decode("utf-8")
    assert actual == expected, f"{name} differs from its golden file; run `make golden`"


def test_no_stale_golden_files() -> None:
    # other golden files are not ours
    prefixes = ("mixed.", "rollup-", "matrix.", "diff.", "audit.", "missing.", "init")
    ours = {p.name for p in GOLDEN.glob("*") if p.name.startswith(prefixes)}
    assert ours <= set(CASES), f"golden files no test produces: {sorted(ours - set(CASES))}"
