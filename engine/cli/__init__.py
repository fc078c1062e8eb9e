"""The `safeguards` command: the main group, its global options, and where each command lives.

A command's module is imported only when that command runs (or when help, completion or a
configuration file needs every command), so that `safeguards rules list` does not load the
audit, the renderers or python-docx.
"""

from __future__ import annotations

# isort: split
import safeguards.engine.cli.early  # noqa: F401 - first: Ctrl-C heard while the rest loads

# isort: split
import importlib
import os
from pathlib import Path

import click

from safeguards.engine.cli.common import handle_errors
from safeguards.engine.cli.config import META_KEY as CONFIG_META_KEY
from safeguards.engine.cli.config import default_map
from safeguards.engine.cli.config import resolve as resolve_config
from safeguards.engine.io.inputs import forget_all as forget_inputs
from safeguards.engine.version import __version__

# pydantic looks for plugins (the entry points of every installed distribution: 45 ms and more)
# when it first builds a model's validator, which no import above does. The command uses no
# plugin and says so, unless the environment already decides (pydantic's documented
# PYDANTIC_DISABLE_PLUGINS; set it to an empty value to let plugins load).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

_WHERE = {
    "audit": "org",
    "check": "check",
    "config": "config",
    "diff": "compare",
    "explain": "lawyer",
    "facts": "catalog",
    "init": "interview",
    "matrix": "compare",
    "missing": "lawyer",
    "rules": "catalog",
    "schema": "lawyer",
    "set": "lawyer",
    "transparency": "transparency",
    "waivers": "lawyer",
}
"""The module of :mod:`safeguards.engine.cli` that defines each command (in its ``COMMANDS``)."""


class _Commands(click.Group):
    """A group whose commands are imported from their module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_WHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _WHERE:
            module = importlib.import_module(f"{__name__}.{_WHERE[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="safeguards")
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read settings from this file instead of the nearest .safeguards.yaml or"
    " pyproject.toml [tool.safeguards].",
)
@click.option("--no-config", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "-q", "--quiet", is_flag=True, help="No notes on standard error (files written, progress)."
)
@click.pass_context
@handle_errors
def main(ctx: click.Context, config_file: Path | None, no_config: bool, quiet: bool) -> None:
    """Check laws, treaties and data-request workflows against the convention safeguards."""
    forget_inputs()  # each command guards its own inputs (several may run in one process)
    config = resolve_config(config_file, no_config)
    ctx.meta[CONFIG_META_KEY] = config
    if config.path is not None:
        ctx.default_map = default_map(main, config, ctx)


GC_THRESHOLDS = (10_000, 10, 100)
"""The cyclic garbage collector's thresholds in the console script (Python's are 700, 10, 10).

A command's objects mostly live until it ends (a report holds every finding, every profile's
positions), and with Python's thresholds the collector walks the whole heap again and again
as it grows: ``check`` over 1,000 profiles spent about a quarter of its CPU in 19 full
collections, over 100 about a seventh, so the time grew faster than the profiles. Young
collections every 10,000 new containers, a full one after 100 of the middle generation's:
the same check spends 0.7 s in the collector instead of 2.8 s (0.05 s instead of 0.14 s over
100 profiles). Memory does not grow for it: the peak of a check that parses 100 profiles is
the same, and an audit makes almost no cyclic garbage (about 100 young collections and no
full one in 30,000 records, with either setting).
"""


def run() -> None:
    """Run the command line as its own process (the ``safeguards`` console script), then end.

    The same as :func:`main`, except that every object left is frozen before the interpreter
    shuts down (:func:`gc.freeze`): the process ends next, and its last collection would walk
    every object of the catalog and of the imported libraries only to free memory the exit
    frees anyway (about 5 % of a short command's instructions). And the collector runs less
    often (:data:`GC_THRESHOLDS`). Only the console script does either: a program that runs
    :func:`main` in its own process (tests, a notebook) keeps its own collector's settings and
    its objects collectable.

    A process started without a standard stream (``<&-``, ``>&-``) is given a stand-in for it
    (:mod:`safeguards.engine.io.streams`), whose reads and writes fail as a full disk's writes
    do. A write that fails outside any command's own handling of errors (the help, the version,
    on a full disk or a closed output) ends in one line and exit status 2, not a traceback.
    """
    import gc

    from safeguards.engine.io.streams import stand_in_for_closed

    gc.set_threshold(*GC_THRESHOLDS)
    stand_in_for_closed()
    try:
        main()
    except OSError as exc:  # writing help, the version or a note failed, outside any command
        _say_failed(exc)
    finally:
        gc.freeze()


def _say_failed(exc: OSError) -> None:
    """End with the system's refusal to write (a full disk, say) as one line, exit status 2."""
    import contextlib
    import sys

    from safeguards.engine.cli.common import EXIT_ERROR, os_problem

    with contextlib.suppress(OSError):  # standard error cannot be written either: the status tells
        click.echo(f"error: {os_problem(exc)}", err=True)
    sys.exit(EXIT_ERROR)
