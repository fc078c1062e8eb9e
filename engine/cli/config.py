"""Settings from the configuration file become the defaults of the commands' options.

One mechanism: click's ``default_map``. Each setting is checked against the option it sets
(its name, and its value through the option's own type), so a misspelt key or a bad value is a
located error, exit 2, before the command runs. Relative paths are relative to the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import click

from safeguards.engine.cli.configfile import Config, ConfigError, find_config, load_config
from safeguards.engine.errors import (
    InputError,
    InputErrors,
    SourceLocation,
    did_you_mean,
    inert,
    raise_if_any,
)
from safeguards.engine.io.yamlsrc import JsonPath

Defaults = dict[str, Any]


def settable(command: click.Command) -> dict[str, click.Parameter]:
    """Return the parameters a setting may give, by the name written in the file."""
    out: dict[str, click.Parameter] = {}
    for param in command.params:
        if param.name in (None, "help", "version"):
            continue
        if isinstance(param, click.Argument):
            out[param.name.replace("_", "-")] = param
            continue
        for opt in param.opts:
            if opt.startswith("--"):
                out[opt[2:]] = param
    return out


def _subcommands(group: click.Group) -> dict[str, click.Command]:
    """Return every command of a group by name, loading those a lazy group has not loaded yet."""
    ctx = click.Context(group)
    found = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


def _global_names(group: click.Group) -> set[str]:
    names: set[str] = set()
    for command in _subcommands(group).values():
        if isinstance(command, click.Group):
            names |= _global_names(command)
        else:
            names |= set(settable(command))
    return names


class _Builder:
    """Turns the settings into a default map, collecting every problem."""

    def __init__(self, config: Config, ctx: click.Context) -> None:
        self.config = config
        self.ctx = ctx
        self.errors: list[InputError] = []
        self.shared_problems: dict[tuple[JsonPath, str], list[str]] = {}
        """A shared setting's problem, said once, with the commands whose option refuses it."""
        self.given: dict[JsonPath, int] = {}
        """How many commands each shared setting was given to."""

    def fail(self, path: JsonPath, message: str, shared_by: str | None = None) -> None:
        """Record a problem at ``path`` (of a setting shared by commands: once for all)."""
        if shared_by is None:
            self.errors.append(ConfigError(self.config.locate(path), message))
        else:
            self.shared_problems.setdefault((path, message), []).append(shared_by)

    def problems(self) -> list[InputError]:
        """Return every problem recorded.

        A shared setting's problem is said once; it names the commands whose option refuses
        the value when others take it (``format: text``: not a format of `matrix`).
        """
        for (path, message), commands in self.shared_problems.items():
            if len(commands) < self.given.get(path, 0):
                names = ", ".join(f"'{c}'" for c in commands)
                message = f"{message.rstrip('.')} (for {names})"
            self.fail(path, message)
        self.shared_problems.clear()
        return self.errors

    def value(
        self, param: click.Parameter, raw: Any, path: JsonPath, shared_by: str | None = None
    ) -> Any:
        """Return the setting as the command line would give it; record a problem if bad.

        ``shared_by``: the command a shared setting (one above the command's own section) is
        given to; its problem is said once for every command (see :meth:`problems`).
        """
        many = param.multiple or param.nargs == -1
        items = raw if isinstance(raw, list) else [raw]
        if not many and isinstance(raw, list):
            self.fail(path, "takes one value, not a list", shared_by)
            return None
        if isinstance(param, click.Option) and param.is_flag:
            if not isinstance(raw, bool):
                self.fail(path, "takes true or false", shared_by)
                return None
            return raw
        unfit = next((why for item in items if (why := _unfit(param, item))), None)
        if unfit is not None:
            self.fail(path, unfit, shared_by)
            return None
        texts = [self._text(param, item) for item in items]
        try:
            param.type_cast_value(self.ctx, texts if many else texts[0])
        except click.BadParameter as exc:
            self.fail(path, exc.format_message(), shared_by)
            return None
        return texts if many else texts[0]

    def _text(self, param: click.Parameter, item: Any) -> Any:
        if isinstance(param.type, click.Path) and isinstance(item, int | float):
            item = str(item)  # `output: 2026`: a folder named by a number
        if isinstance(item, int | float):
            return item
        if isinstance(item, dt.date):
            return item.isoformat()
        text = str(item)
        if isinstance(param.type, click.Path) and text != "-" and not os.path.isabs(text):
            folder = "/" if text.endswith("/") else ""  # `output: out/` names a folder
            return os.path.relpath(self.config.folder / text) + folder
        return text

    def mapping(self, section: Any, path: JsonPath) -> bool:
        """Say whether a command's (or a group's) section is a mapping; fail it where it is not."""
        if isinstance(section, dict):
            return True
        self.fail(path, f"'{path[-1]}' holds the settings of a command: a mapping")
        return False

    def command(self, command: click.Command, section: Any, path: JsonPath) -> Defaults:
        """Return the defaults of one command from its own section."""
        if not self.mapping(section, path):
            return {}
        params = settable(command)
        out: Defaults = {}
        for key, raw in section.items():
            param = params.get(str(key))
            if param is None:
                self.fail((*path, key), _unknown(str(key), params, f"'{command.name}'"))
                continue
            value = self.value(param, raw, (*path, key))
            if value is not None:
                out[str(param.name)] = value
        return out

    def group(
        self,
        group: click.Group,
        settings: dict[str, Any],
        path: JsonPath,
        inherited: dict[str, tuple[Any, JsonPath]],
    ) -> Defaults:
        """Return the default map of a group: shared settings, then each command's own.

        A shared setting (a key that names an option, not a command) goes to every command of
        the group that has the option, those of its groups included; ``inherited`` holds the
        shared settings of the groups above, with their places (the nearer one wins).
        """
        commands = _subcommands(group)
        shared = dict(inherited)
        sections: dict[str, Any] = {}
        known = _global_names(group)
        for key, raw in settings.items():
            name = str(key)
            # `waivers` names a command and an option: a mapping is the command's settings,
            # anything else the option of every command that has it
            if name in commands and (name not in known or isinstance(raw, dict)):
                sections[name] = raw
            elif name in known:
                shared[name] = (raw, (*path, key))
            else:
                choices = sorted(known | set(commands))
                self.fail((*path, key), _unknown(name, choices, "any command"))
        out: Defaults = {}
        for name, command in commands.items():
            if isinstance(command, click.Group):
                section = sections.get(name, {})
                if self.mapping(section, (*path, name)):
                    out[name] = self.group(command, section, (*path, name), shared)
                continue
            params = settable(command)
            merged: Defaults = {}
            whose = " ".join(str(step) for step in (*path, name))
            for key, (raw, where) in shared.items():
                if key in params:
                    self.given[where] = self.given.get(where, 0) + 1
                    value = self.value(params[key], raw, where, shared_by=whose)
                    if value is not None:
                        merged[str(params[key].name)] = value
            if name in sections:
                merged.update(self.command(command, sections[name], (*path, name)))
            if merged:
                out[name] = merged
        return out


