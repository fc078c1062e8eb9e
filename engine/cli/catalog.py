"""The catalog's commands: `rules list`, `rules show`, `rules lint` and `facts`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from safeguards.engine.catalog.describe import show_safeguard
from safeguards.engine.catalog.lint import find_features, find_seed, lint
from safeguards.engine.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    catalog_option,
    complete_kind,
    complete_safeguard,
    facts_of,
    handle_errors,
    note,
    text_or_json_option,
)
from safeguards.engine.cli.common import (
    open_catalog as _catalog,
)
from safeguards.engine.errors import UsageError, did_you_mean


@click.group()
def rules() -> None:
    """List, show and lint the safeguard catalog."""


@rules.command("list")
@click.option("--family", help="Only this family.")
@text_or_json_option
@catalog_option
@handle_errors
def rules_list(family: str | None, fmt: str, catalog_dir: Path | None) -> None:
    """List every safeguard: id, severity, proposals, subject kinds, title."""
    catalog = _catalog(catalog_dir)
    items = [s for s in catalog.safeguards.values() if family in (None, s.family)]
    if fmt == "json":
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "family": s.family,
                "severity": s.severity.value,
                "seed_refs": list(s.seed.ref),
                "kinds": [c.kind for c in s.checks],
            }
            for s in items
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for s in items:
        kinds = ",".join(c.kind for c in s.checks)
        click.echo(
            f"{s.id:<11} {s.severity.value:<8} {','.join(s.seed.ref):<8} {kinds:<24} {s.title}"
        )
    click.echo(
        f"{len(items)} safeguards (catalog {catalog.version}, sha256 {catalog.sha256[:12]})",
        err=True,
    )


@rules.command("show")
@click.argument("safeguard_id", shell_complete=complete_safeguard)
@text_or_json_option
@catalog_option
@handle_errors
def rules_show(safeguard_id: str, fmt: str, catalog_dir: Path | None) -> None:
    """Show one safeguard: the submission's words, references, checks and remediation."""
    catalog = _catalog(catalog_dir)
    try:
        safeguard = catalog.get(safeguard_id)
    except KeyError:
        hint = did_you_mean(safeguard_id.upper(), list(catalog.safeguards))
        raise UsageError(f"no safeguard '{safeguard_id}'{hint}") from None
    if fmt == "json":
        click.echo(json.dumps(safeguard.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    click.echo(show_safeguard(catalog, safeguard), nl=False)


@rules.command("lint")
@click.option(
    "--seed",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The submission's text (default: ../shared/seed/ beside the checkout).",
)
@click.option(
    "--features",
    type=click.Path(path_type=Path, file_okay=False),
    help="The Gherkin features (default: features/ of the checkout).",
)
@text_or_json_option
@catalog_option
@handle_errors
def rules_lint(
    seed: Path | None, features: Path | None, fmt: str, catalog_dir: Path | None
) -> None:
    """Check the catalog: quotes, proposals S1–S20, help texts, scenario coverage."""
    catalog = _catalog(catalog_dir)
    seed = seed or find_seed(catalog)
    features = features or find_features(catalog)
    if seed is not None and not seed.is_file():
        raise UsageError(f"{seed}: no such seed file")
    problems, notes = lint(catalog, seed, features)
    if fmt == "json":
        shown = {
            "safeguards": len(catalog.safeguards),
            "checks": len(catalog.checks),
            "problems": [{"where": p.where, "message": p.message} for p in problems],
            "notes": notes,
        }
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        sys.exit(EXIT_FINDINGS if problems else EXIT_OK)
    for remark in notes:
        click.echo(f"note: {remark}", err=True)
    for problem in problems:
        click.echo(str(problem))
    count = len(catalog.safeguards)
    if problems:
        click.echo(f"{len(problems)} problem(s) in a catalog of {count} safeguards", err=True)
        sys.exit(EXIT_FINDINGS)
    note(f"catalog OK: {count} safeguards, {len(catalog.checks)} checks")


@click.command()
@click.argument("kind", shell_complete=complete_kind)
@text_or_json_option
@catalog_option
@handle_errors
def facts(kind: str, fmt: str, catalog_dir: Path | None) -> None:
    """List the questions a subject of KIND answers (jurisdiction, workflow, request)."""
    declared = facts_of(_catalog(catalog_dir), kind)
    if fmt == "json":
        rows = [
            s.model_dump(mode="json", exclude={"line"}, exclude_none=True)
            for s in declared.facts.values()
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    titles = {g.id: g.title for g in declared.groups}
    current = object()
    for spec in declared.facts.values():
        if spec.group != current:
            current = spec.group
            click.echo(f"\n## {titles.get(spec.group or '', spec.group or 'Other')}")
        kind_text = spec.type.value + (f": {', '.join(spec.values)}" if spec.values else "")
        derived = f" (derived: {spec.derive.op})" if spec.derive else ""
        click.echo(f"{spec.key}  [{kind_text}]{derived}")
        click.echo(f"    {spec.question}")
        if spec.help:
            click.echo(f"    {spec.help}")


COMMANDS = (rules, facts)
"""Added to the `safeguards` group by :mod:`safeguards.engine.cli`."""
