"""Every registered format: renders, is byte-for-byte deterministic, is listed in README and CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main
from safeguards.engine.cli.check import check
from safeguards.reports import REGISTRY, formats_table, renderer
from tests.conftest import cli_env
from tests.unit.test_reports_data import (
    AS_OF,
    CATALOG,
    PROFILES,
    ROOT,
    WAIVERS,
    in_root,
    report_named,
)

__all__ = ["in_root"]  # a fixture, shared with the other report tests

FORMATS = sorted(REGISTRY)


@pytest.mark.parametrize("which", ["empty", "mixed"])
@pytest.mark.parametrize("name", FORMATS)
def test_same_report_gives_the_same_bytes(in_root: Path, name: str, which: str) -> None:
    first = renderer(name).render_bytes(report_named(which))
    second = renderer(name).render_bytes(report_named(which))
    assert first, f"{name} rendered nothing for the {which} report"
    assert first == second


@pytest.mark.parametrize("name", FORMATS)
def test_source_date_epoch_keeps_output_deterministic(
    in_root: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = renderer(name).render_bytes(report_named("mixed"))
    assert first == renderer(name).render_bytes(report_named("mixed"))


@pytest.mark.parametrize("name", FORMATS)
def test_every_renderer_is_described(name: str) -> None:
    cls = REGISTRY[name]
    assert cls.name == name
    assert cls.suffix.startswith(".")
    assert cls.description and "\n" not in cls.description
    assert cls.__name__.endswith("Report")


def test_text_formats_are_utf8_and_binary_ones_say_so(in_root: Path) -> None:
    report = report_named("mixed")
    for name, cls in REGISTRY.items():
        data = renderer(name).render_bytes(report)
        if cls.binary:
            assert data.startswith(b"PK"), name
        else:
            assert data.decode("utf-8").endswith("\n"), name


def test_check_offers_every_registered_format() -> None:
    option = next(p for p in check.params if p.name == "formats")
    assert isinstance(option.type, click.Choice)
    assert sorted(option.type.choices) == FORMATS


def test_readme_lists_every_format() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Output formats", 1)
    assert len(section) == 2, "README.md has no '## Output formats' section"
    assert formats_table() in section[1], (
        "README.md's format table is out of date; paste the output of\n"
        "  .venv/bin/python -c 'from safeguards import reports; print(reports.formats_table(), end=\"\")'"
    )


def test_one_folder_receives_every_format(in_root: Path, tmp_path: Path) -> None:
    args = ["check", *map(str, PROFILES), "--catalog", str(CATALOG), "--as-of", str(AS_OF)]
    args += ["--waivers", str(WAIVERS[0]), "--fail-on", "none", "-o", f"{tmp_path}/"]
    for name in FORMATS:
        args += ["--format", name]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"report{REGISTRY[n].suffix}" for n in FORMATS)
    assert (tmp_path / "report.docx").read_bytes() == renderer("docx").render_bytes(
        report_named("mixed")
    )


def test_one_output_per_format_is_paired_in_order(in_root: Path, tmp_path: Path) -> None:
    args = ["check", str(PROFILES[0]), "--catalog", str(CATALOG), "--as-of", str(AS_OF)]
    args += ["--fail-on", "none", "--format", "sarif", "--format", "csv"]
    args += ["-o", str(tmp_path / "a.sarif"), "-o", str(tmp_path / "b.csv")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a.sarif").read_text(encoding="utf-8").lstrip().startswith("{")
    assert (tmp_path / "b.csv").read_text(encoding="utf-8").startswith("subject,")
    assert re.search(r"wrote .*a\.sarif", result.output)


def modules_loaded_by(*argv: str, cache: Path | None = None) -> set[str]:
    """Run the command line in a child process; return the modules it imported by its end.

    ``cache``: the YAML cache folder the child uses (else this environment's).
    """
    script = (
        "import sys\n"
        "from safeguards.engine.cli import main\n"
        f"sys.argv = ['safeguards', *{list(argv)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = cli_env() if cache is None else {**cli_env(), "SAFEGUARDS_CACHE_DIR": str(cache)}
    env.pop("SAFEGUARDS_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stderr.split())


def test_a_command_imports_only_the_renderers_it_writes() -> None:
    """`check` writing text loads neither the other renderers nor jsonschema's import chain.

    Start-up time is measured by `make bench`; this proves the mechanism behind it (lazy
    renderers, no importlib.metadata for the schema digest) in a child process.
    """
    loaded = modules_loaded_by(
        "check", "examples/jurisdictions/germany.yaml", "--fail-on", "none", "--as-of", "2026-11-29"
    )
    assert "safeguards.reports.text" in loaded
    for name in ("sarif", "junit", "oscal", "docx", "docxmemo", "html", "csv"):
        assert f"safeguards.reports.{name}" not in loaded, name
    assert "docx" not in loaded and "jinja2" not in loaded


def test_an_audit_without_workers_does_not_import_them(tmp_path: Path) -> None:
    """`audit` with one process (the default) loads neither the pool nor multiprocessing."""
    loaded = modules_loaded_by(
        "audit", "examples/requests/example-10.jsonl", "--fail-on", "none",
        "-o", str(tmp_path / "audit.md"),
    )  # fmt: skip
    assert "safeguards.engine.audit.run" in loaded
    assert "safeguards.engine.audit.pool" not in loaded
    assert "multiprocessing" not in loaded
    # nor the transparency report's tables and renderers (the command lives apart)
    assert "safeguards.engine.audit.transparency" not in loaded
    assert "safeguards.reports.transparency" not in loaded
    # nor the XML writer, which only the JUnit format needs
    assert "xml.etree.ElementTree" not in loaded


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "examples/jurisdictions/germany.yaml", "--fail-on", "none", "-o", "-"),
        ("audit", "examples/requests/example-10.jsonl", "--workflow",
         "examples/workflows/strong.yaml", "--fail-on", "none", "-o", "-"),
        ("rules", "list"),
        ("explain", "SG-BIO-01"),
        ("explain", "SG-BIO-01", "--subject", "examples/jurisdictions/germany.yaml"),
    ],
    ids=["check", "audit", "rules-list", "explain-safeguard", "explain-finding"],
)  # fmt: skip
def test_files_read_before_are_not_parsed_again(argv: tuple[str, ...], tmp_path: Path) -> None:
    """With every file in the YAML cache, a command does not even import the YAML parser.

    The first run parses the catalog and the command's own files (ruamel.yaml is loaded); the
    second finds them all in the cache and never loads ruamel.yaml or the module around it.
    """
    cold = modules_loaded_by(*argv, cache=tmp_path / "cache")
    assert "ruamel.yaml" in cold and "safeguards.engine.io.yamlparse" in cold
    warm = modules_loaded_by(*argv, cache=tmp_path / "cache")
    assert "ruamel.yaml" not in warm and "safeguards.engine.io.yamlparse" not in warm


def test_the_registry_lists_every_format_and_finds_each_class() -> None:
    assert list(REGISTRY) == [
        "text", "markdown", "json", "html", "docx", "sarif", "junit", "csv", "oscal",
        "github", "gitlab",
    ]  # fmt: skip
    assert all(REGISTRY[name].name == name for name in REGISTRY)
    with pytest.raises(KeyError):
        REGISTRY["pdf"]