def _unfit(param: click.Parameter, item: Any) -> str | None:
    """Say why a setting's value cannot be given to the option at all (None: it may be).

    What the command line cannot give: no value, a mapping or a list inside a list, true or
    false where the option takes something else, a fraction where it takes a whole number.
    The rest is left to the option's own type.
    """
    if item is None:
        return "takes a value, not null (leave the key out for the option's default)"
    if isinstance(item, dict | list):
        return "takes a value, not a " + ("mapping" if isinstance(item, dict) else "list")
    if isinstance(item, bool):
        return f"takes {_kind(param)}, not {str(item).lower()}"
    whole = isinstance(param.type, click.types.IntParamType)
    if whole and isinstance(item, float) and not item.is_integer():
        return f"takes a whole number, not {item}"
    return None


def _kind(param: click.Parameter) -> str:
    """Name what an option takes, for a message."""
    if isinstance(param.type, click.Path):
        return "a path"
    if isinstance(param.type, click.types.IntParamType):
        return "a whole number"
    if isinstance(param.type, click.Choice):
        return "one of " + ", ".join(str(c) for c in param.type.choices)
    return f"a value for {param.opts[0]}" if param.opts else "a value"


def _unknown(name: str, choices: Any, where: str) -> str:
    hint = did_you_mean(name, list(choices))
    return f"'{name}' is not a setting of {where}{hint}"


