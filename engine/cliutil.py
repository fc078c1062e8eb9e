"""What every command module shares: exit codes, error handling, option types."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from engine.catalog import Catalog, load_catalog
from engine.errors import InputErrors, SafeguardsError
from engine.models import Basis

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
"""No finding at or above the threshold; such findings; usage or input error."""

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn the engine's errors into one message per problem on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputErrors as exc:
            for err in exc.errors:
                click.echo(str(err), err=True)
            sys.exit(EXIT_ERROR)
        except (SafeguardsError, OSError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A YYYY-MM-DD date option."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        """Parse an ISO date or fail with a usage error."""
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date (YYYY-MM-DD)", param, ctx)


DATE: DateType = DateType()
"""The option type of every --as-of style option."""

catalog_option: Callable[[F], F] = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Catalog folder (catalog/, facts/, tables/); the built-in catalog by default.",
)
"""The --catalog option every command that reads the catalog takes."""


fail_on_option: Callable[[F], F] = click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low", "none"]),
    default="high",
    show_default=True,
    help="Exit 1 when a gap of this severity or worse is found.",
)
"""The --fail-on option of every command that can fail a pipeline."""


waivers_option: Callable[[F], F] = click.option(
    "--waivers",
    "waiver_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Waiver file (repeatable).",
)
"""The --waivers option of every command that applies waivers."""


class BasisType(click.Choice):  # type: ignore[type-arg]
    """A --min-basis value: the weakest evidence an answer may rest on and still count."""

    def __init__(self) -> None:
        super().__init__([b.value for b in Basis])

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the Basis named by the value."""
        if isinstance(value, Basis):
            return value
        return Basis(super().convert(value, param, ctx))


min_basis_option: Callable[[F], F] = click.option(
    "--min-basis",
    type=BasisType(),
    help=(
        "Treat answers resting on less than this (official_text > faithful_copy > secondary >"
        " recollection), or not saying what they rest on, as unknown."
    ),
)
"""The --min-basis option of every command that reads a profile's answers."""


def open_catalog(catalog_dir: Path | None) -> Catalog:
    """Load the catalog folder given with --catalog, or the built-in one."""
    return load_catalog(catalog_dir)