def default_map(group: click.Group, config: Config, ctx: click.Context) -> Defaults:
    """Return click's default map for the settings of a configuration file.

    Raises:
        InputErrors: an unknown setting or a value its option refuses, each located.

    """
    builder = _Builder(config, ctx)
    out = builder.group(group, config.settings, (), inherited={})
    raise_if_any(builder.problems())
    return out


def resolve(explicit: Path | None, disabled: bool) -> Config:
    """Return the configuration in force: an explicit file, the nearest one, or none."""
    if disabled:
        return Config()
    path = explicit if explicit is not None else find_config(Path.cwd())
    if path is None:
        return Config()
    if explicit is not None and not explicit.exists():
        raise InputErrors([ConfigError(_start(explicit), "no such configuration file")])
    return load_config(path)


def _start(path: Path) -> SourceLocation:
    return SourceLocation(str(path))


def settings_in_force(group: click.Group, defaults: Defaults) -> dict[str, dict[str, Any]]:
    """Return, per command ("check", "rules lint"), each setting by the name the file uses."""
    out: dict[str, dict[str, Any]] = {}
    for name, table in sorted(defaults.items()):
        command = _subcommands(group).get(name)
        if isinstance(command, click.Group):
            for sub, values in settings_in_force(command, table).items():
                out[f"{name} {sub}"] = values
        elif command is not None:
            by_param = {str(p.name): key for key, p in settable(command).items()}
            out[name] = {by_param.get(k, k): v for k, v in sorted(table.items())}
    return out


def describe(config: Config, group: click.Group, defaults: Defaults, fmt: str) -> str:
    """Render what the configuration sets, command by command (text or JSON)."""
    in_force = settings_in_force(group, defaults)
    if fmt == "json":
        found = str(config.path) if config.path is not None else None
        return json.dumps({"file": found, "commands": in_force}, indent=2, sort_keys=True) + "\n"
    if config.path is None:
        return (
            "No configuration file found (looked for .safeguards.yaml, or [tool.safeguards] in"
            " pyproject.toml, from the working directory upwards).\n"
        )
    lines = [f"Configuration: {inert(str(config.path))}"]
    if not in_force:
        lines.append("  (sets nothing)")
    for command, values in in_force.items():
        lines.append(f"  {command}:")
        for key, value in values.items():
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            lines.append(f"    {key}: {inert(shown)}")  # what the file wrote, nothing hidden
    return "\n".join(lines) + "\n"


@click.command("config")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def config_command(ctx: click.Context, fmt: str) -> None:
    """Show the configuration file in force and what it sets for each command.

    Looked for from the working directory upwards: .safeguards.yaml, or the [tool.safeguards]
    table of pyproject.toml. Top-level keys set an option of every command that has it; a key
    naming a command sets that command's options. Flags given on the command line win.
    """
    root = ctx.find_root()
    config = root.meta.get(META_KEY, Config())
    assert isinstance(root.command, click.Group)
    click.echo(describe(config, root.command, dict(root.default_map or {}), fmt), nl=False)


META_KEY = "safeguards.config"
"""Where the main group keeps the configuration it read, for the `config` command."""

COMMANDS = (config_command,)
